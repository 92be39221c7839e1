-- error.lua: error/pcall/xpcall -- string and table errors, levels and
-- positions, assert messages, message handlers, rethrow, tostring of errors,
-- runtime error messages with variable names.

print(pcall(error, "plain message"))
print(pcall(error, "no position", 0))
print(pcall(function() error("level 1") end))
local function thrower(level) error("level " .. level, level) end
local function caller(level) thrower(level) end  -- line 9
print(pcall(caller, 1))
print(pcall(caller, 2))
print(pcall(caller, 0))

-- error values of any type
local ok, e = pcall(error, {code = 404, msg = "not found"})
print(ok, type(e), e.code, e.msg)
print(pcall(error, 42))
print(pcall(error, nil))
print(pcall(error, true))
print(pcall(error))
print(select("#", pcall(error)))

-- error objects with __tostring
local Err = {__tostring = function(self) return "Err(" .. self.code .. ")" end}
local ok2, e2 = pcall(function() error(setmetatable({code = 5}, Err)) end)
print(ok2, tostring(e2), getmetatable(e2) == Err)

-- assert
print(pcall(assert, false))
print(pcall(assert, nil, "custom assert message"))
local ok5, e5 = pcall(assert, false, {1, 2, 3})
print(ok5, type(e5), #e5)
print(assert(1, "unused"), select("#", assert(1, 2, 3)))
print(pcall(assert))
local ok3, e3 = pcall(function() assert(1 == 2, "math broke") end)
print(ok3, e3)

-- xpcall with handlers
local function handler(err) return "handled: " .. tostring(err) end
print(xpcall(function() error("oops") end, handler))
print(xpcall(function() return "fine", 2 end, handler))
print(xpcall(function(a, b) return a + b end, handler, 3, 4))
print(xpcall(function() local t = nil; return t.x end, handler))
print(xpcall(function() error({}) end, function(err) return type(err) end))
-- (an error inside the handler itself is not tested: Lua retries the handler
-- up to LUAI_MAXCCALLS levels of C recursion, more C stack than some targets have)

-- handler sees the level and can inspect debug info (no traceback printed)
print(xpcall(function() error("deep") end, function(m)
  local info = debug.getinfo(3, "Sl")
  return m .. " @" .. info.short_src .. ":" .. info.currentline
end))

-- nested pcall and rethrow
local function inner() error("inner failure") end
local function middle()
  local ok, err = pcall(inner)
  if not ok then error("middle caught [" .. err .. "]", 0) end
end
print(pcall(middle))

-- runtime errors and their messages
local t = {}
print(pcall(function() return t.a.b end))
print(pcall(function() return undefined_global.x end))
print(pcall(function() undefined_func() end))
print(pcall(function() t:nomethod() end))
print(pcall(function() return 1 + {} end))
print(pcall(function() return "abc" + 1 end))
print(pcall(function() return #5 end))
print(pcall(function() return -{} end))
print(pcall(function() return 1 < "2" end))
print(pcall(function() return {} .. "x" end))
print(pcall(function() local s = "x"; return s.y.z end))
print(pcall(function() t[nil] = 1 end))
print(pcall(function() t[0/0] = 1 end))
print(pcall(function() return math.floor("x") end))
print(pcall(function() return ("x"):rep(1, 2, 3, {}) end))
print(pcall(string.sub, "x", {}))
print(pcall(setmetatable, 1, {}))
print(pcall(function() for i = 1, 10, 0 do end end))
print(pcall(function() for i = "a", 2 do end end))
print(pcall(next, {}, "nokey"))
print(pcall(function() return 2^53 | 0, 1.5 | 0 end))
print(pcall(function() return "1.5" | 0 end))
print(pcall(function() return 1 << {} end))
print(pcall(ipairs))
print(pcall(rawlen, 5))
print(pcall(tonumber, "10", 99))
print(pcall(tostring))

-- errors carry through multiple frames, and the stack unwinds cleanly
local depth = 0
local function recurse(n) depth = depth + 1; if n == 0 then error("bottom", 0) end; return recurse(n - 1) + 1 end
print(pcall(recurse, 100), depth)

-- error() inside a coroutine inside pcall
print(pcall(coroutine.wrap(function() error("in coroutine", 0) end)))

-- tostring/concatenation of error values
local ok4, e4 = pcall(error, 3.5)
print(ok4, e4, math.type(e4), "msg: " .. e4)

print("done error")
