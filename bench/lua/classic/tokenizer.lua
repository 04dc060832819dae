-- tokenizer: tokenize a generated arithmetic expression char by char and evaluate it with an
-- operator stack, 60 times (every intermediate fits 32 bits: fengari's integers are 32-bit).
local NUM, OP, LPAREN, RPAREN = 1, 2, 3, 4
local M = 32749
local seed = 12345
local function rnd(m)
  seed = (seed * 75 + 74) % 65537
  return seed % m
end

local function gen(parts, depth)
  if depth == 0 or rnd(4) == 0 then
    parts[#parts + 1] = tostring(rnd(30000))
  else
    parts[#parts + 1] = "("
    gen(parts, depth - 1)
    local k = rnd(3)
    parts[#parts + 1] = (k == 0 and " + ") or (k == 1 and " - ") or " * "
    gen(parts, depth - 1)
    parts[#parts + 1] = ")"
  end
end

local function is_digit(c) return c >= 48 and c <= 57 end

local function tokenize(text)
  local toks = {}
  local num, in_num = 0, false
  for i = 1, #text do
    local c = text:byte(i)
    if is_digit(c) then
      num = num * 10 + (c - 48)
      in_num = true
    else
      if in_num then
        toks[#toks + 1] = { k = NUM, v = num }
        num = 0
        in_num = false
      end
      if c == 40 then
        toks[#toks + 1] = { k = LPAREN }
      elseif c == 41 then
        toks[#toks + 1] = { k = RPAREN }
      elseif c ~= 32 then
        toks[#toks + 1] = { k = OP, v = c }
      end
    end
  end
  if in_num then toks[#toks + 1] = { k = NUM, v = num } end
  return toks
end

local function prec(op) if op == 42 then return 2 else return 1 end end

local function apply(vals, op)
  local b = table.remove(vals)
  local a = table.remove(vals)
  local r
  if op == 43 then r = a + b elseif op == 45 then r = a - b else r = a * b end
  vals[#vals + 1] = (r % M + M) % M
end

local function evaluate(toks)
  local vals, ops = {}, {}
  for _, t in ipairs(toks) do
    local k = t.k
    if k == NUM then
      vals[#vals + 1] = t.v
    elseif k == LPAREN then
      ops[#ops + 1] = 40
    elseif k == RPAREN then
      while ops[#ops] ~= 40 do
        apply(vals, table.remove(ops))
      end
      table.remove(ops)
    else
      local o = t.v
      while #ops > 0 and ops[#ops] ~= 40 and prec(ops[#ops]) >= prec(o) do
        apply(vals, table.remove(ops))
      end
      ops[#ops + 1] = o
    end
  end
  while #ops > 0 do
    apply(vals, table.remove(ops))
  end
  return table.remove(vals)
end

local total, ntoks = 0, 0
for round = 1, 60 do
  local parts = {}
  for e = 0, 11 do
    if e > 0 then parts[#parts + 1] = " + " end
    gen(parts, 12)
  end
  local toks = tokenize(table.concat(parts))
  ntoks = ntoks + #toks
  total = (total + evaluate(toks)) % M
end
print(ntoks, total)
