-- coroutine.lua: create/resume/yield value passing, status, wrap,
-- generators, isyieldable, running, yield across pcall and metamethods,
-- errors in coroutines, coroutine.close, producer/consumer.

local co = coroutine.create(function(a, b)
  print("start", a, b)
  local c = coroutine.yield(a + b)
  print("got", c)
  local d, e = coroutine.yield(c * 2)
  print("got", d, e)
  return "fin", d + e
end)
print(coroutine.status(co))
print(coroutine.resume(co, 1, 2))
print(coroutine.status(co))
print(coroutine.resume(co, 10))
print(coroutine.resume(co, 3, 4))
print(coroutine.status(co))
print(coroutine.resume(co))

-- wrap and generators
local function gen(n)
  return coroutine.wrap(function()
    for i = 1, n do coroutine.yield(i) end
  end)
end
local acc = {}
for v in gen(5) do acc[#acc + 1] = v end
print(table.concat(acc, " "))

local function permgen(a, n)
  n = n or #a
  if n <= 1 then coroutine.yield(a) else
    for i = 1, n do
      a[n], a[i] = a[i], a[n]
      permgen(a, n - 1)
      a[n], a[i] = a[i], a[n]
    end
  end
end
local perms = {}
for p in coroutine.wrap(function() permgen({"a", "b", "c"}) end) do perms[#perms + 1] = table.concat(p) end
print(#perms, table.concat(perms, " "))

-- fibonacci generator, taking a prefix
local fibs = coroutine.wrap(function() local a, b = 0, 1 while true do coroutine.yield(a); a, b = b, a + b end end)
local fl = {}
for _ = 1, 15 do fl[#fl + 1] = fibs() end
print(table.concat(fl, ","))

-- isyieldable / running
print(coroutine.isyieldable())
local mainco, ismain = coroutine.running()
print(type(mainco), ismain)
coroutine.wrap(function()
  local c, m = coroutine.running()
  print("inside", coroutine.isyieldable(), m, coroutine.status(c))
end)()

-- status "normal" for a coroutine that resumed another
local outer
outer = coroutine.create(function()
  local inner = coroutine.create(function() return coroutine.status(outer) end)
  return coroutine.resume(inner)
end)
print(coroutine.resume(outer))

-- yield across pcall and through a metamethod
local co2 = coroutine.create(function()
  local ok, v = pcall(function()
    local x = coroutine.yield("in pcall")
    error("err " .. x, 0)
  end)
  local t = setmetatable({}, {__index = function(_, k) return coroutine.yield("in __index " .. k) end})
  local got = t.key
  return ok, v, got
end)
print(coroutine.resume(co2))
print(coroutine.resume(co2, "X"))
print(coroutine.resume(co2, "V"))

-- yield across a C boundary that does not allow it
local co3 = coroutine.create(function()
  table.sort({3, 2, 1}, function(a, b) coroutine.yield() return a < b end)
end)
print(coroutine.resume(co3))

-- errors
local co4 = coroutine.create(function() error({code = 7}) end)
local ok, e = coroutine.resume(co4)
print(ok, type(e), e.code, coroutine.status(co4))
print(coroutine.resume(co4))
print(coroutine.resume(coroutine.create(function() error("plain") end)))
local w = coroutine.wrap(function() error("from wrap") end)
print(pcall(w))
local w2 = coroutine.wrap(function() return 1 end)
w2()
print(pcall(w2))
print(pcall(coroutine.yield))
print(pcall(coroutine.resume, coroutine.running()))

-- coroutine.close
local co5 = coroutine.create(function() coroutine.yield() end)
coroutine.resume(co5)
print(coroutine.status(co5), coroutine.close(co5), coroutine.status(co5))
print(coroutine.close(coroutine.create(print)))
local co6 = coroutine.create(function()
  local x <close> = setmetatable({}, {__close = function() error("in close", 0) end})
  coroutine.yield()
end)
coroutine.resume(co6)
print(coroutine.close(co6))
local co7 = coroutine.create(function() error("dead with error", 0) end)
coroutine.resume(co7)
print(coroutine.close(co7))

-- producer / consumer with a filter
local function producer(items)
  return coroutine.create(function() for _, v in ipairs(items) do coroutine.yield(v) end end)
end
local function filter(src, pred)
  return coroutine.create(function()
    while true do
      local _, v = coroutine.resume(src)
      if v == nil then return end
      if pred(v) then coroutine.yield(v) end
    end
  end)
end
local function consume(src)
  local out = {}
  while true do
    local _, v = coroutine.resume(src)
    if v == nil then break end
    out[#out + 1] = v
  end
  return table.concat(out, " ")
end
local items = {}
for i = 1, 30 do items[i] = i end
print(consume(filter(producer(items), function(v) return v % 3 == 0 end)))

-- many coroutines alive at once, round-robin scheduler
local tasks, trace = {}, {}
for id = 1, 4 do
  tasks[id] = coroutine.create(function()
    for step = 1, id do trace[#trace + 1] = id .. "." .. step; coroutine.yield() end
  end)
end
local alive = #tasks
while alive > 0 do
  alive = 0
  for id = 1, #tasks do
    if coroutine.status(tasks[id]) ~= "dead" then
      coroutine.resume(tasks[id])
      if coroutine.status(tasks[id]) ~= "dead" then alive = alive + 1 end
    end
  end
end
print(table.concat(trace, " "))

-- deep-ish nesting of coroutines (kept small: each level uses C stack)
local function nest(n)
  if n == 0 then return 0 end
  local c = coroutine.wrap(function() coroutine.yield(nest(n - 1) + 1) end)
  return c()
end
print("nest", nest(10))

print("done coroutine")
