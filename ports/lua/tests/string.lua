-- string.lua: basic string library -- len, sub, upper/lower, rep, reverse,
-- byte/char, comparison and method-call syntax on string values (ASCII only).

local function hex(s)
  return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

local s = "Hello, World"
print(#s, s:len(), string.len(""))
print(s:sub(1, 5), s:sub(-5), s:sub(8, -1), s:sub(0), "[" .. s:sub(5, 4) .. "]")
print(s:sub(-100, 3), s:sub(10, 100), s:sub(-3, -2))
print(s:upper(), s:lower())
print(("abc"):rep(3), ("ab"):rep(3, "-"), "[" .. ("x"):rep(0) .. "]", ("x"):rep(1, ","))
print(s:reverse(), ("")
  :reverse() == "")
print(s:byte(), s:byte(-1), s:byte(1, 3))
print(select("#", s:byte(100)), select("#", s:byte(1, -1)))
print(string.char(72, 105, 33), string.char() == "")
print(hex(string.char(0, 1, 127, 128, 255)))

-- a string with embedded zeros keeps its length
local z = "a\0b\0c"
print(#z, hex(z), z:byte(2), z == "a\0b\0c", z < "a\0c")

-- comparisons (bytewise in the C locale)
print("a" < "b", "abc" < "abd", "abc" < "ab", "" < "a", "Z" < "a", "10" < "9")
print("abc" == "abc", "abc" ~= "ABC", "a" <= "a", "b" >= "a")

-- escapes in literals
local e = "tab\tnl\\n quote\" apos' \65\066\x43 \u{48}\z
           continued"
print(e:gsub("\t", "<TAB>"))
print(#"\u{7FF}", #"\u{FFFF}", #"\u{10FFFF}", hex("\u{20AC}"))
local long = [[
first line
second [=[ not nested ]=] line]]
print(long)
print(#long, select(2, long:gsub("\n", "")))
local long2 = [==[a]]b]=]c]==]
print(long2)

-- string methods through the string metatable
print(("%d-%s"):format(7, "x"), ("abc"):upper():lower():len())
print(getmetatable("").__index == string)

-- tostring / string.len on numbers (coercion)
print(string.len(12345), string.rep(7, 3), string.upper(1.5))

-- building with .. (right associative, numbers coerced)
local t = 1 .. 2 .. "three" .. 4.0 .. -5
print(t, #t)

-- byte-by-byte loop
local sum = 0
for i = 1, #s do sum = sum + s:byte(i) * i end
print("weighted byte sum", sum)

-- string.len vs # with multibyte
print(#"\xE2\x82\xAC", string.len("\xF0\x9F\x98\x80"))

-- errors from the string library
print(pcall(string.rep))
print(pcall(string.char, 256))
print(pcall(string.sub))
print(select(2, pcall(function() return ("x"):bad() end)))

print("done string")
