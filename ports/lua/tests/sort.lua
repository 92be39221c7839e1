-- sort.lua: sorting algorithms written in Lua (insertion, merge, quick,
-- heap, counting) checked against table.sort on deterministic data,
-- stability checks, binary search.

local function lcg(seed)
  local s = seed
  return function(m) s = (s * 6364136223846793005 + 1442695040888963407); return (s >> 33) % m end
end

local function copy(t) local r = {} for i = 1, #t do r[i] = t[i] end return r end
local function same(a, b)
  if #a ~= #b then return false end
  for i = 1, #a do if a[i] ~= b[i] then return false end end
  return true
end
local function sorted(t, lt)
  lt = lt or function(x, y) return x < y end
  for i = 2, #t do if lt(t[i], t[i - 1]) then return false end end
  return true
end

local function insertion(t)
  for i = 2, #t do
    local v, j = t[i], i - 1
    while j >= 1 and t[j] > v do t[j + 1] = t[j]; j = j - 1 end
    t[j + 1] = v
  end
  return t
end

local function merge(t, lt)
  lt = lt or function(x, y) return x < y end
  local n = #t
  if n <= 1 then return t end
  local tmp = {}
  local width = 1
  while width < n do
    for lo = 1, n, 2 * width do
      local mid, hi = math.min(lo + width, n + 1), math.min(lo + 2 * width, n + 1)
      local i, j, k = lo, mid, lo
      while i < mid and j < hi do
        if lt(t[j], t[i]) then tmp[k] = t[j]; j = j + 1 else tmp[k] = t[i]; i = i + 1 end
        k = k + 1
      end
      while i < mid do tmp[k] = t[i]; i = i + 1; k = k + 1 end
      while j < hi do tmp[k] = t[j]; j = j + 1; k = k + 1 end
    end
    t, tmp = tmp, t
    width = width * 2
  end
  return t
end

local function quick(t, lo, hi)
  lo, hi = lo or 1, hi or #t
  while lo < hi do
    local p = t[(lo + hi) // 2]
    local i, j = lo, hi
    while i <= j do
      while t[i] < p do i = i + 1 end
      while t[j] > p do j = j - 1 end
      if i <= j then t[i], t[j] = t[j], t[i]; i = i + 1; j = j - 1 end
    end
    if j - lo < hi - i then quick(t, lo, j); lo = i else quick(t, i, hi); hi = j end
  end
  return t
end

local function heapsort(t)
  local n = #t
  local function sift(start, stop)
    local root = start
    while 2 * root <= stop do
      local child = 2 * root
      if child + 1 <= stop and t[child] < t[child + 1] then child = child + 1 end
      if t[root] < t[child] then t[root], t[child] = t[child], t[root]; root = child else return end
    end
  end
  for s = n // 2, 1, -1 do sift(s, n) end
  for stop = n, 2, -1 do t[1], t[stop] = t[stop], t[1]; sift(1, stop - 1) end
  return t
end

local function counting(t, maxv)
  local c = {}
  for v = 0, maxv do c[v] = 0 end
  for _, v in ipairs(t) do c[v] = c[v] + 1 end
  local r = {}
  for v = 0, maxv do for _ = 1, c[v] do r[#r + 1] = v end end
  return r
end

local rnd = lcg(2024)
for _, n in ipairs({0, 1, 2, 10, 100, 1000, 3000}) do
  local data = {}
  for i = 1, n do data[i] = rnd(1000) end
  local ref = copy(data)
  table.sort(ref)
  local ins = n <= 1000 and insertion(copy(data)) or ref
  local res = {
    same(ref, ins), same(ref, merge(copy(data))), same(ref, quick(copy(data))),
    same(ref, heapsort(copy(data))), same(ref, counting(data, 999)), sorted(ref),
  }
  for i = 1, #res do res[i] = tostring(res[i]) end
  print(n, table.concat(res, " "), n > 0 and ref[1] or "-", n > 0 and ref[n] or "-")
end

-- special inputs
local asc, desc, const = {}, {}, {}
for i = 1, 500 do asc[i] = i; desc[i] = 501 - i; const[i] = 7 end
print(same(quick(copy(desc)), asc), same(heapsort(copy(desc)), asc), same(merge(copy(const)), const))
local d2 = copy(desc); table.sort(d2); print(same(d2, asc))

-- merge sort is stable: sort records by key only, check original order kept
local recs = {}
for i = 1, 200 do recs[i] = {key = rnd(10), seq = i} end
local ms = merge(copy(recs), function(a, b) return a.key < b.key end)
local stable = true
for i = 2, #ms do
  if ms[i].key == ms[i - 1].key and ms[i].seq < ms[i - 1].seq then stable = false end
end
print("merge stable", stable, sorted(ms, function(a, b) return a.key < b.key end))
local firsts = {}
for i = 1, #ms do if i == 1 or ms[i].key ~= ms[i - 1].key then firsts[#firsts + 1] = ms[i].key .. ":" .. ms[i].seq end end
print(table.concat(firsts, " "))

-- strings and a descending comparator
local words = {}
for w in ("the quick brown fox jumps over the lazy dog and keeps running far away"):gmatch("%a+") do words[#words + 1] = w end
table.sort(words)
print(table.concat(words, " "))
table.sort(words, function(a, b) if #a ~= #b then return #a > #b end return a < b end)
print(table.concat(words, " "))

-- binary search
local function bsearch(t, v)
  local lo, hi = 1, #t
  while lo <= hi do
    local mid = (lo + hi) // 2
    if t[mid] == v then return mid elseif t[mid] < v then lo = mid + 1 else hi = mid - 1 end
  end
  return nil, lo
end
local evens = {}
for i = 1, 100 do evens[i] = i * 2 end
print(bsearch(evens, 2), bsearch(evens, 200), bsearch(evens, 77), bsearch(evens, 0), bsearch(evens, 1000))

-- sort with a comparator that errors is reported
print(pcall(table.sort, {3, 1, 2}, function(a, b) error("cmp failed", 0) end))

print("done sort")
