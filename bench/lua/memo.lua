-- memo: a memoized recursive function — Collatz chain lengths of 1..100,000 in a table
-- (217,212 entries).
local memo, n = {[1] = 0}, 1
local function steps(k)
  local v = memo[k]
  if v ~= nil then return v end
  local r
  if k % 2 == 0 then r = 1 + steps(k // 2) else r = 1 + steps(3 * k + 1) end
  memo[k] = r
  n = n + 1
  return r
end
local best, arg = 0, 0
for i = 1, 100000 do
  local s = steps(i)
  if s > best then best, arg = s, i end
end
print(arg, best, n)
