-- table.lua: table library -- insert/remove (all positions), concat,
-- sort (default and with comparators), move, pack/unpack, length operator.

local function show(t, n) return "{" .. table.concat(t, ",", 1, n or #t) .. "}" end

local t = {}
for i = 1, 5 do table.insert(t, i * 10) end
print(show(t), #t)
table.insert(t, 1, 5)
table.insert(t, 4, 25)
table.insert(t, #t + 1, 99)
print(show(t), #t)
print(table.remove(t), table.remove(t, 1), table.remove(t, 3), show(t))
print(table.remove({}), #t)
local e = {}
print(table.remove(e, 0), table.remove(e, #e), #e)
print(pcall(table.insert, t, 10, 1))
print(pcall(table.insert, t, 1, 2, 3))

-- concat
print(table.concat({1, 2, 3}), table.concat({"a", "b", "c"}, ", "))
print(table.concat({1, 2.5, "x"}, "-"), "[" .. table.concat({}, ",") .. "]")
print(table.concat({"a", "b", "c", "d"}, "", 2, 3), "[" .. table.concat({"a"}, ",", 3, 2) .. "]")
print(pcall(table.concat, {1, {}, 3}))

-- sort
local nums = {5, 2, 8, 1, 9, 3, 7, 4, 6, 0}
table.sort(nums)
print(show(nums))
table.sort(nums, function(a, b) return a > b end)
print(show(nums))
local words = {"banana", "Apple", "cherry", "apple", "date", "Banana"}
table.sort(words)
print(show(words))
table.sort(words, function(a, b)
  local la, lb = a:lower(), b:lower()
  if la ~= lb then return la < lb end
  return a < b  -- break ties so the order is total
end)
print(show(words))
local recs = {
  {name = "ann", age = 31}, {name = "bob", age = 25}, {name = "cid", age = 31},
  {name = "dee", age = 19}, {name = "eve", age = 25},
}
table.sort(recs, function(a, b)
  if a.age ~= b.age then return a.age < b.age end
  return a.name < b.name
end)
for _, r in ipairs(recs) do io.write(r.name, "=", r.age, " ") end
print()
local mixed = {3, 1.5, -2, 2^40, 0, -0.5, 7}
table.sort(mixed)
print(show(mixed))
print(pcall(table.sort, {1, "x", 2}))

-- a big deterministic sort with a total order
local big = {}
local x = 12345
for i = 1, 2000 do x = (x * 1103515245 + 12345) % 2147483648; big[i] = x % 100000 * 10000 + i end
table.sort(big)
local ok = true
for i = 2, #big do if big[i - 1] > big[i] then ok = false end end
print("sorted 2000", ok, big[1], big[1000], big[2000])
table.sort(big, function(a, b) return a > b end)
print("reverse", big[1], big[2000])

-- move
local src = {1, 2, 3, 4, 5}
print(show(table.move(src, 2, 4, 1)))
src = {1, 2, 3, 4, 5}
print(show(table.move(src, 1, 3, 3)))
local dst = table.move({1, 2, 3}, 1, 3, 2, {"a"})
print(show(dst))
print(show(table.move({}, 1, 0, 1, {9})))

-- pack / unpack
local p = table.pack(1, nil, 3, nil)
print(p.n, p[1], p[2], p[3], p[4])
print(table.unpack({1, 2, 3}))
print(table.unpack({1, 2, 3}, 2))
print(table.unpack({1, 2, 3}, 2, 5))
print(select("#", table.unpack({}, 1, 3)), select("#", table.unpack({1, 2}, 3)))
local function sum(...) local s = 0 for _, v in ipairs({...}) do s = s + v end return s end
print(sum(table.unpack({10, 20, 30, 40})))

-- length of sequences, # vs explicit n
local seq = {}
for i = 1, 100 do seq[i] = i end
print(#seq)
for i = 100, 51, -1 do seq[i] = nil end
print(#seq)

-- tables as keys, float keys normalised to integers
local k1, k2 = {}, {}
local m = {[k1] = "one", [k2] = "two", [1] = "int", [2.0] = "float two"}
print(m[k1], m[k2], m[1.0], m[2], rawlen(m))
m[1.5] = "frac"
print(m[1.5], m[3 / 2])

-- counting keys without depending on order
local cnt, keys = 0, {}
for k in pairs({x = 1, y = 2, z = 3, 10, 20}) do cnt = cnt + 1; keys[#keys + 1] = tostring(k) end
table.sort(keys)
print(cnt, table.concat(keys, " "))

-- next on empty table and rawequal/rawget/rawset
print(next({}), rawequal(k1, k1), rawequal(k1, k2), rawget({5}, 1))
local r = {}
rawset(r, "a", 1)
print(r.a)

print("done table")
