-- workload.lua: a longer mixed workload (about 0.3-0.6 s on a desktop
-- host): table churn, string building and matching, integer and float
-- arithmetic, closures, sorting; prints per-phase checksums and a total.

local MOD = 1000000007
local total = 0
local function mix(h, v) return (h * 31 + v) % MOD end

-- phase 1: table churn -- build, update and discard many small records
local h1 = 0
for round = 1, 140 do
  local recs = {}
  for i = 1, 1000 do recs[i] = {id = i, val = (i * round) % 997, name = "r" .. i} end
  for i = 1, #recs, 3 do recs[i].val = recs[i].val * 2 + 1 end
  local map = {}
  for _, r in ipairs(recs) do map[r.name] = r.val end
  for i = 1, 1000, 7 do h1 = mix(h1, map["r" .. i]) end
  for i = #recs, 1, -2 do table.remove(recs, i) end
  h1 = mix(h1, #recs)
end
print("phase 1 tables", h1)
total = mix(total, h1)

-- phase 2: strings -- formatting, concatenation, gsub, find, byte
local h2 = 0
for round = 1, 100 do
  local buf = {}
  for i = 1, 300 do buf[#buf + 1] = string.format("%d:%s:%x;", i, ("k" .. i):rep(2), i * round) end
  local s = table.concat(buf)
  local replaced, n = s:gsub("(%d+):", "<%1>")
  h2 = mix(h2, n)
  h2 = mix(h2, #replaced)
  local count = 0
  for num in s:gmatch("%d+") do count = count + #num end
  h2 = mix(h2, count)
  local pos = 1
  while true do
    local a, b = s:find("k1", pos, true)
    if not a then break end
    h2 = mix(h2, a)
    pos = b + 1
  end
  for i = 1, #s, 53 do h2 = mix(h2, s:byte(i)) end
  h2 = mix(h2, #s:upper():lower():reverse())
end
print("phase 2 strings", h2)
total = mix(total, h2)

-- phase 3: integer arithmetic -- LCG, bit mixing, division and modulo
local h3 = 0
local x = 12345
for i = 1, 1000000 do
  x = (x * 1103515245 + 12345) & 0x7FFFFFFF
  local y = x ~ (x >> 7) ~ (i << 3)
  h3 = (h3 + y % 1009 + (y // 3) % 17) % MOD
end
print("phase 3 integers", h3)
total = mix(total, h3)

-- phase 4: float arithmetic -- only exactly representable partial results
-- are printed: a dot product of small dyadic values and a rounded integral
local acc = 0.0
for i = 1, 500000 do
  local a = (i % 64) * 0.25
  local b = (i % 37) * 0.5
  acc = acc + a * b
end
local h4 = math.tointeger(acc * 8) or -1  -- acc is a multiple of 1/8
local mandel = 0
for py = 0, 59 do
  for px = 0, 89 do
    local cr, ci = px / 30 - 2.0, py / 30 - 1.0
    local zr, zi, it = 0.0, 0.0, 0
    while it < 50 and zr * zr + zi * zi <= 4.0 do
      zr, zi = zr * zr - zi * zi + cr, 2 * zr * zi + ci
      it = it + 1
    end
    mandel = mandel + it
  end
end
print("phase 4 floats", h4, mandel)
total = mix(mix(total, h4), mandel)

-- phase 5: closures and sorting
local h5 = 0
local function make_adder(k) return function(v) return v + k end end
local adders = {}
for i = 1, 100 do adders[i] = make_adder(i) end
for round = 1, 50 do
  local arr = {}
  local s = round
  for i = 1, 2000 do s = (s * 69069 + 1) % 4294967296; arr[i] = s % 100000 * 4096 + i end
  table.sort(arr, function(a, b) return a > b end)
  for i = 1, #arr, 101 do h5 = mix(h5, adders[i % 100 + 1](arr[i] % 65536)) end
end
print("phase 5 closures+sort", h5)
total = mix(total, h5)

-- phase 6: a small interpreter loop over a table of instructions
local prog = {}
for i = 1, 50 do prog[#prog + 1] = {op = ({"add", "mul", "sub", "xor"})[i % 4 + 1], arg = i} end
local reg = 1
for _ = 1, 5000 do
  for _, ins in ipairs(prog) do
    local op, arg = ins.op, ins.arg
    if op == "add" then reg = reg + arg
    elseif op == "mul" then reg = reg * (arg % 5 + 1) % MOD
    elseif op == "sub" then reg = reg - arg
    else reg = reg ~ arg end
  end
end
print("phase 6 interpreter", reg)
total = mix(total, reg % MOD)

print("checksum", total)
print("done workload")
