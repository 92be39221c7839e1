-- metatable.lua: metamethods -- __index/__newindex (table and function),
-- __call, arithmetic/bitwise, __eq/__lt/__le, __concat, __len, __unm,
-- __tostring, __name, __metatable, rawget/rawset, __close, __gc (no order).

-- __index with a table and a function
local defaults = {color = "red", size = 10}
local obj = setmetatable({size = 20}, {__index = defaults})
print(obj.color, obj.size, obj.missing, rawget(obj, "color"))
local computed = setmetatable({}, {__index = function(t, k) return k .. "!" end})
print(computed.hello, computed[42], rawget(computed, "hello"))

-- __newindex: logging writes into a proxy
local log = {}
local store = {}
local proxy = setmetatable({}, {
  __index = store,
  __newindex = function(t, k, v) log[#log + 1] = tostring(k) .. "=" .. tostring(v); rawset(store, k, v) end,
})
proxy.a = 1; proxy.b = 2; proxy.a = 3
print(table.concat(log, " "), proxy.a, proxy.b, rawget(proxy, "a"))
-- __newindex as a table
local sink = {}
local redirect = setmetatable({}, {__newindex = sink})
redirect.x = 5
print(rawget(redirect, "x"), sink.x)

-- read-only table
local function readonly(t)
  return setmetatable({}, {__index = t, __newindex = function() error("read-only table", 2) end, __len = function() return #t end})
end
local ro = readonly({1, 2, 3})
print(ro[2], #ro, pcall(function() ro[1] = 9 end))

-- __call
local callable = setmetatable({n = 0}, {__call = function(self, a, b) self.n = self.n + 1; return a + b, self.n end})
print(callable(2, 3), callable(10, 20))

-- vector type with arithmetic metamethods
local Vec = {}
Vec.__index = Vec
local function vec(x, y) return setmetatable({x = x, y = y}, Vec) end
Vec.__add = function(a, b) return vec(a.x + b.x, a.y + b.y) end
Vec.__sub = function(a, b) return vec(a.x - b.x, a.y - b.y) end
Vec.__mul = function(a, b)
  if type(a) == "number" then return vec(a * b.x, a * b.y) end
  if type(b) == "number" then return vec(a.x * b, a.y * b) end
  return a.x * b.x + a.y * b.y
end
Vec.__unm = function(a) return vec(-a.x, -a.y) end
Vec.__eq = function(a, b) return a.x == b.x and a.y == b.y end
Vec.__lt = function(a, b) return a.x * a.x + a.y * a.y < b.x * b.x + b.y * b.y end
Vec.__le = function(a, b) return a.x * a.x + a.y * a.y <= b.x * b.x + b.y * b.y end
Vec.__tostring = function(a) return "(" .. a.x .. "," .. a.y .. ")" end
Vec.__concat = function(a, b) return tostring(a) .. tostring(b) end
Vec.__len = function(a) return math.sqrt(a.x * a.x + a.y * a.y) end
Vec.__idiv = function(a, n) return vec(a.x // n, a.y // n) end
Vec.__mod = function(a, n) return vec(a.x % n, a.y % n) end
Vec.__div = function(a, n) return vec(a.x / n, a.y / n) end
Vec.__pow = function(a, n) return vec(a.x ^ n, a.y ^ n) end
local v1, v2 = vec(1, 2), vec(3, 4)
print(tostring(v1 + v2), tostring(v2 - v1), v1 * v2, tostring(2 * v1), tostring(v1 * 3), tostring(-v1))
print(v1 == vec(1, 2), v1 ~= v2, v1 < v2, v2 <= v1, v1 > v2, v1 >= vec(2, 1))
print(v1 .. v2, v1 .. "!", "<" .. v2, #v2)
print(tostring(vec(7, 9) // 2), tostring(vec(7, 9) % 4), tostring(vec(8, 4) / 4), tostring(v2 ^ 2))

-- bitwise metamethods
local Bits = {}
Bits.__band = function(a, b) return "band" end
Bits.__bor = function(a, b) return "bor" end
Bits.__bxor = function(a, b) return "bxor" end
Bits.__shl = function(a, b) return "shl" end
Bits.__shr = function(a, b) return "shr" end
Bits.__bnot = function(a) return "bnot" end
local bb = setmetatable({}, Bits)
print(bb & 1, 1 | bb, bb ~ bb, bb << 1, bb >> 1, ~bb)

-- __eq only for two tables; not called for different types or same object
local eqcalls = 0
local E = {__eq = function(a, b) eqcalls = eqcalls + 1 return true end}
local e1, e2 = setmetatable({}, E), setmetatable({}, E)
print(e1 == e2, e1 == e1, e1 == 1, rawequal(e1, e2), eqcalls)

-- only __lt defined: < works; > swaps the operands
local ltcalls = {}
local onlylt = setmetatable({}, {__lt = function(a, b) ltcalls[#ltcalls + 1] = rawequal(a, b) return true end})
print(onlylt < onlylt, onlylt > {}, #ltcalls)

-- __tostring and __name
local named = setmetatable({}, {__name = "MyType"})
print(tostring(named):match("^MyType: ") ~= nil)
print(tostring(setmetatable({}, {__tostring = function() return "custom" end})))
print(pcall(tostring, setmetatable({}, {__tostring = function() return 1 end})))

-- __metatable protects the metatable
local prot = setmetatable({}, {__metatable = "locked"})
print(getmetatable(prot), pcall(setmetatable, prot, {}))

-- __index chains
local A = {foo = "A.foo"}
local B = setmetatable({bar = "B.bar"}, {__index = A})
local C = setmetatable({}, {__index = B})
print(C.foo, C.bar, C.baz)

-- __len on a proxy, and ipairs respects __index
local backing = {"x", "y", "z"}
local lp = setmetatable({}, {__index = backing, __len = function() return #backing end})
local items = {}
for i, v in ipairs(lp) do items[#items + 1] = i .. v end
print(#lp, table.concat(items, " "))

-- __pairs
local pp = setmetatable({}, {__pairs = function(t)
  local i = 0
  return function() i = i + 1; if i <= 3 then return i, i * 100 end end, t, nil
end})
for k, v in pairs(pp) do io.write(k, "=", v, " ") end
print()

-- __close
do
  local order = {}
  do
    local a <close> = setmetatable({}, {__close = function(_, err) order[#order + 1] = "a:" .. tostring(err) end})
    local b <close> = setmetatable({}, {__close = function(_, err) order[#order + 1] = "b:" .. tostring(err) end})
    order[#order + 1] = "body"
  end
  print(table.concat(order, " "))
end

-- __gc: finalizers run on collection; only the set is printed, sorted
local finalized = {}
local function make(n)
  for i = 1, n do setmetatable({id = i}, {__gc = function(o) finalized[#finalized + 1] = o.id end}) end
end
make(5)
collectgarbage()
collectgarbage()
table.sort(finalized)
print("finalized", table.concat(finalized, ","))

-- __index on strings: string methods; adding a method to string
string.shout = function(s) return s:upper() .. "!" end
print(("hey"):shout())
string.shout = nil

-- errors for missing metamethods
print(pcall(function() return {} + 1 end))
print(pcall(function() return {} < {} end))
print(pcall(function() return #nil end))
print(pcall(function() local t = setmetatable({}, {__index = function(t, k) error("no field " .. k) end}); return t.q end))

print("done metatable")
