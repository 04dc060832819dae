-- wordfreq: word frequencies sorted by count — 1,000,000 words drawn from a 20,000-word
-- vocabulary counted in a table, then the entries sorted by count (ties by word).
local vocab = {}
for i = 0, 19999 do vocab[i] = "w" .. i end
local counts, n = {}, 0
local x = 42
for i = 1, 1000000 do
  x = (x * 75 + 74) % 65537
  local w = vocab[x % 20000]
  local c = counts[w]
  if c == nil then n = n + 1 end
  counts[w] = (c or 0) + 1
end
local top = {}
for w, c in pairs(counts) do top[#top + 1] = {w, c} end
table.sort(top, function(a, b) if a[2] ~= b[2] then return a[2] > b[2] else return a[1] < b[1] end end)
print(n, top[1][1], top[1][2], top[2][1], top[2][2], top[3][1], top[3][2])
