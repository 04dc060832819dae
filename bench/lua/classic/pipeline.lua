-- pipeline: map / filter / fold with closures over a 100,000-element array, 20 rounds.
local function map(t, f)
  local r = {}
  for i = 1, #t do r[i] = f(t[i]) end
  return r
end
local function filter(t, f)
  local r, n = {}, 0
  for i = 1, #t do
    local x = t[i]
    if f(x) then n = n + 1; r[n] = x end
  end
  return r
end
local function fold(t, init, f)
  local a = init
  for i = 1, #t do a = f(a, t[i]) end
  return a
end

local xs = {}
for i = 0, 99999 do xs[i + 1] = i end
local total = 0
for r = 0, 19 do
  local ys = map(filter(map(xs, function(x) return x * 3 + r end), function(x) return x % 2 == 0 end),
    function(x) return x // 2 end)
  local s = fold(ys, 0, function(a, x) return (a + x) % 1000003 end)
  local big = #filter(ys, function(x) return x > 50000 end)
  total = (total + s + big) % 1000003
end
print(total)
