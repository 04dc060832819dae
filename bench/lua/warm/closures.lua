-- closures x10: the counter closure called 10,000,000 times, plus 1,000,000 creations.
local function make_counter()
  local n = 0
  return function()
    n = n + 1
    return n
  end
end
local c = make_counter()
local last = 0
for i = 1, 10000000 do
  last = c()
end
local made = 0
for i = 1, 1000000 do
  local d = make_counter()
  made = made + d()
end
print(last, made)
