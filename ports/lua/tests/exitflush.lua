-- os.exit with a file still open: C's exit flushes every open stream
-- (stdout too); exitread.lua, run next, reads what this one wrote.
local f = assert(io.open("exitflush.txt", "w"))
f:write("written before os.exit, never closed\n")
print("done exitflush")
os.exit(0)
