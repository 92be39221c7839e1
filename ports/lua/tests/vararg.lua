-- vararg.lua: variadic functions -- ..., select('#') and select(n),
-- table.pack/unpack, nils inside varargs, multiple results and truncation.

local function count(...) return select("#", ...) end
print(count(), count(nil), count(1, nil), count(nil, nil, nil), count(table.unpack({}, 1, 4)))

local function args(...)
  local t = table.pack(...)
  local parts = {}
  for i = 1, t.n do parts[i] = tostring(t[i]) end
  return t.n .. ":" .. table.concat(parts, ",")
end
print(args(), args(1, 2, 3), args(nil, false), args(1, nil, 3, nil))

print(select(2, "a", "b", "c"), select(-1, "a", "b", "c"), select(-2, "a", "b", "c"))
print(pcall(select, 0, "a"))
print(select(5, "a", "b"))
print(select("#", select(2, 1, 2, 3)))

-- multiple results: only the last expression expands
local function three() return 1, 2, 3 end
print(three(), three())
print((three()))
local t = {three(), three()}
print(#t)
local t2 = {three(), (three())}
print(#t2)
local a, b, c, d = three()
print(a, b, c, d)
local x, y = 10
print(x, y)
print(three() + 10, ({three()})[3], ({(three())})[2])

-- forwarding varargs
local function wrap(f, ...) return f(...) end
print(wrap(math.max, 4, 9, 2), wrap(string.rep, "ab", 3), wrap(count, nil, nil))
local function prepend(v, ...) return v, ... end
print(prepend(0, 1, 2, 3))
local function append(v, ...)
  local t = table.pack(...)
  t[t.n + 1] = v
  return table.unpack(t, 1, t.n + 1)
end
print(append(9, 1, nil, 3))

-- vararg in table constructor and in the middle
local function mid(...) return {..., "end"} end
print(#mid(1, 2, 3), mid(1, 2, 3)[2])

-- sum/avg with varargs
local function stats(...)
  local n = select("#", ...)
  if n == 0 then return 0, 0 end
  local s = 0
  for i = 1, n do s = s + select(i, ...) end
  return s, s / n
end
print(stats(), stats(1, 2, 3, 4), stats(2.5))

-- ... in the main chunk holds the script arguments (none here)
print("main chunk varargs", select("#", ...))

-- a large number of values through unpack and select
local big = {}
for i = 1, 200 do big[i] = i end
print(count(table.unpack(big)), select(200, table.unpack(big)), math.max(table.unpack(big)))
local function sumall(...) local s = 0 for _, v in ipairs({...}) do s = s + v end return s end
print(sumall(table.unpack(big)))

-- varargs are captured by value in closures via table.pack
local function bind(f, ...)
  local saved = table.pack(...)
  return function(...)
    local all = {table.unpack(saved, 1, saved.n)}
    local more = table.pack(...)
    for i = 1, more.n do all[saved.n + i] = more[i] end
    return f(table.unpack(all, 1, saved.n + more.n))
  end
end
local fmt3 = bind(string.format, "%s-%s-%s", "a")
print(fmt3("b", "c"))

-- string.format with varargs
local function printf(fmt, ...) io.write(string.format(fmt, ...)) end
printf("%d + %d = %d\n", 2, 3, 5)

print("done vararg")
