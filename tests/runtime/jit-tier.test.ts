// The compiled tier (runtime/jit.ts) instruction by instruction: small programs whose hot
// functions are compiled at their first entry (`jit: "eager"`) must print, fail, count steps,
// depth and memory exactly as the interpreter alone (`jit: false`), on every kind of value an
// instruction's fast path takes and every kind it leaves to the interpreter. Each program
// also checks that the tier ran: its functions were compiled (a code generator that made
// JavaScript the host rejects would silently leave everything to the interpreter), and,
// where the compiled code is meant to run a loop by itself, that it left for the interpreter
// only where the test says (a fast path mutated into an exit is otherwise unobservable).

import { describe, expect, it } from "vitest";
import type { Program, RunOptions } from "../../runtime/index.js";
import type { JitCode } from "../../runtime/jit.js";
import { exits, observe, programOf, same, versions } from "./jit-compare.js";
import { PHASES } from "./jit-programs.js";

describe("arithmetic", () => {
  it("adds, subtracts, multiplies, divides and takes remainders of every pair of kinds", () => {
    const out = same(
      `fn ops(x, y)
  println~("{x + y} {x - y} {x * y} {x + 1} {x - 3} {x * 5}")
  if y != 0 then println~("{x / y} {x % y}") end
  println~("{x / 2} {x % 3} {(x * 0) as f64}")
end
let xs = [7, -3, 0, 1, 2147483647, -2147483648, 65536, 3037000499, 3000000000,
  2.0, -4.0, 0.5, -0.0, 1.0e300, 4294967296.0, 9007199254740992.0]
for x in xs do for y in xs do ops(x, y) end end
println(-7 * 0)
println((0 * -5) as f64)
println((-6 % 3) as f64)
println((-6 / 7) as f64)
println(441650591 * 20394401)
println(441650592 * 20394401)
println(-441650591 * 20394401)
println(-441650592 * 20394401)
println(2147483647 * 2147483647)
`,
      { hot: ["ops"] },
    );
    expect(out.error).toBeUndefined();
    expect(out.stdout).toContain("-0.0");
  });

  it("concatenates strings and reports the interpreter's errors", () => {
    for (const end of [
      "println(f(1, 0))",
      'println(f(1, "a"))',
      "println(g(1.5, 0))",
      "println(h(5, 0))",
    ])
      same(
        `fn f(x, y) => x / y
fn g(x, y) => x / y
fn h(x, y) => x % y
fn cat(x, y) => x + y
var s = ""
for i in 0..40 do
  s = cat(s, i.to_str())
  println~("{f(i, 3)} {g(i + 0.5, 2)} {h(i, 7)} {f(-i, 2)} {g(i, 0.0)} {h(-i, 4)}")
end
println(s)
${end}
`,
        { hot: ["f", "g", "h", "cat"] },
      );
  });

  it("keeps a loop of int arithmetic in compiled code", () => {
    const program = programOf(`fn sum(n)
  var s = 0
  var t = 1
  var i = 0
  while i < n do
    s = s + i * 3 - 1
    t = (t * 7 + i) % 1000 / 2
    i = i + 1
  end
  s + t
end
println(sum(200))
`);
    const { at, o } = exits(program, "sum");
    expect(o.stdout).toBe(observe(program, { jit: false }).stdout);
    expect(at).toEqual([]);
  });
});

describe("comparisons and tests", () => {
  it("compare numbers, strings and chars as the interpreter does, both ways", () => {
    same(
      `fn cmp(x, y)
  var n = 0
  if x == y then n = n + 1 end
  if x < y then n = n + 2 end
  if x <= y then n = n + 4 end
  if x == 3 then n = n + 8 end
  if x < 3 then n = n + 16 end
  if x > 3 then n = n + 32 end
  if x >= 3 then n = n + 64 end
  if x <= 3 then n = n + 128 end
  if x < 2.5 then n = n + 512 end
  if x > 2.5 then n = n + 1024 end
  if x >= 2.5 then n = n + 2048 end
  if x <= 2.5 then n = n + 4096 end
  if !(x < y) then n = n + 8192 end
  if !(x == y) or x < 0 then n = n + 16384 end
  while !(x <= y) and n > 0 do n = 0 - n end
  let e = x == y
  let l = x < y
  let m = x != y
  let k = x <= y
  println~("{n} {e} {l} {m} {k}")
end
fn text(x, y)
  var n = 0
  if x == y then n = n + 1 end
  if x < y then n = n + 2 end
  if x <= y then n = n + 4 end
  if x == "b" then n = n + 8 end
  if x > y then n = n + 16 end
  if !(x >= y) then n = n + 32 end
  println~("{n} {x == y} {x < y} {x <= y} {x != y}")
end
let xs = [3, 2, 4, 2.5, 3.0, -0.0, 0, 9223372036854775807, -9223372036854775807, 1.0e300, 1.0e300 * 1.0e300 - 1.0e300 * 1.0e300]
for x in xs do for y in xs do cmp(x, y) end end
let ts = ["a", "b", "ab", "", "é"]
for x in ts do for y in ts do text(x, y) end end
let cs = ['a', 'b', 'é']
for x in cs do for y in cs do text(x, y) end end
`,
      { hot: ["cmp", "text"] },
    );
  });

  it("test equality of every kind, and leave unordered kinds to the interpreter's error", () => {
    for (const end of [
      "",
      'println(lt(1, "a"))',
      "println(lt('a', 1))",
      "println(lt([1], [2]))",
      "println(le((1, 2), (1, 2)))",
    ])
      same(
        `enum E(A, B(int))
struct P
  x: int
end
fn eq(x, y) => x == y
fn ne(x, y) => x != y
fn lt(x, y) => x < y
fn le(x, y) => x <= y
fn when(x, y)
  var n = 0
  if x == y then n = 1 end
  n
end
let xs = [1, 1.0, "a", 'a', [1], (1, 2), (1, 2), E.A, E.B(1), E.B(1), P(x: 1), true, false, (), {1: 2}, 3000000000]
var t = 0
for x in xs do
  for y in xs do
    println~("{eq(x, y)} {ne(x, y)} {when(x, y)}")
  end
end
for x in [1, 2.5, 3000000000] do for y in [1, 2.5, 3000000000] do println~("{lt(x, y)} {le(x, y)}") end end
${end}
`,
        { hot: ["eq", "ne", "when", "lt", "le"] },
      );
  });
});

describe("calls", () => {
  const CALLS = `fn leaf(x) => x * 2 + 1
fn flo(x: f64) -> f64 => x * 0.5 + 1.0
fn ping(n) => if n == 0 then 0 else pong(n - 1) + 1 end
fn pong(n) => if n == 0 then 0 else ping(n - 1) + 2 end
fn self_(n) => if n == 0 then 0 else self_(n - 1) + 1 end
fn two(a, b) => a - b
fn apply(f, x) => f(x)
fn outer(n)
  var s = 0
  var i = 0
  while i < n do
    s = s + leaf(i) + two(i, 1)
    i = i + 1
  end
  s
end
var t = 0.0
for i in 0..30 do t = t + flo(i as f64) end
println(t)
println(outer(50))
println(ping(300))
println(self_(300))
println(apply(leaf, 4))
`;

  it("between compiled functions: frames, depth, recursion beyond the first frame table", () => {
    for (const end of [
      "",
      "println(apply(two, 1))",
      "println(apply(3, 1))",
      "println(ping(20000))",
    ])
      same(CALLS + end + "\n", {
        hot: ["leaf", "ping", "pong", "self_", "outer"],
        budgets: [50, 997, 5000],
      });
  });

  it("stop at the depth limit exactly where the interpreter does", () => {
    for (const maxDepth of [2, 3, 40, 299, 300, 301, 302, 303])
      same(CALLS, { options: { maxDepth } });
  });

  it("run in compiled code, the callee's too", () => {
    const program = programOf(CALLS);
    const { at, o } = exits(program, "outer");
    expect(o.error).toBeUndefined();
    expect(at).toEqual([]);
    // Compiled calls nest 48 deep on the host stack (MAX_NEST): the 300-deep recursion goes
    // through the interpreter's CALL every 48 frames.
    const deep = exits(program, "self_").at;
    expect(deep.length).toBe(6);
    expect(new Set(deep).size).toBe(1);
  });
});

describe("natives called by compiled code", () => {
  const NATIVES = `fn fill(xs, n)
  var i = 0
  while i < n do
    xs.push(i)
    i = i + 1
  end
  xs.len()
end
fn count(m, k, v)
  if m.has(k) then m.set(k, m.get_or(k, 0) + v) else m.set(k, v) end
  m.get_or(k, -1)
end
fn size(c) => c.len()
let xs = []
println(fill(xs, 40))
let m = {}
var t = 0
for i in 0..200 do
  let k = if i % 3 == 0 then i % 7 else if i % 3 == 1 then (i % 5).to_str() else 'c' end
  t = t + count(m, k, i)
end
let word = "héllo"
println~("{t} {m.len()} {size(xs)} {size(word)} {size({1: 2})}")
`;

  it("behave as the interpreter's under every memory budget and array limit", () => {
    // Each native with one argument too many (ArityMismatch), or on another kind.
    for (const bad of [
      "m.has(1, 2)",
      "m.get_or(1)",
      "m.set(1, 2, 3)",
      "[m].push(1, 2)",
      "[m].len(1)",
      '"ab".has(1)',
    ])
      same(`fn bad(m) => ${bad}\nfor i in 0..20 do println(bad({1: i})) end\n`, { hot: ["bad"] });
    for (const ok of ["m.get_or(3, m)", "m.get_or(1, 5)", "m.set(i, 2) + m.len()", "m.has(i)"])
      same(
        `fn ok(m, i) => ${ok}\nlet m = {1: 2}\nfor i in 0..20 do println(ok(m, i % 3)) end\nprintln(m)\n`,
        {
          hot: ["ok"],
        },
      );
    const full = same(NATIVES, { hot: ["fill", "count", "size"], budgets: [40, 400, 1401, 3000] });
    expect(full.stdout).toMatch(/^40\n/);
    // Every budget around the end of the run: each push and new entry takes the last bytes.
    const bytes = observe(programOf(NATIVES), { jit: false, maxMemory: 1e9 }).bytes;
    for (let maxMemory = 1; maxMemory < bytes + 20; maxMemory += maxMemory < 200 ? 1 : 37)
      same(NATIVES, { options: { maxMemory } });
    for (const maxArrayLength of [0, 1, 39, 40, 41]) same(NATIVES, { options: { maxArrayLength } });
  });

  it("run inline, with no exit to the interpreter", () => {
    const program = programOf(NATIVES);
    expect(exits(program, "fill").at).toEqual([]);
  });
});

describe("natives that call functions (tasks)", () => {
  const TASKS = `fn inc(x) => x + 1
fn add(a, x) => a + x
fn odd(x) => x % 2 == 1
fn sq(x) => x * x
fn run(xs)
  let a = xs.map(inc)
  let b = a.filter(odd)
  let c = b.fold(0, add)
  let d = xs.map(x => x * 3).sort_by(x => 0 - x)
  c + d[0] + xs.map(sq).fold(0, add)
end
let xs = []
for i in 0..30 do xs.push(i) end
var t = 0
for r in 0..20 do t = t + run(xs) end
println(t)
`;
  it("run their compiled callbacks as the interpreter does", () => {
    for (const end of [
      "",
      "println(xs.map(add).len())",
      "println(xs.filter(inc).len())",
      "println(xs.map(x => [1][x]).len())",
      "println(xs.fold(0, (a, x) => a + [x][x - 29]))",
    ])
      same(TASKS + end + "\n", {
        hot: ["inc", "add", "odd", "sq", "run"],
        budgets: [30, 300, 2999, 12000],
      });
    for (const maxDepth of [2, 3, 4]) same(TASKS, { options: { maxDepth } });
    for (const maxMemory of [100, 1000, 5000, 20000]) same(TASKS, { options: { maxMemory } });
  });
});

describe("what compiled code calls (eqJ, ltJ, callJ, tasksJ)", () => {
  it("leaves to the interpreter the compares that can fail, on the line that fails", () => {
    // Deep values (== past the structural compare's depth limit) and unordered kinds (a str or
    // a non-number on the left of <): the error is the interpreter's, its frame at line 3.
    for (const [x, y] of [
      ["deep(10001)", "deep(10001)"],
      ['"a"', "1"],
      ["[1]", "2"],
      ["true", "1"],
      ["'a'", '"a"'],
    ])
      same(
        `fn cmp(x, y)
  let e = x == y
  let l = x < y
  let m = x <= y
  println~("{e} {l} {m}")
end
fn deep(n)
  var v = []
  for i in 0..n do v = [v] end
  v
end
cmp(1, 2)
cmp(${x}, ${y})
`,
        { hot: ["cmp"] },
      );
  });

  it("call a compiled function with the wrong number of arguments, or a value that is none, as the interpreter does", () => {
    for (const end of ["println(apply(two, 1))", "println(apply(3, 1))"])
      same(
        `fn two(a, b) => a - b
fn id(x) => x
fn apply(f, x) => f(x) + id(x)
for i in 0..5 do println(apply(id, i) + two(i, 1)) end
${end}
`,
        { hot: ["two", "id", "apply"] },
      );
  });

  const MUTUAL = `fn fa(n, x: f64) -> f64
  if n == 0 then return x end
  let y = x * 0.5 + 1.0
  fb(n - 1, y) * y
end
fn fb(n, x: f64) -> f64
  if n == 0 then return x end
  let y = x + 0.25
  fa(n - 1, y) - y
end
fn ia(n) => if n == 0 then 0 else ib(n - 1) + 1 end
fn ib(n) => if n == 0 then 0 else ia(n - 1) + 2 end
println(ia(300))
for n in [1, 2, 3, 299, 300, 1000, 3000] do println(fa(n, 1.0)) end
`;
  it("nest compiled calls 48 deep on the host stack, then go through the interpreter", () => {
    same(MUTUAL, { hot: ["fa", "fb", "ia", "ib"] });
    // ia(300) and ib call each other through callJ: every 48th nested call (MAX_NEST) is left
    // to the interpreter's CALL, which enters compiled code again.
    const { at, runs, fromInterpreter } = exits(programOf(MUTUAL), "ia");
    expect([at.length, runs]).toEqual([4, 279]);
    // The interpreter enters ia only for the calls of it left to it (three: ia's own four
    // enter ib); the 300 frames return in compiled code, a caller whose frame was left to the
    // interpreter resumed by its callee's return.
    expect(fromInterpreter).toBe(3);
  });

  // A recursion far deeper than the nest limit, whose frames go on after their callee
  // returned: an error thrown there (caught two frames up, or not at all, with its trace),
  // a closure over a frame's local made on the way back, a tail call and a native call.
  const RESUMED = `var saved = fn() => 0
fn down(n, bad)
  if n == 0 then return 0 end
  let r = down(n - 1, bad)
  if n == bad then return [1][3] end
  if n == 150 then
    let here = n * 2
    saved = fn() => here + r
  end
  if n % 97 == 0 then print("") end
  r + 1
end
fn catcher(n, bad)
  if n == 0 then return down(300, bad) end
  if n == 2 then
    try
      return catcher(n - 1, bad)
    catch e
      return -1000 - n
    end
  end
  let r = catcher(n - 1, bad)
  r + 1
end
fn tail(n, acc) => if n == 0 then acc else tail(n - 1, acc + 1) end
fn back(n) => if n == 0 then tail(60, 0) else back(n - 1) + 1 end
println(catcher(5, -1))
println(catcher(5, 200))
println(saved())
println(back(400))
println(down(300, 250))
`;
  // A caller resumed by its callee's return, whose next callee calls a native (which sets the
  // VM's depth to its own), then leaves its frame to the interpreter at a block not compiled
  // yet: the interpreter must go on in that frame, not the callee's (n-queens counted a step
  // too many).
  const RESUMED_EXIT = `fn safe(row, col) => (col - 1).abs() != 0
fn solve(n, row)
  if row == n then
    return 1
  end
  var count = 0
  for col in 0..n do
    if safe(row, col) then
      count += solve(n, row + 1)
    end
  end
  count
end
println(solve(3, 0))
`;
  it("go on in a deep recursion's callers in compiled code, as the interpreter does", () => {
    same(RESUMED_EXIT, { hot: ["safe", "solve"] });
    same(RESUMED, { hot: ["down", "catcher", "tail", "back"], budgets: [400, 3_333, 9_000] });
    for (const maxDepth of [120, 302, 305]) same(RESUMED, { options: { maxDepth } });
    const { runs, fromInterpreter } = exits(programOf(RESUMED), "down");
    expect(runs).toBeGreaterThan(1_000);
    expect(fromInterpreter).toBeLessThan(runs / 10);
  });

  const NEST = `fn nest(n) => if n == 0 then 0 else [n].map(fn(x) => nest(x - 1) + 1)[0] end
fn g(x) => x + 1
fn none(a, x)
  let y = a
end
fn unit(xs) => [xs.fold((), none)]
fn tail(xs, k) => [xs.map(fn(x) => if x == k then [x][x] else g(x) end)]
fn div(xs, k) => [xs.map(fn(x) => 10 / (x - k))]
fn far(xs) => [xs.map(fn(x) => nest(x))]
fn ident(x) => x
fn ids(xs) => [xs.map(ident)]
let xs = []
for i in 0..30 do xs.push(i) end
println(nest(300))
println(unit(xs))
println(tail(xs, 99)[0].len())
println(far(xs)[0].fold(0, fn(a, x) => a + x))
println(ids(xs)[0][29])
`;
  it("run a task's compiled callbacks nested, and leave the rest to the interpreter", () => {
    // The callbacks' frames are reused (refillFrame) by the interpreter too: the output is
    // checked, not only compared.
    expect(same(NEST).stdout).toBe("300\n[()]\n30\n435\n29\n");
    for (const end of [
      "",
      "println(tail(xs, 25))",
      "println(div(xs, 99)[0].len())\nprintln(div(xs, 25))",
    ])
      same(NEST + end + "\n", {
        hot: ["nest", "g", "none", "unit", "tail", "far", "ident"],
        budgets: [300, 5000],
      });
    const { at, runs } = exits(programOf(NEST), "nest");
    expect([at.length, runs]).toEqual([14, 1296]);
  });

  // Each call of `deep` goes one frame deeper, and the callback's frame (many registers) is
  // the highest: the register file grows when a task pushes it, which gives the VM a new
  // float bank. tasksJ must not run the callback on the caller's old one: its floats, stored
  // there before the LOADUNIT that leaves for the interpreter, would be lost.
  const GROW = `fn cb(v: f64) -> f64
  let a = v * 1.5
  let b = a + 0.25
  let c = b * a
  let d = c - v
  let e = d * 0.5 + a
  let f = e + b * c
  let w = [()]
  a + b + c + d + e + f
end
fn deep(n, x: f64) -> f64
  if n == 0 then return [x].map(cb)[0] + 0.0 end
  deep(n - 1, x + 1.0) + 0.0
end
var s = 0.0
for n in 0..400 do s = s + deep(n, 0.5) end
println(s)
`;
  it("run a task's first callback on the float bank the register file grew for it", () => {
    same(GROW, { hot: ["cb", "deep"] });
  });
});

describe("natives called by compiled code through callN", () => {
  // Not in tail position (a TAILCALL of a native takes another path), each call is run by
  // callN in the functions' first versions, and in a loop only where it is not run inline.
  const CALLN = `struct C
  n: int
end
impl C
  fn next(mut self)
    if self.n == 0 then
      None
    else
      self.n -= 1
      Some(self.n + 1)
    end
  end
end
fn fill(xs, n)
  var i = 0
  while i < n do
    xs.push(i * 3)
    i = i + 1
  end
  [xs.len()]
end
fn other(xs, ys)
  xs.push(ys.len())
  let n = [xs.len()]
  n
end
fn get(m, k, d) => [m.get_or(k, d)]
fn set(m, k, v) => [m.set(k, v)]
fn size(c) => [c.len()]
fn count(c)
  var n = 0
  for x in c do n = n + x end
  n
end
fn strs(n)
  var s = ""
  var i = 0
  while i < n do
    s = s + i.to_str()
    i = i + 1
  end
  s
end
let xs = []
println(fill(xs, 30))
println(xs)
let ys = [1, 2]
println(other(ys, xs))
println(ys)
let m = {1: (), 2: "b"}
for k in [1, 2, 3] do println(get(m, k, 5)) end
for k in [2, 3, 3, 4] do println(set(m, k, "x")) end
println(m)
for c in [xs, "h😀llo", "", []] do println(size(c)) end
println(count(C(n: 4)))
println(strs(30))
`;

  it("behave as the interpreter's, with the interpreter's output", () => {
    const out = same(CALLN, { hot: ["fill", "get", "set", "size", "count", "strs"] });
    expect(out.stdout).toBe(
      "[30]\n[0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 42, 45, 48, 51, 54, 57, 60, 63, 66, 69, 72, 75, 78, 81, 84, 87]\n[3]\n[1, 2, 30]\n[()]\n[b]\n[5]\n[()]\n[()]\n[()]\n[()]\n{1: (), 2: x, 3: x, 4: x}\n[30]\n[5]\n[0]\n[0]\n10\n01234567891011121314151617181920212223242526272829\n",
    );
    for (const bad of [
      "[m].push(1, 2)",
      "[m].len(1)",
      "m.has(1, 2)",
      "m.get_or(1)",
      "m.set(1, 2, 3)",
    ])
      same(`fn bad(m) => [${bad}]\nfor i in 0..20 do println(bad({1: i})) end\n`, { hot: ["bad"] });
    // Keys set new and again (only a new entry is charged) under every third budget up to the
    // run's bytes: some new entry finds the budget spent.
    const SETS = `fn set(m, k) => [m.set(k, k)]\nlet m = {}\nfor k in 0..16 do set(m, k % 8) end\nprintln(m)\n`;
    const bytes = observe(programOf(SETS), { jit: false, maxMemory: 1e9 }).bytes;
    for (let maxMemory = 1; maxMemory < bytes + 20; maxMemory += 3)
      same(SETS, { options: { maxMemory } });
  });

  it("that are not run inline return to compiled code", () => {
    const { at, runs } = exits(programOf(CALLN), "strs");
    expect([at, runs]).toEqual([[], 1]);
  });
});

describe("the float bank", () => {
  const FLOATS = `import std.math
struct V
  x: f64
  y: f64
end
fn fl(a, b)
  var s = a * 1.0
  var t = b + 0.0
  var u = 2.5
  u = t
  s = s * t + s / t - s
  s = s + 1.5
  s = s - 2.5
  s = s * 3.0
  s = s / 4.0
  s = -s + std.math.sqrt(t)
  if s < t then s = s + 1.0 end
  if s <= t then s = s + 2.0 end
  if s < 2.0 then s = s + 4.0 end
  if s <= 2.0 then s = s + 8.0 end
  if s > 2.0 then s = s + 16.0 end
  if s >= 2.0 then s = s + 32.0 end
  if !(s < u) then s = s + 64.0 end
  if !(s >= 3.0) then s = s + 128.0 end
  let v = V(x: s, y: t)
  v.x = v.x + v.y
  v.y = s * u
  s = s + v.x + v.y + (a as f64) + (b as f32)
  s
end
let xs = [1.5, 2.0, -0.0, 0.5, 3, -7, 1.0e300, 2147483648, 0.1, 16777217]
for a in xs do
  for b in xs do println(fl(a, b)) end
end
println(fl(1.0e300 * 10.0, 1.0e300 * 10.0))
println(fl(0.0 - 1.0, 0.0 - 4.0))
`;
  it("computes as the interpreter does, and leaves a division by zero and other kinds to it", () => {
    for (const end of [
      "",
      "println(fl(1.0, 0.0))",
      "println(fl(1.0, 0))",
      'println(fl("a", 1.0))',
      "println(fl(1.0, 'c'))",
    ])
      same(FLOATS + end + "\n", { hot: ["fl"], budgets: [100, 1000, 3001] });
  });

  it("keeps the floats in compiled code", () => {
    const defs = FLOATS.slice(0, FLOATS.indexOf("let xs"));
    const program = programOf(defs + "for a in [1.5, 3, 0.5, 7] do println(fl(a, a + 1)) end\n");
    expect(exits(program, "fl").at).toEqual([]);
  });
});

describe("loops and iterators", () => {
  const LOOPS = `fn sums(n, m)
  var s = 0
  for i in 0..n do s = s + i end
  for i in 0..=m do s = s + i * 2 end
  for i in n..m do s = s - 1 end
  for x in [1, 2, 3] do s = s + x end
  for c in "héllo" do s = s + c.to_int() end
  for c in 'a'..'e' do s = s + 1 end
  for (k, v) in {1: 10, 2: 20} do s = s + k * v end
  for k in {5, 6} do s = s + k end
  var j = 0
  while j < n do
    j = j + 1
    if j % 3 == 0 then continue end
    if j > 20 then break end
    s = s + j
  end
  s
end
for n in [0, 1, 5, 30, -3] do
  for m in [0, 2, 7] do println(sums(n, m)) end
end
println(sums(2147483640, 2147483647))
`;
  it("count, iterate and stop as the interpreter does", () => {
    for (const end of [
      "",
      "println(sums(1.5, 2))",
      "println(sums(9223372036854775806, 9223372036854775807))",
    ])
      same(LOOPS + end + "\n", { hot: ["sums"], budgets: [10, 200, 2000] });
  });

  it("run counted and array loops in compiled code", () => {
    const program = programOf(`fn f(xs)
  var s = 0
  for i in 0..40 do s = s + i end
  for i in 0..=3 do s = s + i end
  for x in xs do s = s + x end
  s
end
println(f([1, 2, 3]))
`);
    const r = exits(program, "f");
    expect(r.o.stdout).toBe("792\n");
    expect(r.at).toEqual([]);
  });
});

describe("values", () => {
  const VALUES = `enum Shape
  Circle(f64)
  Rect(int, int)
  Dot
end
enum Other
  X(f64)
  Y(int, int)
  Z
end
struct P
  x: int
  y: int
end
impl P
  fn sum(self) => self.x + self.y
end
fn area(s) => match s
  Shape.Circle(r) => r * 2.0,
  Shape.Rect(w, h) => w * h,
  Shape.Dot => 0,
end
fn is_rect(s) => match s
  Shape.Rect(w, _) => w,
  _ => -1,
end
fn build(i)
  let p = P(x: i, y: i * 2)
  p.x = p.x + 1
  let t = (i, "t", p)
  let a = [i, i + 1, t.0]
  a[1] = a[0] + a[2]
  let s = if i % 3 == 0 then Shape.Circle(i + 0.5) else if i % 3 == 1 then Shape.Rect(i, 2) else Shape.Dot end
  let m = {"a": i}
  m["b"] = m["a"] + 1
  let mb = m["b"]
  let word = "héllo"
  let e = ()
  let u = (1, e)
  println~("{p.sum()} {t.1} {a[1]} {area(s)} {is_rect(s)} {mb} {word[i % 5]} {a.len()} {u.0} {t.2.y} {s}")
end
for i in 0..40 do build(i) end
println~("{is_rect(Other.Y(2, 3))} {is_rect(Other.X(1.0))} {is_rect(3)}")
`;
  it("are built, read and written as by the interpreter", () => {
    for (const end of [
      "",
      "println([1][5])",
      "let a = [1]\nprintln(a[-1])",
      'let w = "ab"\nprintln(w[7])',
      "let m = {1: 2}\nprintln(m[3])",
      "let t = (1, 2)\nprintln(t.0 + [t][1])",
      "println(area(3))",
      "println(area(Other.Y(2, 3)))",
      "println(area(Other.Z))",
    ])
      same(VALUES + end + "\n", { hot: ["build", "area", "is_rect"], budgets: [100, 1000, 5000] });
    for (const maxMemory of [50, 500, 2000, 9000]) same(VALUES, { options: { maxMemory } });
    for (const maxArrayLength of [0, 2, 3]) same(VALUES, { options: { maxArrayLength } });
  });

  it("stay in compiled code", () => {
    const program = programOf(VALUES);
    expect(exits(program, "area").at).toEqual([]);
  });
});

describe("closures, upvalues and globals", () => {
  const CLOSURES = `var total = 0
fn counter(start)
  var c = start
  let inc = fn () c = c + 1
    total = total + c
    c
  end
  inc
end
fn adder(x) => fn (y) => x + y
fn twice(f, x) => f(f(x))
fn tail(n, acc) => if n == 0 then acc else tail(n - 1, acc + n) end
fn bounce(n) => if n == 0 then "done" else hop(n - 1) end
fn hop(n) => bounce(n)
fn native_tail(x) => x.to_str()
var s = 0
for i in 0..30 do
  let c = counter(i)
  c()
  s = s + c() + twice(adder(i), 1) + tail(i, 0)
end
println(s)
println(total)
println(bounce(5000))
println(native_tail(42))
println(tail(2000, 0))
`;
  it("are captured, read and written as by the interpreter", () => {
    for (const end of ["", 'println(twice(adder(1), "a"))', 'println(tail(3, "x"))'])
      same(CLOSURES + end + "\n", {
        hot: ["counter", "adder", "twice", "tail", "bounce", "hop"],
        budgets: [50, 1000, 20000],
      });
    for (const maxMemory of [100, 1000, 4000]) same(CLOSURES, { options: { maxMemory } });
    for (const maxDepth of [2, 3, 5]) same(CLOSURES, { options: { maxDepth } });
  });

  it("tail calls stay in compiled code", () => {
    // Up to 48 deep (MAX_NEST): tail calls from compiled code nest on the host stack.
    const program = programOf(
      "fn tail(n, acc) => if n == 0 then acc else tail(n - 1, acc + n) end\nvar s = 0\nfor i in 0..40 do s = s + tail(i, 0) end\nprintln(s)\n",
    );
    const r = exits(program, "tail");
    expect(r.o.stdout).toBe("10660\n");
    expect(r.at).toEqual([]);
  });
});

describe("methods, iterators and maps", () => {
  const METHODS = `struct Box
  v: int
end
impl Box
  fn get(self) => self.v
end
enum Opt(Nada, Algo(int))
impl Opt
  fn val(self) => match self
    Opt.Algo(x) => x,
    Opt.Nada => 0,
  end
end
fn calls(o, i)
  let a = [i, 2]
  let m = {i: 1}
  let s = "ab" + i.to_str()
  let t = (i, 1)
  o.get() + a.len() + m.len() + s.len() + a.sum() + t.0
end
fn iter(x)
  var n = 0
  for v in x do n = n + 1 end
  n
end
fn keys(m, k)
  m[k] = if m.has(k) then m[k] + 1 else 1 end
  m[k]
end
var s = 0
for i in 0..40 do
  s = s + calls(Box(v: i), i) + Opt.Algo(i).val() + Opt.Nada.val()
  s = s + iter([1, 2, i]) + iter("héllo") + iter(0..i) + iter({1: 2, 3: i}) + iter({1, 2})
end
let m = {}
for i in 0..60 do
  let k = if i % 4 == 0 then (i % 6, "x") else if i % 4 == 1 then 'a' else if i % 4 == 2 then i % 5 + 0.5 else () end
  s = s + keys(m, k)
end
println(s)
println(m.len())
`;
  it("call methods, iterate every kind and index maps as the interpreter does", () => {
    for (const end of [
      "",
      "println(iter(3))",
      "println(calls(3, 1))",
      "println(keys(m, [1]))",
      "println(keys(3, 1))",
    ])
      same(METHODS + end + "\n", { hot: ["calls", "iter", "keys"], budgets: [100, 1000, 9000] });
    for (const maxMemory of [100, 1000, 4000, 8000]) same(METHODS, { options: { maxMemory } });
  });
});

describe("profiling and versions", () => {
  it("profile, leave out the blocks that did not run, and put them back when entered often", () => {
    const plain = observe(programOf(PHASES), { jit: false });
    // Eager: 16 block entries profiled (PROFILE_BLOCKS_EAGER), a block left out put back
    // after 2 entries (COLD_ENTRIES_EAGER); by default 1,000 and 100 (PROFILE_BLOCKS,
    // COLD_ENTRIES), once called 100 times (JIT_THRESHOLD). After 3 versions with blocks left
    // out (MAX_ROUNDS), the last has every block.
    const expected = {
      eager: [[], [16], [7, 7], [9, 9], []],
      true: [[5, 5], Array(100).fill(7), Array(100).fill(9), Array(100).fill(12), []],
    };
    for (const jit of ["eager", true] as const) {
      const { made, o, p } = versions(programOf(PHASES), "f", { jit });
      expect(o).toEqual(plain);
      expect(p.jitProfile).toBeUndefined();
      expect(made).toEqual(expected[`${jit}`]);
    }
  });
});

describe("registers kept in locals", () => {
  const LOCALS = `enum T(A, B(int), C)
fn guarded(n)
  var s = 0
  var k = 1
  var i = 0
  while i < n do
    try
      k = k * 2 % 1000
      s = s + k
      if i % 7 == 3 then s = s + [1][i] end
      s = s + 1
    catch e
      s = s + k * 1000 + i
    end
    i = i + 1
  end
  s
end
fn captured(n)
  var fs = []
  var i = 0
  var acc = 0
  while i < n do
    var c = i
    acc = acc + c
    fs.push(fn () => c + acc)
    c = c * 2
    i = i + 1
  end
  var s = 0
  for f in fs do s = s + f() end
  s
end
fn kinds(n)
  var x = 0
  var i = 0
  var e = T.A
  while i < n do
    if i == n / 2 then x = x + 0.5 end
    x = x + i
    e = match e
      T.A => T.B(i),
      T.B(v) => if v % 2 == 0 then T.C else T.A end,
      T.C => T.A,
    end
    i = i + 1
  end
  (x, e)
end
fn pushes(n)
  var xs = [7]
  var m = {}
  var i = 0
  while i < n do
    xs.push(i * 2)
    m.set(i % 7, xs.len())
    if m.has(i % 5) then i = i + m.get_or(i % 3, 0) % 2 end
    i = i + 1
  end
  (xs.len(), m.len(), xs[xs.len() - 1])
end
fn long(n)
  var a = 0
  var i = 0
  while i < n do
    ${Array.from({ length: 70 }, (_, j) => `a = (a + i * ${j + 1}) % 10007`).join("\n    ")}
    i = i + 1
  end
  a
end
for n in [0, 1, 10, 40] do
  println~("{guarded(n)} {captured(n)} {kinds(n)} {pushes(n)} {long(n)}")
end
`;
  it("are stored where the interpreter, a handler or a closure reads them", () => {
    same(LOCALS, {
      hot: ["guarded", "captured", "kinds", "pushes", "long"],
      budgets: [50, 333, 1000, 4444, 20000],
    });
    for (const maxMemory of [200, 2000, 6000]) same(LOCALS, { options: { maxMemory } });
  });
});

describe("returns", () => {
  const RETURNS = `fn inner(i)
  try
    if i % 2 == 0 then return i end
    i + 1
  catch e
    -1
  end
end
fn outer(i) => inner(i) + [1, 2, 3, 4, 5][i]
fn mk(i)
  var v = i
  let get = fn () => v
  v = v + 1
  get
end
fn tailnative(i) => [i, 2].len()
var s = 0
for i in 0..5 do s = s + outer(i) + mk(i)() + tailnative(i) end
println(s)
`;
  it("close the frame's upvalues and drop its handlers", () => {
    for (const end of ["", "println(outer(6))", "println(outer(7))"])
      same(RETURNS + end + "\n", {
        hot: ["inner", "outer", "mk", "tailnative"],
        budgets: [20, 200],
      });
  });
});

/**
 * Runs `program` (twice: cold, then on the later versions) and counts the natives the compiled
 * code of function `name` called through the VM's general native call (vm.callNative) rather than running them
 * itself (callN's shortcuts, inlineNative).
 */
function generalNativeCalls(program: Program, name: string, options: RunOptions = {}) {
  let inside = 0;
  let calls = 0;
  const patched = new WeakSet<object>();
  for (const p of program.linked.protos.filter((q) => q.name === name)) {
    let code: JitCode | null | undefined;
    Object.defineProperty(p, "jit", {
      configurable: true,
      get: () => code,
      set: (j: JitCode | null | undefined) => {
        code =
          typeof j !== "function"
            ? j
            : (...args: Parameters<JitCode>) => {
                const vm = args[0] as { callNative: (...a: unknown[]) => unknown };
                if (!patched.has(vm)) {
                  patched.add(vm);
                  const general = vm.callNative;
                  vm.callNative = function (this: unknown, ...a: unknown[]) {
                    if (inside > 0) calls++;
                    return general.apply(this, a);
                  };
                }
                inside++;
                try {
                  return j(...args);
                } finally {
                  inside--;
                }
              };
      },
    });
  }
  const cold = observe(program, { ...options, jit: "eager" });
  const warm = observe(program, { ...options, jit: "eager" });
  expect(warm).toEqual(cold);
  return { calls, o: cold };
}

describe("shortcuts of compiled code", () => {
  it("push, len, has, get_or and set with plain keys need no general native call", () => {
    const src = `fn work(xs, m, n)
  let names = ["0", "1", "2"]
  var i = 0
  while i < n do
    xs.push(i)
    m.set(i % 7, xs.len())
    m.set(names[i % 3], i)
    if m.has(i % 5) then i = i + m.get_or(i % 3, 0) % 2 end
    if m.has("x") then i = i + 1 end
    i = i + m.get_or("1", 0) % 2 + 1
  end
  xs.len() + m.len()
end
println(work([], {}, 60))
`;
    const plain = observe(programOf(src), { jit: false });
    const r = generalNativeCalls(programOf(src), "work");
    expect(r.o).toEqual(plain);
    expect(r.calls).toBe(0);
  });

  it("compare numbers, strings, chars, floats and big ints without leaving compiled code", () => {
    // (Two boxed floats, integral ones such as 2.0, are the interpreter's.)
    const src = `fn cmp(x, y)
  var n = 0
  if x == y then n = n + 1 end
  if x < y then n = n + 2 end
  if x <= y then n = n + 4 end
  if x != y then n = n + 8 end
  let a = x == y
  let b = x < y
  let c = x <= y
  if a then n = n + 16 end
  if b then n = n + 32 end
  if c then n = n + 64 end
  n
end
var t = 0
for p in [(1, 2), (2.5, 2.5), (2.0, 3), (2, 2.5), (3.0, 1), (9007199254740993, 9007199254740992),
    (9223372036854775807, 1.5), ("a", "b"), ("b", "b"), ('x', 'y'), ('y', 'y'), (3, 3)] do
  t = t * 3 + cmp(p.0, p.1) + cmp(p.1, p.0)
end
println(t)
`;
    const r = exits(programOf(src), "cmp");
    expect(r.o).toEqual(observe(programOf(src), { jit: false }));
    expect(r.at).toEqual([]);
  });
});

describe("casts", () => {
  it("convert to floats in compiled code and leave every other target to the interpreter", () => {
    for (const end of ["", "narrow(300)"]) {
      const out = same(
        `fn conv(x)
  let a = x as f64
  let b = x as f32
  let c = x as str
  println~("{a} {b} {c}")
end
fn narrow(x)
  let d = x as i64
  let e = x as u8
  println~("{d} {e}")
end
for x in [3, -7, 300, 16777217, 2.5, 0.1, 1.0e40] do conv(x) end
for x in [3, 200, 2.0] do narrow(x) end
${end}
`,
        { hot: ["conv", "narrow"] },
      );
      expect(out.stdout).toContain("16777216 16777217");
    }
  });
});

describe("long functions", () => {
  it("are compiled up to 1,000 code words (MAX_COMPILED_CODE) and interpreted beyond", () => {
    // `long` is its statements and three words more (its first move, result and end).
    const src = (k: number) =>
      `fn long(x)\n  var y = x\n${"  y = y + x\n".repeat(k)}  y\nend\nprintln(long(1))\n`;
    for (const [k, compiled] of [
      [997, true],
      [998, false],
    ] as const) {
      const program = programOf(src(k));
      const p = program.linked.protos.find((q) => q.name === "long")!;
      expect(p.code.length).toBe(k + 3);
      expect(observe(program, { jit: "eager" })).toEqual(
        observe(programOf(src(k)), { jit: false }),
      );
      expect(typeof p.jit === "function").toBe(compiled);
    }
  });
});

describe("wide ints", () => {
  it("are computed inline within ±(2^53 - 1), as the interpreter's i64 arithmetic past it", () => {
    const out = same(
      `fn ops(x, y)
  println~("{x + y} {x - y} {x + 1} {x - 3000000000} {x * 3} {(x * 0) as f64}")
  if y != 0 then println~("{x / y} {x % y} {(x % y) as f64} {(x / y) as f64}") end
  println~("{x / 3} {x % 3000000000} {(x % 3) as f64}")
end
fn mul(x, y)
  try
    let p = x * y
    println~("{p} {p as f64}")
  catch e
    println(e)
  end
end
let xs = [9007199254740991, -9007199254740991, 4503599627370496, 3000000000, -3000000001,
  94906266, 2147483647, -2147483648, 7, -1, 0]
for x in xs do
  for y in xs do
    mul(x, y)
    ops(x, y)
  end
end
`,
      { hot: ["ops", "mul"] },
    );
    expect(out.error).toBeUndefined();
    expect(out.stdout).toContain("IntegerOverflow");
  });
});

describe("number constants in compiled code", () => {
  it("are the pool's values, negative ones and -0.0 too", () => {
    same(
      `fn nz(a)
  let x = a * 1.0
  let y = x * -0.0
  let z = x - -2.5
  let n = a - -3
  println~("{y} {z} {x * -1.5} {x < -0.5} {x >= -0.0} {n} {a * -3000000000} {a < -3}")
end
for a in [3, -2, 0] do nz(a) end
`,
      { hot: ["nz"] },
    );
  });
});

describe("integral float results", () => {
  it("stay floats: a later division by an int is not an int division", () => {
    same(
      `fn kinds(x, y)
  let s = x + y
  let d = x - y
  let m = x * y
  println~("{s / 4} {d / 4} {m / 4} {(x / y) / 4} {(x + 0.5) / 4} {(x - 0.5) / 4} {(x * 2.0) / 4}")
end
for p in [(0.5, 0.5), (1.5, -0.5), (0.25, 4.0), (2.5, 0.5), (0.5, 2), (3, 1.5)] do kinds(p.0, p.1) end
`,
      { hot: ["kinds"] },
    );
  });
});

describe("constants and closures", () => {
  it("load true and false, and capture an enclosing closure's upvalues", () => {
    same(
      `fn flags(x)
  var t = true
  var f = false
  if x > 2 then
    t = false
    f = true
  end
  println~("{t} {f} {t == f}")
end
fn adder(a)
  let f = fn (x)
    let g = fn (y) => a * 100 + x * 10 + y
    g(1)
  end
  f(2)
end
for x in 0..5 do
  flags(x)
  println(adder(x))
end
`,
      { hot: ["flags", "adder"] },
    );
  });
});

describe("tests and float compares", () => {
  it("take the interpreter's branch on equal floats, and leave a non-boolean test to its error", () => {
    for (const end of ["", "println(t(1))"])
      same(
        `fn fc(a, b)
  let x = a * 1.0
  let y = b * 1.0
  var n = 0
  if x < y then n = n + 1 end
  if x < 2.5 then n = n + 2 end
  if x > 2.5 then n = n + 4 end
  if !(x < y) then n = n + 8 end
  if !(x < 2.5) then n = n + 16 end
  if !(x > 2.5) then n = n + 32 end
  let k = 0.5
  n + k
end
fn t(x)
  if x then 1 else 2 end
end
fn unit(x)
  var y = x
  if x > 2 then return end
  y = y + 1
end
fn calls(x) 
  unit(x)
  unit(x + 1)
  t(x > 1)
end
for p in [(2.5, 2.5), (1.0, 2.5), (3, 3), (2.5, 1.0), (4, 2.5)] do
  println(fc(p.0, p.1))
  println(calls(p.0))
end
${end}
`,
        { hot: ["fc", "t", "unit", "calls"] },
      );
  });
});

describe("a loop of reads and immediate compares", () => {
  it("stays in compiled code", () => {
    const src = `fn walk(xs, t, n)
  var s = 0
  var i = 0
  while i < n do
    let x = xs[i % 4]
    if x >= 3 then s = s + 1 end
    if x > 3 then s = s + 2 end
    if x <= 3 then s = s + 4 end
    if x < 3 then s = s + 8 end
    if x == 3 then s = s + 16 end
    s = s + t.0 + t.1
    i = i + 1
  end
  s
end
println(walk([1, 3, 5, 3], (2, 7), 40))
`;
    const r = exits(programOf(src), "walk");
    expect(r.o).toEqual(observe(programOf(src), { jit: false }));
    expect(r.at).toEqual([]);
  });
});
