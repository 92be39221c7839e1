-- utf8.lua: the utf8 library -- char, charpattern, codes, codepoint, len,
-- offset, invalid sequences and lax mode.  Non-ASCII output is shown in hex.

local function hex(s)
  return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

local s = utf8.char(72, 233, 8364, 0x1F600, 33)
print(#s, hex(s))
print(utf8.len(s), utf8.len(""), utf8.len("plain ascii"))
print(utf8.codepoint(s, 1, -1))
print(utf8.codepoint(s, 2), utf8.codepoint(s, 4))
print(hex(utf8.char()), hex(utf8.char(0)), hex(utf8.char(0x7F, 0x80, 0x7FF, 0x800, 0xFFFF, 0x10000, 0x10FFFF)))
print(#utf8.charpattern, hex(utf8.charpattern))

for p, c in utf8.codes(s) do io.write(p, ":", string.format("U+%04X", c), " ") end
print()

-- offsets
print(utf8.offset(s, 1), utf8.offset(s, 2), utf8.offset(s, 3), utf8.offset(s, 4), utf8.offset(s, 5), utf8.offset(s, 6))
print(utf8.offset(s, -1), utf8.offset(s, -2), utf8.offset(s, 0, 5), utf8.offset(s, 7))
print(utf8.len(s, 3), utf8.len(s, 4), utf8.len(s, -1), utf8.len(s, 2, 3))

-- iterate characters with the pattern
local chars = {}
for ch in s:gmatch(utf8.charpattern) do chars[#chars + 1] = hex(ch) end
print(#chars, table.concat(chars, " "))

-- invalid sequences
print(utf8.len("abc\xFFdef"))
print(utf8.len("\xE2\x82"))
print(utf8.len("\xC0\x80"))
print(pcall(utf8.codepoint, "\xFF"))
print(pcall(function() for _ in utf8.codes("a\x80") do end end))

-- surrogates and large code points: rejected in strict mode, accepted lax
local sur = "\xED\xA0\x80"
print(utf8.len(sur), utf8.len(sur, 1, -1, true))
local big = utf8.char(0x7FFFFFFF)
print(#big, hex(big), utf8.len(big), utf8.len(big, 1, -1, true))
print(utf8.codepoint(big, 1, 1, true))
print(pcall(utf8.codepoint, big))

-- reverse a UTF-8 string by code points
local function ureverse(str)
  local cps = {utf8.codepoint(str, 1, -1)}
  local r = {}
  for i = #cps, 1, -1 do r[#r + 1] = utf8.char(cps[i]) end
  return table.concat(r)
end
print(hex(ureverse(s)), ureverse("abc"))

-- count code points by byte class
local counts = {ascii = 0, two = 0, three = 0, four = 0}
for _, c in utf8.codes(s .. utf8.char(0x3B1, 0x3B2, 0x4E2D)) do
  if c < 0x80 then counts.ascii = counts.ascii + 1
  elseif c < 0x800 then counts.two = counts.two + 1
  elseif c < 0x10000 then counts.three = counts.three + 1
  else counts.four = counts.four + 1 end
end
print(counts.ascii, counts.two, counts.three, counts.four)

print(pcall(utf8.char, -1))
print(pcall(utf8.offset, s, 1, 3))

print("done utf8")
