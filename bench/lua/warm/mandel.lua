-- mandel x10: ten rounds of the 250x250 Mandelbrot of ../mandel.lua.
local W, H, MAXITER = 250, 250, 100
for round = 1, 10 do
  local count, iters = 0, 0
  for py = 0, H - 1 do
    local ci = (py / H) * 2.0 - 1.0
    for px = 0, W - 1 do
      local cr = (px / W) * 3.0 - 2.0
      local zr, zi = 0.0, 0.0
      local n, inside = 0, 1
      while n < MAXITER do
        local zr2, zi2 = zr * zr, zi * zi
        if zr2 + zi2 > 4.0 then
          inside = 0
          break
        end
        zi = 2.0 * zr * zi + ci
        zr = zr2 - zi2 + cr
        n = n + 1
      end
      count = count + inside
      iters = iters + n
    end
  end
  print(count, iters)
end
