-- queens.lua: backtracking -- n-queens counts for n = 1..9, first board for
-- n = 8, permutations, subsets, a sudoku solver and a maze BFS.

local function queens(n, wantfirst)
  local cols, d1, d2 = {}, {}, {}
  local pos = {}
  local count, first = 0, nil
  local function place(r)
    if r > n then
      count = count + 1
      if wantfirst and not first then first = {table.unpack(pos, 1, n)} end
      return
    end
    for c = 1, n do
      if not cols[c] and not d1[r + c] and not d2[r - c + n] then
        cols[c], d1[r + c], d2[r - c + n] = true, true, true
        pos[r] = c
        place(r + 1)
        cols[c], d1[r + c], d2[r - c + n] = false, false, false
      end
    end
  end
  place(1)
  return count, first
end

local counts = {}
for n = 1, 9 do counts[n] = (queens(n)) end
print("solutions", table.concat(counts, " "))
local _, board = queens(8, true)
print("first 8-queens", table.concat(board, ""))
for r = 1, 8 do
  local row = {}
  for c = 1, 8 do row[c] = board[r] == c and "Q" or "." end
  print(table.concat(row))
end

-- permutations in lexicographic order (next-permutation)
local function nextperm(a)
  local i = #a - 1
  while i >= 1 and a[i] >= a[i + 1] do i = i - 1 end
  if i < 1 then return false end
  local j = #a
  while a[j] <= a[i] do j = j - 1 end
  a[i], a[j] = a[j], a[i]
  local l, r = i + 1, #a
  while l < r do a[l], a[r] = a[r], a[l]; l = l + 1; r = r - 1 end
  return true
end
local a = {1, 2, 3, 4}
local perms = {table.concat(a)}
while nextperm(a) do perms[#perms + 1] = table.concat(a) end
print(#perms, table.concat(perms, " ", 1, 8), perms[#perms])

-- subsets summing to a target
local items = {3, 34, 4, 12, 5, 2, 9, 7}
local found = {}
local function subset(i, remaining, chosen)
  if remaining == 0 then found[#found + 1] = table.concat(chosen, "+") return end
  if i > #items or remaining < 0 then return end
  chosen[#chosen + 1] = items[i]
  subset(i + 1, remaining - items[i], chosen)
  chosen[#chosen] = nil
  subset(i + 1, remaining, chosen)
end
subset(1, 16, {})
print(#found, table.concat(found, " "))

-- sudoku solver
local puzzle = {
  "53..7....", "6..195...", ".98....6.", "8...6...3", "4..8.3..1",
  "7...2...6", ".6....28.", "...419..5", "....8..79",
}
local grid = {}
for r = 1, 9 do
  grid[r] = {}
  for c = 1, 9 do
    local ch = puzzle[r]:sub(c, c)
    grid[r][c] = ch == "." and 0 or tonumber(ch)
  end
end
local function ok(r, c, v)
  for i = 1, 9 do if grid[r][i] == v or grid[i][c] == v then return false end end
  local br, bc = (r - 1) // 3 * 3, (c - 1) // 3 * 3
  for i = 1, 3 do for j = 1, 3 do if grid[br + i][bc + j] == v then return false end end end
  return true
end
local tries = 0
local function solve()
  for r = 1, 9 do for c = 1, 9 do
    if grid[r][c] == 0 then
      for v = 1, 9 do
        if ok(r, c, v) then
          tries = tries + 1
          grid[r][c] = v
          if solve() then return true end
          grid[r][c] = 0
        end
      end
      return false
    end
  end end
  return true
end
print("sudoku solved", solve(), "tries", tries)
for r = 1, 9 do print(table.concat(grid[r])) end

-- BFS shortest path in a maze
local maze = {
  "S.#.......",
  ".##.####.#",
  "....#....#",
  "###.#.##.#",
  "#...#..#..",
  "#.####.##.",
  "#......#.E",
}
local H, W = #maze, #maze[1]
local sr, sc, er, ec
for r = 1, H do for c = 1, W do
  local ch = maze[r]:sub(c, c)
  if ch == "S" then sr, sc = r, c elseif ch == "E" then er, ec = r, c end
end end
local dist = {}
local queue, head = {{sr, sc}}, 1
dist[sr * 100 + sc] = 0
while head <= #queue do
  local r, c = queue[head][1], queue[head][2]
  head = head + 1
  for _, d in ipairs({{1, 0}, {-1, 0}, {0, 1}, {0, -1}}) do
    local nr, nc = r + d[1], c + d[2]
    if nr >= 1 and nr <= H and nc >= 1 and nc <= W and maze[nr]:sub(nc, nc) ~= "#" and not dist[nr * 100 + nc] then
      dist[nr * 100 + nc] = dist[r * 100 + c] + 1
      queue[#queue + 1] = {nr, nc}
    end
  end
end
print("maze shortest path", dist[er * 100 + ec], "cells reached", #queue)

print("done queens")
