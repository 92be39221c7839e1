-- What exitflush.lua wrote to a file it never closed, then removes it.
local f = io.open("exitflush.txt", "r")
print(f and f:read("a") or "missing")
if f then f:close() end
os.remove("exitflush.txt")
print("done exitread")
