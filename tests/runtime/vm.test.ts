// The interpreter's limits, budgets and host hooks at their exact boundaries and with their
// messages (spec/semantics.md §10): what a user sees when a run stops, and what an embedder
// reads back (steps, peakDepth, allocated). Mostly with the compiled tier off (`jit: false`),
// so these are runtime/vm.ts's own paths; tests/runtime/jit.test.ts checks the two tiers agree.

import { describe, expect, it } from "vitest";
import { loadModule, type Host, type RunOptions, type Value } from "../../runtime/index.js";
import { compileOrThrow } from "../helpers/veld.js";
import { stripDebug } from "../../format/strip.js";
import { build, type FnSpec, type Ins } from "./build.js";
import { print, prog } from "./helpers.js";
import { run } from "./run.js";
import { interpret } from "../../interpreter/index.js";
import { Vm, toVeldError } from "../../runtime/vm.js";
import { Closure } from "../../runtime/values.js";
import { InternalError, Trap, type VeldError } from "../../runtime/errors.js";
import { formatValue } from "../../runtime/format.js";
import { builtinMethod } from "../../runtime/natives/methods.js";

function vm(source: string, options: RunOptions = {}, host: Partial<Host> = {}) {
  let stdout = "";
  const r = loadModule(compileOrThrow(source).module).run(
    { write: (t) => (stdout += t), writeErr: () => {}, ...host },
    [],
    options,
  );
  return {
    stdout,
    error: r.error?.kind ?? null,
    message: r.error?.message ?? null,
    steps: r.steps,
    peak: r.peakDepth,
    allocated: r.allocated,
  };
}

const REC = `fn f(n) => if n == 0 then 0 else f(n - 1) + 1 end`;
const LOOP = `var s = 0\nfor i in 0..100000 do s = s + i end\nprintln(s)`;

/** `g()`: divides 1 by 0, so raises DivisionByZero in a frame of its own. */
const DIVIDES_BY_ZERO: FnSpec = {
  name: "g",
  registers: 2,
  code: [
    ["LOADI", 0, 1],
    ["LOADI", 1, 0],
    ["DIV", 0, 0, 1],
    ["RETURN", 0],
  ],
};

describe("the call depth limit", () => {
  it("is exact: frames 0 to maxDepth - 1 fit, and the message names the limit", () => {
    // main is frame 0, f(n) needs n + 1 frames above it.
    const fits = vm(`${REC}\nprintln(f(8))`, { maxDepth: 10, jit: false });
    expect(fits).toMatchObject({ stdout: "8\n", error: null, peak: 10 });
    const over = vm(`${REC}\nprintln(f(9))`, { maxDepth: 10, jit: false });
    expect(over).toMatchObject({ error: "StackOverflow", message: "call depth exceeds 10" });
    expect(over.peak).toBe(10);
  });
  it("is 200,000 frames by default", () => {
    expect(vm(`${REC}\nprintln(f(199998))`, { jit: false })).toMatchObject({
      stdout: "199998\n",
      peak: 200_000,
    });
    expect(vm(`${REC}\nprintln(f(199999))`, { jit: false }).message).toBe(
      "call depth exceeds 200000",
    );
  });
});

describe("the array length limit", () => {
  it("is maxArrayLength exactly, 2^26 by default", () => {
    const src = `var a = [1, 2]\na.push(3)\nprintln(a.len())\na.push(4)\nprintln(a.len())`;
    expect(vm(src, { maxArrayLength: 3 })).toMatchObject({
      stdout: "3\n",
      error: "LimitExceeded",
      message: "array longer than 3 elements",
    });
    expect(vm(src, { maxArrayLength: 4 })).toMatchObject({ stdout: "3\n4\n", error: null });
    expect(vm(`println((0..67108865).to_array().len())`).message).toBe(
      "array longer than 67108864 elements",
    );
  });

  it("refuses an array literal longer than the limit, in both tiers and the tree-walker", () => {
    // NEWARRAY builds a literal's first 50 elements; it checked no limit before.
    const src = `fn mk() => [1, 2, 3, 4]
var n = 0
for i in 0..300 do n = n + mk().len() end
println(n)`;
    const limit = { error: "LimitExceeded", message: "array longer than 3 elements" };
    expect(vm(src, { maxArrayLength: 3, jit: false })).toMatchObject(limit);
    expect(vm(src, { maxArrayLength: 3, jit: "eager" })).toMatchObject(limit);
    expect(vm(src, { maxArrayLength: 4, jit: "eager" })).toMatchObject({ stdout: "1200\n" });
    const r = interpret(src, { write: () => {} }, { maxArrayLength: 3 });
    expect("error" in r && r.error?.kind).toBe("LimitExceeded");
    expect("error" in r && r.error?.message).toBe("array longer than 3 elements");
  });
});

describe("the step budget", () => {
  it("counts every instruction; maxSteps N fits a run of N steps, N - 1 stops at N - 1", () => {
    const full = vm(LOOP, { jit: false });
    expect(full).toMatchObject({ stdout: "4999950000\n", error: null, steps: 200_008 });
    expect(vm(LOOP, { jit: false, maxSteps: 200_008 }).error).toBeNull();
    // The last instruction (main's RETURN) is the one refused.
    expect(vm(LOOP, { jit: false, maxSteps: 200_007 })).toMatchObject({
      stdout: "4999950000\n",
      error: "LimitExceeded",
      message: "instruction budget exhausted",
      steps: 200_007,
    });
    expect(vm(LOOP, { jit: false, maxSteps: 1000 }).steps).toBe(1000);
  });
  it("polls interrupt every 65,536 steps, and stops at the poll that answers true", () => {
    let polls = 0;
    const r = vm(LOOP, { jit: false, interrupt: () => (polls++, false) });
    expect(r).toMatchObject({ error: null, steps: 200_008 });
    expect(polls).toBe(3); // at 65,536, 131,072 and 196,608
    let n = 0;
    const stopped = vm(LOOP, { jit: false, interrupt: () => ++n === 2 });
    expect(stopped).toMatchObject({
      stdout: "",
      error: "LimitExceeded",
      message: "interrupted",
      steps: 131_072,
    });
    // With both, the smaller of the budget and the poll interval comes first.
    n = 0;
    const both = vm(LOOP, { jit: false, maxSteps: 100_000, interrupt: () => (n++, false) });
    expect(both).toMatchObject({ error: "LimitExceeded", steps: 100_000 });
    expect(n).toBe(1);
  });
  it("calls onStep before every instruction with the frame's function, pc, depth and base", () => {
    const seen: unknown[] = [];
    let calls = 0;
    const r = vm(`${REC}\nprintln(f(1))`, {
      onStep: (proto, pc, depth, regs, base) => {
        calls++;
        if (depth > 0 && seen.length === 0) seen.push(proto.name, pc, depth, base, regs[base]);
      },
    });
    expect(r).toMatchObject({ stdout: "1\n", error: null });
    expect(calls).toBe(r.steps);
    expect(seen).toEqual(["f", 0, 1, expect.any(Number), 1]);
    let limited = 0;
    const short = vm(LOOP, { maxSteps: 1000, onStep: () => void limited++ });
    expect(short).toMatchObject({ error: "LimitExceeded", steps: 1000 });
    expect(limited).toBe(1000);
  });
});

describe("the memory budget", () => {
  it("reports 0 bytes without maxMemory", () => {
    expect(vm(`let a = [1, 2, 3]\nprintln(a)`).allocated).toBe(0);
  });
  it("charges Some, Ok and Err made by natives 24 bytes each", () => {
    const m = { maxMemory: 1000 };
    expect(vm(`let n = "12".to_int()`, m).allocated).toBe(24);
    expect(vm(`let n = "ab".to_int()`, m).allocated).toBe(0); // None is shared
    expect(vm(`let n = "12".to_int().ok_or(0)`, m).allocated).toBe(48);
    expect(vm(`let n = "ab".to_int().ok_or(0)`, m).allocated).toBe(24);
  });
  it("charges a concatenation its UTF-8 bytes, also when one side is the last result", () => {
    const src = `var s = "é"\ns = s + "é"\ns = s + "é"\nprintln(s)`;
    // 16 + 4, then 16 + 6.
    expect(vm(src, { maxMemory: 1000 })).toMatchObject({ stdout: "ééé\n", allocated: 42 });
    expect(vm(src, { maxMemory: 41 })).toMatchObject({ stdout: "", error: "LimitExceeded" });
    expect(vm(src, { maxMemory: 41 }).message).toBe("memory budget of 41 bytes exhausted");
  });
});

describe("host hooks", () => {
  it("std.time.now reads the host's clock, else the system's", () => {
    expect(vm(`println(std.time.now())`, {}, { now: () => 12.7 }).stdout).toBe("12\n");
    const before = Date.now();
    const t = Number(vm(`println(std.time.now())`).stdout);
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Date.now());
  });
  it("std.io.read_line is None without a reader, the host's line with one", () => {
    expect(vm(`println(std.io.read_line())`).stdout).toBe("Option.None\n");
    expect(vm(`println(std.io.read_line())`, {}, { readLine: () => "hi" }).stdout).toBe(
      "Option.Some(hi)\n",
    );
  });
});

describe("calls from natives", () => {
  it("check the callee's arity, by name", () => {
    expect(vm(`println([1].map(fn(a, b) => a))`).message).toBe("<lambda> takes 2 arguments, got 1");
    expect(vm(`println([1].map(std.time.now))`).message).toBe(
      "std.time.now takes 0 arguments, got 1",
    );
  });
});

/** Each program's output, or `!Kind: message` when it stopped with an error. */
const outcome = (source: string, options: RunOptions = {}) => {
  const r = vm(source, options);
  return r.error === null ? r.stdout : `${r.stdout}!${r.error}: ${r.message}`;
};

describe("errors of the cold instructions and the slow paths, with their messages", () => {
  // Named by number, not by source: Stryker cannot select a test whose name holds a newline
  // (such a test never ran against a mutant: every mutant it alone kills survived).
  it.each(
    (
      [
        [
          `struct P\n  x: i64\nend\nfn get(o) => o.z\nprintln(get(P(x: 1)))`,
          "UndefinedField: P has no field 'z'",
        ],
        [`fn get(o) => o.z\nprintln(get(5))`, "TypeError: cannot read field 'z' of int"],
        [`fn m(o) => o.foo()\nprintln(m(5))`, "UndefinedField: int has no method 'foo'"],
        [
          `let e = try throw "boom" catch e e end\nprintln(e.nope)`,
          "UndefinedField: error values have no field 'nope'",
        ],
        [
          `fn ix(o, i) => o[i]\nprintln(ix([1, 2, 3], "a"))`,
          "TypeError: index must be an int, got str",
        ],
        [
          `fn ix(o, i) => o[i]\nprintln(ix([1, 2, 3], 9223372036854775807))`,
          "IndexOutOfBounds: index 9223372036854775807 out of bounds",
        ],
        [
          `fn ix(o, i) => o[i]\nprintln(ix([1, 2, 3], 5))`,
          "IndexOutOfBounds: index 5 out of bounds for length 3",
        ],
        [
          `fn ix(o, i) => o[i]\nprintln(ix("héllo", 9))`,
          "IndexOutOfBounds: index 9 out of bounds for a string",
        ],
        [
          `fn ix(o, i) => o[i]\nprintln(ix("héllo", -1))`,
          "IndexOutOfBounds: index -1 out of bounds for a string",
        ],
        [`fn ix(o, i) => o[i]\nprintln(ix(5, 1))`, "TypeError: cannot index int"],
        [
          `fn st(o, i)\n  o[i] = 1\nend\nst("abc", 1)`,
          "TypeError: cannot assign to an index of str",
        ],
        [`fn st(o, i)\n  o[i] = 1\nend\nst([1], "x")`, "TypeError: index must be an int, got str"],
        [
          `fn st(o, i)\n  o[i] = 1\nend\nst([1], 9223372036854775807)`,
          "IndexOutOfBounds: index 9223372036854775807 out of bounds",
        ],
        [
          `fn st(o, i)\n  o[i] = 1\nend\nst([1], 3)`,
          "IndexOutOfBounds: index 3 out of bounds for length 1",
        ],
        [
          `fn lp(a, b)\n  for i in a..b do println(i) end\nend\nlp(1.5, 3)`,
          "TypeError: for-loop bounds must be ints, got float and int",
        ],
        [
          `fn lp(a, b)\n  for i in a..b do println(i) end\nend\nlp(1, "x")`,
          "TypeError: for-loop bounds must be ints, got int and str",
        ],
        [`fn nt(x) => !x\nprintln(nt(5))`, "TypeError: ! must be a bool, got int"],
        [
          `fn rg(a, b) => a..b\nprintln(rg(1.5, 2))`,
          "TypeError: range bounds must be ints, got float and int",
        ],
        [
          `fn rg(a, b) => a..b\nprintln(rg(1, 2.5))`,
          "TypeError: range bounds must be ints, got int and float",
        ],
        [`fn th(x) => throw x\nth([1, "a"])`, "Thrown: [1, a]"],
        [
          `fn m(v) => match v\n  1 => "one"\nend\nprintln(m(2))`,
          "NoMatch: no match arm for value 2",
        ],
        [`panic~("bad {1 + 1}")`, "Panic: bad 2"],
        [`assert~(1 == 2, "nope")`, "AssertionFailed: nope"],
      ] as [string, string][]
    ).map(([src, expected]) => [expected, src]),
  )("%#: %s", (expected, src) => {
    expect(outcome(src, { jit: false })).toBe(`!${expected}`);
  });
});

describe("the slow paths' results", () => {
  it("indexes strings by scalar, and counts for-loops over bigint bounds", () => {
    expect(outcome(`fn ix(o, i) => o[i]\nprintln(ix("héllo", 1))\nprintln(ix("héllo", 4))`)).toBe(
      "é\no\n",
    );
    const lp = (range: string) =>
      `fn lp(a, b)\n  for i in ${range} do println(i) end\nend\nlp(9223372036854775805, 9223372036854775807)\nlp(3, 1)\nlp(-9007199254740993, -9007199254740992)`;
    expect(outcome(lp("a..=b"), { jit: false })).toBe(
      "9223372036854775805\n9223372036854775806\n9223372036854775807\n-9007199254740993\n-9007199254740992\n",
    );
    expect(outcome(lp("a..b"), { jit: false })).toBe(
      "9223372036854775805\n9223372036854775806\n-9007199254740993\n",
    );
  });
  it("matches tuples by length, structs by type and ranges by bounds", () => {
    const tuples = `fn m(x) => match x\n  (a, b) => "two"\n  (a, b, c) => "three"\n  () => "unit"\n  _ => "other"\nend\nfor v in [(1, 2), (1, 2, 3), (), 5] do println(m(v)) end`;
    expect(outcome(tuples, { jit: false })).toBe("two\nthree\nunit\nother\n");
    const structs = `struct P\n  x: i64\nend\nstruct Q\n  x: i64\nend\nfn m(v) => match v\n  P(x: a) => a\n  Q(x: a) => -a\n  _ => 0\nend\nprintln(m(P(x: 3)))\nprintln(m(Q(x: 3)))\nprintln(m(4))`;
    expect(outcome(structs, { jit: false })).toBe("3\n-3\n0\n");
    const ranges = `fn m(v) => match v\n  1..5 => "low"\n  5..=9 => "mid"\n  _ => "high"\nend\nfor v in [0, 1, 4, 5, 9, 10] do println(m(v)) end`;
    expect(outcome(ranges, { jit: false })).toBe("high\nlow\nlow\nmid\nmid\nhigh\n");
  });
  it("catches through 40 nested handlers (the handler stack grows from 16)", () => {
    const src = `fn g(n)\n  if n == 0 then throw 0 end\n  try g(n - 1) catch e throw e.value + 1 end\nend\nprintln(try g(40) catch e e.value end)`;
    expect(outcome(src, { jit: false })).toBe("40\n");
  });
});

describe("the memory the cold instructions charge", () => {
  const bytes = (src: string) => vm(src, { maxMemory: 100_000, jit: false }).allocated;
  it("charges interpolation, casts to str, arrays, appends and tuples by the size rule", () => {
    // closure f 16; "abé1": 16 + 5.
    expect(bytes(`fn f(a, b) => format~("{a}é{b}")\nprintln(f("ab", 1))`)).toBe(37);
    // then "abé1éabé1": 16 + 12, its first part the last string built.
    expect(bytes(`fn f(a, b) => format~("{a}é{b}")\nlet s = f("ab", 1)\nlet t = f(s, s)`)).toBe(65);
    expect(bytes(`fn c(x) => x as str\nlet a = c(12345)`)).toBe(16 + 16 + 5);
    // 120 elements: NEWARRAY of 50 (16 + 400), APPENDs of 50 and 20 (8 each).
    const arr = `[${Array.from({ length: 120 }, (_, i) => i).join(", ")}]`;
    expect(bytes(`fn mk() => ${arr}\nprintln(mk().len())`)).toBe(16 + 16 + 120 * 8);
    // (x, x, 1): 16 + 24; () is no allocation.
    expect(bytes(`fn t(x) => (x, x, 1)\nlet a = t(1)\nlet u = ()`)).toBe(16 + 40);
  });
  it("stops an array literal past maxArrayLength at its APPEND", () => {
    const arr = `[${Array.from({ length: 120 }, (_, i) => i).join(", ")}]`;
    const src = `fn mk() => ${arr}\nprintln(mk().len())`;
    expect(outcome(src, { maxArrayLength: 120 })).toBe("120\n");
    expect(outcome(src, { maxArrayLength: 119 })).toBe(
      "!LimitExceeded: array longer than 119 elements",
    );
  });
});

describe("frames: returns, unwinding, upvalues and traces", () => {
  it("a frame that returns from inside try drops its handler", () => {
    // g runs at the depth f had: a handler left behind would catch g's error.
    const src = `fn f()\n  try\n    return 1\n  catch e\n    println("wrong")\n  end\n  2\nend\nfn g()\n  let x = f()\n  throw "after"\nend\ng()`;
    expect(outcome(src, { jit: false })).toBe("!Thrown: after");
  });
  it("closes the upvalues of frames an error unwinds", () => {
    const src = `var fs = []\nfn mk(n)\n  var x = n\n  fs.push(fn() => x)\n  x = x + 100\n  if n > 0 then throw "up" end\nend\nprintln(try mk(1) catch e 0 end)\nfn clobber(a, b, c, d) => a + b + c + d\nprintln(clobber(7, 7, 7, 7))\nprintln(fs[0]())`;
    expect(outcome(src, { jit: false })).toBe("0\n28\n101\n");
  });
  it("shares one upvalue per variable, however the closures are ordered, after the return", () => {
    const src = `fn mk()\n  var a = 1\n  var b = 2\n  var c = 3\n  let fc = fn() => c\n  let fa = fn() => a\n  let fb = fn() => b\n  let seta = fn(v)\n    a = v\n  end\n  let fa2 = fn() => a\n  a = 10\n  b = 20\n  c = 30\n  (fa, fb, fc, seta, fa2)\nend\nlet t = mk()\nfn clobber(a, b, c, d, e, f, g) => a\nclobber(0, 0, 0, 0, 0, 0, 0)\nt.3(99)\nprintln(format~("{t.0()} {t.1()} {t.2()} {t.4()}"))`;
    expect(outcome(src, { jit: false })).toBe("99 20 30 99\n");
  });
  it("checks the arity of a callback whose frame a native reuses", () => {
    // sort calls its comparator again and again in one frame; map's callback the first time.
    expect(outcome(`println([3, 1, 2].sort(fn(a, b) => a - b))`, { jit: false })).toBe(
      "[1, 2, 3]\n",
    );
    expect(outcome(`println([1, 2].map(fn(a, b) => a))`, { jit: false })).toBe(
      "!ArityMismatch: <lambda> takes 2 arguments, got 1",
    );
  });
  const SPIN = `fn spin()\n  var i = 0\n  while true do i = i + 1 end\nend\n`;
  const DEEP = `${SPIN}fn f(n) => if n == 0 then spin() else f(n - 1) + 1 end\n`;
  it("traces the whole stack of an uncaught error, folded", () => {
    const r = loadModule(compileOrThrow(`${DEEP}println(f(100))`).module).run(
      { write: () => {}, writeErr: () => {} },
      [],
      { jit: false, maxSteps: 5000 },
    );
    expect(r.error!.frames).toEqual([
      { function: "spin", file: "test.veld", line: 3, column: 21, pc: 1 },
      { function: "f", file: "test.veld", line: 5, column: 39, pc: 6, repeat: 99 },
      { function: "<main>", file: "test.veld", line: 6, column: 9, pc: 7 },
    ]);
  });
  it("traces only the innermost 50 frames while a try is active (the error is likely caught)", () => {
    // The step budget cannot be caught, so the short trace is seen.
    const r = loadModule(compileOrThrow(`${DEEP}println(try f(100) catch e 0 end)`).module).run(
      { write: () => {}, writeErr: () => {} },
      [],
      { jit: false, maxSteps: 5000 },
    );
    expect(r.error!.frames).toEqual([
      { function: "spin", file: "test.veld", line: 3, column: 3, pc: 2 },
      { function: "f", file: "test.veld", line: 5, column: 39, pc: 6, repeat: 48 },
    ]);
  });
});

describe("iteration", () => {
  const COUNT = `struct C\n  n: i64\nend\nimpl C\n  fn next(mut self)\n    if self.n == 0 then\n      None\n    else\n      self.n -= 1\n      Some(self.n + 1)\n    end\n  end\nend\n`;
  it("runs a user iterator's next() until None, and checks it returns an Option", () => {
    expect(
      outcome(`${COUNT}for x in C(n: 3) do print~("{x} ") end\nprintln()`, { jit: false }),
    ).toBe("3 2 1 \n");
    const bad = `struct B\n  n: i64\nend\nimpl B\n  fn next(mut self) => 5\nend\nfor x in B(n: 3) do println(x) end`;
    expect(outcome(bad, { jit: false })).toBe("!TypeError: next() must return an Option, got int");
  });
  it("iterates maps, strings and range values", () => {
    const src = `let m = {"a": 1, "b": 2}\nfor kv in m do println(kv) end\nfor c in "hé" do println(c) end\nfor i in (3..5) do println(i) end`;
    expect(outcome(src, { jit: false })).toBe("(a, 1)\n(b, 2)\nh\né\n3\n4\n");
  });
  it("counts for-loops beyond 2^53 and across the i64 range exactly", () => {
    const wide = `fn lp(a, b)\n  var n = 0\n  for i in a..b do\n    n = n + 1\n    if n == 3 then break end\n  end\n  n\nend\nprintln(lp(-9223372036854775807, 9223372036854775807))`;
    expect(outcome(wide, { jit: false })).toBe("3\n");
    const past = `fn lp(a, b)\n  var last = 0\n  for i in a..=b do last = i end\n  last\nend\nprintln(lp(9007199254740990, 9007199254740994))`;
    expect(outcome(past, { jit: false })).toBe("9007199254740994\n");
  });
});

describe("main", () => {
  it("must take no parameters, also in a trusted module the verifier did not see", () => {
    const spec = prog([["RETURNUNIT"]]);
    spec.functions[0]!.params = 1;
    const r = loadModule(build(spec), { trusted: true }).run({
      write: () => {},
      writeErr: () => {},
    });
    expect(r.error).toMatchObject({
      kind: "ArityMismatch",
      message: "main must take no parameters",
    });
    // Raised before main's frame exists: no frames.
    expect(r.error!.frames).toEqual([]);
  });
});

describe("an arity mismatch", () => {
  it("names a function whose name is empty 'function' (hand-written: a compiler names each)", () => {
    const nameless: FnSpec = { name: "", params: 1, registers: 1, code: [["RETURN", 0]] };
    const m = prog(
      [["CLOSURE", 0, 0], ["LOADI", 1, 1], ["LOADI", 2, 2], ["CALL", 0, 2], ["RETURNUNIT"]],
      {
        functions: [nameless],
        children: [""],
      },
    );
    for (const jit of [false, "eager"] as const)
      expect(run(m, { jit })).toMatchObject({
        kind: "ArityMismatch",
        message: "function takes 1 argument, got 2",
      });
  });
});

describe("natives calling Veld (tasks) in the interpreter", () => {
  // With the compiled tier on, a task's calls go through runtime/jit.ts (taskJ); jit: false
  // runs runtime/vm.ts's own task loop. Both give the same output and steps.
  it.each([
    [
      "a native's tail call (TAILCALL of a task), also from a callback",
      "fn inc(xs) => xs.map(fn(x) => x + 1)\nprintln(inc([1, 2]))\nprintln([1, 2].map(fn(x) => inc([x, x])[1]))",
      "[2, 3]\n[2, 3]\n",
      55,
    ],
    [
      "nested tasks",
      "println([[1, 2], [3]].map(fn(r) => r.map(fn(x) => x * 10)))",
      "[[10, 20], [30]]\n",
      24,
    ],
    ["a native as a callback", "println([1, 2].map(println))", "1\n2\n[(), ()]\n", 9],
    [
      "a callback's error caught around its native, which is dropped",
      'println(try [1, 2].map(fn(x) => if x == 2 then throw "two" else x end) catch e e.value end)\nprintln([5].map(fn(x) => x))',
      "two\n[5]\n",
      24,
    ],
    [
      "sort, filter and Option.map",
      "println([3, 1, 2].sort(fn(a, b) => b - a))\nprintln([1, 2, 3, 4].filter(fn(x) => x % 2 == 0))\nprintln(Some(2).map(fn(x) => x * 3))",
      "[3, 2, 1]\n[2, 4]\nOption.Some(6)\n",
      57,
    ],
    [
      "a user iterator inside a callback",
      "struct C\n  n: i64\nend\nimpl C\n  fn next(mut self)\n    if self.n == 0 then\n      None\n    else\n      self.n -= 1\n      Some(self.n + 1)\n    end\n  end\nend\nfn total(n)\n  var s = 0\n  for x in C(n: n) do s = s + x end\n  s\nend\nprintln([2, 3].map(total))",
      "[3, 6]\n",
      98,
    ],
    [
      "a task inside a user iterator's next()",
      "struct D\n  n: i64\nend\nimpl D\n  fn next(mut self)\n    if self.n == 0 then return None end\n    self.n -= 1\n    Some([self.n].map(fn(x) => x * 2)[0])\n  end\nend\nfor x in D(n: 3) do println(x) end",
      "4\n2\n0\n",
      77,
    ],
    [
      "an error unwinding five tasks",
      'fn f(n) => if n == 0 then throw "deep" else [n].map(fn(x) => f(x - 1))[0] end\nprintln(try f(5) catch e e.value end)\nprintln([1].map(fn(x) => x + 1))',
      "deep\n[2]\n",
      67,
    ],
  ])("%s", (_, src, expected, steps) => {
    expect(vm(src, { jit: false })).toMatchObject({ stdout: expected, error: null, steps });
    expect(vm(src)).toMatchObject({ stdout: expected, error: null, steps });
  });
});

describe("growing the register file", () => {
  it("keeps the float bank of the frames below when it grows", () => {
    // x lives in F registers across 2,000 nested calls: the file grows from 1,024 registers.
    const src = `fn deep(n)\n  var x = 0.5\n  x = x * 3.0\n  let r = if n == 0 then 0.0 else deep(n - 1) end\n  x + r\nend\nprintln(deep(2000))`;
    expect(outcome(src, { jit: false })).toBe("3001.5\n");
  });

  it("keeps the float bank as long as the registers: a frame ending at 1,025 or 2,049 has its last F", () => {
    // Level j (main is 0) has 256 registers from 1 + 256j; its F255 is the file's register
    // 256j + 256, the first past 1,024 at level 3 and past 2,048 at level 7.
    const level = (j: number): FnSpec => ({
      name: `f${j}`,
      registers: 256,
      consts: [j + 0.5],
      children: j < 7 ? [`f${j + 1}`] : [],
      code: [
        ["FLOADK", 255, 0],
        ...(j < 7
          ? ([
              ["CLOSURE", 255, 0],
              ["CALL", 255, 0],
            ] as Ins[])
          : []),
        ["FBOX", 0, 255],
        ...print(0),
        ["RETURNUNIT"],
      ],
    });
    const [main, ...rest] = [0, 1, 2, 3, 4, 5, 6, 7].map(level);
    const m = { natives: [["println", 255]] as [string, number][], functions: [main!, ...rest] };
    for (const jit of [false, "eager"] as const)
      expect(run(m, { jit }).out).toBe("7.5\n6.5\n5.5\n4.5\n3.5\n2.5\n1.5\n0.5\n");
  });
});

describe("hand-written bytecode the compiler never emits", () => {
  const o = (m: Parameters<typeof run>[0]) => {
    const r = run(m, { jit: false });
    return r.kind ? `${r.out}!${r.kind}: ${r.message}` : r.out;
  };
  it("ITERNEXT on a non-iterator, FORLOOP without FORPREP, APPEND to a non-array", () => {
    const loop: Ins[] = ["top:", ["FORLOOP", 1, "top"], ...print(1), ["RETURNUNIT"]];
    expect(
      o(
        prog([
          ["LOADI", 1, 5],
          "top:",
          ["ITERNEXT", 1, "done"],
          ["JMP", "top"],
          "done:",
          ["RETURNUNIT"],
        ]),
      ),
    ).toBe("!TypeError: int is not an iterator");
    expect(o(prog([["LOADI", 1, 0], ["LOADK", 2, 0], ...loop], { consts: [1.5] }))).toBe(
      "!TypeError: FORLOOP without a FORPREP: the loop count is not an int",
    );
    expect(o(prog([["LOADK", 1, 0], ["LOADI", 2, 3], ...loop], { consts: [1.5] }))).toBe(
      "!TypeError: FORLOOP without a FORPREP: the loop variable is not an int",
    );
    // From 2^53 - 1 on, the variable counts as a bigint, exactly.
    expect(
      o(prog([["LOADK", 1, 0], ["LOADI", 2, 3], ...loop], { consts: [9007199254740991n] })),
    ).toBe("9007199254740994\n");
    expect(o(prog([["LOADI", 0, 1], ["LOADI", 1, 2], ["APPEND", 0, 1], ["RETURNUNIT"]]))).toBe(
      "!TypeError: cannot append to int",
    );
  });
  it("a callee's registers start as () and its float registers as 0.0, after CALL and TAILCALL", () => {
    // spec/isa.md §1. w leaves 42, 43 and 43.0 where r's registers will be; r prints its R1,
    // R2 and F2 without writing them.
    const w: FnSpec = {
      name: "w",
      registers: 8,
      code: [["LOADI", 1, 42], ["LOADI", 2, 43], ["FUNBOX", 2, 2], ["RETURNUNIT"]],
    };
    const r: FnSpec = {
      name: "r",
      params: 1,
      registers: 8,
      code: [["FBOX", 3, 2], ...print(1, 5), ...print(2, 5), ...print(3, 5), ["RETURNUNIT"]],
    };
    // t leaves the same, then tail-calls its argument r.
    const t: FnSpec = {
      name: "t",
      params: 1,
      registers: 8,
      code: [
        ["LOADI", 1, 42],
        ["LOADI", 2, 43],
        ["FUNBOX", 2, 2],
        ["MOVE", 5, 0],
        ["LOADI", 6, 7],
        ["TAILCALL", 5, 1],
      ],
    };
    const m = prog(
      [
        ["CLOSURE", 0, 0],
        ["CALL", 0, 0],
        ["CLOSURE", 0, 1],
        ["LOADI", 1, 7],
        ["CALL", 0, 1],
        ["CLOSURE", 0, 2],
        ["CLOSURE", 1, 1],
        ["CALL", 0, 1],
        ["RETURNUNIT"],
      ],
      { children: ["w", "r", "t"], functions: [w, r, t] },
    );
    expect(o(m)).toBe("()\n()\n0\n".repeat(2));
  });
  it("ENDTRY pops only a handler of its own frame", () => {
    // g's ENDTRY has no handler of g's to pop: main's stays and catches the division.
    const g: FnSpec = { name: "g", registers: 1, code: [["ENDTRY"], ["RETURNUNIT"]] };
    const fail: Ins[] = [["LOADI", 2, 1], ["LOADI", 3, 0], ["DIV", 2, 2, 3], ["RETURNUNIT"]];
    const caught: Ins[] = ["c:", ["LOADI", 4, 99], ...print(4), ["RETURNUNIT"]];
    const m = prog([["TRY", 1, "c"], ["CLOSURE", 0, 0], ["CALL", 0, 0], ...fail, ...caught], {
      children: ["g"],
      functions: [g],
    });
    expect(o(m)).toBe("99\n");
    // With no handler at all it pops nothing either: the TRY after it still catches.
    expect(o(prog([["ENDTRY"], ["TRY", 1, "c"], ...fail, ...caught]))).toBe("99\n");
  });
  it("TAILCALL drops the handlers its frame left open (TRY without ENDTRY)", () => {
    // f tail-calls g inside its TRY; g's division by zero must not reach f's handler.
    const f: FnSpec = {
      name: "f",
      params: 1,
      registers: 3,
      code: [
        ["TRY", 1, "c"],
        ["MOVE", 2, 0],
        ["TAILCALL", 2, 0],
        "c:",
        ["LOADI", 1, 99],
        ["RETURN", 1],
      ],
    };
    const m = prog(
      [["CLOSURE", 0, 0], ["CLOSURE", 1, 1], ["CALL", 0, 1], ...print(0), ["RETURNUNIT"]],
      { children: ["f", "g"], functions: [f, DIVIDES_BY_ZERO] },
    );
    expect(o(m)).toBe("!DivisionByZero: division by zero");
  });
  it("LOADUNIT A B clears registers A to A + B", () => {
    const set = [0, 1, 2, 3].map((r): Ins => ["LOADI", r, 1]);
    const show = [0, 1, 2, 3].flatMap((r) => print(r));
    expect(o(prog([...set, ["LOADUNIT", 1, 1], ...show, ["RETURNUNIT"]]))).toBe("1\n()\n()\n1\n");
  });
  it("a global read before it is set is () (spec/isa.md §1), also in the caller's globals", () => {
    const spec = prog([["GETGLOBAL", 1, 0], ...print(1), ["RETURNUNIT"]], {
      globals: ["g", "h"],
    });
    expect(o(spec)).toBe("()\n");
    // The caller's array is grown to the program's count though no instruction sets a slot.
    const globals: Value[] = [];
    expect(run(spec, { jit: false, globals }).out).toBe("()\n");
    expect(globals).toStrictEqual([undefined, undefined]);
  });
});

describe("an exception of the host's own (runtime/vm.ts toTrap)", () => {
  // println's write throws: what reaches the embedder depends on the exception.
  const thrownBy = (e: Error) => {
    try {
      return vm(
        `println(1)`,
        { jit: false },
        {
          write: () => {
            throw e;
          },
        },
      );
    } catch (x) {
      return x;
    }
  };
  it("host stack exhaustion is the program's StackOverflow, as a RangeError or a SyntaxError", () => {
    for (const e of [
      new RangeError("Maximum call stack size exceeded"),
      new SyntaxError("Invalid regular expression: /x/: Maximum call stack size exceeded"),
    ])
      expect(thrownBy(e)).toMatchObject({
        error: "StackOverflow",
        message: "host stack exhausted",
      });
  });
  it("any other exception is an InternalError that keeps it, the runtime's own passed as it is", () => {
    for (const e of [new RangeError("Invalid array length"), new Error("call stack")]) {
      const x = thrownBy(e);
      expect(x).toBeInstanceOf(InternalError);
      expect((x as InternalError).message).toBe(`unexpected host exception: ${String(e)}`);
      expect((x as InternalError).cause).toBe(e);
    }
    const own = new InternalError("a bug");
    expect(thrownBy(own)).toBe(own);
  });
});

describe("a frame's registers on entry (spec/isa.md §1: all (), every F[i] +0.0)", () => {
  // Hand-written: a compiler never reads a register before writing it. `dirty` fills 32
  // registers and float registers; `peek` and `fpeek` then return their R5 and F5 unwritten,
  // from a frame placed over dirty's old one.
  const dirty: FnSpec = {
    name: "dirty",
    registers: 32,
    consts: [2.5],
    code: [
      ...Array.from({ length: 32 }, (_, r): Ins[] => [
        ["LOADI", r, 7],
        ["FLOADK", r, 0],
      ]).flat(),
      ["RETURNUNIT"],
    ],
  };
  const peek: FnSpec = { name: "peek", params: 1, registers: 8, code: [["RETURN", 5]] };
  const fpeek: FnSpec = {
    name: "fpeek",
    params: 1,
    registers: 8,
    code: [
      ["FBOX", 1, 5],
      ["RETURN", 1],
    ],
  };
  const second: FnSpec = { name: "second", params: 2, registers: 8, code: [["RETURN", 1]] };
  const functions = [dirty, peek, fpeek, second];
  const children = ["dirty", "peek", "fpeek", "second"];

  it("holds for a native's callbacks, in both tiers", () => {
    // dirty runs at R31 of main (40 registers), over where map's callback frame goes (R41 on).
    const mapOver = (child: number): Ins[] => [
      ["CLOSURE", 30, 0],
      ["CALL", 30, 0],
      ["LOADI", 11, 1],
      ["NEWARRAY", 10, 1],
      ["CLOSURE", 12, child],
      ["SELF", 8, 10, 0],
      ["MOVE", 10, 12],
      ["CALL", 8, 2],
      ...print(8, 20),
    ];
    const m = prog([...mapOver(1), ...mapOver(2), ["RETURNUNIT"]], {
      registers: 40,
      consts: ["map"],
      functions,
      children,
    });
    for (const jit of [false, "eager"] as const)
      expect(`${jit}: ${run(m, { jit }).out}`).toBe(`${jit}: [()]\n[0]\n`);
  });

  it("a host hook calling back into the VM from a native's callback returns to the hook", () => {
    // println runs in map's callback frame (depth 1, the task's); the host's write then calls
    // five() through callValue, whose frame (depth 2) is that execute's entry, above the
    // task's callbacks: its RETURN must end the re-entrant execute, not go on in the callback.
    const src = `fn five() => 5\nprintln([1, 2].map(fn(x) => println(x)))`;
    const linked = loadModule(compileOrThrow(src).module).linked;
    const five = new Closure(
      linked.protos.find((p) => p.name === "five")!,
      [],
    );
    let stdout = "";
    const got: Value[] = [];
    const host: Host = {
      write: (t) => {
        stdout += t;
        if (got.length === 0) got.push(vm.callValue(five, []));
      },
      writeErr: () => {},
    };
    const vm = new Vm(linked, host, [], { jit: false });
    vm.runMain();
    expect(got).toEqual([5]);
    expect(stdout).toBe("1\n2\n[(), ()]\n");
  });

  it("callValue gives its frame's registers back: 40,000 calls of a 256-register function fit", () => {
    // Each call runs a native (println) from its frame, which moves the VM's top above it;
    // callValue must restore it, or each call would start 257 registers higher and the
    // register file (2^23) would overflow after about 32,600 calls.
    const wide: FnSpec = {
      name: "wide",
      registers: 256,
      code: [["GETNATIVE", 0, 0], ["CALL", 0, 0], ["RETURNUNIT"]],
    };
    const linked = loadModule(
      build(prog([["RETURNUNIT"]], { functions: [wide], children: ["wide"] })),
    ).linked;
    let lines = 0;
    const host = { write: () => void lines++, writeErr: () => {} };
    const vm = new Vm(linked, host, [], { jit: false });
    const fn = new Closure(linked.protos[1]!, []);
    for (let i = 0; i < 40_000; i++) vm.callValue(fn, []);
    expect(lines).toBe(40_000);
  });

  it("holds for a function called through callValue, the embedding API", () => {
    const linked = loadModule(build(prog([["RETURNUNIT"]], { functions, children }))).linked;
    let stdout = "";
    const host = { write: (t: string) => void (stdout += t), writeErr: () => {} };
    const vm = new Vm(linked, host, [], { jit: false });
    const fn = (i: number) => new Closure(linked.protos[i]!, []);
    const seen = [2, 3].map((i) => {
      expect(vm.callValue(fn(1), [])).toBeUndefined();
      return formatValue(vm.callValue(fn(i), [5]));
    });
    expect(seen).toEqual(["()", "0"]);
    expect(vm.callValue(fn(4), [5, 6])).toBe(6);
    // A native, println (variadic), called directly.
    expect(vm.callValue(linked.natives[0]!, ["hi"])).toBeUndefined();
    expect(stdout).toBe("hi\n");
    // str.find is variadic (an optional start): any count its own check accepts passes.
    const find = builtinMethod("", "find")!;
    expect(formatValue(vm.callValue(find, ["abcb", "b"]))).toBe("Option.Some(1)");
    expect(formatValue(vm.callValue(find, ["abcb", "b", 2]))).toBe("Option.Some(3)");
    const error = (f: Value, args: Value[]) => {
      try {
        return vm.callValue(f, args);
      } catch (e) {
        return e instanceof Trap ? `${e.error.kind}: ${e.error.message}` : e;
      }
    };
    expect(error(fn(2), [5, 6])).toBe("ArityMismatch: peek takes 1 argument, got 2");
    expect(error(5, [])).toBe("TypeError: cannot call int");
    expect(vm.callValue(builtinMethod("", "len")!, ["ab"])).toBe(2);
    expect(error(builtinMethod("", "len")!, ["ab", 1])).toBe(
      "ArityMismatch: str.len takes 0 arguments, got 1",
    );
  });
});

describe("a native's task and the frames around it (hand-written)", () => {
  const id: FnSpec = { name: "id", params: 1, registers: 1, code: [["RETURN", 0]] };
  const show: FnSpec = {
    name: "show",
    params: 1,
    registers: 4,
    code: [...print(0, 1), ["RETURN", 0]],
  };
  const both = (m: Parameters<typeof run>[0]) =>
    [false, "eager"].map((jit) => {
      const r = run(m, { jit: jit as false | "eager", maxSteps: 100_000 });
      return r.kind ? `${jit}: ${r.out}!${r.kind}: ${r.message}` : `${jit}: ${r.out}`;
    });

  /** A function that writes 2.5 in float register `f` and returns it boxed. */
  const boxesFloat = (name: string, registers: number, f: number, params = 0): FnSpec => ({
    name,
    params,
    registers,
    consts: [2.5],
    code: [
      ["FLOADK", f, 0],
      ["FBOX", 1, f],
      ["RETURN", 1],
    ],
  });
  /** A function of 256 registers that calls its child at R`at` and returns its value. */
  const nest = (name: string, child: string, at = 250): FnSpec => ({
    name,
    registers: 256,
    children: [child],
    code: [
      ["CLOSURE", at, 0],
      ["CALL", at, 0],
      ["RETURN", at],
    ],
  });

  it("a callback's frame past the register file's end grows it, float bank too", () => {
    // main → f1 → f2 → f3, 256 registers each and called at R250, leave f3's registers ending
    // at 1,010; map's callback frame (70 registers) then ends past the first 1,024, and its
    // F65 lies beyond the float bank as it was.
    const f3: FnSpec = {
      name: "f3",
      registers: 256,
      consts: ["map"],
      children: ["fp"],
      code: [
        ["LOADI", 202, 1],
        ["NEWARRAY", 201, 1],
        ["SELF", 199, 201, 0],
        ["CLOSURE", 201, 0],
        ["CALL", 199, 2],
        ["RETURN", 199],
      ],
    };
    const fp = boxesFloat("fp", 70, 65, 1);
    const m = prog([["CLOSURE", 250, 0], ["CALL", 250, 0], ...print(250, 252), ["RETURNUNIT"]], {
      registers: 256,
      functions: [nest("f1", "f2"), nest("f2", "f3"), f3, fp],
      children: ["f1"],
    });
    expect(both(m)).toEqual(["false: [2.5]\n", "eager: [2.5]\n"]);
    // The same frame reached through callValue: fold's callback is map itself (a native, so
    // called at once, not as a task), whose own calls then run fp re-entrantly above f3.
    const f3c: FnSpec = {
      ...f3,
      consts: ["fold", "map"],
      code: [
        ["CLOSURE", 211, 0],
        ["NEWARRAY", 210, 1],
        ["LOADI", 213, 1],
        ["NEWARRAY", 212, 1],
        ["SELF", 214, 212, 1],
        ["SELF", 199, 210, 0],
        ["MOVE", 201, 212],
        ["MOVE", 202, 214],
        ["CALL", 199, 3],
        ["RETURN", 199],
      ],
    };
    m.functions[3] = f3c;
    expect(both(m)).toEqual(["false: [2.5]\n", "eager: [2.5]\n"]);
  });

  it("a tail call into a frame past the register file's end grows it, float bank too", () => {
    // main → f1 → f2 → f3, 256 registers each and called at R250, put f4 at 1,004; its 8
    // registers fit the first 1,024, but fp's 70, which take f4's place by its tail call, do
    // not, and fp's F65 lies beyond the float bank as it was.
    const f4: FnSpec = {
      name: "f4",
      registers: 8,
      children: ["fp"],
      code: [
        ["CLOSURE", 0, 0],
        ["TAILCALL", 0, 0],
      ],
    };
    const fp = boxesFloat("fp", 70, 65);
    const m = prog([["CLOSURE", 250, 0], ["CALL", 250, 0], ...print(250, 252), ["RETURNUNIT"]], {
      registers: 256,
      functions: [nest("f1", "f2"), nest("f2", "f3"), nest("f3", "f4"), f4, fp],
      children: ["f1"],
    });
    expect(both(m)).toEqual(["false: 2.5\n", "eager: 2.5\n"]);
  });

  it("main's TAILCALL of map, its callback compiled mid-task, ends the program", () => {
    // With the tier on (not eager), inc runs in the interpreter until its 100th call, then
    // compiled; the task, main's tail call, goes on in the interpreter and ends main.
    const inc: FnSpec = {
      name: "inc",
      params: 1,
      registers: 2,
      code: [
        ["ADDI", 0, 0, 1],
        ["RETURN", 0],
      ],
    };
    const m = prog(
      [
        ["LOADI", 5, 0],
        ["LOADI", 6, 300],
        ["NEWRANGE", 5, 0],
        ["SELF", 3, 5, 1],
        ["CALL", 3, 1],
        ["MOVE", 1, 3],
        ["SELF", 0, 1, 0],
        ["CLOSURE", 2, 0],
        ["TAILCALL", 0, 2],
      ],
      { consts: ["map", "to_array"], functions: [inc], children: ["inc"] },
    );
    for (const jit of [false, true, "eager"] as const) {
      expect(run(m, { jit })).toEqual({ out: "", steps: 621 });
    }
  });

  it("a frame that ends exactly at the register file's end leaves it as long as it was", () => {
    // f3 (at 754: main's frame starts at 1) calls g, or f4 which tail-calls g, at R249: g's
    // 20 registers end at 1,024,
    // the file's length; then h's 21 end one past it, which must grow the file and the float
    // bank (h's F20 is register 1,024).
    const g: FnSpec = { name: "g", registers: 20, code: [["RETURNUNIT"]] };
    const f4: FnSpec = {
      name: "f4",
      registers: 8,
      children: ["g"],
      code: [
        ["CLOSURE", 0, 0],
        ["TAILCALL", 0, 0],
      ],
    };
    const h = boxesFloat("h", 21, 20);
    for (const first of ["g", "f4"]) {
      const f3: FnSpec = {
        name: "f3",
        registers: 256,
        children: [first, "h"],
        code: [
          ["CLOSURE", 249, 0],
          ["CALL", 249, 0],
          ["CLOSURE", 249, 1],
          ["CALL", 249, 0],
          ["RETURN", 249],
        ],
      };
      const m = prog([["CLOSURE", 250, 0], ["CALL", 250, 0], ...print(250, 252), ["RETURNUNIT"]], {
        registers: 256,
        functions: [nest("f1", "f2"), nest("f2", "f3"), f3, ...(first === "f4" ? [f4] : []), g, h],
        children: ["f1"],
      });
      expect(both(m)).toEqual(["false: 2.5\n", "eager: 2.5\n"]);
    }
  });

  it("a task native called with too few arguments is an ArityMismatch before it runs", () => {
    const m = prog(
      [["LOADI", 2, 1], ["NEWARRAY", 1, 1], ["SELF", 0, 1, 0], ["CALL", 0, 1], ["RETURNUNIT"]],
      { consts: ["map"] },
    );
    const error = "!ArityMismatch: array.map takes 1 argument, got 0";
    expect(both(m)).toEqual([`false: ${error}`, `eager: ${error}`]);
  });

  it("a callback's frame ending at the file's end writes nothing past it (the float bank keeps up)", () => {
    // main → f1 → f2 → f3, called at R254, put f3 at 766 and its top at 1,022. `one` (one
    // parameter, one register) then ends exactly at 1,024, the file's end: a register
    // written past it would make the file one longer than the float bank, and `fp2` (two
    // registers, ending at 1,025) would find no room for its F1. Both run as map's callbacks
    // (stepTask) and as the callbacks of map called by fold (callValue, re-entrant).
    const one: FnSpec = { name: "one", params: 1, registers: 1, code: [["RETURN", 0]] };
    const fp2: FnSpec = {
      name: "fp2",
      params: 1,
      registers: 2,
      consts: [2.5],
      code: [
        ["FLOADK", 1, 0],
        ["FBOX", 0, 1],
        ["RETURN", 0],
      ],
    };
    // R200 = [7].map(R201) directly, or R200 = [R201].fold([7], map).
    const viaMap = (child: number): Ins[] => [
      ["LOADI", 203, 7],
      ["NEWARRAY", 202, 1],
      ["SELF", 200, 202, 0],
      ["CLOSURE", 202, child],
      ["CALL", 200, 2],
    ];
    const viaFold = (child: number): Ins[] => [
      ["CLOSURE", 211, child],
      ["NEWARRAY", 210, 1],
      ["LOADI", 213, 7],
      ["NEWARRAY", 212, 1],
      ["SELF", 214, 212, 0],
      ["SELF", 200, 210, 1],
      ["MOVE", 202, 212],
      ["MOVE", 203, 214],
      ["CALL", 200, 3],
    ];
    const f3 = (calls: (child: number) => Ins[]): FnSpec => ({
      name: "f3",
      registers: 256,
      consts: ["map", "fold"],
      children: ["one", "fp2"],
      code: [...calls(0), ["MOVE", 199, 200], ...calls(1), ["NEWTUPLE", 198, 2], ["RETURN", 198]],
    });
    for (const calls of [viaMap, viaFold]) {
      const m = prog([["CLOSURE", 254, 0], ["CALL", 254, 0], ...print(254, 240), ["RETURNUNIT"]], {
        registers: 256,
        functions: [nest("f1", "f2", 254), nest("f2", "f3", 254), f3(calls), one, fp2],
        children: ["f1"],
      });
      expect(both(m)).toEqual(["false: ([7], [2.5])\n", "eager: ([7], [2.5])\n"]);
    }
  });

  it("a callback's frame starts above the caller's registers, not in them", () => {
    // R15 of main lies above map's call window (R8 … R10); the callback must not touch it.
    const m = prog(
      [
        ["LOADI", 15, 42],
        ["LOADI", 11, 1],
        ["NEWARRAY", 10, 1],
        ["SELF", 8, 10, 0],
        ["CLOSURE", 10, 0],
        ["CALL", 8, 2],
        ...print(8, 12),
        ...print(15, 12),
        ["RETURNUNIT"],
      ],
      { consts: ["map"], functions: [id], children: ["id"] },
    );
    expect(both(m)).toEqual(["false: [1]\n42\n", "eager: [1]\n42\n"]);
  });

  it("a TAILCALL of a native's task leaves the frame's handlers, and ends the program from main", () => {
    // f's TRY is still active when f tail-calls map: when the task ends, f returns, and its
    // handler must go with it (g's THROW is then uncaught).
    const f: FnSpec = {
      name: "f",
      registers: 8,
      consts: ["map", "caught by f"],
      children: ["id"],
      code: [
        ["TRY", 5, "c"],
        ["LOADI", 2, 1],
        ["NEWARRAY", 1, 1],
        ["SELF", 0, 1, 0],
        ["CLOSURE", 2, 0],
        ["TAILCALL", 0, 2],
        "c:",
        ["LOADK", 6, 1],
        ["RETURN", 6],
      ],
    };
    const g: FnSpec = {
      name: "g",
      registers: 2,
      consts: ["boom"],
      code: [
        ["LOADK", 1, 0],
        ["THROW", 1],
      ],
    };
    // g's frame takes f's depth: a handler f left behind would catch g's error.
    const m = prog(
      [
        ["CLOSURE", 0, 0],
        ["CALL", 0, 0],
        ...print(0),
        ["CLOSURE", 1, 1],
        ["CALL", 1, 0],
        ["RETURNUNIT"],
      ],
      { functions: [f, id, g], children: ["f", "g"] },
    );
    expect(both(m)).toEqual(["false: [1]\n!Thrown: boom", "eager: [1]\n!Thrown: boom"]);
    // Only f's handler goes: main's, below it, still catches g's error.
    const caught = prog(
      [
        ["TRY", 5, "c"],
        ["CLOSURE", 0, 0],
        ["CALL", 0, 0],
        ...print(0),
        ["CLOSURE", 1, 1],
        ["CALL", 1, 0],
        ["RETURNUNIT"],
        "c:",
        ["LOADK", 6, 0],
        ...print(6),
        ["RETURNUNIT"],
      ],
      { consts: ["caught by main"], functions: [f, id, g], children: ["f", "g"] },
    );
    expect(both(caught)).toEqual(["false: [1]\ncaught by main\n", "eager: [1]\ncaught by main\n"]);
    // main's own TAILCALL of map: the task's end is the program's.
    const tail = prog(
      [
        ["LOADI", 2, 7],
        ["NEWARRAY", 1, 1],
        ["SELF", 0, 1, 0],
        ["CLOSURE", 2, 0],
        ["TAILCALL", 0, 2],
      ],
      { consts: ["map"], functions: [show], children: ["show"] },
    );
    expect(both(tail)).toEqual(["false: 7\n", "eager: 7\n"]);
  });
});

describe("calls, methods, fields and indexes in the interpreter", () => {
  it.each([
    [
      "a method call site that meets two struct types in turn",
      "struct Sq\n  s: i64\nend\nstruct Ci\n  r: i64\nend\nimpl Sq\n  fn area(self) => self.s * self.s\n  fn len(self) => 4\nend\nimpl Ci\n  fn area(self) => 3 * self.r * self.r\nend\nfn area(o) => o.area()\nfor o in [Sq(s: 2), Ci(r: 1), Sq(s: 3), Ci(r: 2)] do println(area(o)) end",
      "4\n3\n9\n12\n",
    ],
    [
      "a method call site that meets built-in kinds and a struct in turn",
      'struct Sq\n  s: i64\nend\nstruct Ci\n  r: i64\nend\nimpl Sq\n  fn area(self) => self.s * self.s\n  fn len(self) => 4\nend\nimpl Ci\n  fn area(self) => 3 * self.r * self.r\nend\nfn n(o) => o.len()\nfor o in [[1, 2], "abc", {"a": 1}, Sq(s: 1), [1], "\u00e9"] do println(n(o)) end',
      "2\n3\n1\n4\n1\n1\n",
    ],
    [
      "a site that calls the built-in to_str of one enum, then an enum with its own",
      'enum A\n  X\nend\nenum B\n  Y\nend\nimpl B\n  fn to_str(self) => "own"\nend\nfn s(v) => v.to_str()\nfor v in [A.X, B.Y, A.X, B.Y, Ok(1)] do println(s(v)) end',
      "A.X\nown\nA.X\nown\nResult.Ok(1)\n",
    ],
    [
      "field reads and writes that meet two layouts in turn",
      "struct P\n  x: i64\n  y: i64\nend\nstruct Q\n  y: i64\n  x: i64\nend\nfn gx(o) => o.x\nfn sx(o, v)\n  o.x = v\nend\nfor o in [P(x: 1, y: 2), Q(y: 3, x: 4), P(x: 5, y: 6)] do\n  sx(o, gx(o) * 10)\n  println(o)\nend",
      "P(x: 10, y: 2)\nQ(y: 3, x: 40)\nP(x: 50, y: 6)\n",
    ],
    [
      "setting a field of a non-struct",
      "fn sx(o, v)\n  o.x = v\nend\nsx(5, 1)",
      "!TypeError: cannot set field 'x' of int",
    ],
    ["calling a non-function", "fn c(f) => f(1) + 0\nprintln(c(5))", "!TypeError: cannot call int"],
    [
      "tail-calling a non-function",
      "fn t(f) => f(1)\nprintln(t(5))",
      "!TypeError: cannot call int",
    ],
    ["tail-calling a native", "fn t(x) => println(x)\nprintln(t(7))", "7\n()\n"],
    [
      "a map's has, get_or and set, with plain and tuple keys",
      'let m = {"a": 1}\nm.set("b", 2)\nm.set("a", 3)\nprintln(m)\nprintln((m.has("a"), m.has("z"), m.get_or("a", 0), m.get_or("z", 9)))\nlet t = {(1, 2): "p"}\nt.set((1, 2), "q")\nt.set((3, 4), "r")\nprintln(t)\nprintln((t.has((1, 2)), t.has((2, 1)), t.get_or((3, 4), "none"), t.get_or((5, 6), "none")))',
      "{a: 3, b: 2}\n(true, false, 3, 9)\n{(1, 2): q, (3, 4): r}\n(true, false, r, none)\n",
    ],
    [
      "a map entry holding ()",
      'let m = {"a": ()}\nprintln(m["a"])\nprintln(m["z"])',
      '()\n!KeyNotFound: key "z" not found',
    ],
    [
      "an array element set in range, then at -1",
      "fn st(a, i, v)\n  a[i] = v\nend\nlet a = [1, 2, 3]\nst(a, 2, 9)\nprintln(a)\nst(a, -1, 0)",
      "[1, 2, 9]\n!IndexOutOfBounds: index -1 out of bounds for length 3",
    ],
    [
      "a try that ended does not catch what follows",
      'fn f()\n  let x = try 1 catch e 2 end\n  throw "later"\nend\nprintln(try f() catch e "outer " + e.value end)',
      "outer later\n",
    ],
    [
      "a tail call closes the upvalues of the frame it replaces",
      "fn g(f) => f\nfn mk(n)\n  var x = n\n  let f = fn() => x\n  x = x + 1\n  g(f)\nend\nlet h = mk(5)\nfn clobber(a, b, c) => a + b + c\nprintln(clobber(9, 9, 9))\nprintln(h())",
      "27\n6\n",
    ],
  ])("%s", (_, src, expected) => {
    expect(outcome(src, { jit: false })).toBe(expected);
  });
  it("charges pushes, new map entries and structs", () => {
    const bytes = (src: string) => vm(src, { maxMemory: 100_000, jit: false }).allocated;
    expect(bytes(`var a = []\na.push(1)\na.push(2)`)).toBe(16 + 2 * 8);
    // A map of one entry 32; a new key 16 more; an existing key nothing.
    expect(bytes(`let m = {"a": 1}\nm.set("b", 2)\nm.set("a", 3)`)).toBe(48);
    expect(bytes(`let m = {"a": 1}\nm.set("a", 2)`)).toBe(32);
    expect(bytes(`struct P\n  x: i64\n  y: i64\nend\nfn mk() => P(x: 1, y: 2)\nlet p = mk()`)).toBe(
      16 + 32,
    );
  });
});

describe("tuples, enums and the float bank in the interpreter", () => {
  it.each([
    [
      "a tuple element of a non-tuple",
      "fn el(t) => t.1\nprintln(el((1, 2)))\nprintln(el(5))",
      "2\n!TypeError: cannot take element 1 of int",
    ],
    [
      "a tuple element past the end",
      "fn el(t) => t.2\nprintln(el((1, 2)))",
      "!IndexOutOfBounds: tuple of 2 has no element 2",
    ],
    [
      "a match over an enum's variants, and a value of no variant",
      "enum Sh\n  Sq(i64)\n  Rect(i64, i64)\n  Dot\nend\nfn area(s) => match s\n  Sh.Sq(a) => a * a\n  Sh.Rect(w, h) => w * h\n  Sh.Dot => 0\nend\nfor s in [Sh.Sq(3), Sh.Rect(2, 5), Sh.Dot] do println(area(s)) end\nprintln(area(5))",
      "9\n10\n0\n!NoMatch: no match arm for value 5",
    ],
    [
      "float division by zero in the float bank",
      "fn f(x: f64, y: f64) -> f64\n  var a = x\n  var b = y\n  a / b\nend\nprintln(f(1.0, 0.0))",
      "!DivisionByZero: division by zero",
    ],
    [
      "float comparisons with constants in the float bank, at and around the constant",
      "fn f(x: f64) -> f64\n  var a = x\n  var b = 0.0\n  if a < 1.5 then b = 1.0 end\n  if a <= 1.5 then b = b + 2.0 end\n  if a > 1.5 then b = b + 4.0 end\n  if a >= 1.5 then b = b + 8.0 end\n  b - a * -1.0\nend\nfor v in [1.0, 1.5, 2.0] do println(f(v)) end",
      "4\n11.5\n14\n",
    ],
  ])("%s", (_, src, expected) => {
    expect(outcome(src, { jit: false })).toBe(expected);
  });
  it("charges enum values with a payload, not those without", () => {
    const src = `enum Sh\n  Sq(i64)\n  Rect(i64, i64)\n  Dot\nend\nfn mk() => [Sh.Sq(3), Sh.Rect(2, 5), Sh.Dot]\nlet x = mk()`;
    // closure 16, array 16 + 24, Sq 16 + 8, Rect 16 + 16.
    expect(vm(src, { maxMemory: 100_000, jit: false }).allocated).toBe(16 + 40 + 24 + 32);
  });
});

describe("the interpreter and the compiled tier hand frames to each other", () => {
  const C = `struct C\n  n: i64\nend\nimpl C\n  fn next(mut self)\n    if self.n == 0 then\n      None\n    else\n      self.n -= 1\n      Some(self.n + 1)\n    end\n  end\nend\n`;
  // Each runs long enough for its functions to be compiled at their 100th entry.
  it.each([
    [
      "a hot function, a hot recursion and hot callbacks",
      `fn sq(x) => x * x\nvar s = 0\nfor i in 0..300 do s = s + sq(i) end\nprintln(s)\nfn f(n) => if n == 0 then 0 else f(n - 1) + 1 end\nprintln(f(250))\nprintln([0..300].len())\nprintln((0..300).to_array().map(fn(x) => x * 2).filter(fn(x) => x % 3 == 0).len())\nprintln((0..300).to_array().sort(fn(a, b) => b - a)[0])`,
    ],
    [
      "errors thrown in compiled code, caught in either tier",
      `fn chk(x) => if x == 250 then throw x else x end\nvar n = 0\nfor i in 0..300 do n = n + (try chk(i) catch e -1000 end) end\nprintln(n)\nprintln(try (0..300).to_array().map(fn(x) => chk(x)).len() catch e e.value end)\nfn deep(n) => if n == 0 then throw "bottom" else [n].map(fn(x) => deep(x - 1))[0] end\nprintln(try deep(200) catch e e.value end)`,
    ],
    [
      "a hot user iterator and closures across the tiers",
      `${C}var s = 0\nfor r in 0..30 do\n  for x in C(n: 10) do s = s + x end\nend\nprintln(s)\nfn counter()\n  var c = 0\n  fn()\n    c = c + 1\n    c\n  end\nend\nlet k = counter()\nvar t = 0\nfor i in 0..300 do t = t + k() end\nprintln(t)`,
    ],
    [
      // map's callback is compiled at its 101st call, while the interpreter runs map's task,
      // which then goes on in compiled code (tasksJ) until the callback fails.
      "a callback compiled while its task runs, then failing",
      `println(try (0..300).to_array().map(fn(x) => 10 / (x - 250)).len() catch e e.message end)`,
    ],
    [
      "an uncaught error deep in compiled frames",
      `fn g(n, i) => if n == 0 then [1, 2][i] else g(n - 1, i) + 1 end\nvar s = 0\nfor i in 0..200 do\n  s = s + g(3, if i < 150 then 1 else 5 end)\n  if i == 149 then println(s) end\nend`,
    ],
  ])("%s", (_, src) => {
    const run = (jit: RunOptions["jit"]) => {
      let stdout = "";
      const r = loadModule(compileOrThrow(src).module).run(
        { write: (t) => (stdout += t), writeErr: () => {} },
        [],
        { jit, maxMemory: 1e9 },
      );
      return { stdout, error: r.error, steps: r.steps, peak: r.peakDepth, bytes: r.allocated };
    };
    const plain = run(false);
    expect(plain.stdout).not.toBe("");
    expect(run(true)).toEqual(plain);
    expect(run("eager")).toEqual(plain);
  });
});

describe("native calls by argument count", () => {
  it("pass exactly the arguments given, to plain natives and to tasks", () => {
    const src = `println()\nprintln("abcb".find("b"))\nprintln("abcb".find("b", 2))\nprintln([3, 1, 2].sort())\nprintln([3, 1, 2].sort(fn(a, b) => b - a))\nprintln([1, 2, 3].fold(10, fn(acc, x) => acc + x))\nprintln(None.unwrap_or_else(fn() => 7))`;
    const expected = "\nOption.Some(1)\nOption.Some(3)\n[1, 2, 3]\n[3, 2, 1]\n16\n7\n";
    expect(outcome(src, { jit: false })).toBe(expected);
    expect(outcome(src)).toBe(expected);
  });
  it("pass no register past the call window, though it holds a value (hand-written)", () => {
    // A native with an optional parameter would take the register after its last argument
    // as one more. Each call below has one set: println() (R5 = 7), "abcb".find("b") (R7 =
    // 2), [3, 1, 2].sort() (R6 = 5), [3, 1, 2].sort(desc) (R7 = 2).
    const desc: FnSpec = {
      name: "desc",
      params: 2,
      registers: 3,
      code: [
        ["SUB", 2, 1, 0],
        ["RETURN", 2],
      ],
    };
    const arr: Ins[] = [
      ["LOADI", 11, 3],
      ["LOADI", 12, 1],
      ["LOADI", 13, 2],
      ["NEWARRAY", 10, 3],
    ];
    const calls = (tail: Ins[]) =>
      prog(tail, {
        registers: 24,
        consts: ["abcb", "find", "b", "sort"],
        functions: [desc],
        children: ["desc"],
      });
    const m = calls([
      ["LOADI", 5, 7],
      ["GETNATIVE", 4, 0],
      ["CALL", 4, 0],
      ["LOADK", 10, 0],
      ["SELF", 4, 10, 1],
      ["LOADK", 6, 2],
      ["LOADI", 7, 2],
      ["CALL", 4, 2],
      ...print(4, 20),
      ...arr,
      ["SELF", 4, 10, 3],
      ["LOADI", 6, 5],
      ["CALL", 4, 1],
      ...print(4, 20),
      ...arr,
      ["SELF", 4, 10, 3],
      ["CLOSURE", 6, 0],
      ["LOADI", 7, 2],
      ["CALL", 4, 2],
      ...print(4, 20),
      ["RETURNUNIT"],
    ]);
    // Past three arguments, the arguments go as a list: the natives' own counts refuse them.
    const println4 = calls([
      ["GETNATIVE", 4, 0],
      ["LOADI", 5, 1],
      ["LOADI", 6, 2],
      ["LOADI", 7, 3],
      ["LOADI", 8, 4],
      ["CALL", 4, 4],
      ["RETURNUNIT"],
    ]);
    const sort3 = calls([
      ...arr,
      ["SELF", 4, 10, 3],
      ["CLOSURE", 6, 0],
      ["LOADI", 7, 2],
      ["LOADI", 8, 3],
      ["CALL", 4, 4],
      ["RETURNUNIT"],
    ]);
    for (const jit of [false, "eager"] as const) {
      expect(run(m, { jit }).out).toBe("\nOption.Some(1)\n[1, 2, 3]\n[3, 2, 1]\n");
      expect(run(println4, { jit })).toMatchObject({
        kind: "ArityMismatch",
        message: "println takes 0 to 1 arguments, got 4",
      });
      expect(run(sort3, { jit })).toMatchObject({
        kind: "ArityMismatch",
        message: "array.sort takes 0 to 1 arguments, got 3",
      });
    }
  });
  it("charge a native's work exactly: the exact budget passes, one step less stops it", () => {
    const src = `let s = "x".repeat(6400)\nprintln(s.len())`;
    const steps = vm(src, { jit: false }).steps;
    expect(steps).toBe(209);
    expect(vm(src, { jit: false, maxSteps: steps })).toMatchObject({
      stdout: "6400\n",
      error: null,
    });
    expect(vm(src, { jit: false, maxSteps: steps - 1 })).toMatchObject({
      error: "LimitExceeded",
      steps: steps - 1,
    });
    // Short by 10: len's 100-step charge is refused; the steps stop at the budget.
    expect(vm(src, { jit: false, maxSteps: steps - 10 })).toMatchObject({
      stdout: "",
      error: "LimitExceeded",
      message: "instruction budget exhausted",
      steps: steps - 10,
    });
  });
  it("charge a native's work across an interrupt poll exactly, and poll only when it is due", () => {
    // With `interrupt`, steps come in chunks of 65,536. The loop and repeat() end within the
    // first chunk; println's charge of 1,000 steps (64,001 bytes) crosses into the next.
    const src = `var s = 0\nfor i in 0..32200 do s = s + i end\nlet t = "x".repeat(64000)\nprintln(t)\nprintln(s)`;
    const text = `${"x".repeat(64000)}\n`;
    const all = `${text}518403900\n`;
    const polled = (maxSteps?: number) => {
      let polls = 0;
      const r = vm(src, { jit: false, maxSteps, interrupt: () => (polls++, false) });
      return { ...r, polls };
    };
    expect(vm(src, { jit: false })).toMatchObject({ stdout: all, error: null, steps: 66_415 });
    // One poll, at 65,536: repeat()'s charge within the chunk brings none forward.
    expect(polled()).toMatchObject({ stdout: all, error: null, steps: 66_415, polls: 1 });
    expect(polled(66_415)).toMatchObject({ stdout: all, error: null, steps: 66_415 });
    expect(polled(66_414)).toMatchObject({ error: "LimitExceeded", steps: 66_414 });
    // println's charge takes the budget's last step: it writes, the next instruction stops.
    expect(polled(66_411)).toMatchObject({
      stdout: text,
      error: "LimitExceeded",
      message: "instruction budget exhausted",
      steps: 66_411,
    });
    // One step short: println's charge is refused in the second chunk, nothing is written.
    expect(polled(66_410)).toMatchObject({ stdout: "", error: "LimitExceeded", steps: 66_410 });
  });
});

describe("run options", () => {
  it("runs with the caller's globals, grown to the program's count and kept", () => {
    const globals: Value[] = [];
    const program = loadModule(compileOrThrow(`let x = 5\nfn f() => x + 1\nprintln(f())`).module);
    const r = program.run({ write: () => {}, writeErr: () => {} }, [], { globals });
    expect(r.status).toBe("ok");
    expect(globals.length).toBe(program.linked.globalCount);
    expect(globals).toContain(5);
  });
  it("compiles a function after its 100th entry, at once when eager, never with jit: false or onStep", () => {
    const src = (n: number) =>
      `fn sq(x) => x * x\nvar s = 0\nfor i in 0..${n} do s = s + sq(i) end`;
    const compiled = (n: number, options: RunOptions) => {
      const program = loadModule(compileOrThrow(src(n)).module);
      program.run({ write: () => {}, writeErr: () => {} }, [], options);
      return program.linked.protos.some((p) => p.name === "sq" && typeof p.jit === "function");
    };
    // Compiled at its 101st entry, after 100 in the interpreter.
    expect(compiled(100, {})).toBe(false);
    expect(compiled(101, {})).toBe(true);
    expect(compiled(1, { jit: "eager" })).toBe(true);
    expect(compiled(300, { jit: false })).toBe(false);
    expect(compiled(300, { onStep: () => {} })).toBe(false);
  });
  it("counts nothing towards compiling a caller for a native's task it called", () => {
    // f's loop and its one entry compile it at n = 99 (as the LT form of vm-ops.test.ts). The
    // map of an empty array is a task that ends at once (taskJ: RETURNED): it adds nothing.
    const compiled = (n: number) => {
      const src = `fn f(n)\n  var i = 0\n  while i < n do\n    i = i + [].map(fn(x) => x).len() + 1\n  end\n  i\nend\nprintln(f(${n}))`;
      const program = loadModule(compileOrThrow(src).module);
      let out = "";
      program.run({ write: (t) => (out += t), writeErr: () => {} }, [], {});
      expect(out).toBe(`${n}\n`);
      return program.linked.protos.some((p) => p.name === "f" && typeof p.jit === "function");
    };
    expect(compiled(98)).toBe(false);
    expect(compiled(99)).toBe(true);
  });
  it("counts the calls of a callback whose frame a task reuses towards its compilation", () => {
    // inc's map is a tail call, which runs its task in the interpreter with the tier on.
    const src = (n: number) =>
      `fn inc(xs) => xs.map(fn(x) => x + 1)\nprintln(inc((0..${n}).to_array()).len())`;
    const compiled = (n: number) => {
      const program = loadModule(compileOrThrow(src(n)).module);
      let out = "";
      program.run({ write: (t) => (out += t), writeErr: () => {} }, [], {});
      expect(out).toBe(`${n}\n`);
      return program.linked.protos.some(
        (p) => p.name === "<lambda>" && typeof p.jit === "function",
      );
    };
    expect(compiled(100)).toBe(false);
    expect(compiled(300)).toBe(true);
  });
});

describe("upvalues, traces and indexes at their edges", () => {
  it("a callee's return closes only its own upvalues, not its caller's open ones", () => {
    const src = `fn outer()\n  var x = 1\n  let get = fn() => x\n  inner()\n  x = 2\n  get()\nend\nfn inner()\n  var y = 5\n  let g = fn() => y\n  g()\nend\nprintln(outer())`;
    expect(outcome(src, { jit: false })).toBe("2\n");
  });
  it("traces every frame of a shallow stack while a try is active", () => {
    const SPIN = `fn spin()\n  var i = 0\n  while true do i = i + 1 end\nend\n`;
    const src = `${SPIN}fn f(n) => if n == 0 then spin() else f(n - 1) + 1 end\nprintln(try f(3) catch e 0 end)`;
    const r = loadModule(compileOrThrow(src).module).run(
      { write: () => {}, writeErr: () => {} },
      [],
      { jit: false, maxSteps: 5000 },
    );
    // f(0) tail-calls spin: spin, f(1) to f(3), main.
    expect(r.error!.frames).toEqual([
      { function: "spin", file: "test.veld", line: 3, column: 3, pc: 2 },
      { function: "f", file: "test.veld", line: 5, column: 39, pc: 6, repeat: 2 },
      { function: "<main>", file: "test.veld", line: 6, column: 13, pc: 8 },
    ]);
  });
  it("traces a program without debug information by function and pc", () => {
    const module = stripDebug(compileOrThrow(`fn f(x) => x / 0\nprintln(f(1))`).module);
    const r = loadModule(module).run({ write: () => {}, writeErr: () => {} }, [], { jit: false });
    expect(r.error!.kind).toBe("DivisionByZero");
    expect(r.error!.frames).toEqual([
      { function: "f", pc: 0 },
      { function: "<main>", pc: 5 },
    ]);
  });
  it.each([
    [
      "a map with tuple keys",
      `let t = {(1, 2): "p"}\nfn g(m, k) => m[k]\nprintln(g(t, (1, 2)))\nprintln(g(t, (2, 1)))`,
      "p\n!KeyNotFound: key (2, 1) not found",
    ],
    [
      "a float index",
      `fn ix(o, i) => o[i]\nprintln(ix([1, 2, 3], 1.5))`,
      "!TypeError: index must be an int, got float",
    ],
    [
      "a float index assigned",
      `fn st(o, i)\n  o[i] = 1\nend\nst([1], 1.5)`,
      "!TypeError: index must be an int, got float",
    ],
    [
      "a string at index 0, and a NUL character",
      `fn ix(o, i) => o[i]\nprintln(ix("héllo", 0))\nprintln(ix("\\u{0}a", 0) == ix("\\u{0}b", 0))\nprintln(ix("\\u{0}a", 1))`,
      "h\ntrue\na\n",
    ],
    [
      "for-loop bounds beyond int32, and a float end",
      `fn lp(a, b)\n  var n = 0\n  for i in a..b do n = n + 1 end\n  n\nend\nprintln(lp(3000000000, 3000000003))\nprintln(lp(1, 2.5))`,
      "3\n!TypeError: for-loop bounds must be ints, got int and float",
    ],
    [
      "empty for-loops over bigint bounds",
      `fn lp(a, b)\n  for i in a..b do println(i) end\n  println("end")\nend\nlp(9223372036854775807, 9223372036854775800)\nlp(9223372036854775807, 9223372036854775807)`,
      "end\nend\n",
    ],
  ])("%s", (_, src, expected) => {
    expect(outcome(src, { jit: false })).toBe(expected);
  });
});

describe("returns and catches keep the handler stack and upvalues exact", () => {
  it("RETURN drops the handlers its frame left open (TRY without ENDTRY)", () => {
    // f returns inside its TRY; g then fails at the same depth: f's handler must be gone.
    const f: FnSpec = {
      name: "f",
      registers: 1,
      code: [
        ["TRY", 0, "c"],
        ["LOADI", 0, 1],
        ["RETURN", 0],
        "c:",
        ["LOADI", 0, 99],
        ["RETURN", 0],
      ],
    };
    const m = prog(
      [
        ["CLOSURE", 0, 0],
        ["CALL", 0, 0],
        ...print(0),
        ["CLOSURE", 0, 1],
        ["CALL", 0, 0],
        ...print(0),
        ["RETURNUNIT"],
      ],
      { children: ["f", "g"], functions: [f, DIVIDES_BY_ZERO] },
    );
    expect(run(m, { jit: false })).toMatchObject({ out: "1\n", kind: "DivisionByZero" });
  });
  it("an error caught in its own frame leaves that frame's upvalues open", () => {
    // g's frame was above f's registers once; catching in f must not close f's own x.
    const src = `fn g() => 0\nfn f()\n  let t = g()\n  var x = 1\n  let get = fn() => x\n  let r = try throw "e" catch e 0 end\n  x = 2\n  get()\nend\nprintln(f())`;
    expect(outcome(src, { jit: false })).toBe("2\n");
  });
  it.each([
    [
      "a native's charge before it fails",
      `let s = "x".repeat(6400)\nlet r = try s.substring(0, 99999) catch e 0 end\nprintln(r)`,
      "0\n",
      214,
    ],
    [
      "a native's charge before it fails, short input",
      `let s = "x".repeat(64)\nlet r = try s.substring(0, 99999) catch e 0 end\nprintln(r)`,
      "0\n",
      16,
    ],
    [
      "a loop and a caught error after a task",
      `println([1].map(fn(x) => x))\nvar i = 0\nwhile i < 10 do i = i + 1 end\nlet r = try [1][5] catch e 0 end\nprintln(i)`,
      "[1]\n10\n",
      41,
    ],
    [
      "a task failing after its callback returned",
      `println(try [3, 1, 2].sort(fn(a, b) => "no") catch e e.message end)\nvar i = 0\nwhile i < 10 do i = i + 1 end\nprintln(try [1][5] catch e i end)`,
      "sort: the comparator must return an int, got str\n10\n",
      51,
    ],
    [
      "filter failing on its callback's result",
      `println(try (0..100).to_array().filter(fn(x) => x) catch e e.message end)\nvar i = 0\nwhile i < 10 do i = i + 1 end\nprintln(try [1][5] catch e i end)`,
      "filter: the function must return a bool, got int\n10\n",
      47,
    ],
    [
      "a loop and a caught error after a native iterator",
      `var n = 0\nfor c in "ab" do n = n + 1 end\nvar i = 0\nwhile i < 10 do i = i + 1 end\nlet r = try [1][5] catch e 0 end\nprintln(i + n)`,
      "12\n",
      43,
    ],
    [
      "a user iterator's next() failing after a loop of its own",
      `struct D\n  n: i64\nend\nimpl D\n  fn next(mut self)\n    var i = 0\n    while i < 10 do i = i + 1 end\n    Some([1][5])\n  end\nend\nfn f()\n  for x in D(n: 1) do println(x) end\n  0\nend\nprintln(try f() catch e e.kind end)`,
      "IndexOutOfBounds\n",
      42,
    ],
  ])("counts the steps exactly: %s", (_, src, expected, steps) => {
    expect(vm(src, { jit: false })).toMatchObject({ stdout: expected, error: null, steps });
    expect(vm(src, { jit: "eager" })).toMatchObject({ stdout: expected, error: null, steps });
  });
});

describe("the interpreter's task loop at its edges", () => {
  it.each([
    [
      "a user iterator's next() returning another enum",
      `struct B\n  n: i64\nend\nimpl B\n  fn next(mut self) => Ok(1)\nend\nfor x in B(n: 3) do println(x) end`,
      "!TypeError: next() must return an Option, got Result",
    ],
    [
      "Ok and Err made by a native",
      `println("12".to_int().ok_or(0))\nprintln("ab".to_int().ok_or(0))`,
      "Result.Ok(12)\nResult.Err(0)\n",
    ],
    [
      "a native method called with too many arguments",
      `println([1].len(5))`,
      "!ArityMismatch: array.len takes 0 arguments, got 1",
    ],
    [
      "a native's tail call closes the upvalues of the frame it ends",
      `var fs = []\nfn f(xs)\n  var k = 10\n  let add = fn(x) => x + k\n  fs.push(add)\n  xs.map(add)\nend\nprintln(f([1, 2]))\nfn clobber(a, b, c, d) => a + b + c + d\nprintln(clobber(7, 7, 7, 7))\nprintln(fs[0](1))`,
      "[11, 12]\n28\n11\n",
    ],
    [
      "a handler inside a callback keeps its task",
      `println([1, 2, 3].map(fn(x) => try (if x == 2 then throw "e" else x end) catch e 0 end))`,
      "[1, 0, 3]\n",
    ],
    [
      "callbacks nested 10,000 deep, beside the host stack",
      `fn nest(n) => if n == 0 then 0 else [n].map(fn(x) => nest(x - 1) + 1)[0] end\nprintln(nest(10000))`,
      "10000\n",
    ],
  ])("%s", (_, src, expected) => {
    expect(outcome(src, { jit: false })).toBe(expected);
  });
  it("counts a callback's frame in peakDepth", () => {
    expect(vm(`println([1].map(fn(x) => x))`, { jit: false })).toMatchObject({ peak: 2 });
  });
  it("charges a task's result when the task ends (map's array: its steps and bytes)", () => {
    // Two arrays of 100 (16 + 100 × 8 bytes each) and the closure (16); map's result costs
    // workSteps(100) = 1 step beside the 100 callbacks.
    const src = `let a = (0..100).to_array()\nprintln(a.map(fn(x) => x).len())`;
    for (const jit of [false, "eager"] as const)
      expect(vm(src, { jit, maxMemory: 100_000 })).toMatchObject({
        stdout: "100\n",
        steps: 116,
        allocated: 816 + 16 + 816,
      });
  });
  it("charges a string built from a str and a char, and a budget met exactly", () => {
    const src = `fn c(a, b) => a + b\nprintln(c("é", 'b'))`;
    expect(vm(src, { jit: false, maxMemory: 1000 })).toMatchObject({
      stdout: "éb\n",
      allocated: 16 + 19,
    });
    expect(vm(src, { jit: false, maxMemory: 35 }).error).toBeNull();
    expect(vm(src, { jit: false, maxMemory: 34 }).error).toBe("LimitExceeded");
    // The char first: a str on either side is measured whole, the char by its own bytes.
    const charFirst = `fn c(a, b) => a + b\nprintln(c('é', "bc"))`;
    expect(vm(charFirst, { jit: false, maxMemory: 1000 })).toMatchObject({
      stdout: "ébc\n",
      allocated: 16 + 20,
    });
  });
});

describe("calls, indexes and handlers at their edges", () => {
  it.each([
    [
      "ENDTRY pops the handler, so a later error is not caught by it",
      `fn f()\n  let x = try 1 catch e println("wrong") end\n  throw "later"\nend\nprintln(try f() catch e "outer " + e.value end)`,
      "outer later\n",
    ],
    ["RETURNUNIT returns ()", `fn f(x)\n  let y = x\nend\nprintln(f(5))`, "()\n"],
    [
      "an array read at -1",
      `fn ix(o, i) => o[i]\nprintln(ix([1, 2, 3], -1))`,
      "!IndexOutOfBounds: index -1 out of bounds for length 3",
    ],
    [
      "an array written at its length",
      `fn st(o, i)\n  o[i] = 1\nend\nst([1], 1)`,
      "!IndexOutOfBounds: index 1 out of bounds for length 1",
    ],
    [
      "a map with tuple keys assigned",
      `let t = {(1, 2): "p"}\nt[(1, 2)] = "q"\nt[(3, 4)] = "r"\nprintln(t)`,
      "{(1, 2): q, (3, 4): r}\n",
    ],
    [
      "push with no value or two",
      `println(try [1].push() catch e e.message end)\nprintln(try [1].push(1, 2) catch e e.message end)`,
      "array.push takes 1 argument, got 0\narray.push takes 1 argument, got 2\n",
    ],
    [
      "has with two keys, get_or without a default",
      `let m = {"a": 1}\nprintln(try m.has("a", 1) catch e e.message end)\nprintln(try m.get_or("a") catch e e.message end)`,
      "HashMap.has takes 1 argument, got 2\nHashMap.get_or takes 2 arguments, got 1\n",
    ],
    [
      "an array read at its length and at a big int",
      `fn ix(o, i) => o[i]\nprintln(try ix([1, 2, 3], 3) catch e e.message end)\nprintln(ix([1, 2, 3], 9223372036854775807))`,
      "index 3 out of bounds for length 3\n!IndexOutOfBounds: index 9223372036854775807 out of bounds",
    ],
    [
      "three fields read at neighbouring sites, twice, of two types",
      `struct P\n  a: i64\n  b: i64\n  c: i64\nend\nstruct Q\n  c: i64\n  b: i64\n  a: i64\nend\nfn abc(o) => (o.a, o.b, o.c)\nfor o in [P(a: 1, b: 2, c: 3), P(a: 4, b: 5, c: 6), Q(c: 7, b: 8, a: 9), P(a: 1, b: 2, c: 3)] do println(abc(o)) end`,
      "(1, 2, 3)\n(4, 5, 6)\n(9, 8, 7)\n(1, 2, 3)\n",
    ],
    [
      "a method call site that meets one struct type twice, its method not global 0",
      `let k = 10\nstruct Sq\n  s: i64\nend\nimpl Sq\n  fn area(self) => self.s * self.s\nend\nfn area(o) => o.area()\nfor o in [Sq(s: 2), Sq(s: 3)] do println(area(o)) end`,
      "4\n9\n",
    ],
    [
      "method and field sites next to each other, each cached twice",
      `let k = 10\nstruct P\n  a: i64\n  b: i64\n  c: i64\n  d: i64\nend\nimpl P\n  fn f(self, x, y) => x * 10 + y\nend\nfn g(o) => o.f(o.b, o.d)\nfn sl(xs, p) => xs.slice(p.a, p.c)\nlet p = P(a: 1, b: 2, c: 3, d: 4)\nfor i in 0..2 do println((g(p), sl([5, 6, 7, 8], p))) end`,
      "(24, [6, 7])\n(24, [6, 7])\n",
    ],
    [
      // In g, h and s the site two instructions on is another field site, which meets another
      // type (Q) than the first (P): a type test, a type or a slot at that neighbour's cache
      // entry pairs one site's type with the other's slot, and a second visit of one type
      // hits the cache. Q.m is global 0 (not Q's field a's slot, 1).
      "method and field sites two instructions apart, meeting two struct types in turn",
      `struct P\n  a: i64\n  b: i64\nend\nstruct Q\n  b: i64\n  a: i64\nend\nimpl Q\n  fn m(self) => "Q.m"\nend\nimpl P\n  fn m(self) => "P.m"\nend\nfn g(o, p) => (o.m(), p.a)\nfn h(o, p) => (o.a, o.b, p.a)\nfn s(o, p, v, w)\n  o.b = v\n  o.a = w\n  (p.b, o)\nend\nlet q = Q(b: 3, a: 4)\nprintln(g(P(a: 1, b: 2), q))\nprintln(g(q, q))\nprintln(h(P(a: 1, b: 2), q))\nprintln(h(q, q))\nprintln(s(P(a: 1, b: 2), q, 5, 6))\nprintln(s(q, q, 7, 8))\nprintln(s(P(a: 1, b: 2), P(a: 9, b: 10), 11, 12))\nprintln(s(P(a: 1, b: 2), q, 13, 14))\nprintln(s(P(a: 1, b: 2), q, 15, 16))`,
      "(P.m, 4)\n(Q.m, 4)\n(1, 2, 4)\n(4, 3, 4)\n(3, P(a: 6, b: 5))\n(7, Q(b: 7, a: 8))\n(10, P(a: 12, b: 11))\n(7, P(a: 14, b: 13))\n(7, P(a: 16, b: 15))\n",
    ],
    [
      "the fast paths read their receiver and key, not the registers below",
      `fn h1(m, k0, k1) => if m.has(k1) then 1 else 0 end\nfn h2(m, k, m2) => if m.has(k) then 1 else 0 end\nfn ln(ys, xs) => if ys.len() == 1 then "one" else "other" end\nfn pu(ys, xs)\n  ys.push(1)\n  (ys, xs)\nend\nprintln((h1({"a": 1}, "a", "b"), h2({"a": 1}, "a", {"b": 2}), ln([1], [1, 2, 3]), pu([], [2])))`,
      "(0, 1, one, ([1], [2]))\n",
    ],
    [
      "tail-calling a closure with the wrong count",
      `fn t(f) => f(1)\nprintln(t(fn(a, b) => a))`,
      "!ArityMismatch: <lambda> takes 2 arguments, got 1",
    ],
    [
      "get_or of a key holding (), and set without a value",
      `println({"a": ()}.get_or("a", 5))\nlet m = {"a": 1}\nm.set("a")`,
      "()\n!ArityMismatch: HashMap.set takes 2 arguments, got 1",
    ],
  ])("%s", (_, src, expected) => {
    expect(outcome(src, { jit: false })).toBe(expected);
  });
  it("keeps the deepest depth in peakDepth after shallower calls", () => {
    const src = `fn f(n) => if n == 0 then 0 else f(n - 1) + 1 end\nprintln(f(8))\nfn g() => 1\nprintln(g())`;
    expect(vm(src, { jit: false })).toMatchObject({ stdout: "8\n1\n", peak: 10 });
  });
  it("charges pushes, index assignments and structs, and fits a budget met exactly", () => {
    const programs: [string, number][] = [
      [`var a = []\na.push(1)\na.push(2)`, 32],
      // a new key 16 bytes, an existing one nothing.
      [`let m = {"a": 1}\nm["a"] = 2\nm["b"] = 3`, 48],
      [`struct P\n  x: i64\n  y: i64\nend\nfn mk() => P(x: 1, y: 2)\nlet p = mk()`, 48],
    ];
    for (const [src, bytes] of programs) {
      expect(vm(src, { jit: false, maxMemory: 100_000 }).allocated).toBe(bytes);
      expect(vm(src, { jit: false, maxMemory: bytes }).error).toBeNull();
      expect(vm(src, { jit: false, maxMemory: bytes - 1 }).error).toBe("LimitExceeded");
    }
  });
});

describe("an embedder's re-entrant callValue (a host hook calling Veld)", () => {
  /**
   * Runs `source` with the interpreter; each write that starts with "go" calls `reenter` with
   * the VM and a lookup of the program's functions by name. Returns what `vm` does, and the
   * error's frames.
   */
  function reentrant(
    source: string,
    reenter: (vm: Vm, fn: (name: string) => Value) => void,
    options: RunOptions = {},
  ) {
    const program = loadModule(compileOrThrow(source).module);
    const globals: Value[] = [];
    const fn = (name: string) =>
      globals.find((g) => g instanceof Closure && g.proto.name === name)!;
    let stdout = "";
    const host: Host = {
      write: (t) => {
        stdout += t;
        if (t.startsWith("go")) reenter(machine, fn);
      },
      writeErr: () => {},
    };
    const machine: Vm = new Vm(program.linked, host, [], { jit: false, globals, ...options });
    let error: VeldError | undefined;
    try {
      machine.runMain();
    } catch (e) {
      if (!(e instanceof Trap)) throw e;
      error = toVeldError(e);
    }
    return { stdout, error, peak: machine.peakDepth, steps: machine.steps };
  }
  const G = `fn g(n) => if n == 0 then 0 else g(n - 1) + 1 end\n`;

  it("leaves the depth as it found it after each call", () => {
    // Two calls of g(2) from one write: the second starts where the first did.
    const r = reentrant(`${G}println("go")\nprintln("end")`, (vm, fn) => {
      vm.callValue(fn("g"), [2]);
      vm.callValue(fn("g"), [2]);
    });
    // main's frame and g(2)'s three, however often g is called.
    expect(r).toMatchObject({ stdout: "go\nend\n", peak: 4 });
  });
  it("leaves the depth as it found it when a call fails and the host catches the error", () => {
    const src = `${G}fn bad() => [1][3]\nprintln("go")\nprintln("end")`;
    const r = reentrant(src, (vm, fn) => {
      expect(() => vm.callValue(fn("bad"), [])).toThrow(Trap);
      vm.callValue(fn("g"), [2]);
    });
    expect(r).toMatchObject({ stdout: "go\nend\n", peak: 4, error: undefined });
  });
  it("puts the callee's frames above the caller's registers, also under a native's tail call", () => {
    // g(10) runs above main's registers (and t's): a and b keep their values.
    const src = `${G}fn t(p, q, r) => println("go t")\nlet a = 5\nlet b = 6\nprintln("go")\nt(1, 2, 3)\nprintln(a * b)`;
    const r = reentrant(src, (vm, fn) => void vm.callValue(fn("g"), [10]));
    expect(r).toMatchObject({ stdout: "go\ngo t\n30\n", error: undefined });
  });
  it("hands an error its handler cannot see to the caller, with the callee's frames", () => {
    // main's handler is outside the call: the error leaves it, closing f's upvalues, and
    // main catches it; h(9, 9, 9, 9) then takes f's registers, which keep must not read.
    const src = `var keep = fn() => 0
fn f(n)
  var x = n
  keep = fn() => x
  x = x + 1
  throw "from f"
end
fn h(a, b, c, d) => a + b + c + d
println(try println("go") catch e e.value end)
println(keep())`;
    const r = reentrant(src, (vm, fn) => {
      try {
        vm.callValue(fn("f"), [5]);
      } finally {
        vm.callValue(fn("h"), [9, 9, 9, 9]);
      }
    });
    expect(r).toMatchObject({ stdout: "go\nfrom f\n6\n", error: undefined });
    // Uncaught, the trace starts at f's throw, not at the write that called it.
    const out = reentrant(`${G}fn bad() => [1][3]\nprintln("go")`, (vm, fn) => {
      vm.callValue(fn("bad"), []);
    });
    expect(out.error).toMatchObject({ kind: "IndexOutOfBounds" });
    expect(out.error!.frames.map((f) => f.function)).toEqual(["bad", "<main>"]);
  });
});

describe("tasks and errors keep the step count exact", () => {
  it("a callback returning the array its native returns", () => {
    // map's result [g] starts with the callback itself: the task is over, not called again.
    expect(outcome(`let g = fn(x) => x\nprintln([g].map(g).len())`, { jit: false })).toBe("1\n");
  });
  it("a native's result charge failing after its callbacks (memory budget)", () => {
    // map charges its result's steps, then its bytes, which the budget refuses: the steps
    // charged count.
    const src = `let a = (0..200).to_array()\nprintln(a.map(fn(x) => x).len())`;
    const r = vm(src, { jit: false, maxMemory: 2000 });
    expect(r).toMatchObject({ error: "LimitExceeded", steps: 218 });
  });
  const A = "let a = (0..1000).to_array()\n";
  it.each([
    ["a task's, in a call", A, "a.map(fn(x, y) => x)", 73],
    ["a task's, in a tail call", `fn t(a) => a.map(fn(x, y) => x)\n${A}`, "t(a)", 78],
    [
      "a plain native's, in a tail call",
      `fn t(s) => s.substring(0, 99999)\nlet a = "x".repeat(6400)\n`,
      "t(a)",
      248,
    ],
  ])("the charge before a native fails counts: %s", (_, defs, call, steps) => {
    // map charges for its 1,000 elements, then calls a callback of the wrong arity;
    // substring for its 6,400 bytes, then refuses the range.
    const src = `${defs}let r = try ${call} catch e 1 end\nvar i = 0\nwhile i < 10 do i = i + 1 end\nlet q = try [1][5] catch e i end\nprintln(r + q)`;
    expect(vm(src, { jit: false })).toMatchObject({ stdout: "11\n", steps });
  });
  it.each([
    ["a native task", "fn t(a) => a.map(fn(x) => x)\nlet b = t([1, 2])\n", 44],
    ["a plain native", 'fn t(s) => s.len()\nlet b = t("abc")\n', 39],
  ])("a tail call of %s, then a caught error", (_, defs, steps) => {
    const src = `${defs}var i = 0\nwhile i < 10 do i = i + 1 end\nlet q = try [1][5] catch e i end\nprintln(q)`;
    expect(vm(src, { jit: false })).toMatchObject({ stdout: "10\n", steps });
  });
  it("a tail-called native's task whose callback catches an error on its first call", () => {
    // The callback runs in the interpreter once the task is started, not inside the native:
    // its catch must keep the steps it made.
    const src = `fn t(a) => a.map(fn(x) => try [1][x] catch e x end)\nlet b = t([5, 6])\nvar i = 0\nwhile i < 10 do i = i + 1 end\nprintln((b, i))`;
    expect(vm(src, { jit: false })).toMatchObject({ stdout: "([5, 6], 10)\n", steps: 50 });
    expect(vm(src, { jit: "eager" })).toMatchObject({ stdout: "([5, 6], 10)\n", steps: 50 });
  });
  it("an error caught in a native, then one caught outside any", () => {
    const src = `let s = "x".repeat(64)\nlet r = try s.substring(0, 99999) catch e 1 end\nvar i = 0\nwhile i < 10 do i = i + 1 end\nlet q = try [1][5] catch e i end\nprintln(r + q)`;
    expect(vm(src, { jit: false })).toMatchObject({ stdout: "11\n", steps: 45 });
    expect(vm(src, { jit: "eager" })).toMatchObject({ stdout: "11\n", steps: 45 });
  });
});
