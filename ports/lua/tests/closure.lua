-- closure.lua: closures and upvalues -- counters, shared upvalues, loop
-- variables captured per iteration, recursion through upvalues, memoize.

local function counter(start)
  local n = start or 0
  return function(step) n = n + (step or 1); return n end
end
local c1, c2 = counter(), counter(100)
print(c1(), c1(), c1(5), c2(), c1(), c2(-50))

-- two closures sharing one upvalue
local function pair()
  local v = 0
  return function() v = v + 1 return v end, function() return v end
end
local inc, get = pair()
inc(); inc(); inc()
print("shared", get())

-- each loop iteration has a fresh local
local fs = {}
for i = 1, 5 do fs[i] = function() return i * i end end
local out = {}
for i = 1, 5 do out[i] = fs[i]() end
print(table.concat(out, " "))

-- while-loop locals are fresh per iteration too
local gs = {}
local j = 0
while j < 3 do
  j = j + 1
  local k = j * 10
  gs[j] = function() k = k + 1 return k end
end
print(gs[1](), gs[1](), gs[2](), gs[3]())

-- closing over a variable that changes after capture
local x = 1
local function getx() return x end
x = 2
print("late binding", getx())

-- upvalues of upvalues
local function outer()
  local a = 1
  return function()
    local b = 10
    return function() a = a + 1; b = b + 1; return a + b end
  end
end
local mid = outer()
local in1, in2 = mid(), mid()
print(in1(), in1(), in2(), in1())

-- recursive local function
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(20))
local fact
fact = function(n) return n <= 1 and 1 or n * fact(n - 1) end
print(fact(15))

-- memoization with a closure-held cache
local function memoize(f)
  local cache, calls = {}, 0
  return function(n)
    local v = cache[n]
    if v == nil then calls = calls + 1; v = f(n); cache[n] = v end
    return v
  end, function() return calls end
end
local slow_calls = 0
local sq, ncalls = memoize(function(n) slow_calls = slow_calls + 1 return n * n end)
for _ = 1, 3 do for i = 1, 10 do sq(i) end end
print("memo", sq(7), ncalls(), slow_calls)

-- function composition and currying
local function compose(f, g) return function(...) return f(g(...)) end end
local function curry(f) return function(a) return function(b) return f(a, b) end end end
local add = curry(function(a, b) return a + b end)
local double_then_inc = compose(function(v) return v + 1 end, function(v) return v * 2 end)
print(add(3)(4), double_then_inc(10), compose(tostring, math.abs)(-7))

-- map/filter/reduce built from closures
local function map(t, f) local r = {} for i, v in ipairs(t) do r[i] = f(v) end return r end
local function filter(t, p) local r = {} for _, v in ipairs(t) do if p(v) then r[#r + 1] = v end end return r end
local function reduce(t, f, acc) for _, v in ipairs(t) do acc = f(acc, v) end return acc end
local nums = {}
for i = 1, 20 do nums[i] = i end
local evens = filter(nums, function(v) return v % 2 == 0 end)
local squares = map(evens, function(v) return v * v end)
print(table.concat(squares, ","), reduce(squares, function(a, b) return a + b end, 0))

-- iterator closures
local function range(n, step)
  local i = 0
  return function() i = i + (step or 1); if i <= n then return i end end
end
local acc = {}
for v in range(10, 3) do acc[#acc + 1] = v end
print(table.concat(acc, " "))

-- stateless iterator with generic for
local function iter(t, i) i = i + 1; local v = t[i]; if v then return i, v end end
for i, v in iter, {"a", "b", "c"}, 0 do io.write(i, v, " ") end
print()

-- debug.getupvalue / setupvalue names (stable across platforms)
local secret = 41
local function peek() return secret end
print(debug.getupvalue(peek, 1))
debug.setupvalue(peek, 1, 42)
print(peek(), secret)

-- many closures in a loop (creation and garbage)
local total = 0
for i = 1, 10000 do
  local f = function(y) return y + i end
  total = total + f(1)
end
print("total", total)

print("done closure")
