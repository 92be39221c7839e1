-- format.lua: string.format -- %d %i %u-like, %x %X %o %c %s %q, %e %f %g
-- with widths, precisions and flags, %.14g / %.10g, and format errors.
local f = string.format

print(f("[%d] [%5d] [%-5d] [%05d] [%+d] [% d]", 42, 42, 42, 42, 42, 42))
print(f("[%i] [%d] [%d]", -7, 0, math.mininteger))
print(f("[%d] [%d]", 3.0, -2^53))
print(f("[%x] [%X] [%#x] [%08x] [%o] [%#o]", 255, 255, 255, 3054, 8, 8))
print(f("[%x]", -1), f("[%X]", math.maxinteger))
print(f("[%c%c%c]", 76, 117, 97))
print(f("[%s] [%10s] [%-10s] [%.2s] [%5.1s]", "lua", "lua", "lua", "lua", "lua"))
print(f("[%s] [%s] [%s] [%s]", nil, true, 12, 1.5))
print(f("%5.2f|%-8.3f|%08.2f|%+.1f|%.0f", 3.14159, 2.5, -1.5, 7.31, 3.7))
print(f("%f|%.3f|%10.4f", 1/3, 2/3, 100))
print(f("%e|%.2e|%E|%.0e", 12345.678, 0.000123, 1e-10, 5e20))
print(f("%g|%g|%g|%g|%g|%g", 100000, 1000000, 0.0001, 0.00001, 1.5, 2^40))
print(f("%g|%g|%g", 1e100, -1e-100, 123456789))
print(f("%.3g|%.3g|%.10g", 0.0001234, 1234567, 1/3))
print(f("%.14g|%.14g|%.14g|%.14g", 0.1, 1/3, 2^63, 100))
print(f("%.14g|%.14g|%.14g", 3.14159265358979, 1e15, 123456.789))
print(f("%.10g|%.10g|%.10g", math.pi, -math.pi, 2^-20))
print(f("%10.3g|%-10.3g|%+g", 0.5, 0.5, 0.5))
print(f("%5s|%5s", 1e300 * 1e300, -1e300 * 1e300))
print(f("%.3f %.3f", 1e300 * 1e300, -1e300 * 1e300))
print(f("%%|%5s%%", "x"))

-- %q: strings and integers (floats are avoided: %q writes them in hex)
print(f("%q", 'he said "hi"\n\tand\\left'))
print(f("%q", "\0\1\31\127end"))
print(f("%q", "1\0002"))
print(f("%q|%q|%q", 0, -17, math.maxinteger))
print(f("%q", math.mininteger))
print(f("%q|%q", 1/0, -1/0))

-- the %q output reads back as the same value
local weird = "a\0b\r\n\"\\\255z"
local back = load("return " .. f("%q", weird))()
print(back == weird, #back)

-- many arguments and tostring via __tostring
local obj = setmetatable({}, {__tostring = function() return "OBJ" end})
print(f("%s and %s", obj, "x"))
print(f(string.rep("%d", 20), 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20))

-- errors
print(pcall(f, "%d", 1.5))
print(pcall(f, "%d", "x"))
print(pcall(f, "%z", 1))
print(pcall(f, "%d"))
print(pcall(f, "%10.123f", 1))

print("done format")
