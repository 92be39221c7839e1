-- json.lua: a small JSON encoder (sorted keys) and recursive-descent parser
-- written in Lua; round trips, escapes, nesting, and error reporting.

local encode
local function encode_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    local map = {['"'] = '\\"', ["\\"] = "\\\\", ["\n"] = "\\n", ["\t"] = "\\t", ["\r"] = "\\r"}
    return map[c] or string.format("\\u%04x", c:byte())
  end) .. '"'
end
local function isarray(t)
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  for i = 1, n do if t[i] == nil then return false end end
  return true, n
end
function encode(v)
  local tv = type(v)
  if tv == "nil" then return "null"
  elseif tv == "boolean" then return tostring(v)
  elseif tv == "number" then
    if math.type(v) == "integer" then return tostring(v) end
    if v ~= v or v == math.huge or v == -math.huge then error("cannot encode " .. (v ~= v and "NaN" or "infinity")) end
    return string.format("%.14g", v)
  elseif tv == "string" then return encode_string(v)
  elseif tv == "table" then
    local arr, n = isarray(v)
    local parts = {}
    if arr and n > 0 then
      for i = 1, n do parts[i] = encode(v[i]) end
      return "[" .. table.concat(parts, ",") .. "]"
    end
    local keys = {}
    for k in pairs(v) do
      if type(k) ~= "string" then error("non-string key") end
      keys[#keys + 1] = k
    end
    table.sort(keys)
    for i, k in ipairs(keys) do parts[i] = encode_string(k) .. ":" .. encode(v[k]) end
    return "{" .. table.concat(parts, ",") .. "}"
  end
  error("cannot encode " .. tv)
end

local decode
do
  local str, pos
  local function fail(msg) error(string.format("json error at %d: %s", pos, msg), 0) end
  local function ws() pos = str:find("[^ \t\r\n]", pos) or #str + 1 end
  local value
  local function parse_string()
    pos = pos + 1
    local buf = {}
    while true do
      local c = str:sub(pos, pos)
      if c == "" then fail("unterminated string") end
      if c == '"' then pos = pos + 1 break end
      if c == "\\" then
        local e = str:sub(pos + 1, pos + 1)
        local map = {['"'] = '"', ["\\"] = "\\", ["/"] = "/", b = "\b", f = "\f", n = "\n", r = "\r", t = "\t"}
        if map[e] then buf[#buf + 1] = map[e]; pos = pos + 2
        elseif e == "u" then
          local hex = str:match("^%x%x%x%x", pos + 2) or fail("bad unicode escape")
          buf[#buf + 1] = utf8.char(tonumber(hex, 16)); pos = pos + 6
        else fail("bad escape") end
      else buf[#buf + 1] = c; pos = pos + 1 end
    end
    return table.concat(buf)
  end
  local function parse_number()
    local num = str:match("^-?%d+%.?%d*[eE]?[-+]?%d*", pos)
    if not num or num == "" then fail("bad number") end
    pos = pos + #num
    return math.tointeger(tonumber(num)) or tonumber(num) or fail("bad number")
  end
  function value()
    ws()
    local c = str:sub(pos, pos)
    if c == "{" then
      pos = pos + 1
      local obj = {}
      ws()
      if str:sub(pos, pos) == "}" then pos = pos + 1 return obj end
      while true do
        ws()
        if str:sub(pos, pos) ~= '"' then fail("expected key") end
        local k = parse_string()
        ws()
        if str:sub(pos, pos) ~= ":" then fail("expected ':'") end
        pos = pos + 1
        obj[k] = value()
        ws()
        local d = str:sub(pos, pos)
        pos = pos + 1
        if d == "}" then return obj elseif d ~= "," then fail("expected ',' or '}'") end
      end
    elseif c == "[" then
      pos = pos + 1
      local arr = {}
      ws()
      if str:sub(pos, pos) == "]" then pos = pos + 1 return arr end
      while true do
        arr[#arr + 1] = value()
        ws()
        local d = str:sub(pos, pos)
        pos = pos + 1
        if d == "]" then return arr elseif d ~= "," then fail("expected ',' or ']'") end
      end
    elseif c == '"' then return parse_string()
    elseif c == "-" or c:match("%d") then return parse_number()
    elseif str:sub(pos, pos + 3) == "true" then pos = pos + 4 return true
    elseif str:sub(pos, pos + 4) == "false" then pos = pos + 5 return false
    elseif str:sub(pos, pos + 3) == "null" then pos = pos + 4 return nil
    end
    fail("unexpected character '" .. c .. "'")
  end
  function decode(s)
    str, pos = s, 1
    local v = value()
    ws()
    if pos <= #str then fail("trailing garbage") end
    return v
  end
end

local doc = {
  name = "MemV6", version = 6, ratio = 0.75, tags = {"os", "riscv", "lua"},
  nested = {a = {b = {c = {1, 2, {d = "deep"}}}}}, flag = true, off = false,
  text = 'quote " backslash \\ newline \n tab \t ctrl \1',
  big = math.maxinteger, neg = -12.5, exp = 1e-7, empty = {},
}
local js = encode(doc)
print(js)
local back = decode(js)
print(encode(back) == js)
print(back.nested.a.b.c[3].d, back.tags[2], back.big == math.maxinteger, math.type(back.version), back.ratio)

for _, s in ipairs({
  '[1, 2.5, -3e2, "x", true, false, null, {}]',
  '  {"a" : [ ] , "b":{"c":"\\u0041\\u00e9"} }  ',
  '"esc: \\" \\\\ \\/ \\n"',
  '123', '-0.5', '[[[[["deep"]]]]]',
}) do
  local ok, v = pcall(decode, s)
  print(ok, ok and encode(v):gsub("[\128-\255]", function(c) return string.format("<%02x>", c:byte()) end) or v)
end

for _, bad in ipairs({'[1, 2', '{"a" 1}', '"open', '[1,]', 'nul', '{"a":1}x', '"\\q"'}) do
  print(pcall(decode, bad))
end
print(pcall(encode, {1, 2, [4] = 4}))
print(pcall(encode, 0/0))
print(pcall(encode, print))

-- a larger round trip
local list = {}
for i = 1, 200 do list[i] = {id = i, name = "item" .. i, price = i * 0.25, tags = {i % 3 == 0 and "fizz" or "x", i % 5 == 0 and "buzz" or "y"}} end
local bigjs = encode({items = list, count = #list})
local parsed = decode(bigjs)
local total = 0
for _, it in ipairs(parsed.items) do total = total + it.price end
print(#bigjs, parsed.count, total, encode(parsed) == bigjs)

print("done json")
