-- sieve: the primes up to 2,000,000 by the sieve of Eratosthenes over an array of bools.
local n = 2000000
local flags = {}
for i = 0, n do flags[i+1] = true end
local count = 0
local i = 2
while i <= n do
  if flags[i+1] then
    count = count + 1
    if i <= n // i then
      local j = i * i
      while j <= n do flags[j+1] = false; j = j + i end
    end
  end
  i = i + 1
end
print(count)
