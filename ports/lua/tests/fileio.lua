-- fileio.lua: io library on files -- write/read with "a", "l", "L", "n" and
-- byte counts, numbers written by write, append mode, io.lines/f:lines,
-- io.input/io.output redirection, io.type, closed files, a missing file.
-- Files are fileio_*.txt in the current directory and are removed at the end.

local A, B, N = "fileio_a.txt", "fileio_b.txt", "fileio_n.txt"

-- write and read back whole
local f = assert(io.open(A, "w"))
print(io.type(f), io.type(io.stdout), io.type(42))
print(f:write("line one\n", "line two\n", 3, " ", 4.5, " ", -7, "\n") == f)
f:write("no newline at end")
print(f:close(), io.type(f))
print(pcall(f.write, f, "x"))
print(pcall(f.read, f))

f = assert(io.open(A, "r"))
local all = f:read("a")
print(#all, (all:gsub("\n", "|")))
print(f:read("a") == "", f:read("l"), f:read(0), f:read(1))
f:close()

-- line formats
f = assert(io.open(A))
print(f:read("l"))
print((f:read("L"):gsub("\n", "<NL>")))
print(f:read("n", "n", "n"))
print(f:read("l"), f:read("l"), f:read("l"))
f:close()

-- several formats in one call, counts
f = assert(io.open(A, "rb"))
local a, b, c = f:read(4, 1, "l")
print(a, b, c)
print(f:read(0), f:read(3), #f:read(100), f:read(5))
f:close()

-- numbers with read("n")
f = assert(io.open(N, "w"))
f:write("10 -3 2.5 1e3 0x1F  -0.125\n 7\n42abc")
f:close()
f = assert(io.open(N))
local nums = {}
for _ = 1, 7 do nums[#nums + 1] = f:read("n") end
for i = 1, #nums do nums[i] = string.format("%s(%s)", nums[i], math.type(nums[i])) end
print(table.concat(nums, " "))
print(f:read("n"), f:read("a"))
f:close()

-- append mode
f = assert(io.open(B, "w")) f:write("first\n") f:close()
f = assert(io.open(B, "a")) f:write("second\n") f:close()
f = assert(io.open(B, "a")) f:write("third\n", 4, "\n") f:close()
local lines = {}
for l in io.lines(B) do lines[#lines + 1] = l end
print(#lines, table.concat(lines, ","))

-- io.lines with formats, and f:lines
local pairs_read = {}
for w, n in io.lines(N, 2, "n") do
  pairs_read[#pairs_read + 1] = w .. ":" .. tostring(n)
  if #pairs_read == 2 then break end
end
print(table.concat(pairs_read, " "))
f = assert(io.open(B))
local cnt = 0
for l in f:lines("L") do cnt = cnt + #l end
print("bytes via lines(L)", cnt)
f:close()

-- many lines: write, then count and checksum on read
f = assert(io.open(A, "w"))
for i = 1, 500 do f:write(string.format("%04d:%s\n", i, string.rep(string.char(97 + i % 26), i % 40))) end
f:close()
local count, sum, longest = 0, 0, 0
for l in io.lines(A) do
  count = count + 1
  longest = math.max(longest, #l)
  for j = 1, #l do sum = (sum + l:byte(j) * j) % 1000000007 end
end
print("lines", count, "checksum", sum, "longest", longest)

-- r+ : overwrite in place (seek between writing and reading)
f = assert(io.open(B, "w")) f:write("0123456789") f:close()
f = assert(io.open(B, "r+"))
f:write("AB")
f:seek("set", 5)
f:write("xy")
f:seek("set", 0)
print(f:read("a"))
f:close()

-- w+ : write then read back through the same handle
f = assert(io.open(B, "w+"))
f:write("hello w+ mode")
f:seek("set", 6)
print(f:read("a"))
f:close()

-- io.output / io.input redirection
io.output(A)
io.write("via io.write 1\n", 2, "\n")
io.close()
io.output(io.stdout)
io.input(A)
print(io.read("l"), io.read("n"))
io.input():close()
io.input(io.stdin)
print(pcall(io.close))  -- closing the standard output is refused
for l in io.lines(A) do io.write("[", l, "]") end
io.write("\n")

-- a missing file gives nil plus a message (only nil-ness is printed)
local mf, msg, code = io.open("fileio_missing.txt", "r")
print(mf == nil, type(msg), math.type(code))
print((pcall(io.lines, "fileio_missing.txt")))  -- the message holds strerror text
print(pcall(io.open, A, "rw"))

print(os.remove(A), os.remove(B), os.remove(N))
print(io.open(A) == nil)
print("done fileio")
