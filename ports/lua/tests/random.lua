-- random.lua: math.random with a fixed math.randomseed (xoshiro256** is
-- deterministic): integer ranges, shuffles, distributions, reseeding.

math.randomseed(42)
local a = {}
for i = 1, 10 do a[i] = math.random(1, 100) end
print(table.concat(a, " "))

math.randomseed(42)
local b = {}
for i = 1, 10 do b[i] = math.random(1, 100) end
print("same sequence after reseed", table.concat(a, " ") == table.concat(b, " "))

math.randomseed(7)
local r = {}
for i = 1, 8 do r[i] = math.random(6) end
print(table.concat(r, " "))
for i = 1, 5 do r[i] = math.random(-1000000, 1000000) end
print(table.concat(r, " ", 1, 5))
print(math.random(0), math.random(0))
print(math.random(math.mininteger, math.maxinteger))
print(math.random(5, 5), math.random(math.maxinteger, math.maxinteger))

-- floats: only check the range, print a scaled integer
local inrange = true
for _ = 1, 1000 do local f = math.random(); if f < 0 or f >= 1 then inrange = false end end
print("floats in [0,1)", inrange)
math.randomseed(99)
print(math.floor(math.random() * 1000000))

-- two-argument seed
math.randomseed(1, 2)
print(math.random(1000), math.random(1000), math.random(1000))

-- Fisher-Yates shuffle
math.randomseed(2024)
local deck = {}
for i = 1, 20 do deck[i] = i end
for i = #deck, 2, -1 do
  local j = math.random(i)
  deck[i], deck[j] = deck[j], deck[i]
end
print(table.concat(deck, " "))
local sum = 0
for _, v in ipairs(deck) do sum = sum + v end
print("shuffle keeps elements", sum == 210)

-- histogram of dice rolls
math.randomseed(123456)
local hist = {0, 0, 0, 0, 0, 0}
for _ = 1, 6000 do local d = math.random(6); hist[d] = hist[d] + 1 end
print(table.concat(hist, " "))
local ok = true
for i = 1, 6 do if hist[i] < 800 or hist[i] > 1200 then ok = false end end
print("roughly uniform", ok)

-- random strings
math.randomseed(5)
local chars = {}
for i = 1, 32 do chars[i] = string.char(math.random(97, 122)) end
print(table.concat(chars))

-- errors
print(pcall(math.random, 2, 1))
print(pcall(math.random, 1, 2, 3))
print(pcall(math.random, 0.5))

print("done random")
