// The program tables of the compiler tests, shared with the interpreter's differential test
// (tests/interpreter/differential.test.ts): each program with its expected stdout or error kind.

/** One small program per language construct (spec/language.md) and its stdout. */
export const CONSTRUCT_CASES: [name: string, source: string, stdout: string][] = [
  ["let and arithmetic", "let x = 2 + 3 * 4\nprintln(x)", "14\n"],
  [
    "int division truncates, modulo sign of dividend",
    "println(-7 / 2)\nprintln(-7 % 2)\nprintln(7 % -2)",
    "-3\n-1\n1\n",
  ],
  [
    "float arithmetic and printing",
    "println(1.5 * 2.0)\nprintln(0.1 + 0.2)\nprintln(1.0 / 4.0)",
    "3\n0.30000000000000004\n0.25\n",
  ],
  ["mixed int/float promotes", "println(1 + 0.5)\nprintln(3 / 2.0)", "1.5\n1.5\n"],
  [
    "a float local accumulates operands of unknown kind (float op anything is a float)",
    "fn f() => 3\nfn g(x) => x\nlet big = 9007199254740993\nvar s = 0.5\nfor i in 0..3 do\n  s = s + f() * g(2) + i\nend\nprintln(s)\nvar t = 1.0\nt = t * big\nprintln(t)\nvar u = 1.0\nu = g(7) / u - g(1)\nprintln(u)",
    "21.5\n9007199254740992\n6\n",
  ],
  [
    "struct fields that only ever hold floats compute in the float bank",
    "struct B(x: f64, v: f64);\nimpl B\n  fn step(mut self, dt) => do\n    self.x += self.v * dt\n  end\nend\nlet bs = [B(x: 0.5, v: 2.0), B(x: -1.0, v: 0.25)]\nvar e = 0.0\nfor i in 0..4 do\n  for b in bs do\n    b.step(0.5)\n    let d = b.x - b.v\n    e = e + d * d\n  end\nend\nprintln(e)\nprintln(bs[0].x)",
    "12.59375\n4.5\n",
  ],
  [
    "match on enum variants through a jump table (SWITCHVARIANT): guards, literal and or-patterns, other enums, other kinds, NoMatch",
    'enum S\n  C(int)\n  Q(int)\n  R(int, int)\n  E\nend\nenum T\n  A\n  B\nend\nfn area(s)\n  match s\n    S.C(r) => 3 * r * r,\n    S.Q(0) => -1,\n    S.Q(a) where a > 100 => -2,\n    S.Q(a) => a * a,\n    S.R(w, 1) | S.R(1, w) => w,\n    S.R(w, h) => w * h,\n    _ => 0,\n  end\nend\nfn name(s)\n  let n = match s\n    S.C(_) => "c",\n    S.R(_, _) => "r",\n    T.A => "T.A",\n    S.E => "e",\n    7 => "seven",\n    _ => "other",\n  end\n  n + "!"\nend\nfor s in [S.C(2), S.Q(0), S.Q(101), S.Q(3), S.R(2, 5), S.R(4, 1), S.R(1, 6), S.E, T.B, T.A, 7] do\n  println~("{area(s)} {name(s)}")\nend\nlet e = try\n  match S.Q(1)\n    S.C(_) => 1,\n    S.R(_, _) => 2,\n    S.E => 3,\n  end\ncatch err\n  err.kind\nend\nprintln(e)',
    "12 c!\n-1 other!\n-2 other!\n9 other!\n10 r!\n4 r!\n6 r!\n0 e!\n0 other!\n0 T.A!\n0 seven!\nNoMatch\n",
  ],
  [
    "float fields read and written in the bank (GETFIELDF, SETFIELDF), std.math.sqrt there (FSQRT)",
    'import std.math\nstruct V(x: f64, y: f64);\nlet vs = [V(x: 3.0, y: 4.0), V(x: 0.5, y: -2.0)]\nvar total = 0.0\nfor v in vs do\n  let n = math.sqrt(v.x * v.x + v.y * v.y)\n  v.x = v.x / n\n  v.y += n * 0.5\n  total = total + n\nend\nvs[0].x += 1.0\nprintln(total)\nprintln(vs[0])\nprintln(vs[1])\nlet r = math.sqrt(-total)\nprintln(r)\nlet s = math.sqrt(16) + total\nprintln(s)\nlet o = [1]\nlet e1 = try\n  total = total + o[0].x\n  "no error"\ncatch e\n  e.kind\nend\nprintln(e1)\nlet e2 = try\n  o[0].y = total * 2.0\n  "no error"\ncatch e\n  e.kind\nend\nprintln(e2)',
    "7.061552812808831\nV(x: 1.6, y: 6.5)\nV(x: 0.24253562503633297, y: -0.9692235935955849)\nNaN\n11.06155281280883\nTypeError\nTypeError\n",
  ],
  [
    "a field name some struct gives a non-float is not a float field",
    'struct P(x: f64, y: f64);\nstruct Q(x: str);\nlet p = P(x: 1.5, y: 2.0)\nlet q = Q(x: "s")\nvar s = 0.5\ns = s + p.x * p.y\nprintln(s)\nlet r = try\n  s = s + q.x\n  "no error"\ncatch e\n  e.kind\nend\nprintln(r)\np.y = 7\nlet t = p.y - 1\nprintln(t)',
    "3.5\nTypeError\n6\n",
  ],
  [
    "an operand of unknown kind in a float expression raises after the other operand ran",
    'fn say(x)\n  println(x)\n  x\nend\nvar s = 1.0\nlet r = try\n  s = say("a") + s * say(2.0)\n  "no error"\ncatch e\n  e.kind\nend\nprintln(r)\nlet m = -9223372036854775807 - 1\nlet q = try\n  s = s + -m\n  "no error"\ncatch e\n  e.kind\nend\nprintln(q)\nlet d = try\n  s = s / say(0)\n  "no error"\ncatch e\n  e.kind\nend\nprintln(d)',
    "a\n2\nTypeError\nIntegerOverflow\n0\nDivisionByZero\n",
  ],
  [
    "power",
    "println(2 *^ 10)\nprintln(2 *^ 3 *^ 2)\nprintln(2.0 *^ 0.5)",
    "1024\n512\n1.4142135623730951\n",
  ],
  [
    "var and compound assignment",
    "var x = 10\nx += 5\nx -= 3\nx *= 2\nx /= 4\nx %= 4\nprintln(x)",
    "2\n",
  ],
  ["let mut", "let mut n = 1\nn = n + 1\nprintln(n)", "2\n"],
  ["shadowing with let", "let a = 1\nlet a = a + 1\nprintln(a)", "2\n"],
  ["strings concatenate", 'let s = "ab" + "cd"\nprintln(s)\nprintln(s.len())', "abcd\n4\n"],
  ["char literals", "let c = 'x'\nprintln(c)\nprintln(c == 'x')", "x\ntrue\n"],
  [
    "comparisons",
    'println(1 < 2)\nprintln(2 <= 1)\nprintln(3 > 2)\nprintln(3 >= 4)\nprintln(1 == 1.0)\nprintln("a" != "b")',
    "true\nfalse\ntrue\nfalse\ntrue\ntrue\n",
  ],
  [
    "and/or short-circuit, and binds tighter",
    "fn boom() => 1 / 0 == 0\nprintln(false and boom())\nprintln(true or boom())\nprintln(true or false and false)",
    "false\ntrue\ntrue\n",
  ],
  ["not", "println(!true)\nprintln(!(1 > 2))", "false\ntrue\n"],
  [
    "if statement and else if",
    'let n = 5\nif n < 3 then\n  println("small")\nelse if n < 10 then\n  println("medium")\nelse\n  println("large")\nend',
    "medium\n",
  ],
  ["if expression", 'let v = if 2 > 1 then "yes" else "no" end\nprintln(v)', "yes\n"],
  [
    "while with break and continue",
    "var i = 0\nvar s = 0\nwhile true do\n  i += 1\n  if i > 10 then break end\n  if i % 2 == 0 then continue end\n  s += i\nend\nprintln(s)",
    "25\n",
  ],
  [
    "for over exclusive and inclusive ranges",
    "var s = 0\nfor i in 0..5 do s += i end\nfor i in 1..=3 do s += i * 100 end\nprintln(s)",
    "610\n",
  ],
  [
    "for over an empty range",
    'for i in 5..5 do println(i) end\nfor i in 3..=2 do println(i) end\nprintln("done")',
    "done\n",
  ],
  [
    "for over arrays and strings",
    'for x in [1, 2] do print(x) end\nfor c in "hé" do print(c) end\nprintln()',
    "12hé\n",
  ],
  [
    "for with tuple destructuring",
    'for (k, v) in [(1, "a"), (2, "b")] do println~("{k}={v}") end',
    "1=a\n2=b\n",
  ],
  ["range values", "let r = 1..4\nvar s = 0\nfor i in r do s += i end\nprintln(s)", "6\n"],
  [
    "functions: block, arrow, do forms",
    "fn a(x) x + 1 end\nfn b(x) => x * 2\nfn c(x) => do\n  let y = x\n  y - 1\nend\nprintln(a(1) + b(2) + c(3))",
    "8\n",
  ],
  ["typed function", "fn add(x: i64, y: i64) -> i64\n  x + y\nend\nprintln(add(2, 3))", "5\n"],
  [
    "lambdas in every form",
    "let f = x => x + 1\nlet g = (a, b) => a * b\nlet h = fn(a) a - 1 end\nlet k = fn(a) => a / 2\nprintln(f(1) + g(2, 3) + h(10) + k(8))",
    "21\n",
  ],
  [
    "hoisting and mutual recursion",
    "println(is_even(10))\nfn is_even(n) => if n == 0 then true else is_odd(n - 1) end\nfn is_odd(n) => if n == 0 then false else is_even(n - 1) end",
    "true\n",
  ],
  [
    "nested recursive function",
    "fn outer(n)\n  fn fact(k) => if k <= 1 then 1 else k * fact(k - 1) end\n  fact(n)\nend\nprintln(outer(5))",
    "120\n",
  ],
  [
    "return early",
    'fn f(x)\n  if x > 0 then\n    return "pos"\n  end\n  "non-pos"\nend\nprintln(f(1))\nprintln(f(0))',
    "pos\nnon-pos\n",
  ],
  [
    "implicit value of trailing if",
    "fn sign(x)\n  if x < 0 then -1 else if x == 0 then 0 else 1 end\nend\nprintln(sign(-5))\nprintln(sign(0))",
    "-1\n0\n",
  ],
  ["function value printing", "fn f() => 1\nprintln(f)", "<fn f>\n"],
  [
    "closures share captured variables",
    "fn pair()\n  var n = 0\n  let inc = () => do n += 1\n n end\n  let get = () => n\n  (inc, get)\nend\nlet (inc, get) = pair()\ninc()\ninc()\nprintln(get())",
    "2\n",
  ],
  [
    "loop closures capture fresh variables",
    "let fs = []\nfor i in 0..3 do fs.push(() => i) end\nprintln(fs[0]() + fs[1]() * 10 + fs[2]() * 100)",
    "210\n",
  ],
  [
    "closures in while loops capture per iteration",
    "let fs = []\nvar i = 0\nwhile i < 3 do\n  let j = i\n  fs.push(() => j)\n  i += 1\nend\nprintln(fs[0]() + fs[2]())",
    "2\n",
  ],
  [
    "break out of a loop with captured locals",
    "let fs = []\nvar i = 0\nwhile true do\n  let j = i * 10\n  fs.push(() => j)\n  if i == 2 then break end\n  i += 1\nend\nlet after = 99\nprintln(fs[2]())",
    "20\n",
  ],
  [
    "tuples",
    'let t = (1, "a", 2.5)\nprintln(t)\nprintln(t.1)\nlet (a, (b, _)) = (1, (2, 3))\nprintln(a + b)',
    "(1, a, 2.5)\na\n3\n",
  ],
  [
    "arrays",
    "let a = [3, 1, 2]\na.push(5)\na[0] = 10\nprintln(a)\nprintln(a.len())\nprintln(a[3])",
    "[10, 1, 2, 5]\n4\n5\n",
  ],
  ["arrays are shared by reference", "let a = [1]\nlet b = a\nb.push(2)\nprintln(a)", "[1, 2]\n"],
  ["index compound assignment", "let a = [1, 2]\na[1] += 5\nprintln(a)", "[1, 7]\n"],
  [
    "array functional methods",
    "let a = [1, 2, 3, 4]\nprintln(a.map(x => x * x))\nprintln(a.filter(x => x % 2 == 0))\nprintln(a.reduce(0, (s, x) => s + x))",
    "[1, 4, 9, 16]\n[2, 4]\n10\n",
  ],
  [
    "big array literal",
    `let a = [${Array.from({ length: 120 }, (_, i) => i).join(", ")}]\nprintln(a.len())\nprintln(a[119])`,
    "120\n119\n",
  ],
  [
    "structs, fields, methods, static calls",
    "struct P\n  x: i64,\n  y: i64\nend\nimpl P\n  fn new(x, y) => P(x: x, y: y)\n  fn sum(self) => self.x + self.y\n  fn shift(mut self, d)\n    self.x += d\n  end\nend\nlet p = P.new(1, 2)\np.shift(10)\nprintln(p.sum())\nprintln(p)",
    "13\nP(x: 11, y: 2)\n",
  ],
  [
    "one-line struct and field order",
    "struct Q(b: i64, a: i64);\nlet q = Q(a: 1, b: 2)\nprintln(q)\nq.a = 5\nprintln(q.a)",
    "Q(b: 2, a: 1)\n5\n",
  ],
  [
    "enums and match",
    "enum Shape\n  Circle(f64),\n  Rect(f64, f64),\n  Empty\nend\nfn area(s) => match s\n  Shape.Circle(r) => 3.0 * r * r\n  Shape.Rect(w, h) => w * h\n  Shape.Empty => 0.0\nend\nprintln(area(Shape.Rect(2.0, 3.0)))\nprintln(area(Shape.Circle(1.0)))\nprintln(area(Shape.Empty))\nprintln(Shape.Rect(1.0, 2.5))",
    "6\n3\n0\nShape.Rect(1, 2.5)\n",
  ],
  [
    "one-line enum",
    "enum Color(Red, Green)\nprintln(Color.Green)\nprintln(Color.Red == Color.Red)",
    "Color.Green\ntrue\n",
  ],
  [
    "match literals, guards, bindings, wildcard",
    'fn f(n) => match n\n  0 => "zero",\n  -1 => "minus one"\n  x where x > 100 => "big"\n  _ => "other"\nend\nprintln(f(0))\nprintln(f(-1))\nprintln(f(500))\nprintln(f(7))',
    "zero\nminus one\nbig\nother\n",
  ],
  [
    "match strings, chars, bools",
    "fn f(v) => match v\n  \"a\" => 1\n  'b' => 2\n  true => 3\n  _ => 4\nend\nprintln(f(\"a\") + f('b') * 10 + f(true) * 100 + f(false) * 1000)",
    "4321\n",
  ],
  [
    "match tuples and nested patterns",
    'fn f(p) => match p\n  (0, 0) => "origin"\n  (x, 0) => "x axis " + x.to_str()\n  (_, y) => "y=" + y.to_str()\nend\nprintln(f((0, 0)))\nprintln(f((3, 0)))\nprintln(f((1, 2)))',
    "origin\nx axis 3\ny=2\n",
  ],
  [
    "match struct patterns",
    "struct P(x: i64, y: i64);\nfn f(p) => match p\n  P(x: 0, y) => y\n  P(x, y: 0) => x * 10\n  _ => -1\nend\nprintln(f(P(x: 0, y: 7)))\nprintln(f(P(x: 4, y: 0)))\nprintln(f(P(x: 1, y: 1)))",
    "7\n40\n-1\n",
  ],
  [
    "match nested enum patterns",
    "enum E\n  A(i64),\n  B\nend\nfn f(o) => match o\n  Some(E.A(n)) => n\n  Some(E.B) => 0\n  None => -1\nend\nprintln(f(Some(E.A(5))) + f(Some(E.B)) + f(None))",
    "4\n",
  ],
  [
    "variant test is not a binding",
    'enum C(Red, Blue)\nlet c = C.Blue\nprintln(match c\n  C.Red => "red"\n  C.Blue => "blue"\nend)',
    "blue\n",
  ],
  [
    "Option and Result methods",
    'let a = Some(3)\nlet b = None\nprintln(a.unwrap())\nprintln(b.unwrap_or(7))\nprintln(a.is_some())\nprintln(Ok(1).is_ok())\nprintln(Err("e"))',
    "3\n7\ntrue\ntrue\nResult.Err(e)\n",
  ],
  [
    "? operator",
    'fn half(n) => if n % 2 == 0 then Ok(n / 2) else Err("odd") end\nfn quarter(n)\n  let h = half(n)?\n  half(h)\nend\nprintln(quarter(8))\nprintln(quarter(6))',
    "Result.Ok(2)\nResult.Err(odd)\n",
  ],
  [
    "try/catch runtime errors",
    "let r = try\n  [1][5]\ncatch e\n  e.kind\nend\nprintln(r)",
    "IndexOutOfBounds\n",
  ],
  [
    "throw and catch values",
    "try\n  throw (1, 2)\ncatch e\n  println(e.kind)\n  println(e.value)\n  println(e.message)\nend",
    "Thrown\n(1, 2)\n(1, 2)\n",
  ],
  [
    "finally runs on both paths",
    'fn f(x)\n  try\n    if x then throw "no" end\n    println("body")\n  catch e\n    println("caught")\n  finally\n    println("finally")\n  end\nend\nf(false)\nf(true)',
    "body\nfinally\ncaught\nfinally\n",
  ],
  [
    "finally runs on return",
    'fn f()\n  try\n    return 1\n  finally\n    println("cleanup")\n  end\nend\nprintln(f())',
    "cleanup\n1\n",
  ],
  [
    "errors unwind through frames",
    "fn deep(n) => if n == 0 then 1 / 0 else deep(n - 1) end\nprintln(try deep(50) catch e e.kind end)",
    "DivisionByZero\n",
  ],
  [
    "panic~ and assert~ are catchable",
    'println(try panic~("x") catch e e.message end)\nprintln(try assert~(1 > 2, "bad") catch e e.kind + ": " + e.message end)\nassert~(true)\nprintln("ok")',
    "x\nAssertionFailed: bad\nok\n",
  ],
  [
    "println~ interpolation",
    'let x = 3\nlet xs = [1, 2]\nprintln~("x = {x}, x+1 = {x + 1}, {xs}, {{literal}}")\nprint~("no newline")\nprintln~()',
    "x = 3, x+1 = 4, [1, 2], {literal}\nno newline\n",
  ],
  [
    "std.io and std.math",
    "import std.io\nimport std.math\nio.println(math.sqrt(16.0))\nstd.io.println(std.math.abs(-3))\nprintln(math.max(2, 9))\nprintln(math.pi > 3.14)",
    "4\n3\n9\ntrue\n",
  ],
  [
    "operands are evaluated left to right, variables when they are read",
    'fn main()\n  var n = 1\n  let g = () => do\n    n += 1\n    n\n  end\n  println(n + g())\n  var x = 1\n  println(x + do\n    x = 10\n    1\n  end)\n  var ys = [1, 2]\n  let old = ys\n  ys[0] = do\n    ys = [7, 8]\n    5\n  end\n  println~("{old} {ys}")\n  var m = 3\n  println(m > do\n    m = 0\n    2\n  end)\nend\nmain()',
    "3\n2\n[5, 2] [7, 8]\ntrue\n",
  ],
  [
    "io and math are in the prelude without an import",
    "io.println(math.floor(2.5))\nlet math = 3\nprintln(math + 1)",
    "2\n4\n",
  ],
  [
    "as casts",
    "println(7 as f64 / 2.0)\nprintln(3.9 as i64)\nprintln(-3.9 as i64)\nprintln(255 as u8)",
    "3.5\n3\n-3\n255\n",
  ],
  [
    "pipe operator",
    "fn double(x) => x * 2\nfn add(x, y) => x + y\nprintln(3 |> double |> add(1))",
    "7\n",
  ],
  [
    "pipe into a parenthesised call is still the call with the left value first; a lambda prints <fn <lambda>>",
    "fn adder(n) => x => x + n\nfn add(x, y) => x + y\nprintln(3 |> (add(10)))\nlet add5 = adder(5)\nprintln(3 |> add5)\nprintln(add5)\nprintln(adder)",
    "13\n8\n<fn <lambda>>\n<fn adder>\n",
  ],
  ["let … in", "let r = let x = 2 in x * x\nprintln(r)", "4\n"],
  ["do blocks", "let v = do\n  let a = 2\n  a * 21\nend\nprintln(v)", "42\n"],
  ["top-level return ends the program", "println(1)\nif true then return end\nprintln(2)", "1\n"],
  ["comments", "# line\n#[[ block\ncomment ]]\nprintln(1) # trailing", "1\n"],
  ["unit and printing", "println(())\nfn nothing() end\nprintln(nothing())", "()\n()\n"],
  [
    "iterator protocol with next()",
    "struct Count(n: i64, max: i64);\nimpl Count\n  fn next(mut self)\n    if self.n >= self.max then return None end\n    self.n += 1\n    Some(self.n)\n  end\nend\nvar s = 0\nfor x in Count(n: 0, max: 4) do s += x end\nprintln(s)",
    "10\n",
  ],
  [
    "large int constants and exact i64",
    "let big = 9007199254740993\nprintln(big + 2)\nprintln(9223372036854775807)\nprintln(-9223372036854775807 - 1)\nprintln(3037000499 * 3037000499)",
    "9007199254740995\n9223372036854775807\n-9223372036854775808\n9223372030926249001\n",
  ],
  [
    "string methods",
    'let s = "  Hello, World  ".trim()\nprintln(s.to_upper())\nprintln(s.contains("World"))\nprintln(s.split(", "))\nprintln("ab".repeat(3))',
    "HELLO, WORLD\ntrue\n[Hello, World]\nababab\n",
  ],
  [
    "top-level variables used by functions",
    "var counter = 0\nfn bump()\n  counter += 1\nend\nbump()\nbump()\nprintln(counter)\nlet limit = 3\nfn over(x) => x > limit\nprintln(over(5))",
    "2\ntrue\n",
  ],
];

/** Programs that end in an uncaught runtime error of the given kind. */
export const ERROR_CASES: [name: string, source: string, kind: string][] = [
  ["TypeError: non-bool condition", "if 1 then println(1) end", "TypeError"],
  ["TypeError: bad operands", 'println("a" + 1)', "TypeError"],
  ["TypeError: calling a non-function", "let x = 1\nx()", "TypeError"],
  ["DivisionByZero", "println(1 / 0)", "DivisionByZero"],
  ["DivisionByZero: float", "println(1.0 / 0.0)", "DivisionByZero"],
  ["IntegerOverflow", "println(9223372036854775807 + 1)", "IntegerOverflow"],
  [
    "IntegerOverflow: MIN / -1",
    "let m = -9223372036854775807 - 1\nprintln(m / -1)",
    "IntegerOverflow",
  ],
  ["IndexOutOfBounds", "println([1, 2][2])", "IndexOutOfBounds"],
  ["IndexOutOfBounds: negative", "println([1, 2][-1])", "IndexOutOfBounds"],
  ["NoMatch", "println(match 3\n  1 => 1\nend)", "NoMatch"],
  ["ArityMismatch", "fn f(a) => a\nf(1, 2)", "ArityMismatch"],
  ["UndefinedField", "struct P(x: i64);\nlet p = P(x: 1)\nprintln(p.y)", "UndefinedField"],
  ["AssertionFailed", "assert~(false)", "AssertionFailed"],
  ["Panic", 'panic~("oh no")', "Panic"],
  ["Thrown", "throw 42", "Thrown"],
  ["IntegerOverflow: as out of range", "println(300 as u8)", "IntegerOverflow"],
  ["StackOverflow", "fn f(n) => 1 + f(n + 1)\nf(0)", "StackOverflow"],
  [
    "IntegerOverflow: negating MIN in a comparison with a constant",
    "let x = 1\nif x >= -(-9223372036854775808) then println(1) end",
    "IntegerOverflow",
  ],
  [
    "LimitExceeded: comparing values nested deeper than 10,000",
    "var a = [1]\nvar b = [1]\nfor i in 0..20000 do\n  a = [a]\n  b = [b]\nend\nprintln(a == b)",
    "LimitExceeded",
  ],
  ["and/or operands must be bool", "println(true and 1)", "TypeError"],
];

const many = Array.from({ length: 10 }, (_, i) => `v${i + 1}`);

/** Regression programs for the bugs of the reference register VM (each program names the bug it exposed). */
export const REFERENCE_BUG_CASES: [bug: string, source: string, stdout: string][] = [
  [
    "1: enum match tests the variant",
    `enum Many(${many.join(", ")})\nprintln(match Many.v5\n${many.map((v, i) => `  Many.${v} => ${i + 1}`).join("\n")}\nend)`,
    "5\n",
  ],
  [
    "1: Result.err against an ok arm first",
    "enum R\n  ok(i64),\n  err(i64)\nend\nprintln(match R.err(404)\n  R.ok(val) => val * 2\n  R.err(code) => code\nend)",
    "404\n",
  ],
  [
    "1: None against a Some arm first",
    "println(match None\n  Some(x) => x\n  None => -1\nend)",
    "-1\n",
  ],
  [
    "2: break in while",
    "var i = 0\nwhile true do\n  i += 1\n  if i == 3 then break end\nend\nprintln(i)",
    "3\n",
  ],
  [
    "3: power(2, 10)",
    "fn power(b, e)\n  var r = 1\n  var i = 0\n  while i < e do\n    r = r * b\n    i = i + 1\n  end\n  r\nend\nprintln(power(2, 10))",
    "1024\n",
  ],
  [
    "3: gcd(48, 18)",
    "fn gcd(a, b) => if b == 0 then a else gcd(b, a % b) end\nprintln(gcd(48, 18))",
    "6\n",
  ],
  ["3: add(x, 7)", "fn add(a, b) => a + b\nlet x = 5\nprintln(add(x, 7))", "12\n"],
  [
    "3: unwrap_or(some_val, 0)",
    "fn unwrap_or(o, d) => match o\n  Some(v) => v\n  None => d\nend\nlet some_val = Some(4)\nprintln(unwrap_or(some_val, 0))",
    "4\n",
  ],
  [
    "4: counter closure",
    "fn make_counter()\n  var n = 0\n  () => do\n    n += 1\n    n\n  end\nend\nlet c = make_counter()\nprintln(c())\nprintln(c())\nprintln(c())",
    "1\n2\n3\n",
  ],
  [
    "5: open upvalues alias the variable",
    "fn f()\n  var x = 1\n  let get = () => x\n  x = 5\n  get()\nend\nprintln(f())",
    "5\n",
  ],
  [
    "6: three-level capture",
    "fn outer(a)\n  fn mid(b)\n    (c) => a + b + c\n  end\n  mid\nend\nprintln(outer(1)(10)(100))",
    "111\n",
  ],
  ["7: parameters shadow outer names", "let x = 100\nfn f(x) x + 1 end\nprintln(f(1))", "2\n"],
  [
    "8: struct literal fields keep their values",
    "struct Point(x: i64, y: i64);\nlet p = Point(x: 10, y: 20)\nprintln(p.x + p.y)",
    "30\n",
  ],
  ["9: lambdas capture", "let k = 5\nlet f = (a) => a + k\nprintln(f(1))", "6\n"],
  [
    "10: nested recursion, mutual recursion, forward calls",
    "println(later(3))\nfn later(n) => ping(n)\nfn ping(n) => if n == 0 then 0 else pong(n - 1) + 1 end\nfn pong(n) => if n == 0 then 0 else ping(n - 1) + 1 end\nfn outer()\n  fn fact(n) => if n == 0 then 1 else n * fact(n - 1) end\n  fact(5)\nend\nprintln(outer())",
    "3\n120\n",
  ],
  ["11: top-level redeclaration", "let x = 1\nlet x = 2\nprintln(x)", "2\n"],
  ["12: the program prints only what it prints", "let x = 1 + 2", ""],
  [
    "13: match as a function's last statement",
    'fn f(n)\n  match n\n    1 => "one"\n    _ => "many"\n  end\nend\nprintln(f(1))',
    "one\n",
  ],
  [
    "14: short-circuit and/or",
    "println(false and (1 / 0 == 0))\nprintln(true or (1 / 0 == 0))",
    "false\ntrue\n",
  ],
  ["15: char + str", 'var out = ""\nfor c in "abc" do out = c + out end\nprintln(out)', "cba\n"],
  [
    "16: struct printing is in declaration order",
    "struct S(z: i64, a: i64, m: i64);\nprintln(S(m: 3, a: 2, z: 1))",
    "S(z: 1, a: 2, m: 3)\n",
  ],
  [
    "17: more than 256 constants, then a field name",
    `struct P(x: i64, y: i64);\nfn f(p)\n  var s = 0\n${Array.from({ length: 300 }, (_, i) => `  s = s + ${100000 + i}`).join("\n")}\n  s + p.y\nend\nprintln(f(P(x: 1, y: 2)))`,
    `${Array.from({ length: 300 }, (_, i) => 100000 + i).reduce((a, b) => a + b, 0) + 2}\n`,
  ],
  [
    "18: iterating a large array is linear",
    "let a = []\nfor i in 0..200000 do a.push(i) end\nvar s = 0\nfor x in a do s += x end\nprintln(s)",
    "19999900000\n",
  ],
];
