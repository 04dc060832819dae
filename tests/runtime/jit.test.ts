// The compiled tier (runtime/jit.ts): step accounting when a compiled block is left part-way
// or cannot be paid for, interrupts, when functions get compiled, the fallback when the host
// refuses `new Function` (strict CSP), and `veld --no-jit`.

import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { load, type Program, type RunOptions } from "../../runtime/index.js";
import { jitAvailable } from "../../runtime/jit.js";
import { compileOrThrow } from "../helpers/veld.js";
import { PHASES } from "./jit-programs.js";

function observe(program: Program, options: RunOptions) {
  let stdout = "";
  const r = program.run({ write: (t) => void (stdout += t), writeErr: () => {} }, [], options);
  const error = r.error && { kind: r.error.kind, message: r.error.message, frames: r.error.frames };
  return { stdout, error, steps: r.steps, peak: r.peakDepth, bytes: r.allocated };
}

const compiled = (p: Program) => p.linked.protos.filter((f) => typeof f.jit === "function").length;

// A loop whose body ends in one block of the compiled code, left in its middle from the
// 700th round on (`x` becomes a string: the ADD that concatenates is the interpreter's), a
// struct allocated in every round, and an error at the end.
const LOOP = `
struct P
  x: int
end
let m = {0: 0}
var s = 0
var x = 1
var i = 0
while i < 1000 do
  s = s + i * 3
  if i == 700 then x = "a" end
  s = s + 1
  let y = x + x
  let p = P(x: i)
  s = s - p.x
  m[i] = m.len() + s % 7
  i = i + 1
end
println(s)
println(m.get_or(5, 0) + m.len())
println(x + 1)
`;

describe("steps and budgets in compiled code", () => {
  const program = load(compileOrThrow(LOOP).bytes);

  it("counts every step the interpreter counts, whatever the budget", () => {
    const full = observe(program, { jit: false });
    expect(full.error?.kind).toBe("TypeError");
    expect(observe(program, { jit: "eager" })).toEqual(full);
    // Every budget from 1 to past the end: the block charged on entry is given back when
    // the budget cannot pay for it or the block is left part-way.
    for (let maxSteps = 1; maxSteps <= full.steps + 2; maxSteps += 7) {
      const plain = observe(program, { jit: false, maxSteps });
      expect(observe(program, { jit: "eager", maxSteps })).toEqual(plain);
    }
  });

  it("exhausts the memory budget at the same allocation", () => {
    for (const maxMemory of [1, 23, 24, 1000, 7777, 16_000]) {
      const plain = observe(program, { jit: false, maxMemory });
      expect(plain.error?.message).toMatch(/memory budget/);
      expect(observe(program, { jit: "eager", maxMemory })).toEqual(plain);
    }
  });

  it("polls interrupts at the same steps", () => {
    const polls = (jit: RunOptions["jit"]) => {
      const at: number[] = [];
      let n = 0;
      const r = observe(program, { jit, interrupt: () => (at.push(n++), n === 3) });
      return { r, at };
    };
    expect(polls("eager")).toEqual(polls(false));
  });
});

// The natives CALL runs inline in compiled code (m.has, m.get_or, m.set, arr.push, arr.len):
// plain keys and others (a char, a tuple), len of other kinds (another native), a new
// entry's and a push's memory, and an error at the end.
const NATIVES = `
fn visit(m, xs, k, i)
  if m.has(k) then m.set(k, m.get_or(k, 0) + 1) else m.set(k, xs.len()) end
  xs.push(i)
  xs.len() + m.get_or(i, 0)
end
fn size(c) c.len() end
let m = {}
let others = [{1: 2}, "abc", [()]]
var xs = []
var t = 0
for i in 0..3000 do
  let k = if i % 97 == 0 then 'c' else if i % 89 == 0 then (i, 1) else if i < 1500 then i % 50 else i end
  t = t + visit(m, xs, k, i)
  t = t + size(if i % 7 == 0 then others[i % 3] else xs end)
  if i % 1000 == 999 then xs = [] end
end
println~("{t} {m.len()} {xs.len()}")
let notmap = [1]
println(notmap.has(1))
`;

describe("natives run inline by compiled code", () => {
  const program = load(compileOrThrow(NATIVES).bytes);

  it("behave as the interpreter's, under any step and memory budget", () => {
    const full = observe(program, { jit: false });
    expect(full.error).toBeDefined();
    expect(full.stdout).not.toBe("");
    expect(observe(program, { jit: "eager" })).toEqual(full);
    expect(observe(program, {})).toEqual(full);
    for (let maxSteps = 1; maxSteps <= full.steps + 2; maxSteps += 1999) {
      const plain = observe(program, { jit: false, maxSteps });
      expect(observe(program, { jit: "eager", maxSteps })).toEqual(plain);
    }
    for (const part of [0.01, 0.1, 0.3, 0.6, 0.9, 0.999]) {
      const maxMemory = Math.floor(observe(program, { jit: false, maxMemory: 1e9 }).bytes * part);
      const plain = observe(program, { jit: false, maxMemory });
      expect(plain.error?.message).toMatch(/memory budget/);
      expect(observe(program, { jit: "eager", maxMemory })).toEqual(plain);
      expect(observe(program, { maxMemory })).toEqual(plain);
    }
  });
});

// m[k] and m[k] = v in compiled code with keys that are not ints or strs (tuples, chars,
// floats, a unit value, a payload-free variant), run by the interpreter's own map code
// without leaving compiled code: new entries' memory, a missing key, and a key that cannot
// be one at the end.
const KEYS = `
enum Dir
  N
  S
end
fn bump(m, k)
  m[k] = if m.has(k) then m[k] + 1 else 1 end
  m[k]
end
let m = {}
var t = 0
for i in 0..3000 do
  let k = if i % 5 == 0 then (i % 40, "x") else if i % 5 == 1 then 'a' else if i % 5 == 2 then i % 30 + 0.5 else if i % 5 == 3 then Dir.S else () end
  t = t + bump(m, k)
end
println((t, m.len(), m[(5, "x")], m[Dir.S]))
let u = {(): 1}
println(u[()])
println(m[(41, "x")])
`;

describe("map keys of every kind in compiled code", () => {
  const program = load(compileOrThrow(KEYS).bytes);

  it("behave as the interpreter's, under any step and memory budget", () => {
    const full = observe(program, { jit: false });
    expect(full.stdout).toBe("(594000, 17, 75, 600)\n1\n");
    expect(full.error?.kind).toBe("KeyNotFound");
    expect(observe(program, { jit: "eager" })).toEqual(full);
    expect(observe(program, {})).toEqual(full);
    for (let maxSteps = 1; maxSteps <= full.steps + 2; maxSteps += 997) {
      const plain = observe(program, { jit: false, maxSteps });
      expect(observe(program, { jit: "eager", maxSteps })).toEqual(plain);
    }
    for (const part of [0.01, 0.3, 0.9, 0.999]) {
      const maxMemory = Math.floor(full.bytes * part);
      const plain = observe(program, { jit: false, maxMemory });
      expect(plain.error?.message).toMatch(/memory budget/);
      expect(observe(program, { jit: "eager", maxMemory })).toEqual(plain);
    }
  });

  it("raise the interpreter's TypeError for a key that cannot be one", () => {
    const bad = load(
      compileOrThrow(`fn put(m, k) m[k] = 1 end
let m = {}
for i in 0..200 do put(m, (i, 1)) end
put(m, ([1], 2))`).bytes,
    );
    const plain = observe(bad, { jit: false });
    expect(plain.error?.kind).toBe("TypeError");
    expect(observe(bad, { jit: "eager" })).toEqual(plain);
    expect(observe(bad, {})).toEqual(plain);
  });
});

// Calls between compiled functions: deep recursion (beyond the host-stack nesting of compiled
// calls), a callee leaving its frame to the interpreter (a native call, an error with its
// trace, `try`), closures capturing a callee's locals, and the depth limit.
const CALLS = `
fn fib(n)
  if n < 2 then return n end
  fib(n - 1) + fib(n - 2)
end
fn down(n)
  if n == 0 then return 0 end
  1 + down(n - 1)
end
fn counter(start)
  var c = start
  fn () c = c + 1
    c
  end
end
fn noisy(n)
  if n % 50 == 0 then print("") end
  n * 2
end
fn risky(n)
  try
    if n == 7 then return 1 / (n - 7) end
    n
  catch e
    -1
  end
end
fn fails(n)
  if n == 0 then return [1][3] end
  fails(n - 1)
end
var s = fib(18) + down(300)
let c = counter(10)
for i in 0..200 do
  s = s + noisy(i) + risky(i % 9) + c()
end
println(s)
println(down(5000))
fails(120)
`;

// Arithmetic on every pair of kinds compiled code computes inline or leaves to the
// interpreter: int32, wide ints (i64 division stays integer), boxed (integral) floats,
// fractional floats, and a float division by zero at the end.
const ARITH = `
let xs = [7, -3, 3000000000, 2.0, -4.0, 0.5, 1.0e300, 0, 0.0]
for x in xs do
  for y in xs do
    println~("{x + y} {x - y} {x * y}")
    if y != 0 then println(x / y) end
  end
end
println(9223372036854775807 / 2.0)
println(3000000000 / 7)
println(9007199254740993 / 3)
println((6.0 / 3) + 1.0)
println(9223372036854775807 + xs[7])
println(1.0 / xs[8])
`;

describe("arithmetic in compiled code", () => {
  it("gives the interpreter's values for every pair of kinds", () => {
    const program = load(compileOrThrow(ARITH).bytes);
    const plain = observe(program, { jit: false });
    expect(plain.error?.kind).toBe("DivisionByZero");
    expect(plain.stdout).toContain("428571428\n");
    expect(observe(program, { jit: "eager" })).toEqual(plain);
  });
});

// Ints beyond int32, which compiled code computes inline while the result stays within
// ±(2^53 - 1), and results just past it (the interpreter's i64 arithmetic, or its overflow).
const WIDE = `
let xs = [9007199254740991, -9007199254740991, 4503599627370496, 3000000000, -3000000001, 94906266, 2147483647, -2147483648, 7, -1]
fn mul(x, y)
  try
    x * y
  catch e
    e
  end
end
for x in xs do
  println~("{x + 1} {x - 1} {x + 3000000000} {x * 3} {x / 3} {x % 3000000000}")
  for y in xs do
    println~("{x + y} {x - y} {mul(x, y)} {x / y} {x % y}")
  end
end
`;

describe("wide ints in compiled code", () => {
  it("give the interpreter's values, exact up to 2^53 and past it", () => {
    const program = load(compileOrThrow(WIDE).bytes);
    const plain = observe(program, { jit: false });
    expect(plain.error).toBeUndefined();
    expect(plain.stdout).toContain("9007199254740992 ");
    expect(plain.stdout).toContain(" 18014398509481982 ");
    expect(observe(program, { jit: "eager" })).toEqual(plain);
  });
});

describe("calls in compiled code", () => {
  const program = load(compileOrThrow(CALLS).bytes);

  it("behave as the interpreter's, under any step budget and depth limit", () => {
    const full = observe(program, { jit: false });
    expect(full.error?.kind).toBe("IndexOutOfBounds");
    expect(full.error?.frames.length).toBeGreaterThan(1);
    expect(observe(program, { jit: "eager" })).toEqual(full);
    expect(observe(program, {})).toEqual(full);
    for (let maxSteps = 1; maxSteps <= full.steps + 2; maxSteps += 997) {
      const plain = observe(program, { jit: false, maxSteps });
      expect(observe(program, { jit: "eager", maxSteps })).toEqual(plain);
    }
    for (const maxDepth of [3, 19, 20, 100, 4000]) {
      const plain = observe(program, { jit: false, maxDepth });
      expect(plain.error?.kind).toBe("StackOverflow");
      expect(observe(program, { jit: "eager", maxDepth })).toEqual(plain);
    }
  });
});

// Natives that call functions (map, filter, fold, sort_by, any): compiled code runs their
// callbacks itself (runtime/jit.ts's taskJ), the interpreter hands a task over once its
// callback is compiled; callbacks that call tasks, leave their frame to the interpreter (a
// native call, an error caught inside), tail calls, and deep recursion through map. Each
// variant adds an error at the end: one the task throws after a callback returned, an arity
// mismatch, one in a callback, and depth.
const TASKS = `
fn helper(x) => x + 1
fn tail(x)
  helper(x)
end
fn nested(x) => [x, x + 1].map(y => y * 10).fold(0, (a, y) => a + y)
fn catching(x)
  try
    let t = [1, 2].map(y => if y == 2 then [1][5] else y end)
    t.len()
  catch e
    x
  end
end
fn deep(n) => if n == 0 then 0 else [n].map(x => deep(x - 1))[0] + 1 end
let xs = []
for i in 0..300 do
  xs.push(i)
end
var s = 0
for r in 0..4 do
  s = s + xs.map(tail).filter(x => x % 3 == 0).fold(0, (a, x) => a + x)
  s = s + xs.map(nested).fold(0, (a, x) => (a + x) % 1000003)
  s = s + xs.map(catching).len()
  s = s + xs.map(x => xs.len() - x).sort_by(x => x).len()
  s = s + xs.map(x => do
    if x % 100 == 0 then print("") end
    x
  end).len()
  if xs.any(x => x == 299) then s = s + 1 end
  s = s + deep(r * 20)
end
println(s)
`;
const TASK_ERRORS = [
  "",
  "println(xs.filter(x => x + 1).len())",
  "println(xs.map((a, b) => a).len())",
  "println(xs.map(x => [1][x]).len())",
  "println(deep(5000))",
];

describe("natives that call functions, from compiled code", () => {
  it("behave as the interpreter's, under any step, memory or depth limit", () => {
    for (const end of TASK_ERRORS) {
      const program = load(compileOrThrow(TASKS + end + "\n").bytes);
      const full = observe(program, { jit: false });
      expect(full.stdout).toMatch(/^3664324/);
      expect(observe(program, { jit: "eager" })).toEqual(full);
      expect(observe(program, {})).toEqual(full);
      for (let maxSteps = 1; maxSteps <= full.steps + 2; maxSteps += 4999) {
        const plain = observe(program, { jit: false, maxSteps });
        expect(observe(program, { jit: "eager", maxSteps })).toEqual(plain);
      }
      for (const part of [0.1, 0.5, 0.9]) {
        const maxMemory = Math.floor(full.bytes * part);
        const plain = observe(program, { jit: false, maxMemory });
        expect(plain.error?.message).toMatch(/memory budget/);
        expect(observe(program, { jit: "eager", maxMemory })).toEqual(plain);
      }
      for (const maxDepth of [3, 4, 30, 200]) {
        const plain = observe(program, { jit: false, maxDepth });
        expect(observe(program, { jit: "eager", maxDepth })).toEqual(plain);
        expect(observe(program, { maxDepth })).toEqual(plain);
      }
    }
  });
});

describe("when code is compiled", () => {
  it("compiles a function once it is hot, and not with jit: false or onStep", () => {
    const p = load(compileOrThrow(LOOP).bytes);
    observe(p, { jit: false });
    observe(p, { jit: true, onStep: () => {} });
    expect(compiled(p)).toBe(0);
    observe(p, {});
    expect(compiled(p)).toBe(1);
  });

  it("leaves a function that is not hot to the interpreter", () => {
    const p = load(compileOrThrow("var i = 0\nwhile i < 10 do i = i + 1 end\nprintln(i)").bytes);
    expect(observe(p, {}).stdout).toBe("10\n");
    expect(compiled(p)).toBe(0);
  });
});

// PHASES, then an error at its end.
const PHASES_ERR = PHASES + 'println(t + "!")\n';

describe("blocks left out of compiled code", () => {
  const program = load(compileOrThrow(PHASES_ERR).bytes);
  const f = program.linked.protos.find((p) => p.name === "f")!;

  it("are the interpreter's until they are hot, with nothing observable", () => {
    const full = observe(program, { jit: false });
    expect(full.error?.kind).toBe("TypeError");
    expect(observe(program, {})).toEqual(full);
    // Profiled, compiled without the blocks that had not run, then again with each block
    // left out once it was entered often, until every block is compiled (MAX_ROUNDS).
    expect(f.jitProfile).toBeUndefined();
    expect(typeof f.jit).toBe("function");
    expect(observe(program, { jit: "eager" })).toEqual(full);
    for (let maxSteps = 1; maxSteps <= full.steps + 2; maxSteps += 499) {
      const plain = observe(program, { jit: false, maxSteps });
      expect(observe(program, { jit: "eager", maxSteps })).toEqual(plain);
      expect(observe(program, { maxSteps })).toEqual(plain);
    }
  });
});

describe("veld --no-jit", () => {
  const dir = mkdtempSync(join(tmpdir(), "veld-jit-"));
  const file = join(dir, "loop.veldc");
  writeFileSync(file, compileOrThrow(LOOP).bytes);
  const veld = (...args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", "tools/cli/veld.ts", ...args], {
      encoding: "utf8",
    });

  it("runs the interpreter alone, with the same outcome", () => {
    const on = veld(file);
    const off = veld("--no-jit", file);
    expect(off.stdout).toBe(on.stdout);
    expect(off.stderr).toBe(on.stderr);
    expect(off.status).toBe(1);
    expect(veld("--help").stdout).toMatch(/--no-jit/);
  });
});

// Last: the refusal is remembered for the rest of the process (this file's module graph).
describe("a host that refuses new Function (strict Content-Security-Policy)", () => {
  afterEach(() => void vi.unstubAllGlobals());

  it("runs on the interpreter, once refused never trying again", () => {
    const program = load(compileOrThrow(LOOP).bytes);
    const expected = observe(program, { jit: false });
    let tries = 0;
    vi.stubGlobal(
      "Function",
      class {
        constructor() {
          tries++;
          throw new EvalError("Refused to evaluate a string as JavaScript");
        }
      },
    );
    expect(jitAvailable()).toBe(true);
    expect(observe(program, { jit: "eager" })).toEqual(expected);
    expect(jitAvailable()).toBe(false);
    expect(tries).toBe(1);
    vi.unstubAllGlobals();
    const again = load(compileOrThrow(LOOP).bytes);
    expect(observe(again, { jit: "eager" })).toEqual(expected);
    expect(compiled(again)).toBe(0);
  });
});

describe("the host stack under compiled code", () => {
  it("runs long functions and deep recursion through them as the interpreter does", () => {
    // A 900-word function recursing 100,000 deep (compiled frames are large: their nesting
    // on the host stack is bounded by size), and a 60,000-word top level entered 20,000 times
    // by returns (too long to compile).
    const body = Array.from({ length: 300 }, (_, i) => `  x = (x * 3 + ${i}) % 1000`).join("\n");
    const deep = `fn f(n)\n  if n == 0 then return 0 end\n  var x = n\n${body}\n  f(n - 1) + x - x\nend\nprintln(f(100000))\n`;
    const chain = `let s = "ab"\nprintln(s${".to_upper().to_lower()".repeat(20_000)})\n`;
    for (const src of [deep, chain]) {
      const program = load(compileOrThrow(src).bytes);
      const plain = observe(program, { jit: false });
      expect(plain.error).toBeUndefined();
      expect(observe(program, { jit: true })).toEqual(plain);
      expect(observe(program, { jit: "eager" })).toEqual(plain);
    }
  });
});
