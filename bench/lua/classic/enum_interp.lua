-- enum_interp: a tree-walking interpreter for a tiny language whose AST is tagged tables,
-- dispatched on the tag: a loop summing a branchy expression over 300,000 iterations.
local NUM, VAR, ADD, SUB, MUL, MOD, LT = 1, 2, 3, 4, 5, 6, 7
local ASSIGN, IF, WHILE, BLOCK = 1, 2, 3, 4

local function eval(e, env)
  local t = e.tag
  if t == NUM then return e[1]
  elseif t == VAR then return env[e[1]]
  elseif t == ADD then return eval(e[1], env) + eval(e[2], env)
  elseif t == SUB then return eval(e[1], env) - eval(e[2], env)
  elseif t == MUL then return eval(e[1], env) * eval(e[2], env)
  elseif t == MOD then return eval(e[1], env) % eval(e[2], env)
  else
    if eval(e[1], env) < eval(e[2], env) then return 1 else return 0 end
  end
end

local function exec(s, env)
  local t = s.tag
  if t == ASSIGN then env[s[1]] = eval(s[2], env)
  elseif t == IF then
    if eval(s[1], env) ~= 0 then exec(s[2], env) else exec(s[3], env) end
  elseif t == WHILE then
    while eval(s[1], env) ~= 0 do exec(s[2], env) end
  else
    exec(s[1], env)
    exec(s[2], env)
  end
end

local function n(tag, a, b, c) return { tag = tag, a, b, c } end

local I, S, N = 1, 2, 3
local program = n(BLOCK,
  n(BLOCK, n(ASSIGN, I, n(NUM, 0)), n(ASSIGN, S, n(NUM, 0))),
  n(WHILE,
    n(LT, n(VAR, I), n(VAR, N)),
    n(BLOCK,
      n(IF,
        n(LT, n(MOD, n(VAR, I), n(NUM, 3)), n(NUM, 1)),
        n(ASSIGN, S, n(MOD, n(ADD, n(VAR, S), n(MUL, n(VAR, I), n(NUM, 2))), n(NUM, 1000003))),
        n(ASSIGN, S, n(SUB, n(ADD, n(VAR, S), n(NUM, 1)), n(NUM, 0)))),
      n(ASSIGN, I, n(ADD, n(VAR, I), n(NUM, 1))))))
local env = { 0, 0, 300000 }
exec(program, env)
print(env[1], env[2])
