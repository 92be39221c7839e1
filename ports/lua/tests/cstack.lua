-- C-stack depth: nested pcall down to Lua's limit of C calls (200), and
-- xpcall whose handler itself fails (Lua retries it up to that limit).
local function nest(n)
  if n == 0 then return "bottom" end
  local ok, v = pcall(nest, n - 1)
  return ok and v or ("error at " .. n)
end
print(nest(150))
local depth = 0
local function dive()
  depth = depth + 1
  return pcall(dive)
end
local r = table.pack(dive())
print(r.n, r[r.n - 1], r[r.n])
print("pcall nesting reached the limit", depth > 150)
print(xpcall(error, function(m) error("handler fails") end, "boom"))
print(select("#", xpcall(function() return 1, 2, 3 end, print)))
print("done cstack")
