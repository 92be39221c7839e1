-- pack.lua: string.pack/unpack/packsize with explicit endianness and sizes
-- (no native-size or native-alignment options, so the layout is fixed).

local function hex(s)
  return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

print(hex(string.pack("<i4", 1)), hex(string.pack(">i4", 1)), hex(string.pack("<i4", -2)))
print(hex(string.pack("<I2", 0xBEEF)), hex(string.pack(">I2", 0xBEEF)))
print(hex(string.pack("<i8", math.mininteger)), hex(string.pack(">j", -1)))
print(hex(string.pack("<i3", -1)), hex(string.pack("<I3", 0x123456)), hex(string.pack("<i1i1", -128, 127)))
print(hex(string.pack("<d", 1.5)), hex(string.pack(">d", -0.25)), hex(string.pack("<f", 0.5)))
print(hex(string.pack("<n", 2^53)), hex(string.pack("<i16", -3)))
print(hex(string.pack("z", "abc")), hex(string.pack("<s1", "hi")), hex(string.pack(">s2", "hey")))
print(hex(string.pack("<B", 200)), hex(string.pack("<b", -1)), hex(string.pack("<h", -2)), hex(string.pack("<H", 65535)))
print(hex(string.pack("c5", "ab")), hex(string.pack("<i2xi2", 1, 2)))
print(hex(string.pack("<!4 i1 i4", 1, 2)), hex(string.pack("<!8 i1 i8", 1, 2)), hex(string.pack("<!4 i1 Xi4 i1", 1, 2)))

print(string.packsize("<i4i8"), string.packsize("<!8 i1 i8"), string.packsize("c10"), string.packsize("<d f h b"))

-- unpack returns the values and the position after them
print(string.unpack("<i4", string.pack("<i4", 123456)))
print(string.unpack(">i2", "\xFF\xFE"), string.unpack("<I2", "\xFF\xFE"))
print(string.unpack("<i8", string.pack("<i8", math.maxinteger)))
print(string.unpack("<d", string.pack("<d", 0.1)) == 0.1)
print(string.unpack("<f", string.pack("<f", 0.1)) == 0.1)
print(string.unpack("z z", "one\0two\0"))
print(string.unpack("<s1 s1", "\3abc\2de"))
print(string.unpack("c3", "abcdef", 2))
print(string.unpack("<i2 i2 i2", string.pack("<i2 i2 i2", -1, 0, 1)))
print(string.unpack("<i16", string.pack("<i16", -3)))
print(string.unpack("<I3", "\1\2\3"))

-- round trip of a record
local fmt = "<i4 d s1 z B"
local rec = string.pack(fmt, -99, 3.25, "name", "zstr", 7)
print(#rec, hex(rec))
local a, b, c, d, e, nextpos = string.unpack(fmt, rec)
print(a, b, c, d, e, nextpos)

-- a simple array encoding
local values = {}
for i = 1, 10 do values[i] = i * i * (i % 2 == 0 and 1 or -1) end
local blob = string.pack("<I2" .. string.rep("i4", #values), #values, table.unpack(values))
print(#blob)
local count, pos = string.unpack("<I2", blob)
local out = {}
for i = 1, count do out[i], pos = string.unpack("<i4", blob, pos) end
print(table.concat(out, " "), pos)

-- errors
print(pcall(string.pack, "<i2", 40000))
print(pcall(string.pack, "<I1", -1))
print(pcall(string.unpack, "<i4", "abc"))
print(pcall(string.pack, "i17", 1))
print(pcall(string.pack, "z", "a\0b"))
print(pcall(string.unpack, "<i9", "\0\0\0\0\0\0\0\0\1"))

print("done pack")
