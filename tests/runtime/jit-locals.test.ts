// Registers kept in locals by compiled code (runtime/jit.ts, `generate`; docs/architecture.md
// "The compiled tier"): which registers a compiled function loads, keeps in locals from block
// to block in a loop, and stores back to the register file. Where a register missing from R
// shows (a handler, the code after a call), a program tells; elsewhere a register stored too
// often, or a loop not kept in locals, only costs speed, so those tests read the JavaScript
// `generate` makes: its shape is the contract there.

import { describe, expect, it } from "vitest";
import { load, type Program } from "../../runtime/index.js";
import { generate, JitProfile } from "../../runtime/jit.js";
import { compileOrThrow } from "../helpers/veld.js";

/** `src` loaded and run once with every function compiled (their inline caches filled). */
function ran(src: string): Program {
  const program = load(compileOrThrow(src, "t.veld").bytes);
  let out = "";
  const r = program.run({ write: (t) => void (out += t), writeErr: () => {}, now: () => 0 }, [], {
    jit: "eager",
  });
  expect(r.error).toBeUndefined();
  return program;
}

/** The JavaScript of function `name` of `src` with every block (its last version). */
function generated(src: string, name: string): string {
  const program = ran(src);
  const p = program.linked.protos.find((q) => q.name === name)!;
  return generate(p, program.linked);
}

/** The pcs of each loop kept in locals (its `case` labels) and the steps its blocks charge. */
function loopsOf(code: string): { pcs: number[]; size: number }[] {
  const found: { pcs: number[]; size: number }[] = [];
  for (const m of code.matchAll(
    /^((?:case \d+: )+)\{\n(?:let .*\n)?let lpc = pc;\n([\s\S]*?)\ndefault: break out;\n\}\n\}/gm,
  ))
    found.push({
      pcs: [...m[1]!.matchAll(/\d+/g)].map((d) => Number(d[0])),
      size: [...m[2]!.matchAll(/^b -= (\d+);$/gm)].reduce((s, d) => s + Number(d[1]), 0),
    });
  return found;
}

/**
 * The outline of generated code: each block's `case` labels and `let`, the loops, and every
 * run of register stores with the three words after it (where the code goes on).
 */
function outline(code: string): string[] {
  const out: string[] = [];
  for (const line of code.split("\n")) {
    if (/^(?:case \d+: )+\{$/.test(line) || /^let [rf]\d/.test(line) || line.startsWith("loop:"))
      out.push(line);
    else
      for (const m of line.matchAll(/((?:[RF]\[base \+ \d+\] = [rf]\d+; )+)(\S+ \S+ \S+)/g))
        out.push(`${[...m[1]!.matchAll(/= ([rf]\d+);/g)].map((s) => s[1]).join(" ")} -> ${m[2]}`);
  }
  return out;
}

const SHAPES = `fn nested(n)
  var s = 0
  for i in 0..n do
    var j = 0
    while j < i do
      s = s + j
      j = j + 1
    end
  end
  s
end
fn calls(n)
  var s = 0
  var i = 0
  while i < n do
    s = s + nested(i)
    i = i + 1
  end
  s
end
fn early(n)
  var i = 0
  while i < n do
    if i * i > n then return i end
    i = i + 1
  end
  -1
end
fn pushes(xs, n)
  var i = 0
  while i < n do
    xs.push(i)
    i = i + 1
  end
  xs.len()
end
fn zero()
  let t = 5
  println(t)
  var s = 0.5
  for i in 0..3 do s = s + i end
  for x in [1, 2] do s = s * 2.0 end
  s
end
println(nested(5))
println(calls(5))
println(early(50))
println(pushes([], 3))
println(zero())
`;

describe("loops kept in locals", () => {
  it("are the innermost loops, without calls or returns but of natives run inline", () => {
    expect(loopsOf(generated(SHAPES, "nested")).map((l) => l.pcs)).toEqual([[6, 8]]);
    expect(loopsOf(generated(SHAPES, "calls"))).toEqual([]);
    expect(loopsOf(generated(SHAPES, "early"))).toEqual([]);
    expect(loopsOf(generated(SHAPES, "pushes")).map((l) => l.pcs)).toEqual([[2, 5, 6]]);
  });

  it("take a loop of up to 200 instructions (MAX_LOOP), not one more", () => {
    const src = (k: number) =>
      `fn long(n)\n  var a = 0\n  var i = 0\n  while i < n do\n${"    a = a + i\n".repeat(k)}    i = i + 1\n  end\n  a\nend\nprintln(long(3))\n`;
    const sizes = new Map<number, number[]>();
    for (let k = 193; k <= 200; k++)
      sizes.set(
        k,
        loopsOf(generated(src(k), "long")).map((l) => l.size),
      );
    const fits = [...sizes].filter(([, s]) => s.length > 0);
    expect(fits.length).toBeGreaterThan(0);
    expect(fits.length).toBeLessThan(sizes.size);
    const [last, size] = fits[fits.length - 1]!;
    expect(size).toEqual([200]);
    expect(sizes.get(last + 1)).toEqual([]);
  });

  it("are not made in a profiling version (JitProfile), which counts each block entered", () => {
    const program = ran(SHAPES);
    const p = program.linked.protos.find((q) => q.name === "nested")!;
    const code = generate(p, program.linked, new JitProfile(p.code.length, true));
    expect(code).toContain("if (--L[0] < 0)");
    expect(loopsOf(code)).toEqual([]);
  });
});

describe("registers stored back", () => {
  // Register r0 of `zero` is `t`, dead after the call that reads its copy: never stored. The
  // loops store only the registers live after them (`s`, f1), their counters on their way back.
  it("are the written ones live where the code goes on", () => {
    expect(outline(generated(SHAPES, "zero"))).toEqual(ZERO);
    expect(outline(generated(SHAPES, "nested"))).toEqual(NESTED);
    expect(outline(generated(SHAPES, "early"))).toEqual(EARLY);
  });
});

/** The outlines of `zero`, `nested` and `early` (see outline). */
const ZERO = [
  "case 0: {",
  "let r0, r1, r2;",
  "r2 r1 -> { vm.budget =",
  "case 4: {",
  "let r2, r3, f1;",
  "f1 -> pc = 11;",
  "f1 r2 r3 -> e = 1;",
  "f1 r2 r3 -> pc = 8;",
  "case 8: {",
  "let r2 = R[base + 2], r3 = R[base + 3], f1 = F[base + 1], f4 = F[base + 4];",
  "loop: for (;;) switch (lpc) {",
  "case 8: {",
  "f1 r2 r3 -> pc = 8;",
  "f4 f1 r2 r3 -> e = 3;",
  "f4 f1 r2 r3 -> e = 1;",
  "f4 f1 r2 r3 -> e = 1;",
  "f1 -> pc = 11;",
  "case 11: {",
  "let r2, r4, r5, r6;",
  "r5 r6 -> { if (vm.maxArray",
  "r4 -> vm.fPc[depth] = 15;",
  "r2 -> pc = 15;",
  "case 15: case 16: {",
  "let r2 = R[base + 2], r3 = R[base + 3], f1 = F[base + 1];",
  "loop: for (;;) switch (lpc) {",
  "case 15: {",
  "f1 -> pc = 15;",
  "f1 -> pc = 18;",
  "f1 -> pc = 18;",
  "r3 f1 -> vm.fPc[depth] = 16;",
  "f1 -> pc = 18;",
  "r3 f1 -> e = 1;",
  "case 16: {",
  "f1 -> pc = 16;",
  "case 18: {",
  "let r2, f1 = F[base + 1];",
  "r2 -> e = 1;",
];
const NESTED = [
  "case 0: {",
  "let r0 = R[base + 0], r1, r2, r3;",
  "r1 -> pc = 11;",
  "r1 r2 r3 -> e = 1;",
  "r1 r2 r3 -> pc = 4;",
  "case 4: {",
  "let r4;",
  "r4 -> pc = 8;",
  "case 6: case 8: {",
  "let r1 = R[base + 1], r2 = R[base + 2], r4 = R[base + 4];",
  "loop: for (;;) switch (lpc) {",
  "case 6: {",
  "r1 r4 -> pc = 6;",
  "r1 r4 -> vm.fPc[depth] = 7;",
  "r1 r4 -> e = 1;",
  "case 8: {",
  "r1 r4 -> pc = 8;",
  "r1 r4 -> e = 1;",
  "r1 -> pc = 10;",
  "case 10: {",
  "let r2 = R[base + 2], r3 = R[base + 3];",
  "r2 r3 -> pc = 4;",
  "case 11: {",
  "let r1 = R[base + 1];",
];
const EARLY = [
  "case 0: {",
  "let r1;",
  "r1 -> pc = 7;",
  "case 2: {",
  "let r0 = R[base + 0], r1 = R[base + 1], r2;",
  "r2 -> e = 1;",
  "case 5: {",
  "let r1 = R[base + 1];",
  "case 6: {",
  "let r1 = R[base + 1];",
  "r1 -> pc = 7;",
  "case 7: {",
  "let r0 = R[base + 0], r1 = R[base + 1];",
  "case 9: {",
  "let r2;",
  "r2 -> e = 1;",
];

/** `src` run on the interpreter alone and with every function compiled: the same output. */
function agree(src: string, hot: string[]) {
  const run = (jit: false | "eager") => {
    const program = load(compileOrThrow(src, "t.veld").bytes);
    let out = "";
    const r = program.run({ write: (t) => void (out += t), writeErr: () => {}, now: () => 0 }, [], {
      jit,
    });
    return { out, error: r.error?.message, program };
  };
  const plain = run(false);
  const fast = run("eager");
  expect({ out: fast.out, error: fast.error }).toEqual({ out: plain.out, error: plain.error });
  for (const name of hot)
    expect(typeof fast.program.linked.protos.find((q) => q.name === name)!.jit, name).toBe(
      "function",
    );
  return plain.out;
}

describe("registers a handler or the code after a call reads", () => {
  it("are stored before a call that throws into the handler", () => {
    // `x = n + 5` is dead on the normal path (`x = 2` follows the call), live in the handler.
    // The code after TRY, which is not compiled, runs compiled from the first call's return.
    const out = agree(
      `fn boom(n) => [1][n]
fn g(n)
  var x = 0
  try
    x = n + 1
    boom(0)
    x = n + 5
    boom(n)
    x = 2
  catch e
    println(x)
  end
  x
end
for n in 0..3 do println(g(n)) end
`,
      ["g"],
    );
    expect(out).toBe("2\n6\n6\n7\n7\n");
  });

  it("are stored before the call when the instruction after it reads them", () => {
    const out = agree(
      `fn side(n) => n
fn h(a)
  let t = a * 2
  side(a)
  t + 1
end
for a in 0..3 do println(h(a)) end
`,
      ["h"],
    );
    expect(out).toBe("1\n3\n5\n");
  });
});
