-- methods: method-heavy objects: small immutable vectors (add, scale, dot, len2) and a mutable
-- accumulator, 800,000 rounds (metatables with __index, the idiomatic Lua class).
local Vec = {}
Vec.__index = Vec
local function vec(x, y) return setmetatable({ x = x, y = y }, Vec) end
function Vec:add(o) return vec(self.x + o.x, self.y + o.y) end
function Vec:scale(k) return vec(self.x * k, self.y * k) end
function Vec:dot(o) return self.x * o.x + self.y * o.y end
function Vec:len2() return self:dot(self) end
function Vec:wrap(m) return vec(self.x % m, self.y % m) end

local Acc = {}
Acc.__index = Acc
function Acc:add(v)
  self.sum = (self.sum + v) % 1000003
  self.count = self.count + 1
end
function Acc:mean() return self.sum // self.count end

local acc = setmetatable({ sum = 0, count = 0 }, Acc)
local p = vec(1, 2)
local d = vec(3, 5)
for i = 0, 799999 do
  p = p:add(d):scale(3):wrap(1000)
  acc:add(p:len2() + p:dot(d))
end
print(acc.sum, acc.count, acc:mean(), p.x, p.y)
