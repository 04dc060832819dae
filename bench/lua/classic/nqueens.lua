-- nqueens: count the solutions of the n-queens problem by backtracking, n = 11, seven times.
local function place(n, row, cols, d1, d2)
  if row == n then return 1 end
  local count = 0
  for c = 0, n - 1 do
    if not cols[c] and not d1[row + c] and not d2[row - c + n - 1] then
      cols[c] = true
      d1[row + c] = true
      d2[row - c + n - 1] = true
      count = count + place(n, row + 1, cols, d1, d2)
      cols[c] = false
      d1[row + c] = false
      d2[row - c + n - 1] = false
    end
  end
  return count
end

local function solve(n)
  local cols, d1, d2 = {}, {}, {}
  for i = 0, n - 1 do cols[i] = false end
  for i = 0, 2 * n - 1 do
    d1[i] = false
    d2[i] = false
  end
  return place(n, 0, cols, d1, d2)
end

local total = 0
for k = 1, 7 do
  total = total + solve(11)
end
print(solve(8), total)
