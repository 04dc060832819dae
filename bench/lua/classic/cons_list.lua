-- cons_list: a linked list as nested pairs, built and summed (mod 1,000,003), 20 × 50,000.
local function build(n)
  local l = nil
  for i = 0, n - 1 do l = {i, l} end
  return l
end
local function sum(l)
  local acc = 0
  while l do acc = (acc + l[1]) % 1000003; l = l[2] end
  return acc
end
local t = 0
for r = 1, 20 do t = (t + sum(build(50000))) % 1000003 end
print(t)
