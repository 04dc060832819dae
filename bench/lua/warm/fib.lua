-- fib x10: recursive fib(30), ten times (warm variant of ../fib.lua).
local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end
for round = 1, 10 do print(fib(30)) end
