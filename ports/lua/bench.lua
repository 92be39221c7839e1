-- make bench's Lua workload (bench/eval.py, part lua): calls, tables,
-- strings and closures, the same work on every run; prints a checksum
-- that the native and the mirrored run must agree on.
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end

local sum = fib(28)
local t = {}
for round = 1, 60 do
  for i = 1, 4000 do t[i] = (i * 7919 + round) % 65521 end
  table.sort(t)
  for i = 1, 4000, 97 do sum = (sum + t[i]) % 1000000007 end
end
local words = {}
for i = 1, 3000 do words[#words + 1] = string.format("w%04x", i * 37 % 65536) end
local text = table.concat(words, " ")
for w in text:gmatch("w(%x+)") do sum = (sum + tonumber(w, 16)) % 1000000007 end
local counters = {}
for i = 1, 200 do
  local n = 0
  counters[i] = function() n = n + i; return n end
end
for _ = 1, 300 do for i = 1, 200 do sum = (sum + counters[i]()) % 1000000007 end end
print("luabench checksum " .. sum)
