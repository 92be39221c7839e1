-- control.lua: control flow -- numeric for (integer and float, negative
-- steps, near maxinteger), while, repeat-until scoping, goto/continue,
-- nested break, and/or short-circuit, if/elseif chains.

local out = {}
local function emit(v) out[#out + 1] = tostring(v) end
local function flush(label) print(label, table.concat(out, " ")); out = {} end

for i = 1, 5 do emit(i) end flush("up")
for i = 10, 1, -3 do emit(i) end flush("down")
for i = 1, 0 do emit(i) end flush("empty")
for i = 0, 1, 0.25 do emit(i) end flush("float step")
for i = 1.0, 3 do emit(i) end flush("float start")
for i = 3, 1.5, -0.5 do emit(i) end flush("float down")
for i = math.maxinteger - 2, math.maxinteger do emit(i) end flush("near max")
for i = math.mininteger, math.mininteger + 2 do emit(i) end flush("near min")
for i = math.mininteger + 2, math.mininteger, -1 do emit(i) end flush("near min down")
for i = 1, 3 do local j = i * 2; i = j; emit(i) end flush("modify copy")
for i = 1, math.huge do if i > 4 then break end emit(i) end flush("to huge")
for i = 5, -math.huge, -2 do if i < -3 then break end emit(i) end flush("to -huge")
for i = 1, 10, 4 do emit(math.type(i)) end flush("types")

-- while and repeat
local n, steps = 27, 0
while n ~= 1 do n = (n % 2 == 0) and n // 2 or 3 * n + 1; steps = steps + 1 end
print("collatz 27", steps)
local k = 0
repeat local sq = k * k; k = k + 1 until sq > 50  -- the until sees the body's locals
print("repeat", k)
local r = 0
repeat r = r + 1 until true
print("repeat once", r)

-- goto as continue
for i = 1, 10 do
  if i % 3 == 0 then goto continue end
  emit(i)
  ::continue::
end
flush("continue")

-- goto for a loop
do
  local i = 1
  ::top::
  if i <= 4 then emit(i * i); i = i + 1; goto top end
end
flush("goto loop")

-- breaking out of nested loops with goto
for i = 1, 5 do
  for j = 1, 5 do
    if i * j == 12 then emit(i .. "x" .. j); goto done end
  end
end
::done::
flush("nested exit")

-- break only leaves the innermost loop
for i = 1, 3 do
  for j = 1, 3 do if j == 2 then break end emit(i .. j) end
end
flush("inner break")

-- goto errors are compile-time
print(load("goto nowhere"))
print(load("do local x ::l1:: end goto l1"))
print(load("::a:: ::a::"))
print(load("local x = 1 goto f local y ::f:: print(y)"))

-- and / or
print(nil or "default", false or nil, 0 and "zero is true", "" and "empty is true")
print(1 and 2 or 3, nil and 2 or 3, false == nil, not nil, not 0)
local calls = 0
local function side() calls = calls + 1 return true end
local _ = false and side()
local _ = true or side()
local _ = nil or side()
print("short circuit calls", calls)

-- if / elseif chain
local function classify(v)
  if type(v) ~= "number" then return "nan-type"
  elseif v ~= v then return "nan"
  elseif v < 0 then return "negative"
  elseif v == 0 then return "zero"
  elseif math.type(v) == "integer" then return "positive int"
  else return "positive float" end
end
for _, v in ipairs({-1, 0, 3, 2.5, "x"}) do emit(classify(v)) end
flush("classify")

-- numeric loop accumulations
local s = 0
for i = 1, 100000 do s = s + i end
print("sum 1..100000", s)
local fsum = 0
for i = 1, 1000 do fsum = fsum + 0.5 end
print("float sum", fsum)
local prod = 1
for i = 1, 25 do prod = prod * i end
print("25! wraps", prod)

-- generic for over a custom stateful iterator
local function chars(str)
  local i = 0
  return function() i = i + 1; if i <= #str then return i, str:sub(i, i) end end
end
for i, c in chars("lua") do emit(i .. c) end
flush("chars")

-- for-loop errors
print(pcall(function() for i = 1, 10, 0 do end end))
print(pcall(function() for i = 1.0, 10, 0.0 do end end))
print(pcall(function() for i = 1, {} do end end))

print("done control")
