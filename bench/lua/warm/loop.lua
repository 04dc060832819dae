-- loop x10: the while-loop of ../loop.lua, ten rounds.
for round = 1, 10 do
  local s, i = 0, 1
  while i <= 10000000 do
    s = s + i
    if s > 1000000000 then s = s - 1000000000 end
    i = i + 1
  end
  print(s)
end
