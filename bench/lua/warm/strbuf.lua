-- strbuf x10: ten rounds of ../strbuf.lua.
for round = 1, 10 do
  local parts = {}
  for i = 0, 100000 do
    parts[#parts + 1] = tostring(i)
  end
  local s = table.concat(parts)
  print(#s)
end
