-- arrays x10: ten rounds of ../arrays.lua.
local N = 1000000
for round = 1, 10 do
  local t = {}
  for i = 1, N do
    t[i] = i % 1000
  end
  local s = 0
  for i = 1, #t do
    s = s + t[i]
  end
  print(#t, s)
end
