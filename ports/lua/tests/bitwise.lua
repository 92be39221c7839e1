-- bitwise.lua: integer bitwise operators & | ~ << >> and unary ~, shifts
-- past 63 bits, floats with integral values, bit tricks (popcount, CRC32).
local fmt = string.format

print(0xF0 & 0x3C, 0xF0 | 0x3C, 0xF0 ~ 0x3C, ~0, ~5, -1 & 0xFF)
print(1 << 0, 1 << 10, 1 << 62, 1 << 63, 1 << 64, 1 << -1, 2 << -1)
print(-1 >> 1, -1 >> 63, -1 >> 64, 256 >> 4, 256 >> -4, math.mininteger >> 63)
print(fmt("%x %x %x", 0xDEADBEEF << 8, 0xDEADBEEF >> 8, ~0xDEADBEEF))
print(3.0 & 1, 2^10 | 0, pcall(function() return "12" & 4 end), pcall(function() return 1.5 & 1 end))
print(5 & 3 | 8, 5 | 3 & 8, 1 << 2 + 1, 6 ~ 3 & 1, ~1 + 1)

-- popcount, parity, highest bit
local function popcount(x) local c = 0 while x ~= 0 do x = x & (x - 1); c = c + 1 end return c end
print(popcount(0), popcount(255), popcount(-1), popcount(math.mininteger), popcount(0x5555555555555555))
local function highbit(x) local n = -1 while x ~= 0 do x = x >> 1; n = n + 1 end return n end
print(highbit(1), highbit(1000), highbit(-1), highbit(1 << 40))

-- rotate left 32-bit
local function rol32(x, n) x = x & 0xFFFFFFFF return ((x << n) | (x >> (32 - n))) & 0xFFFFFFFF end
print(fmt("%08x %08x %08x", rol32(0x80000001, 1), rol32(0x12345678, 8), rol32(0xFFFF0000, 16)))

-- CRC-32 (IEEE) of a few strings
local crctab = {}
for i = 0, 255 do
  local c = i
  for _ = 1, 8 do
    if c & 1 == 1 then c = 0xEDB88320 ~ (c >> 1) else c = c >> 1 end
  end
  crctab[i] = c
end
local function crc32(s)
  local c = 0xFFFFFFFF
  for i = 1, #s do c = crctab[(c ~ s:byte(i)) & 0xFF] ~ (c >> 8) end
  return c ~ 0xFFFFFFFF
end
print(fmt("%08x %08x %08x", crc32(""), crc32("a"), crc32("The quick brown fox jumps over the lazy dog")))
print(fmt("%08x", crc32(string.rep("0123456789", 100))))

-- FNV-1a 64-bit hash (multiplication wraps around)
local function fnv1a(s)
  local h = -3750763034362895579  -- 0xcbf29ce484222325
  for i = 1, #s do h = (h ~ s:byte(i)) * 1099511628211 end
  return h
end
print(fmt("%016x %016x", fnv1a(""), fnv1a("hello")))

-- xorshift64 generator
local state = 88172645463325252
local function xorshift()
  state = state ~ (state << 13)
  state = state ~ (state >> 7)
  state = state ~ (state << 17)
  return state
end
local xs = {}
for i = 1, 5 do xs[i] = fmt("%016x", xorshift()) end
print(table.concat(xs, " "))

-- bit sets
local set = 0
for _, v in ipairs({1, 5, 9, 33, 63}) do set = set | (1 << v) end
local members = {}
for i = 0, 63 do if set & (1 << i) ~= 0 then members[#members + 1] = i end end
print(fmt("%x", set), table.concat(members, ","), set < 0)

-- unsigned comparisons and division via math.ult
print(math.ult(1, -1), math.ult(-1, 1), math.ult(-2, -1))
local function udiv(a, b)  -- unsigned a // b for b > 0
  if a >= 0 then return a // b end
  local q = ((a >> 1) // b) << 1
  local r = a - q * b
  if not math.ult(r, b) then q = q + 1 end
  return q
end
print(udiv(-1, 10), udiv(math.mininteger, 3), udiv(100, 7))

-- gray code
local gray = {}
for i = 0, 15 do gray[#gray + 1] = fmt("%x", i ~ (i >> 1)) end
print(table.concat(gray, " "))

print("done bitwise")
