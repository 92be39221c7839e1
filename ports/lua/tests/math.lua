-- math.lua: integer vs float arithmetic, // and %, overflow wrap-around,
-- math.type/tointeger/ult/abs/min/max, floor/ceil/fmod/modf, and sqrt/sin/
-- cos/log/exp printed with %.10g.
local fmt = string.format

print(math.type(1), math.type(1.0), math.type("1"), math.type(2^31), math.type(1 // 1))
print(1 + 2, 1 + 2.0, 10 / 2, 3 * 4, 3 * 4.0, 2^2, 7 - 7.0)
print(7 // 2, -7 // 2, 7 // -2, -7 // -2, 7.0 // 2, -7.5 // 2)
print(7 % 3, -7 % 3, 7 % -3, -7 % -3, 7.5 % 2, -7.5 % 2, 5.25 % -2)
print(1 / 2, 1 // 2, 3 % math.huge, -3 % math.huge == math.huge)
print(1 / 0, -1 / 0, 1.0 // 0, -1 // 0.0, 0/0 ~= 0/0)

-- integer overflow wraps around
print(math.maxinteger, math.mininteger)
print(math.maxinteger + 1 == math.mininteger, math.mininteger - 1 == math.maxinteger)
print(math.maxinteger * 2, math.mininteger * -1, -math.mininteger)
print(math.mininteger // -1, math.mininteger % -1)
print(math.abs(math.mininteger), math.abs(-5), math.abs(-5.5))
print(math.maxinteger + 0.0, math.maxinteger + 0.0 == 2^63, math.maxinteger < 2^63)
print(1 << 63 == math.mininteger, 2^53 + 1 == 2^53, (1 << 53) + 1)

-- integer division and modulo by zero raise errors
print(pcall(function() return 1 // 0 end))
print(pcall(function() return 1 % 0 end))
print(pcall(function() local z = 0; return math.maxinteger // z end))

-- conversions
print(math.tointeger(3.0), math.tointeger(3.5), math.tointeger("8"), math.tointeger(2^63), math.tointeger(-2^63))
print(math.floor(3.7), math.floor(-3.7), math.ceil(3.2), math.ceil(-3.2), math.floor(5), math.ceil(-0.5))
print(math.type(math.floor(1e100)), math.floor(1e100) == 1e100, math.floor(-0.0))
print(3 | 0, pcall(function() return 3.5 | 0 end))
print(math.fmod(7, 3), math.fmod(-7, 3), math.fmod(7, -3), math.fmod(7.5, 2), math.fmod(-7.5, 2))
print(math.fmod(math.mininteger, -1), pcall(math.fmod, 1, 0))
print(math.modf(3.75), math.modf(-3.75), math.modf(5), math.modf(1/0))
print(math.ult(1, 2), math.ult(-1, 2), math.ult(2, -1))
print(math.max(3, 7.5, -1), math.min(3, 7.5, -1), math.max(2, 2.0), math.type(math.max(1, 2)))
print(pcall(math.max))

-- comparisons across types
print(1 == 1.0, 2^53 == (1 << 53), math.maxinteger == 2^63 - 1, -0.0 == 0.0)
print(1 < 1.5, math.mininteger <= -2^63, math.maxinteger >= 2^63, "10" == 10)

-- elementary functions (only 10 significant digits printed)
local function g(x) return fmt("%.10g", x) end
print(g(math.sqrt(2)), g(math.sqrt(144)), g(math.pi), g(math.huge))
print(g(math.sin(1)), g(math.cos(1)), g(math.tan(0.5)), g(math.sin(math.pi / 6)))
print(g(math.asin(0.5)), g(math.acos(0.5)), g(math.atan(1)), g(math.atan(1, -1)), g(math.atan(-1, -1)))
print(g(math.exp(1)), g(math.exp(-2.5)), g(math.log(10)), g(math.log(8, 2)), g(math.log(1000, 10)), g(math.log(81, 3)))
print(math.sqrt(16), math.exp(0), math.log(1), math.sin(0), math.cos(0), g(math.log(1024, 2)))
print(g(2^0.5), g(10^-3), g(2^-30), 2^10, 2^-1)

-- small numeric algorithms
local function gcd(a, b) while b ~= 0 do a, b = b, a % b end return a end
print(gcd(1071, 462), gcd(2^40 // 1, 6^10), gcd(17, 5))
local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
print(fact(20), fact(21), fact(25.0))
local function fib(n) local a, b = 0, 1 for _ = 1, n do a, b = b, a + b end return a end
print(fib(50), fib(90), fib(93))
local function isqrt(n) local r = math.floor(math.sqrt(n)) while r * r > n do r = r - 1 end while (r + 1) * (r + 1) <= n do r = r + 1 end return r end
print(isqrt(99), isqrt(100), isqrt(10^12 + 1), isqrt(2^52 // 1))
-- Newton's square root in floats, formatted to 10 digits
local x = 2.0
for _ = 1, 6 do x = (x + 2 / x) / 2 end
print(g(x), x * x == 2, math.abs(x * x - 2) < 1e-15)
-- sum of a harmonic series, printed with limited precision
local h = 0
for i = 1, 1000 do h = h + 1 / i end
print(g(h))

print("done math")
