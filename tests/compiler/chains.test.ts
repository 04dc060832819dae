// Left-associative chains are flat (spec/language.md §4.2): a chain of 100,000 terms or links
// parses, resolves, prints, folds, compiles into a few registers and runs the same on the VM
// and on the tree-walker, while real nesting still stops at 256 levels (E0203).

import { describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/index.js";
import { interpret } from "../../interpreter/index.js";
import { MAX_NESTING, parse, printProgram } from "../../language/index.js";
import { load } from "../../runtime/index.js";

const N = 100_000;
/** For the other shapes of chain: long enough that recursing down them would show. */
const M = 20_000;

/** Runs `source` on the VM (from its bytes) at -O0 and -O1 and on the tree-walker. */
function outputs(source: string): { vm0: string; vm1: string; interp: string; registers: number } {
  const vm = (optimize: 0 | 1) => {
    const r = compileSource(source, { optimize });
    expect(r.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
    let out = "";
    const result = load(r.bytes!).run(
      { write: (t) => void (out += t), writeErr: (t) => void (out += t), now: () => 0 },
      [],
      { maxSteps: 50_000_000 },
    );
    expect(result.error).toBeUndefined();
    return { out, registers: Math.max(...r.module!.functions.map((f) => f.registers)) };
  };
  let interp = "";
  const r = interpret(source, { write: (t) => void (interp += t) });
  expect(r).toEqual({ status: "ok" });
  const o1 = vm(1);
  return { vm0: vm(0).out, vm1: o1.out, interp, registers: o1.registers };
}

function sameEverywhere(source: string, expected: string): number {
  const o = outputs(source);
  expect(o).toMatchObject({ vm0: expected, vm1: expected, interp: expected });
  return o.registers;
}

describe("long chains: 100,000 links of `+`, `|>` and method calls; 20,000 of the rest", () => {
  it("`+` of locals takes the same few registers as a short one", () => {
    const chain = (n: number) =>
      `fn main()\n  let x = 1\n  println(${Array(n).fill("x").join(" + ")})\nend\nmain()\n`;
    const long = sameEverywhere(chain(N), `${N}\n`);
    expect(long).toBe(sameEverywhere(chain(4), "4\n"));
    expect(long).toBeLessThanOrEqual(5);
  });

  it("`+ - * %` of constants folds, and of floats runs in the float bank", () => {
    sameEverywhere(`println(${Array(M).fill("1").join(" + ")})\n`, `${M}\n`);
    const mixed = Array.from({ length: M }, (_, i) => ["+ 3", "- 1", "* 1", "% 1000003"][i % 4]);
    sameEverywhere(`let y = 2\nprintln(y ${mixed.join(" ")})\n`, `${2 + M / 2}\n`);
    const floats = `fn main()\n  let f = 0.5\n  println(${Array(M).fill("f").join(" + ")})\nend\nmain()\n`;
    sameEverywhere(floats, `${M / 2}\n`);
  });

  it("comparisons, `and` and `or` short-circuit down the chain", () => {
    sameEverywhere(`let t = true\nprintln(${Array(M).fill("t").join(" and ")})\n`, "true\n");
    const calls = `var n = 0\nfn f(b) => do n += 1 b end\nprintln(f(false)${" or f(false)".repeat(M - 2)} or f(true))\nprintln(n)\n`;
    sameEverywhere(calls, `true\n${M}\n`);
    sameEverywhere(`fn f(b) => b\nprintln(f(false)${" and f(true)".repeat(M)})\n`, "false\n");
    sameEverywhere(`println(1 < 2${" == true".repeat(M)})\n`, "true\n");
  });

  it("a pipeline, with the piped value as first argument", () => {
    const src = `fn inc(a) => a + 1\nfn add(a, b) => a + b\nprintln(0${" |> inc |> add(2)".repeat(N / 2)})\n`;
    sameEverywhere(src, `${(3 * N) / 2}\n`);
  });

  it("a method chain, with fields, indexes and tuple elements between", () => {
    const counter = `struct C(n: int, xs: [int])\nimpl C\n  fn inc(self) => C(n: self.n + 1, xs: self.xs)\n  fn me(self) => (self, 0)\nend\n`;
    sameEverywhere(`${counter}println(C(n: 0, xs: [])${".inc()".repeat(N)}.n)\n`, `${N}\n`);
    const mixed = `${counter}let a = [C(n: 0, xs: [7])]\nprintln(a[0].inc().me().0.xs[0].to_str().len() as float)\n`;
    sameEverywhere(mixed, "1\n");
    const links = `${counter}let a = [C(n: 0, xs: [0])]\nprintln(a[0]${".me().0".repeat(M)}.n)\n`;
    sameEverywhere(links, "0\n");
    sameEverywhere(`let s = "ab"\nprintln(s${".to_upper().to_lower()".repeat(M)})\n`, "ab\n");
  });

  it("`?` propagates out of a long chain", () => {
    const src = `fn f(o) => Some(o?${" + 1".repeat(M)})\nprintln(f(Some(0)))\nprintln(f(None))\n`;
    sameEverywhere(src, `Option.Some(${M})\nOption.None\n`);
  });

  it("a chain whose operand re-enters it (recursion) keeps each evaluation apart", () => {
    const src = `fn f(n) => if n == 0 then 0 else n + f(n - 1) * 2 + 1 - n end\nprintln(f(10))\n`;
    sameEverywhere(src, "1023\n");
    const pipe = `fn g(n) => if n == 0 then 0 else n |> h |> h end\nfn h(n) => g(n - 1) + 1\nprintln(g(5))\n`;
    sameEverywhere(pipe, "5\n");
  });

  it("a pipe into a variable evaluates the callee first, as the call it stands for", () => {
    const src = `var f = (x) => x + 1\nfn swap(x) => do f = (y) => y * 10 x end\nprintln(1 |> swap |> f)\nprintln(1 |> swap |> f |> f)\n`;
    sameEverywhere(src, "2\n100\n");
  });

  it("prints as it parses", () => {
    const src = `let y = a${".f(1) + b[2] |> g".repeat(M / 10)} - (c - d)\n`;
    const { program, diagnostics } = parse(src);
    expect(diagnostics).toEqual([]);
    const printed = printProgram(program);
    expect(printProgram(parse(printed).program)).toBe(printed);
    expect(printed.length).toBeGreaterThan(M);
  });
});

describe("real nesting still counts", () => {
  it.each([
    ["parentheses", "1 + (".repeat(300) + "1" + ")".repeat(300)],
    ["a right-nested index", "a[".repeat(300) + "0" + "]".repeat(300)],
    ["a call in a call", "f(".repeat(300) + "0" + ")".repeat(300)],
    ["a right-associative power", "x" + " *^ x".repeat(300)],
  ])("%s", (_, expr) => {
    const ds = parse(`println(${expr})\n`).diagnostics;
    expect(ds.map((d) => `${d.code} ${d.message}`)).toEqual([
      `E0203 nesting deeper than ${MAX_NESTING} levels`,
    ]);
  });
});
