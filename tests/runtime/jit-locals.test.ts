// Registers kept in locals by compiled code (runtime/jit.ts, `generate`; docs/architecture.md
// "The compiled tier"): which registers a compiled function loads, keeps in locals from block
// to block in a loop, and stores back to the register file. Where a register missing from R
// shows (a handler, the code after a call), a program tells; elsewhere a register stored too
// often, or a loop not kept in locals, only costs speed, so those tests read the JavaScript
// `generate` makes: its shape is the contract there.

import { describe, expect, it } from "vitest";
import { load, type Program, type RunOptions } from "../../runtime/index.js";
import { generate, JitProfile } from "../../runtime/jit.js";
import { compileOrThrow } from "../helpers/veld.js";
import type { Ins } from "./build.js";
import { out, print, prog } from "./helpers.js";

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
 * The outline of generated code: each block's `case` labels and `let`, the loops, and each way
 * on with the registers stored on it: to another block (`jump`, `fall` into the next case,
 * `loop` within a loop), to the interpreter (`exit` from a block's end, `leave` from an
 * instruction, `throw`), into a call or a return. Ways on without stores are listed only
 * between blocks.
 */
function outline(code: string): string[] {
  const ways: [RegExp, string][] = [
    [/^\{ pc = (\d+); break out; \}/, "exit"],
    [/^(?:e = \d+; )?pc = (\d+); break out;/, "leave"],
    [/^pc = (\d+); continue out;/, "jump"],
    [/^lpc = (\d+); continue loop;/, "loop"],
    [/^pc = (\d+);$/, "fall"],
    [/^vm\.fPc\[depth\] = (\d+);/, "throw"],
    [/^(?:\{ )?vm\.budget = b;/, "call"],
  ];
  const out: string[] = [];
  for (const line of code.split("\n")) {
    if (/^(?:case \d+: )+\{$/.test(line) || /^let [rf]\d/.test(line) || line.startsWith("loop:")) {
      out.push(line);
      continue;
    }
    for (const m of line.matchAll(/(?<!= [rf]\d+; )((?:[RF]\[base \+ \d+\] = [rf]\d+; )*)/g)) {
      const rest = line.slice(m.index + m[0].length);
      const way = ways.find(([re]) => re.test(rest));
      if (way === undefined || (m[0] === "" && !["exit", "jump", "loop", "fall"].includes(way[1])))
        continue;
      const to = way[0].exec(rest)![1];
      const stored = [...m[0].matchAll(/= ([rf]\d+);/g)].map((r) => r[1]);
      out.push([...stored, "->", way[1], ...(to === undefined ? [] : [to])].join(" "));
    }
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

  it("are the innermost even when a `continue` jumps back to the outer loop's head first", () => {
    // The `continue` (a jump back, in a `while true`) makes the outer loop a candidate before
    // the inner one is seen; the inner loop is still the one taken (the candidates' sort).
    const src = `fn skips(n)
  var s = 0
  var i = 0
  while true do
    i = i + 1
    if i > n then break end
    if i % 3 == 0 then continue end
    var j = 0
    while j < i do
      s = s + j
      j = j + 1
    end
  end
  s
end
println(skips(10))
`;
    expect(loopsOf(generated(src, "skips")).map((l) => l.pcs)).toEqual([[12, 14]]);
  });

  it("take a loop of one block at the function's first instruction", () => {
    const src = `var g = 0
fn spin()
  while true do
    g = g + 1
  end
end
println(g)
`;
    expect(loopsOf(generated(src, "spin")).map((l) => l.pcs)).toEqual([[0]]);
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

  it("take the natives run inline as no call, each found by the SELF before its CALL", () => {
    const src = `fn natives(xs, m, n)
  var i = 0
  while i < n do
    xs.push(i)
    if m.has(i % 3) then m.set(i % 3, m.get_or(i % 3, 0) + xs.len()) else m.set(i % 3, 1) end
    i = i + 1
  end
  m.len()
end
fn first(xs) => xs.len() + 1
println(natives([], {}, 9))
println(first([1, 2]))
`;
    const code = generated(src, "natives");
    expect(loopsOf(code).length).toBe(1);
    for (const name of ["ARRAY_PUSH", "ARRAY_LEN", "MAP_HAS", "MAP_GET_OR", "MAP_SET"])
      expect(code, name).toContain(`=== ${name})`);
    for (const body of [
      /o\.push\(/,
      /o\.length/,
      /r\d+ = vals\.has\(x\);/,
      /vals\.get\(x\)/,
      /vals\.set\(x, /,
    ])
      expect(code).toMatch(body);
    // A native called with an argument too many or too few is not run inline: its call
    // raises the error, again in the versions made after the SELF found the native.
    for (const call of [
      "m.has(1, 2)",
      "m.get_or(1)",
      "m.set(1, 2, 3)",
      "xs.push(1, 2)",
      "xs.len(1)",
    ])
      agree(
        `fn bad(xs, m) => [${call}]\nfor i in 0..40 do\n  try println(bad([i], {i: 1})) catch e println(e) end\nend\n`,
        ["bad"],
      );
    // Straight-line code between the SELF and its CALL (a field read for an argument), and no
    // branch: the native after an `if` is called, and so is any other native.
    const more = `struct P
  x: int
end
fn field(xs, p, n)
  var i = 0
  while i < n do
    xs.push(p.x)
    i = i + 1
  end
end
fn branch(xs, n)
  var i = 0
  while i < n do
    xs.push(if i > 2 then 1 else 2 end)
    i = i + 1
  end
end
fn other(n)
  var i = 0
  var s = ""
  while i < n do
    s = i.to_str()
    i = i + 1
  end
  s
end
field([], P(x: 1), 3)
branch([], 5)
println(other(3))
`;
    expect(loopsOf(generated(more, "field")).length).toBe(1);
    for (const name of ["branch", "other"]) {
      const plain = generated(more, name);
      expect(loopsOf(plain), name).toEqual([]);
      expect(plain, name).not.toMatch(/=== (ARRAY|MAP)_/);
    }
    // The SELF of `first` is its first instruction.
    expect(generated(src, "first")).toContain("=== ARRAY_LEN)");
  });

  it("are not made in a profiling version (JitProfile), which counts each block entered", () => {
    const program = ran(SHAPES);
    const p = program.linked.protos.find((q) => q.name === "nested")!;
    const code = generate(p, program.linked, new JitProfile(p.code.length, true));
    expect(code).toContain("if (--L[0] < 0)");
    expect(loopsOf(code)).toEqual([]);
  });
});

describe("blocks", () => {
  // A block starts where the interpreter may hand a frame back (the word after a CALL, where a
  // return through the interpreter resumes it) and at every jump target, and nowhere else.
  const src = `enum S
  A
  B(int)
  C(int, int)
end
fn after(n)
  let a = n + 1
  println(a)
  let b = a * 2
  b + n
end
fn pick(s, n)
  let k = n * 3 + 1
  match s
    S.A => k,
    S.B(x) => x + k,
    S.C(x, y) => x * y
  end
end
println(after(2))
for s in [S.A, S.B(2), S.C(2, 3)] do println(pick(s, 2)) end
`;
  const labels = (code: string) =>
    [...code.matchAll(/^((?:case \d+: )+)\{$/gm)].flatMap((m) =>
      [...m[1]!.matchAll(/\d+/g)].map((d) => Number(d[0])),
    );
  const protoOf = (name: string) => {
    const program = ran(src);
    const p = program.linked.protos.find((q) => q.name === name)!;
    return { p, code: generate(p, program.linked) };
  };

  it("start after a call and at a match's arms, not before the match", () => {
    const a = protoOf("after");
    const call = [...a.p.code].findIndex((w) => (w & 255) === 53); // CALL
    expect(labels(a.code)).toEqual([0, call + 1]);
    const m = protoOf("pick");
    const sw = [...m.p.code].findIndex((w) => (w & 255) === 163); // SWITCHVARIANT
    expect(sw).toBeGreaterThan(1);
    const arms = [1, 2, 3, 4].map((i) => sw + i + 1 + (m.p.code[sw + i]! >> 8)); // its JMP table
    const at = labels(m.code);
    expect(at).not.toContain(sw - 1);
    for (const t of arms) expect(at).toContain(t);
  });
});

describe("registers stored back", () => {
  // Register r0 of `zero` is `t`, dead after the call that reads its copy: never stored. The
  // loops store only the registers live after them (`s`, f1), their counters on their way back.
  it("are the written ones live where the code goes on", () => {
    expect(outline(generated(SHAPES, "zero"))).toEqual(ZERO);
    expect(outline(generated(SHAPES, "nested"))).toEqual(NESTED);
    expect(outline(generated(SHAPES, "early"))).toEqual(EARLY);
    expect(outline(generated(SHAPES, "pushes"))).toEqual(PUSHES);
  });
});

/** The outlines of `zero`, `nested`, `early` and `pushes` (see outline). */
const ZERO = [
  "case 0: {",
  "-> exit 0",
  "let r0, r1, r2;",
  "r2 r1 -> call",
  "-> fall 4",
  "case 4: {",
  "-> exit 4",
  "let r2, r3, f1;",
  "f1 -> jump 11",
  "f1 r2 r3 -> leave 7",
  "f1 r2 r3 -> fall 8",
  "case 8: {",
  "let r2 = R[base + 2], r3 = R[base + 3], f1 = F[base + 1], f4 = F[base + 4];",
  "loop: for (;;) switch (lpc) {",
  "case 8: {",
  "f1 r2 r3 -> leave 8",
  "f4 f1 r2 r3 -> leave 8",
  "-> loop 8",
  "f4 f1 r2 r3 -> leave 10",
  "f4 f1 r2 r3 -> leave 10",
  "f1 -> jump 11",
  "case 11: {",
  "-> exit 11",
  "let r2, r4, r5, r6;",
  "r4 -> throw 15",
  "r2 -> fall 15",
  "case 15: case 16: {",
  "let r2 = R[base + 2], r3 = R[base + 3], f1 = F[base + 1];",
  "loop: for (;;) switch (lpc) {",
  "case 15: {",
  "f1 -> leave 15",
  "f1 -> jump 18",
  "f1 -> jump 18",
  "r3 f1 -> throw 16",
  "f1 -> jump 18",
  "r3 f1 -> leave 15",
  "case 16: {",
  "f1 -> leave 16",
  "-> loop 15",
  "case 18: {",
  "-> exit 18",
  "let r2, f1 = F[base + 1];",
  "r2 -> leave 19",
];
const NESTED = [
  "case 0: {",
  "-> exit 0",
  "let r0 = R[base + 0], r1, r2, r3;",
  "r1 -> jump 11",
  "r1 r2 r3 -> leave 3",
  "r1 r2 r3 -> fall 4",
  "case 4: {",
  "-> exit 4",
  "let r4;",
  "r4 -> jump 8",
  "case 6: case 8: {",
  "let r1 = R[base + 1], r2 = R[base + 2], r4 = R[base + 4];",
  "loop: for (;;) switch (lpc) {",
  "case 6: {",
  "r1 r4 -> leave 6",
  "r1 r4 -> throw 7",
  "r1 r4 -> leave 7",
  "case 8: {",
  "r1 r4 -> leave 8",
  "-> loop 6",
  "-> loop 6", // two chars
  "r1 r4 -> leave 8",
  "-> loop 6",
  "r1 -> jump 10",
  "case 10: {",
  "-> exit 10",
  "let r2 = R[base + 2], r3 = R[base + 3];",
  "r2 r3 -> jump 4",
  "-> fall 11",
  "case 11: {",
  "-> exit 11",
  "let r1 = R[base + 1];",
];
const EARLY = [
  "case 0: {",
  "-> exit 0",
  "let r1;",
  "r1 -> jump 7",
  "case 2: {",
  "-> exit 2",
  "let r0 = R[base + 0], r1 = R[base + 1], r2;",
  "-> jump 6",
  "-> jump 6", // two chars
  "r2 -> leave 3",
  "-> jump 6",
  "-> fall 5",
  "case 5: {",
  "-> exit 5",
  "let r1 = R[base + 1];",
  "case 6: {",
  "-> exit 6",
  "let r1 = R[base + 1];",
  "r1 -> fall 7",
  "case 7: {",
  "-> exit 7",
  "let r0 = R[base + 0], r1 = R[base + 1];",
  "-> jump 2",
  "-> jump 2", // two chars
  "-> jump 2",
  "-> fall 9",
  "case 9: {",
  "-> exit 9",
  "let r2;",
  "r2 -> leave 10",
];
const PUSHES = [
  "case 0: {",
  "-> exit 0",
  "let r2;",
  "r2 -> jump 6",
  "case 2: case 5: case 6: {",
  "let r0 = R[base + 0], r1 = R[base + 1], r2 = R[base + 2], r3 = R[base + 3], r4 = R[base + 4], r5 = R[base + 5];",
  "loop: for (;;) switch (lpc) {",
  "case 2: {",
  "r2 -> leave 2",
  "r3 r4 r5 r2 -> leave 2",
  "r3 r4 r5 r2 -> leave 4",
  "r3 r4 r5 r2 -> leave 4",
  "case 5: {",
  "r2 -> leave 5",
  "r3 r4 r5 r2 -> leave 5",
  "case 6: {",
  "r2 -> leave 6",
  "-> loop 2",
  "-> loop 2", // two chars
  "r3 r4 r5 r2 -> leave 6",
  "-> loop 2",
  "-> jump 8",
  "case 8: {",
  "-> exit 8",
  "let r0 = R[base + 0], r3, r4;",
  "r4 r3 -> call",
];

/** `src` run on the interpreter alone and with every function compiled: the same output. */
function agree(src: string, hot: string[], options: RunOptions = {}) {
  const run = (jit: false | "eager") => {
    const program = load(compileOrThrow(src, "t.veld").bytes);
    let out = "";
    const r = program.run({ write: (t) => void (out += t), writeErr: () => {}, now: () => 0 }, [], {
      ...options,
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

describe("registers a handler, a closure or the code after a call reads", () => {
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

  it("are stored when a loop leaves for the interpreter at a block ending in a match", () => {
    // `c` is read only after the match: live at the start of the match's block through the
    // targets of SWITCHVARIANT. The loop leaves for the interpreter when the budget cannot
    // pay for a block: at each refill (65,536 steps with an interrupt polled), most likely at
    // the match's block, the longest.
    const out = agree(
      `enum T(A, B, C, D)
fn spin(n)
  var x = 0
  var c = 0
  var i = 0
  var e = T.A
  while i < n do
${"    x = x + i\n".repeat(60)}    e = match e
      T.A => T.B,
      T.B => T.C,
      T.C => T.D,
      T.D => T.A,
    end
    c = c + 2
    i = i + 1
  end
  (x, c)
end
println(spin(4000))
`,
      ["spin"],
      { interrupt: () => false },
    );
    expect(out).toBe("(479880000, 8000)\n");
  });

  it("are stored past the first 32 registers, in the float bank too", () => {
    // `s`, after 34 ints, is a float register past the first 32; written in a loop, read after it.
    const ints = Array.from({ length: 34 }, (_, i) => `a${i}`);
    const out = agree(
      `fn wide(n)
${ints.map((a, i) => `  var ${a} = ${i}\n`).join("")}  var s = 0.5
  var t = 0
  for i in 0..n do
    s = s * 2.0
    t = t + ${ints.join(" + ")}
  end
  println~("{s} {t}")
end
wide(3)
`,
      ["wide"],
    );
    expect(out).toBe("4 1683\n");
  });

  it("are the float bank's first register too (f0, the key FLOAT_KEY itself)", () => {
    // `x`, register 0 of a function without parameters, is a float: f0, loaded from and
    // stored to F[base + 0], written in the loop and read after it.
    const src = `fn first()
  var x = 0.5
  var i = 0
  while i < 5 do
    x = x * 1.5 + 0.25
    i = i + 1
  end
  x
end
println(first())
`;
    expect(agree(src, ["first"])).toBe("7.09375\n");
    const code = generated(src, "first");
    expect(code).toMatch(/\bF\[base \+ 0\] = f0;/);
    expect(code).not.toMatch(/\br256\b|R\[base \+ 256\]/);
  });

  it("stay in R when a closure captures them, a loop's counter and element too", () => {
    const out = agree(
      `fn caps(xs)
  var fs = []
  for x in xs do fs.push(fn () => x * 2) end
  for i in 0..3 do fs.push(fn () => i + 100) end
  var s = 0
  for f in fs do s = s + f() end
  s
end
for r in 0..5 do println(caps([1, 2, 3])) end
`,
      ["caps"],
    );
    expect(out).toBe("315\n".repeat(5));
  });

  it("are stored on a jump back to pc 0 (hand-written bytecode that writes its parameter)", () => {
    // f(x) prints x, adds 1 to it in place and jumps back to its first instruction while
    // x < 3: the call keeps the loop out of locals, so the jump stores x, live at pc 0.
    const code: Ins[] = [
      "top:",
      ...print(0),
      ["ADDI", 0, 0, 1],
      ["LTI", 0, 3, 1],
      ["JMP", "top"],
      ["RETURN", 0],
    ];
    const m = prog(
      [["CLOSURE", 1, 0], ["LOADI", 2, 0], ["CALL", 1, 1], ...print(1), ["RETURNUNIT"]],
      { children: ["f"], functions: [{ name: "f", params: 1, registers: 16, code }] },
    );
    for (const jit of [false, "eager"] as const)
      expect(out(m, { jit, maxSteps: 1000 })).toBe("0\n1\n2\n3\n");
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
