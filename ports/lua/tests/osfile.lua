-- osfile.lua: os.remove/os.rename on files this script creates (relative
-- names osfile_*.txt), failure results (nil-ness only, never OS messages),
-- and type-only checks of os.time/os.clock/os.date/os.difftime.

local function exists(name)
  local f = io.open(name, "r")
  if f then f:close() return true end
  return false
end
local function write(name, text) local f = assert(io.open(name, "w")) f:write(text) f:close() end
local function read(name) local f = assert(io.open(name, "r")) local s = f:read("a") f:close() return s end

local A, B, C = "osfile_a.txt", "osfile_b.txt", "osfile_c.txt"
write(A, "alpha")
print(exists(A), exists(B))

-- rename to a new name
print(os.rename(A, B))
print(exists(A), exists(B), read(B))

-- rename over an existing file replaces it
write(C, "gamma")
print(os.rename(B, C))
print(exists(B), read(C))

-- failures return nil (messages differ between systems, so only nil-ness)
local r1 = os.rename("osfile_none.txt", A)
print(r1 == nil, exists(A))
local r2, m2, c2 = os.remove("osfile_none.txt")
print(r2 == nil, type(m2), math.type(c2))

-- remove
print(os.remove(C), exists(C))
local r3 = os.remove(C)
print(r3 == nil)

-- create, rename and remove several files in a loop
local names = {}
for i = 1, 5 do
  names[i] = "osfile_" .. i .. ".txt"
  write(names[i], string.rep(tostring(i), i))
end
for i = 1, 5 do
  local new = "osfile_r" .. i .. ".txt"
  assert(os.rename(names[i], new))
  names[i] = new
end
local total = 0
for i = 1, 5 do total = total + #read(names[i]) end
print("renamed files total size", total)
local removed = 0
for i = 1, 5 do if os.remove(names[i]) then removed = removed + 1 end end
print("removed", removed, exists(names[1]))

-- types only: clocks and dates are never printed
print(math.type(os.time()), type(os.clock()), type(os.date()), type(os.date("*t")))
print(type(os.difftime(os.time(), os.time())), os.time() >= 0)
local t0 = os.clock()
local x = 0
for i = 1, 100000 do x = x + i end
print("clock is monotonic", os.clock() >= t0, x)
print(os.time({year = 2000, month = 1, day = 1, hour = 12}) ~= nil)

print("done osfile")
