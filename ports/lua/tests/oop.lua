-- oop.lua: object orientation with metatables -- classes, constructors,
-- inheritance chains, super calls, overriding, mixins, class-level counters,
-- __tostring/__eq/__lt on instances, private state via closures.

local function class(parent)
  local c = {}
  c.__index = c
  if parent then setmetatable(c, {__index = parent}) end
  c.super = parent
  c.new = function(...)
    local o = setmetatable({}, c)
    if o.init then o:init(...) end
    return o
  end
  return c
end

local Animal = class()
Animal.count = 0
function Animal:init(name, sound) self.name = name; self.sound = sound or "..."; Animal.count = Animal.count + 1 end
function Animal:speak() return self.name .. " says " .. self.sound end
function Animal:kind() return "animal" end
Animal.__tostring = function(self) return "<" .. self:kind() .. " " .. self.name .. ">" end

local Dog = class(Animal)
function Dog:init(name, breed) Animal.init(self, name, "woof"); self.breed = breed end
function Dog:kind() return "dog" end
function Dog:fetch() return self.name .. " fetches" end
Dog.__tostring = Animal.__tostring

local Puppy = class(Dog)
function Puppy:init(name, breed) Dog.init(self, name, breed); self.sound = "yip" end
function Puppy:kind() return "puppy(" .. self.super.kind(self) .. ")" end
Puppy.__tostring = Animal.__tostring

local a = Animal.new("generic")
local d = Dog.new("rex", "lab")
local p = Puppy.new("bit", "pug")
print(a:speak(), d:speak(), p:speak())
print(tostring(a), tostring(d), tostring(p))
print(d:fetch(), p:fetch(), a.fetch)
print(Animal.count, d.breed, p.breed, rawget(p, "speak"))
print(getmetatable(p) == Puppy, getmetatable(Puppy).__index == Dog, Puppy.super == Dog)

local function isinstance(o, cls)
  local m = getmetatable(o)
  while m do
    if m == cls then return true end
    m = m.super
  end
  return false
end
print(isinstance(p, Animal), isinstance(p, Dog), isinstance(d, Puppy), isinstance(a, Dog))

-- method resolution order
local function mro(cls)
  local names = {}
  local namesOf = {[Animal] = "Animal", [Dog] = "Dog", [Puppy] = "Puppy"}
  while cls do names[#names + 1] = namesOf[cls]; cls = cls.super end
  return table.concat(names, " -> ")
end
print(mro(Puppy))

-- class with operators
local Money = class()
function Money:init(cents) self.cents = cents end
Money.__add = function(x, y) return Money.new(x.cents + y.cents) end
Money.__eq = function(x, y) return x.cents == y.cents end
Money.__lt = function(x, y) return x.cents < y.cents end
Money.__le = function(x, y) return x.cents <= y.cents end
Money.__tostring = function(x) return string.format("$%d.%02d", x.cents // 100, x.cents % 100) end
local m1, m2 = Money.new(1050), Money.new(299)
print(tostring(m1 + m2), m1 == Money.new(1050), m2 < m1, m1 <= m2)
local wallet = {Money.new(500), Money.new(125), Money.new(9999), Money.new(1)}
table.sort(wallet)
local ws = {}
for i, m in ipairs(wallet) do ws[i] = tostring(m) end
print(table.concat(ws, " "))

-- mixins
local Serializable = {
  serialize = function(self)
    local keys = {}
    for k, v in pairs(self) do if type(v) ~= "function" then keys[#keys + 1] = k end end
    table.sort(keys)
    local parts = {}
    for _, k in ipairs(keys) do parts[#parts + 1] = k .. "=" .. tostring(self[k]) end
    return "{" .. table.concat(parts, ";") .. "}"
  end,
}
local function include(cls, mixin) for k, v in pairs(mixin) do cls[k] = v end end
include(Dog, Serializable)
print(d:serialize(), p:serialize())

-- private state through closures
local function Account(initial)
  local balance = initial
  local self = {}
  function self.deposit(v) if v <= 0 then error("invalid amount", 2) end balance = balance + v end
  function self.withdraw(v) if v > balance then return false, "insufficient funds" end balance = balance - v return true end
  function self.balance() return balance end
  return self
end
local acct = Account(100)
acct.deposit(50)
print(acct.withdraw(30), acct.withdraw(500))
print(acct.balance(), acct.balance == nil, pcall(acct.deposit, -5))

-- stack and queue classes
local Stack = class()
function Stack:init() self.items, self.n = {}, 0 end
function Stack:push(v) self.n = self.n + 1; self.items[self.n] = v; return self end
function Stack:pop() local v = self.items[self.n]; self.items[self.n] = nil; self.n = self.n - 1; return v end
function Stack:peek() return self.items[self.n] end
Stack.__len = function(s) return s.n end
local st = Stack.new():push(1):push(2):push(3)
print(#st, st:pop(), st:peek(), #st)

local Queue = class()
function Queue:init() self.first, self.last, self.items = 1, 0, {} end
function Queue:push(v) self.last = self.last + 1; self.items[self.last] = v end
function Queue:pop()
  if self.first > self.last then return nil end
  local v = self.items[self.first]
  self.items[self.first] = nil
  self.first = self.first + 1
  return v
end
local q = Queue.new()
for i = 1, 5 do q:push(i * i) end
print(q:pop(), q:pop(), q:pop(), q:pop(), q:pop(), q:pop())

-- shapes: polymorphic dispatch
local Shape = class()
function Shape:area() return 0 end
function Shape:describe() return string.format("%s area=%.2f", self.label, self:area()) end
local Rect = class(Shape)
function Rect:init(w, h) self.w, self.h, self.label = w, h, "rect" end
function Rect:area() return self.w * self.h end
local Circle = class(Shape)
function Circle:init(r) self.r, self.label = r, "circle" end
function Circle:area() return 3 * self.r * self.r end  -- integer "pi" keeps it exact
local Square = class(Rect)
function Square:init(s) Rect.init(self, s, s); self.label = "square" end
local total = 0
for _, s in ipairs({Rect.new(2, 3), Circle.new(2), Square.new(4), Rect.new(1.5, 2)}) do
  print(s:describe())
  total = total + s:area()
end
print("total area", total)

-- calling a missing method gives a clear error
print(pcall(function() return a:fetch() end))

print("done oop")
