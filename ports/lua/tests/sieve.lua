-- sieve.lua: classic number algorithms -- sieve of Eratosthenes, prime
-- factorization, modular exponentiation, Miller-Rabin, perfect numbers.

local function sieve(n)
  local composite = {}
  local primes = {}
  for i = 2, n do
    if not composite[i] then
      primes[#primes + 1] = i
      for j = i * i, n, i do composite[j] = true end
    end
  end
  return primes
end

local p = sieve(100000)
print("primes below 100000", #p, p[1], p[10], p[100], p[#p])
local first = {}
for i = 1, 25 do first[i] = p[i] end
print(table.concat(first, " "))
local sum = 0
for _, v in ipairs(p) do sum = sum + v end
print("sum", sum)

-- twin primes and gaps
local twins, maxgap, gapat = 0, 0, 0
for i = 2, #p do
  local gap = p[i] - p[i - 1]
  if gap == 2 then twins = twins + 1 end
  if gap > maxgap then maxgap, gapat = gap, p[i - 1] end
end
print("twins", twins, "max gap", maxgap, "after", gapat)

-- factorization
local function factor(n)
  local f = {}
  local d = 2
  while d * d <= n do
    while n % d == 0 do f[#f + 1] = d; n = n // d end
    d = d + 1
  end
  if n > 1 then f[#f + 1] = n end
  return f
end
for _, n in ipairs({2, 12, 97, 360, 1001, 65536, 999999, 600851475143}) do
  print(n, table.concat(factor(n), "*"))
end

-- modular exponentiation and Miller-Rabin (values kept below 2^31 so the
-- products fit in 64-bit integers)
local function powmod(b, e, m)
  local r = 1
  b = b % m
  while e > 0 do
    if e & 1 == 1 then r = r * b % m end
    b = b * b % m
    e = e >> 1
  end
  return r
end
print(powmod(2, 10, 1000), powmod(3, 200, 1000000007), powmod(7, 123456, 2147483647))
local function isprime(n)
  if n < 2 then return false end
  for _, sp in ipairs({2, 3, 5, 7}) do if n % sp == 0 then return n == sp end end
  local d, s = n - 1, 0
  while d % 2 == 0 do d = d // 2; s = s + 1 end
  for _, a in ipairs({2, 3, 5, 7}) do
    local x = powmod(a, d, n)
    if x ~= 1 and x ~= n - 1 then
      local comp = true
      for _ = 1, s - 1 do
        x = x * x % n
        if x == n - 1 then comp = false break end
      end
      if comp then return false end
    end
  end
  return true
end
local agree = true
for n = 1, 20000 do
  local inSieve = false
  -- binary search in p
  local lo, hi = 1, #p
  while lo <= hi do
    local mid = (lo + hi) // 2
    if p[mid] == n then inSieve = true break elseif p[mid] < n then lo = mid + 1 else hi = mid - 1 end
  end
  if inSieve ~= isprime(n) then agree = false end
end
print("miller-rabin agrees with sieve", agree)
local bigprimes = {}
for n = 2147483600, 2147483647 do if isprime(n) then bigprimes[#bigprimes + 1] = n end end
print(table.concat(bigprimes, " "))

-- perfect numbers and amicable pairs below 10000 (sum of divisors sieve)
local N = 10000
local sd = {}
for i = 1, N do sd[i] = 0 end
for i = 1, N // 2 do for j = 2 * i, N, i do sd[j] = sd[j] + i end end
local perfect, amicable = {}, {}
for i = 2, N do
  if sd[i] == i then perfect[#perfect + 1] = i end
  local j = sd[i]
  if j > i and j <= N and sd[j] == i then amicable[#amicable + 1] = i .. "&" .. j end
end
print("perfect", table.concat(perfect, " "), "amicable", table.concat(amicable, " "))

-- Euler's totient via sieve
local phi = {}
for i = 1, 1000 do phi[i] = i end
for i = 2, 1000 do
  if phi[i] == i then for j = i, 1000, i do phi[j] = phi[j] // i * (i - 1) end end
end
local tsum = 0
for i = 1, 1000 do tsum = tsum + phi[i] end
print("phi(36)", phi[36], "phi(997)", phi[997], "sum", tsum)

print("done sieve")
