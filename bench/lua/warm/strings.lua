-- strings x10: ten rounds of the naive concatenation of ../strings.lua.
for round = 1, 10 do
  local s = ""
  for i = 0, 20000 do
    s = s .. i
  end
  print(#s)
end
