-- sort x10: ten rounds of the insertion sort of ../sort.lua.
local N = 3000
for round = 1, 10 do
  local a = {}
  local x = 42
  for i = 1, N do
    x = (x * 75 + 74) % 65537
    a[i] = x
  end
  for i = 2, N do
    local v = a[i]
    local j = i - 1
    while j >= 1 and a[j] > v do
      a[j + 1] = a[j]
      j = j - 1
    end
    a[j + 1] = v
  end
  local h, ok = 0, 1
  for i = 1, N do
    h = (h * 31 + a[i]) % 1000003
    if i > 1 and a[i - 1] > a[i] then ok = 0 end
  end
  print(ok, a[1], a[N], h)
end
