-- matmul: the product of two 200×200 float matrices as nested arrays (whole and half floats).
local function matrix(n, seed)
  local m = {}
  for i = 0, n - 1 do
    local row = {}
    for j = 0, n - 1 do row[j+1] = ((i * j + seed) % 17) * 0.5 end
    m[i+1] = row
  end
  return m
end
local function mul(a, b, n)
  local c = {}
  for i = 1, n do
    local row, ai = {}, a[i]
    for j = 1, n do
      local s = 0.0
      for k = 1, n do s = s + ai[k] * b[k][j] end
      row[j] = s
    end
    c[i] = row
  end
  return c
end
local n = 200
local c = mul(matrix(n, 1), matrix(n, 2), n)
print(c[8][12] + c[n][n])
