// Regression tests for the host-killing programs of the natives' limits (every builder checks
// the string/array limits before allocating), the step cost of natives and the memory budget
// (spec/semantics.md §4, §10.1, §10.2).

import { describe, expect, it } from "vitest";
import { loadModule, type RunOptions } from "../../runtime/index.js";
import { compileOrThrow } from "../helpers/veld.js";

function run(source: string, options: RunOptions = {}) {
  let stdout = "";
  const r = loadModule(compileOrThrow(source).module).run(
    { write: (t) => (stdout += t), writeErr: () => {} },
    [],
    options,
  );
  const message = r.error?.message ?? null;
  return { stdout, error: r.error?.kind ?? null, message, steps: r.steps, allocated: r.allocated };
}

/** `expr` evaluated inside try: its value, or the kind of the error it raised. */
const attempt = (setup: string, expr: string) =>
  run(`${setup}\nlet r = try (${expr}).to_str() catch e e.kind end\nprintln(r)`).stdout;

describe("natives refuse results past the limits before allocating", () => {
  const huge = `let s = "a".repeat(268435456)`;
  it("split, replace, chars, formatting of the issue's reproducers", () => {
    // One program: building the 256 MiB string once keeps the test fast.
    const tries = ['s.split("").len()', 's.replace("a", "bb").len()', "s.chars().len()", "[s, s]"];
    const src = [huge, ...tries.map((e) => `println(try (${e}).to_str() catch e e.kind end)`)];
    const r = run([...src, "println([s, s])"].join("\n"));
    expect(r).toMatchObject({ stdout: "LimitExceeded\n".repeat(4), error: "LimitExceeded" });
  });
  it("repeat, pad, join, lines, concat, to_array", () => {
    expect(attempt("", `"ab".repeat(134217729).len()`)).toBe("LimitExceeded\n");
    expect(attempt("", `"x".pad_start(268435457, "ab").len()`)).toBe("LimitExceeded\n");
    expect(attempt("", `"😀".pad_end(134217729, "😀").len()`)).toBe("LimitExceeded\n");
    expect(attempt("", `("\\n".repeat(67108864) + "x").lines().len()`)).toBe("LimitExceeded\n");
    expect(attempt("", `(0..67108865).to_array().len()`)).toBe("LimitExceeded\n");
    expect(attempt("", `(0..9223372036854775807).to_array().len()`)).toBe("LimitExceeded\n");
    expect(attempt(`let s = "a".repeat(134217728)`, `[s, s, "x"].join("").len()`)).toBe(
      "LimitExceeded\n",
    );
  });
  it("keeps the results that fit", () => {
    expect(attempt("", `"a😀b".split("").len()`)).toBe("3\n");
    expect(attempt("", `"a😀b".replace("", "-")`)).toBe("-a-😀-b-\n");
    expect(attempt("", `"x$y".replace("x", "$&$1")`)).toBe("$&$1$y\n");
    expect(attempt("", `"x".pad_start(4, "ab")`)).toBe("abax\n");
    expect(attempt("", `"a\\r\\nb\\nc".lines()`)).toBe("[a, b, c]\n");
    expect(attempt("", `(1..=3).to_array()`)).toBe("[1, 2, 3]\n");
  });
});

describe("parsers are linear", () => {
  it("to_float and to_int of long digit runs (a backtracking regex took 17 s)", () => {
    const long = `let s = "1".repeat(80000) + "x"`;
    expect(attempt(long, `s.to_float()`)).toBe("Option.None\n");
    expect(attempt(long, `s.to_int()`)).toBe("Option.None\n");
    expect(attempt("", `"1".repeat(80000).to_int()`)).toBe("Option.None\n");
    expect(attempt("", `"1".repeat(400).to_float()`)).toBe("Option.Some(inf)\n");
  });
  it("accepts exactly the documented forms", () => {
    const ok = [" 1.5 ", "-2", "+.5", "1e3", "1.E-2", "-inf", "Infinity", "NaN", "0.0"];
    const bad = ["", ".", "e3", "1e", "1e+", "1.5.2", "--1", "1 2", "0x10", "infx"];
    for (const s of ok) expect(attempt("", `"${s}".to_float().is_some()`), s).toBe("true\n");
    for (const s of bad) expect(attempt("", `"${s}".to_float().is_some()`), s).toBe("false\n");
    expect(attempt("", `" -0042 ".to_int()`)).toBe("Option.Some(-42)\n");
    expect(attempt("", `"-9223372036854775808".to_int()`)).toBe(
      "Option.Some(-9223372036854775808)\n",
    );
    expect(attempt("", `"9223372036854775808".to_int()`)).toBe("Option.None\n");
  });
});

describe("step cost of natives", () => {
  it("charges floor(W / 64) for inputs and results", () => {
    const base = run(`let s = "x".repeat(64)\nprintln(s.len())`).steps;
    const big = run(`let s = "x".repeat(6400)\nprintln(s.len())`).steps;
    // repeat's result (6400 bytes) and len's receiver (6400 bytes), each 100 steps, vs 1 + 1.
    expect(big - base).toBe(2 * 99);
  });
  it("charges sort n·ceil(log2 n) and bounds a huge sort under a small budget", () => {
    const sort = (n: number) => `var a = []\nfor i in 0..${n} do a.push(i) end\nlet b = a.sort()`;
    // reverse: the same call and array, but linear work of 0 steps on 16 elements.
    const reverse = run(sort(16).replace("a.sort()", "a.reverse()")).steps;
    expect(run(sort(16)).steps - reverse).toBe(64);
    expect(run(sort(100000), { maxSteps: 1_000_000 }).error).toBe("LimitExceeded");
  });
  it("is exact: a budget one step short fails, the exact budget passes", () => {
    const src = `let s = "x".repeat(6400)\nprintln(s.len())`;
    const steps = run(src).steps;
    expect(run(src, { maxSteps: steps })).toMatchObject({ stdout: "6400\n", error: null });
    expect(run(src, { maxSteps: steps - 1 })).toMatchObject({ error: "LimitExceeded" });
    // Short by 10 steps: len's 100-step charge is refused, before println runs.
    const short = run(src, { maxSteps: steps - 10 });
    expect(short).toMatchObject({ stdout: "", error: "LimitExceeded", steps: steps - 10 });
  });
});

describe("steps charged by a native that then fails stay charged", () => {
  it("counts them after a caught error", () => {
    const src = (n: number) =>
      `let s = "x".repeat(${n})\nlet r = try s.substring(0, 99999) catch e 0 end\nprintln(r)`;
    // repeat's result and substring's receiver: 100 steps each for 6400 bytes, 1 for 64;
    // substring is charged before it finds its bounds out of range.
    expect(run(src(6400)).steps - run(src(64)).steps).toBe(2 * 99);
  });
});

describe("memory budget", () => {
  it("charges the size rule exactly", () => {
    const src = `struct P\n  x: i64\n  y: i64\nend\nfn main()\n  let p = P(x: 1, y: 2)\n  let t = (p.x, 2, 3)\n  let n = 4\n  let f = fn (k) => k + n\n  println(f(p.x) + t.0)\nend\nmain()`;
    // closure main 16, struct 16+16, tuple 16+24, closure f with one capture 16+8.
    expect(run(src, { maxMemory: 1e9 }).allocated).toBe(16 + 32 + 40 + 24);
    for (const maxMemory of [1e25, Number.MAX_VALUE])
      expect(run(src, { maxMemory }).allocated).toBe(16 + 32 + 40 + 24);
    expect(run(`fn bang(x) => x + "!"\nprintln(bang("héllo"))`, { maxMemory: 1e9 }).allocated).toBe(
      16 + 16 + 7,
    );
  });
  it("charges push and trips before the allocation is used, uncatchably", () => {
    const src = `var a = []\nfor i in 0..10 do a.push(i) end\nprintln(a.len())\ntry\n  a.push(10)\ncatch e\n  println("caught")\nend\nprintln(a.len())`;
    expect(run(src, { maxMemory: 100 })).toMatchObject({ stdout: "10\n", error: "LimitExceeded" });
    expect(run(src, { maxMemory: 104 })).toMatchObject({ stdout: "10\n11\n", error: null });
  });
  it("charges natives' results and pieces", () => {
    // split: array 16 + 3·8, three strings of 16 + 1 byte each.
    const a = run(`let s = "a,b,c"\nlet p = s.split(",")`, { maxMemory: 1e9 }).allocated;
    expect(a).toBe(16 + 24 + 3 * 17);
    expect(run(`let s = "x".repeat(1000000)`, { maxMemory: 100000 }).error).toBe("LimitExceeded");
  });
  it("stays exact past the first 2^29 bytes, handed out in chunks", () => {
    // Three strings of 16 + 200,000,000 bytes: the budget's second chunk is reached.
    const src = `for i in 0..3 do\n  let s = "x".repeat(200000000)\nend\nprintln("done")`;
    const total = 3 * (16 + 200_000_000);
    // A budget past 2^53 too: the bytes handed out are counted, not the budget less them.
    for (const maxMemory of [1e12, 1e25]) expect(run(src, { maxMemory }).allocated).toBe(total);
    expect(run(src, { maxMemory: total })).toMatchObject({ stdout: "done\n", error: null });
    expect(run(src, { maxMemory: total - 1 })).toMatchObject({
      stdout: "",
      error: "LimitExceeded",
      message: `memory budget of ${total - 1} bytes exhausted`,
    });
  });
  it("trips at the same push in compiled code when a chunk ends inside the loop", () => {
    // 880 bytes left of the first chunk after the strings, 400 in the rest: the array's 16
    // and 158 pushes of 8 fit, the 159th does not.
    const src = `let s = "x".repeat(268435000)\nlet t = "x".repeat(268435000)\nvar a = []\nfor i in 0..1000 do\n  a.push(i)\n  if i % 10 == 0 then println(i) end\nend`;
    const maxMemory = 2 ** 29 + 400;
    const out = "0\n10\n20\n30\n40\n50\n60\n70\n80\n90\n100\n110\n120\n130\n140\n150\n";
    for (const jit of [false, "eager"] as const)
      expect(run(src, { maxMemory, jit })).toMatchObject({
        stdout: out,
        error: "LimitExceeded",
        allocated: maxMemory,
      });
  });
  it("is unlimited by default", () => {
    // Nothing is counted without a budget: `allocated` is 0, not Infinity's arithmetic.
    expect(run(`let s = "x".repeat(1000000)\nprintln(s.len())`)).toMatchObject({
      error: null,
      allocated: 0,
    });
  });
});
