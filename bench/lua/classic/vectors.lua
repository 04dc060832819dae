-- vectors: 3-float vector structs with methods, a new one per operation, 400,000 rounds.
local V = {}
V.__index = V
local function new(x, y, z) return setmetatable({x = x, y = y, z = z}, V) end
function V:add(o) return new(self.x + o.x, self.y + o.y, self.z + o.z) end
function V:scale(k) return new(self.x * k, self.y * k, self.z * k) end
function V:dot(o) return self.x * o.x + self.y * o.y + self.z * o.z end
local acc, d = new(0.0, 0.0, 0.0), 0.0
for i = 0, 399999 do
  local v = new(i * 0.001, 1.5, -0.25)
  acc = acc:add(v:scale(0.5))
  d = d + acc:dot(v) * 0.000001
end
print(string.format("%.3f %.3f %.3f", acc.x, acc.y, d))
