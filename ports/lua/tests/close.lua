-- close.lua: <close> and <const> locals -- closing order, closing on break,
-- return, error and goto, the error passed to __close, errors inside __close.

local log = {}
local function closer(name)
  return setmetatable({}, {__close = function(_, err)
    log[#log + 1] = name .. (err and ("(" .. tostring(err):gsub("^.-:%d+: ", "") .. ")") or "")
  end})
end
local function flush(label) print(label, table.concat(log, " ")); log = {} end

do
  local a <close> = closer("a")
  local b <close> = closer("b")
  local c <close> = nil      -- nil and false are allowed and ignored
  local d <close> = false
  log[#log + 1] = "body"
end
flush("block")

for i = 1, 3 do
  local x <close> = closer("x" .. i)
  if i == 2 then break end
end
flush("break")

local function early(n)
  local r <close> = closer("r")
  if n > 0 then return "early" end
  return "late"
end
print(early(1), early(0))
flush("return")

local ok, err = pcall(function()
  local p <close> = closer("p")
  local q <close> = closer("q")
  error("boom")
end)
print(ok, (err:gsub("^.-:%d+: ", "")))
flush("error")

-- an error inside __close replaces the original error
local ok2, err2 = pcall(function()
  local bad <close> = setmetatable({}, {__close = function() error("close failed", 0) end})
  local good <close> = closer("good")
  error("original", 0)
end)
print(ok2, err2)
flush("close error")

-- goto out of a block closes it
do
  local i = 0
  ::again::
  do
    local g <close> = closer("g" .. i)
    i = i + 1
    if i < 3 then goto again end
  end
end
flush("goto")

-- the value must have __close
print(pcall(function() local z <close> = {} end))
print(pcall(function() local z <close> = 42 end))

-- generic for closes its fourth value when the loop ends early
local function iter_with_close(n)
  local i = 0
  return function() i = i + 1; if i <= n then return i end end, nil, nil, closer("iter")
end
for v in iter_with_close(5) do if v == 2 then break end end
flush("for break")
for v in iter_with_close(2) do end
flush("for end")

-- closing a file handle via <close>
do
  local f <close> = assert(io.open("close_tmp.txt", "w"))
  f:write("closed automatically\n")
end
local f = assert(io.open("close_tmp.txt", "r"))
print(f:read("l"))
f:close()
print(os.remove("close_tmp.txt"))

-- <const>
local K <const> = 10
local S <const> = "str"
print(K * 2, S .. "!")
print(load("local c <const> = 1; c = 2"))
print(load("local c <foo> = 1"))

-- nested closes in coroutine closed by coroutine.close
local co = coroutine.create(function()
  local a <close> = closer("co_a")
  local b <close> = closer("co_b")
  coroutine.yield(1)
  log[#log + 1] = "never"
end)
print(coroutine.resume(co))
print(coroutine.close(co), coroutine.status(co))
flush("coroutine.close")

print("done close")
