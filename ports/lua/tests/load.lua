-- load.lua: load with string chunks, reader functions, chunk names, modes
-- and custom environments; _ENV tricks; string.dump round trip; dofile-free.

local f = load("return 1 + 2")
print(f())
print(load("return ...")(7, 8, 9))
print(load("x = 10; return x * 2")(), x)
x = nil

-- syntax errors are returned, not raised
print(load("return +"))
print(load("return 1 +", "=mychunk"))
print(load("local = 5", "@virtual.lua"))
print(load("retur 1", "chunkname-without-prefix"))

-- a reader function delivering pieces
local pieces = {"ret", "urn ", "'pie", "ces'", nil}
local i = 0
print(load(function() i = i + 1 return pieces[i] end)())
-- a reader returning an empty string ends the chunk
local done = false
print(load(function() if done then return "" end done = true return "return 99" end)())
print(pcall(load, function() return {} end))

-- environments
local env = {print = print, tostring = tostring}
local g = load("y = 5; z = (z or 0) + 1; return y + z", "envchunk", "t", env)
print(g(), g(), env.y, env.z, y)
local sandbox = load("return print == nil, math", "sb", "t", {})
print(sandbox())
print(pcall(load("return undefinedvar.field", "=sb2", "t", {})))

-- a restricted environment with an __index fallback
local logged = {}
local lenv = setmetatable({}, {__index = function(_, k) logged[#logged + 1] = k; return _G[k] end})
load("local s = string.upper('abc'); return math.max(1, 2), s", "=logged", "t", lenv)()
print(table.concat(logged, ","))

-- _ENV as a local
local function withenv()
  local _ENV = {answer = 42}
  return answer, tostring
end
print(withenv())
do
  local _ENV = setmetatable({}, {__index = _G})
  newglobal = "only here"
  print(newglobal, rawget(_G, "newglobal"))
end

-- mode checks ("t" rejects binary, "b" rejects text)
print(load("return 1", "m", "b"))
local dumped = string.dump(function(a, b) return a * b + 1 end)
print(type(dumped), dumped:sub(1, 4) == "\27Lua")
print(load(dumped, "d", "t"))
local undumped = load(dumped, "d", "b")
print(undumped(6, 7))
-- a loaded dump gets fresh upvalues; load sets the first one to the global
-- table (strip = true drops the debug info)
local up = 5
local withup = load(string.dump(function() return up end, true))
local okw, vw = pcall(withup)
print(okw, vw == _G)

-- compiling many small chunks
local total = 0
for n = 1, 200 do total = total + load("return " .. n .. " * 2")() end
print("sum of chunks", total)

-- a tiny expression evaluator built on load with a safe env
local function calc(expr)
  if expr:find("[^%d%s%+%-%*/%%%^%(%)%.]") then return nil, "bad characters" end
  local fn, err = load("return " .. expr, "=calc", "t", {})
  if not fn then return nil, err end
  local ok, v = pcall(fn)
  return ok and v or nil, not ok and v or nil
end
for _, e in ipairs({"1 + 2 * 3", "(1 + 2) * 3", "7 // 2", "7 / 2", "2 ^ 10", "1 +", "os.exit()", "10 % 4"}) do
  print(e, calc(e))
end

-- load a chunk that defines functions and returns a module table
local modsrc = [[
local M = {}
local count = 0
function M.inc() count = count + 1 return count end
function M.get() return count end
return M
]]
local M = load(modsrc, "=module")()
M.inc(); M.inc()
print("module", M.get())

-- line numbers inside a loaded chunk
print(pcall(load("local a = 1\nlocal b = 2\nerror('line three')", "=lines")))
print(pcall(load("\n\n\nerror('at four')")))

-- global functions visible through the default env
print(load("return type(print), _ENV == _G")())

print("done load")
