-- coercion.lua: string<->number coercions, tonumber with bases, tostring
-- of floats (1e100, 0.1, -0.0, inf, 2^63, ...), integer/float conversions,
-- and integer division/modulo by zero caught by pcall.

-- tostring of floats uses "%.14g" (plus ".0" for integral values)
print(1e100, 0.1, -0.0, 0.0, math.huge, -math.huge, 2^63, -2^63)
print(1/3, 2/3, 100/3, 1e15, 1e16, 123456789012.0, 2^53, 2^24)
print(3.0, -3.0, 1e-5, 1.5e-10, 12.5, 1e300, 2^-1000 > 0)
print(0.1 + 0.2, 0.1 + 0.2 == 0.3, 1 - 0.9, 100 * 1.1)
print(tostring(1e14), tostring(1e-4), tostring(123.456), tostring(-987.125))
print(3 == 3.0, math.type(3), math.type(3.0), 1/0 > math.maxinteger, -1/0 < math.mininteger)
print(type(tostring(0/0)))  -- NaN text ("nan"/"-nan") is libc-specific: never printed
local nan = 0/0
print(nan ~= nan, nan == nan, not (nan < 1), not (nan > 1))

-- string -> number in arithmetic
print("10" + 5, "10" * "2", "3.5" + 0, " 7 " + 1, "0x10" + 0, "1e2" + 0, "-4" - 1)
print(math.type("10" + 5), math.type("10" + 5.0), math.type("10.0" + 5), math.type("1e1" // 1))
print(10 .. "", 1.5 .. "", -0.0 .. "", 2^63 .. "", 1e100 .. "|")
print("10" == 10, "abc" < "abd", pcall(function() return "10" < 5 end))
print(pcall(function() return "abc" + 1 end))
print(pcall(function() return {} .. "" end))

-- tonumber
print(tonumber("42"), tonumber("42.0"), tonumber("  42  "), tonumber("4 2"), tonumber(""))
print(tonumber("0x1F"), tonumber("0XfF"), tonumber("-0x10"), tonumber("1e3"), tonumber("1E-2"), tonumber(".5"), tonumber("5."))
print(tonumber("0x1p4"), tonumber("inf"), tonumber("nan"), tonumber("1e"), tonumber("--1"))
print(tonumber("9223372036854775807"), tonumber("9223372036854775808"), tonumber("-9223372036854775808"))
print(tonumber("0xffffffffffffffff"), tonumber("0x7fffffffffffffff"), tonumber("0x10000000000000000"))
print(tonumber("ff", 16), tonumber("FF", 16), tonumber("zz", 36), tonumber("777", 8), tonumber("8", 8), tonumber("1010", 2))
print(tonumber("  11  ", 2), tonumber("-ff", 16), tonumber("1.5", 10), pcall(tonumber, 15, 10))
print(tonumber(nil) == nil, pcall(tonumber), tonumber(true), tonumber({}))
print(tonumber("1" .. string.rep("0", 30)), tonumber("0." .. string.rep("0", 20) .. "1"))

-- float -> integer conversions
print(math.tointeger(5.0), math.tointeger(5.5), math.tointeger(-0.0), math.tointeger(2^62), math.tointeger(1e300))
print(3.0 | 0, 2^53 | 0, pcall(function() return 2^64 | 0 end))
print(string.format("%d", 42.0), pcall(string.format, "%d", 42.5))
print(("x"):rep(3.0), pcall(string.rep, "x", 2.5))
local t = {}
t[1.0] = "a"; t[2] = "b"; t[2^53] = "c"
print(t[1], t[2.0], t[2^53 | 0], #t)

-- integer <-> float comparisons are exact
print(2^53 == 2^53 + 1, (1 << 53) == (1 << 53) + 1, math.maxinteger + 0.0 == math.maxinteger)
print(math.maxinteger < math.maxinteger + 0.0, math.mininteger == -2^63, 9007199254740993 < 9007199254740992.0)

-- integer division and modulo by zero
print(pcall(function() local a, b = 7, 0 return a // b end))
print(pcall(function() local a, b = 7, 0 return a % b end))
print(7 // 0.0, -7 // 0.0, 7 / 0, 0.0 / 1, -0.0 / 1)
print(7.0 % math.huge, -7 % -math.huge)

-- number formatting in concatenation and table.concat
print(table.concat({1, 2.0, -3.5, 1e20, 2^-3}, " "))
print(string.rep(1.0, 2, 2))

-- integer literals that overflow become floats; hex wraps around
print(9223372036854775807, 9223372036854775808, -9223372036854775808)
print(0xffffffffffffffff, 0x7fffffffffffffff + 1, 0x1p-2)
print(math.type(9223372036854775808), math.type(0xffffffffffffffff))

print("done coercion")
