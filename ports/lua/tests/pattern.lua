-- pattern.lua: string.find/match/gmatch/gsub -- character classes, sets,
-- anchors, quantifiers, captures (positional, back-references), %b, %f.

print(string.find("hello world", "wor"))
print(string.find("hello world", "o", 6))
print(string.find("hello world", "l+"))
print(string.find("a.b.c", ".", 1, true), string.find("a.b.c", "%."))
print(string.find("hello", "xyz"), string.find("", ""), string.find("abc", "", 10))
print(string.find("hello world", "(o)%s(w)"))
print(string.find("abc", "b", -1), string.find("abc", "b", -2))

print(string.match("key = value", "(%w+)%s*=%s*(%w+)"))
print(string.match("2024-01-15", "(%d+)-(%d+)-(%d+)"))
print(string.match("  trim me  ", "^%s*(.-)%s*$") .. "|")
print(string.match("hello", "()ll()"))
print(string.match("abc123def", "%a+"), string.match("abc123def", "%d+"))
print(string.match("abc", "^b"), string.match("abc", "c$"), string.match("abc", "^abc$"))
print(string.match("aaa", "a-"), string.match("aaa", "a-$"), string.match("aaa", "a*"))
print(string.match("color colour", "colou?r"), string.match("xcolourx", "colou?r"))
print(string.match("[test]", "%[(.-)%]"), string.match("f(a(b)c)d", "%b()"))
print(string.match("THE (quick) fox", "%f[%a]%a+"), string.match("hello", ".-(l+)(.*)"))
print(string.match("x = 'it''s'", "(['\"])(.-)%1"))
print(string.match("abcABC123_-", "[%u_]+"), string.match("abc-+*", "[%-+*]+"))
print(string.match("hex: 0x1F", "0x(%x+)"), string.match("a,b;;c", "[^,;]+$"))
print(string.match("\t\n x", "%s+()"), string.match("ctrl\1char", "%c"):byte())
print(string.match("punct!?", "%p+"), string.match("A1b2", "[%l%d]+"))
print(string.match("hello", "(h)(e)(l)(l)(o)"))
print(string.match("today is 12/05", "(%d+)/(%d+)", 5))

-- gmatch
local words = {}
for w in string.gmatch("one two  three\tfour", "%a+") do words[#words + 1] = w end
print(#words, table.concat(words, ","))
for k, v in string.gmatch("a=1, b=2, c=3", "(%w+)=(%w+)") do io.write(k, "->", v, " ") end
print()
for pos in string.gmatch("abcabc", "()b") do io.write(pos, " ") end
print()
for a in string.gmatch("abc", "") do io.write("[", a, "]") end
print()
local n = 0
for w in string.gmatch("x1 x2 x3 x4", "x%d", 4) do n = n + 1 end
print("gmatch with init", n)

-- gsub
print(string.gsub("hello world", "o", "0"))
print(string.gsub("hello world", "o", "0", 1))
print(string.gsub("hello world", "(%w+)", "<%1>"))
print(string.gsub("hello world", "%w+", "%0 %0"))
print(string.gsub("abc", "", "-"))
print(string.gsub("hello world", "(%w+) (%w+)", "%2 %1"))
print(string.gsub("$name is $age", "%$(%w+)", {name = "Lua", age = 31}))
print(string.gsub("$name is $unknown", "%$(%w+)", {name = "Lua"}))
print(string.gsub("1 2 3 4", "%d", function(d) return d * d end))
print(string.gsub("a b c", "%w", function(c) if c == "b" then return false end return c:upper() end))
print(string.gsub("100%", "%%", " percent"))
print(string.gsub("a.b.c", "%.", "%%"))
print(string.gsub("  x  y  ", "^%s+", ""))
print(string.gsub("camelCaseString", "(%u)", function(c) return "_" .. c:lower() end))
print(string.gsub("f(x) + g(h(y))", "%b()", "[]"))
print(string.gsub("THE (quick) brown fox", "%f[%a]%a", string.lower))
print(string.gsub("abc", ".", {a = 1, b = false}))

-- a small tokenizer
local src = "local x = 10 + foo(y, 'str') -- comment"
local toks = {}
local i = 1
while i <= #src do
  local s, e = src:find("^%s+", i)
  if s then i = e + 1 else
    local tok
    for _, p in ipairs{"^%-%-.*", "^%a[%w_]*", "^%d+", "^'[^']*'", "^[%+%-%*/=%(%),]"} do
      s, e = src:find(p, i)
      if s then tok = src:sub(s, e); break end
    end
    toks[#toks + 1] = tok or "?"
    i = (e or i) + 1
  end
end
print(#toks, table.concat(toks, " | "))

-- errors
print(pcall(string.find, "a", "[a"))
print(pcall(string.find, "a", "(a"))
print(pcall(string.gsub, "a", "(a)", "%2"))
print(pcall(string.match, "a", "%"))
print(pcall(string.rep, "x", -1))

print("done pattern")
