-- bfs x10: ten rounds of ../bfs.lua.
for round = 1, 10 do
  local n = 100000
  local adj = {}
  for i = 0, n - 1 do
    adj[i] = {(i * 7 + 1) % n, (i * 13 + 5) % n, (i + 1) % n}
  end
  local dist, count = {[0] = 0}, 1
  local queue, head = {0}, 1
  while head <= #queue do
    local u = queue[head]
    head = head + 1
    local d = dist[u] + 1
    for _, v in ipairs(adj[u]) do
      if dist[v] == nil then
        dist[v] = d
        count = count + 1
        queue[#queue + 1] = v
      end
    end
  end
  local far, total = 0, 0
  for node, d in pairs(dist) do
    total = total + d
    if d > far then far = d end
  end
  print(count, far, total)
end
