-- buffer.lua: string building -- table.concat buffers vs repeated .., a
-- string-builder object, formatted tables, word wrapping, line joins.

local function checksum(s)
  local h = 0
  for i = 1, #s do h = (h * 31 + s:byte(i)) % 4294967296 end
  return h
end

-- building the same string two ways
local parts = {}
for i = 1, 1000 do parts[#parts + 1] = tostring(i) end
local joined = table.concat(parts, ",")
local slow = ""
for i = 1, 1000 do slow = slow .. (i > 1 and "," or "") .. i end
print(#joined, joined == slow, checksum(joined))
print(joined:sub(1, 30), joined:sub(-20))

-- a string builder object
local Builder = {}
Builder.__index = Builder
function Builder.new() return setmetatable({buf = {}, n = 0}, Builder) end
function Builder:add(...)
  for i = 1, select("#", ...) do
    self.n = self.n + 1
    self.buf[self.n] = tostring((select(i, ...)))
  end
  return self
end
function Builder:addf(fmt, ...) return self:add(string.format(fmt, ...)) end
function Builder:build(sep) return table.concat(self.buf, sep or "", 1, self.n) end
local b = Builder.new()
b:add("x=", 1, ", y=", 2.5):addf(" [%05.1f]", 3.14159):add(" ", true, " ", nil)
print(b:build(), b.n)

-- a table formatted as aligned columns
local rows = {{"name", "qty", "price"}, {"apple", 3, 1.25}, {"banana", 12, 0.5}, {"cherry", 100, 10}}
local widths = {}
for _, row in ipairs(rows) do
  for c, v in ipairs(row) do widths[c] = math.max(widths[c] or 0, #tostring(v)) end
end
for _, row in ipairs(rows) do
  local cells = {}
  for c, v in ipairs(row) do
    local s = tostring(v)
    cells[c] = type(v) == "number" and string.rep(" ", widths[c] - #s) .. s or s .. string.rep(" ", widths[c] - #s)
  end
  print("|" .. table.concat(cells, "|") .. "|")
end

-- word wrap
local text = "The quick brown fox jumps over the lazy dog while the cat watches from a comfortable distance and yawns"
local function wrap(str, width)
  local lines, line = {}, {}
  local len = 0
  for word in str:gmatch("%S+") do
    if len > 0 and len + 1 + #word > width then
      lines[#lines + 1] = table.concat(line, " ")
      line, len = {}, 0
    end
    line[#line + 1] = word
    len = len + (len > 0 and 1 or 0) + #word
  end
  if #line > 0 then lines[#lines + 1] = table.concat(line, " ") end
  return lines
end
for i, l in ipairs(wrap(text, 28)) do print(i, "[" .. l .. "]") end

-- repeated doubling (large strings) and substrings
local s = "ab"
for _ = 1, 16 do s = s .. s end
print(#s, checksum(s), s:sub(65535, 65538))
local big = string.rep("0123456789", 10000)
print(#big, checksum(big), big:find("90123", 100000 - 10, true))

-- escaping for CSV
local function csv_field(v)
  v = tostring(v)
  if v:find('[,"\n]') then v = '"' .. v:gsub('"', '""') .. '"' end
  return v
end
local rec = {"plain", "has,comma", 'has "quotes"', 42, "multi\nline"}
local fields = {}
for i, v in ipairs(rec) do fields[i] = csv_field(v) end
local line = table.concat(fields, ",")
print((line:gsub("\n", "\\n")))

-- hex dump formatting
local data = "Lua 5.4 buffers\0\1\2"
local hexrows = {}
for off = 1, #data, 8 do
  local chunk = data:sub(off, off + 7)
  local hx = chunk:gsub(".", function(c) return string.format("%02x ", c:byte()) end)
  local asc = chunk:gsub("[^%g ]", ".")
  hexrows[#hexrows + 1] = string.format("%04x  %-24s %s", off - 1, hx, asc)
end
print(table.concat(hexrows, "\n"))

-- reverse words and join with separators
local words = {}
for w in ("one two three four five"):gmatch("%a+") do table.insert(words, 1, w) end
print(table.concat(words, " < "))

-- number formatting into a buffer
local nb = {}
for i = 1, 12 do nb[#nb + 1] = string.format("%3d:%-6.2f", i, i / 7) end
print(table.concat(nb, " ", 1, 6))
print(table.concat(nb, " ", 7, 12))

print("done buffer")
