-- seek.lua: file:seek with "set", "cur" and "end" (never past the end of
-- the file), reading at offsets, binary data with every byte value,
-- rewriting records in place, read after EOF.  File: seek_tmp.bin.

local NAME = "seek_tmp.bin"
local f = assert(io.open(NAME, "wb"))
for i = 0, 255 do f:write(string.char(i)) end
print("size after write", f:seek("cur"), f:seek("end"))
f:close()

f = assert(io.open(NAME, "rb"))
print(f:seek(), f:seek("cur"), f:seek("end"), f:seek("set"))
print(f:read(4):byte(1, -1))
print(f:seek("cur"))
print(f:seek("set", 100), f:read(1):byte())
print(f:seek("cur", 10), f:read(1):byte())
print(f:seek("cur", -5), f:read(1):byte())
print(f:seek("end", -1), f:read(1):byte(), f:read(1), f:seek("cur"))
print(f:seek("end", -256), f:read(1):byte())
print(f:seek("end"), f:read("a") == "", f:read(1))
print(f:seek("set", 0), #f:read("a"))
-- reading everything byte by byte in reverse order
local ok = true
for pos = 255, 0, -1 do
  f:seek("set", pos)
  if f:read(1):byte() ~= pos then ok = false end
end
print("reverse byte reads", ok)
-- invalid whence and a negative position
local okb, errb = pcall(f.seek, f, "bogus")
print(okb, errb:match("%((.*)%)"))
local r, msg = f:seek("set", -1)  -- fails (the position afterwards is not relied upon)
print(r == nil, type(msg))
print(f:seek("set", 3), f:read(1):byte())
f:close()

-- fixed-size records rewritten in place with r+b
local REC = 16
f = assert(io.open(NAME, "wb"))
for i = 1, 20 do f:write(string.format("%-15s\n", "record " .. i)) end
f:close()
f = assert(io.open(NAME, "r+b"))
for _, i in ipairs({3, 10, 20}) do
  f:seek("set", (i - 1) * REC)
  f:write(string.format("%-15s\n", "CHANGED " .. i))
end
f:seek("set", 0)
local recs = {}
for i = 1, 20 do recs[i] = f:read(REC):gsub("%s+$", "") end
print(recs[1], recs[3], recs[10], recs[19], recs[20])
print("size", f:seek("end"))
f:close()

-- binary record format with string.pack
f = assert(io.open(NAME, "wb"))
for i = 1, 50 do f:write(string.pack("<i4 d", i * i, i / 4)) end
f:close()
f = assert(io.open(NAME, "rb"))
local size = f:seek("end")
local recsize = string.packsize("<i4 d")
print("records", size // recsize, size % recsize)
local s1, s2 = 0, 0
for i = 50, 1, -7 do
  f:seek("set", (i - 1) * recsize)
  local a, b = string.unpack("<i4 d", f:read(recsize))
  s1, s2 = s1 + a, s2 + b
end
print("sparse sums", s1, s2)
f:close()

-- append mode: writes go to the end (ftell before a flush is not relied upon)
f = assert(io.open(NAME, "wb")) f:write("abc") f:close()
f = assert(io.open(NAME, "ab"))
f:write("def")
print("append end", f:seek("end"))
f:close()
f = assert(io.open(NAME, "rb"))
print(f:read("a"))
f:close()

-- truncation by reopening with "w"
f = assert(io.open(NAME, "w")) f:close()
f = assert(io.open(NAME, "r"))
print("after truncate", f:seek("end"), f:read("a") == "", f:read("l"))
f:close()

print(os.remove(NAME))
print("done seek")
