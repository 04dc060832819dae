-- heapsort: heap sort of 300,000 pseudo-random ints (a 16-bit LCG) in an array, then a check of the order.
local function sift(a, start, stop)
  local root = start
  while true do
    local child = root * 2 + 1
    if child > stop then break end
    if child + 1 <= stop and a[child] < a[child + 1] then child = child + 1 end
    if a[root] < a[child] then
      a[root], a[child] = a[child], a[root]
      root = child
    else break end
  end
end
local function heapsort(a, n)
  local start = (n - 2) // 2
  while start >= 0 do sift(a, start, n - 1); start = start - 1 end
  local stop = n - 1
  while stop > 0 do
    a[0], a[stop] = a[stop], a[0]
    stop = stop - 1
    sift(a, 0, stop)
  end
end
local a, x = {}, 12345
for i = 0, 299999 do
  x = (x * 75 + 74) % 65537
  a[i] = x
end
heapsort(a, 300000)
local ok = true
for i = 1, 299999 do if a[i - 1] > a[i] then ok = false end end
print(ok, a[0], a[150000], a[299999])
