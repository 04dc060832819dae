-- objects x10: ten rounds of ../objects.lua.
local N = 1000000
for round = 1, 10 do
  local pts = {}
  for i = 1, N do
    pts[i] = { x = i % 1000, y = i % 7 }
  end
  local s = 0
  for i = 1, N do
    local p = pts[i]
    s = s + p.x + p.y
  end
  print(s)
end
