-- gc.lua: collectgarbage options (count only type-checked, never printed),
-- weak tables (keys, values, ephemerons), finalizers (set, not order),
-- resurrection, mode switches, and collection under allocation churn.

print(type(collectgarbage("count")), math.type(collectgarbage("count")))
print(collectgarbage("collect"), collectgarbage(), collectgarbage("isrunning"))
collectgarbage("stop")
print(collectgarbage("isrunning"))
collectgarbage("restart")
print(collectgarbage("isrunning"))
print(type(collectgarbage("step")), type(collectgarbage("step", 100)))
collectgarbage("incremental")
print(collectgarbage("generational"), collectgarbage("incremental"), collectgarbage("incremental"))
print(pcall(collectgarbage, "bogus"))

-- memory goes down after releasing a large table (compare, don't print)
collectgarbage()
local before = collectgarbage("count")
local big = {}
for i = 1, 50000 do big[i] = {i} end
local during = collectgarbage("count")
big = nil
collectgarbage()
local after = collectgarbage("count")
print("grew", during > before, "shrank", after < during)

-- weak values
local cache = setmetatable({}, {__mode = "v"})
local keep = {}
for i = 1, 10 do
  local obj = {id = i}
  cache[i] = obj
  if i % 2 == 0 then keep[#keep + 1] = obj end
end
collectgarbage()
local alive = {}
for k in pairs(cache) do alive[#alive + 1] = k end
table.sort(alive)
print("weak values alive", table.concat(alive, ","))

-- weak keys
local wk = setmetatable({}, {__mode = "k"})
local k1, k2 = {}, {}
wk[k1] = "one"; wk[k2] = "two"; wk[{}] = "temp"
k2 = nil
collectgarbage()
local n = 0
for _ in pairs(wk) do n = n + 1 end
print("weak keys left", n, wk[k1])

-- ephemeron: value refers to its own key, still collectable
local eph = setmetatable({}, {__mode = "k"})
do
  local key = {}
  eph[key] = {ref = key}
end
collectgarbage()
print("ephemeron entries", next(eph) == nil)

-- strings and numbers are never removed from weak tables
local ws = setmetatable({}, {__mode = "kv"})
ws[1] = "str"; ws["key"] = 2; ws[3] = 3.5
collectgarbage()
print(ws[1], ws.key, ws[3])

-- finalizers: all run at collection; printed sorted
local ran = {}
local function spawn(n)
  for i = 1, n do setmetatable({}, {__gc = function() ran[#ran + 1] = i end}) end
end
spawn(20)
collectgarbage()
collectgarbage()
table.sort(ran)
print("finalizers", #ran, ran[1], ran[#ran])

-- the metatable must have __gc when setmetatable is called
local late = {}
local lateobj = setmetatable({}, late)
late.__gc = function() ran[#ran + 1] = "late" end
lateobj = nil
collectgarbage()
print("late __gc ignored", ran[#ran] ~= "late")

-- resurrection: a finalizer stores the object; it stays usable
local saved
do
  setmetatable({name = "phoenix"}, {__gc = function(o) saved = o end})
end
collectgarbage()
print("resurrected", saved and saved.name)
saved = nil
collectgarbage()

-- errors in finalizers are turned into warnings, not raised (warnings off)
warn("@off")
setmetatable({}, {__gc = function() error("finalizer error") end})
print(pcall(collectgarbage))

-- churn: many short-lived tables and strings, with periodic steps
local sum = 0
for round = 1, 50 do
  local tmp = {}
  for i = 1, 1000 do tmp[i] = {i, tostring(i)} end
  for i = 1, #tmp, 97 do sum = sum + tmp[i][1] + #tmp[i][2] end
  if round % 10 == 0 then collectgarbage("step") end
end
print("churn sum", sum)
print(type(collectgarbage("count")) == "number")

-- generational mode still collects weak entries
collectgarbage("generational")
local gw = setmetatable({}, {__mode = "v"})
for i = 1, 100 do gw[i] = {} end
collectgarbage()
print("gen weak cleared", next(gw) == nil)
collectgarbage("incremental")

print("done gc")
