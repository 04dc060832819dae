-- binary_trees: allocate and walk complete binary trees (Benchmarks Game shape), depth 4..13.
local function make(d)
  if d == 0 then
    return { left = 0, right = 0, leaf = true }
  else
    return { left = make(d - 1), right = make(d - 1), leaf = false }
  end
end

local function check(t)
  if t.leaf then return 1 else return 1 + check(t.left) + check(t.right) end
end

local max_depth = 13
local long_lived = make(max_depth)
local total = 0
local d = 4
while d <= max_depth do
  local iters = 1
  for k = 1, max_depth - d + 4 do
    iters = iters * 2
  end
  local c = 0
  for i = 0, iters - 1 do
    c = c + check(make(d))
  end
  total = total + c
  d = d + 2
end
print(total, check(long_lived))
