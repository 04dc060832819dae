// The interpreter's own arithmetic, comparison and loop instructions (runtime/vm.ts, with the
// compiled tier off) against the tree-walker, which shares none of their code: every operator
// over a table of values of every numeric range (int32, beyond it, near 2^53, the i64 ends,
// integral and fractional floats) and of other kinds, in its register form, with a constant
// (K) and with a small immediate (I), as a value and as a branch, and numeric for-loops across
// every range. The same output, error kind and message, line for line.

import { describe, expect, it } from "vitest";
import { loadModule, type RunOptions } from "../../runtime/index.js";
import { compileOrThrow } from "../helpers/veld.js";
import { interpret } from "../../interpreter/index.js";
import { build, PRELUDE_TYPES, type FnSpec, type Ins } from "./build.js";
import { print, prog } from "./helpers.js";
import { PHASES } from "./jit-programs.js";

function vmOut(src: string, options: RunOptions = { jit: false }): string {
  let out = "";
  const r = loadModule(compileOrThrow(src).module).run(
    { write: (t) => (out += t), writeErr: () => {} },
    [],
    options,
  );
  return r.error === undefined ? out : `${out}!${r.error.kind}: ${r.error.message}`;
}

/** A hand-written program's output with the compiled tier off. */
function vmRun(spec: Parameters<typeof build>[0]): string {
  let out = "";
  const r = loadModule(build(spec)).run({ write: (t) => (out += t), writeErr: () => {} }, [], {
    jit: false,
  });
  return r.error === undefined ? out : `${out}!${r.error.kind}: ${r.error.message}`;
}

function walkerOut(src: string): string {
  let out = "";
  const r = interpret(src, { write: (t: string) => (out += t) });
  if (!("status" in r)) throw new Error("diagnostics");
  return r.error === undefined ? out : `${out}!${r.error.kind}: ${r.error.message}`;
}

// An int and an integral float print alike (`1`): the half of each tells them apart.
const SHOW = `fn half(v) => try v / 2 catch e "-" end
fn show(f)
  try
    let v = f()
    println~("{v} {half(v)}")
  catch e
    println~("{e.kind}: {e.message}")
  end
end
`;

const VALUES = [
  "1",
  "-7",
  "0",
  "2147483647",
  "-2147483648",
  "3000000000",
  "9007199254740991",
  "-9007199254740991",
  "9223372036854775807",
  "-9223372036854775808",
  "0.5",
  "1.0",
  "-2.5",
  "0.0",
  "1e300",
  '"s"',
  "'c'",
  "true",
];
const OPS = ["+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">="];
/** Constants: small ones become immediates (ADDI, EQI, LTI…), the others K operands. */
const KS = ["3", "-3", "1000", "3000000000", "0.5", "2.0", '"k"'];

/**
 * One line per case. The compiler writes `k + a` and `k * a` as `a + k` and `a * k`, and
 * `a - 3` as `a + -3` (ADDI), so where those fail on a non-number the VM's TypeError names
 * the operands the other way round, or `+`: such lines compare only up to the message.
 */
function table(): { src: string; loose: boolean[] } {
  let src = `${SHOW}let xs = [${VALUES.join(", ")}]\n`;
  let body = "";
  let perX: boolean[] = [];
  OPS.forEach((op, i) => {
    src += `fn r${i}(a, b) => a ${op} b\nfn t${i}(a, b) => if a ${op} b then 1 else 0 end\n`;
    KS.forEach((k, j) => {
      src += `fn k${i}_${j}(a) => a ${op} ${k}\n`;
      src += `fn q${i}_${j}(a) => if a ${op} ${k} then 1 else 0 end\n`;
      src += `fn p${i}_${j}(a) => if ${k} ${op} a then 1 else 0 end\n`;
      body += `  show(() => k${i}_${j}(x))\n  show(() => q${i}_${j}(x))\n  show(() => p${i}_${j}(x))\n`;
      const sub = op === "-" && /^-?\d$/.test(k);
      perX.push(sub, sub, op === "+" || op === "*");
    });
  });
  src += `for x in xs do\n  for y in xs do\n`;
  for (let i = 0; i < OPS.length; i++) {
    src += `    show(() => r${i}(x, y))\n    show(() => t${i}(x, y))\n`;
  }
  src += `  end\n${body}end\n`;
  perX = [...new Array<boolean>(VALUES.length * OPS.length * 2).fill(false), ...perX];
  return { src, loose: VALUES.flatMap(() => perX) };
}

function compare(
  vmText: string,
  walkerText: string,
  loose: boolean[] = [],
  pattern = /^TypeError: cannot apply .*$/,
): void {
  const a = vmText.split("\n");
  const b = walkerText.split("\n");
  expect(a.length).toBe(b.length);
  const norm = (s: string) => s.replace(pattern, "TypeError");
  for (let i = 0; i < a.length; i++) {
    const [x, y] = loose[i] ? [norm(a[i]!), norm(b[i]!)] : [a[i], b[i]];
    if (x !== y) expect(`line ${i}: ${x}`).toBe(`line ${i}: ${y}`);
  }
}

describe("arithmetic and comparisons in the interpreter", () => {
  it.each([
    ["the interpreter", false],
    ["compiled code (its int32 paths, and `arith` off them)", "eager"],
  ] as const)(
    "agree with the tree-walker over every operator, form and kind of operand: %s",
    (_, jit) => {
      const { src, loose } = table();
      const v = vmOut(src, { jit });
      expect(v.split("\n").length).toBe(VALUES.length * (VALUES.length + KS.length * 1.5) * 22 + 1);
      compare(v, walkerOut(src), loose);
    },
  );

  it.each([
    // int32 operands whose result leaves int32, 2^53 and i64; an int halves to an int
    ["2147483647 + 1", "2147483648 1073741824"],
    ["9007199254740991 + 2", "9007199254740993 4503599627370496"],
    ["-9007199254740991 - 2", "-9007199254740993 -4503599627370496"],
    ["9223372036854775807 + 1", "!IntegerOverflow: integer overflow"],
    ["-9223372036854775807 - 2", "!IntegerOverflow: integer overflow"],
    ["4294967296 * 4294967296", "!IntegerOverflow: integer overflow"],
    ["65536 * 65536", "4294967296 2147483648"],
    ["94906267 * 94906267", "9007199515875289 4503599757937644"],
    ["-2147483648 / -1", "2147483648 1073741824"],
    ["-7 / 2", "-3 -1"],
    ["-7 % 2", "-1 0"],
    ["7 % -2", "1 0"],
    ["0 - 0", "0 0"],
    ["-1 * 0", "0 0"],
    ["0 / -5", "0 0"],
    ["-4 % 2", "0 0"],
    ["9007199254740993 % 2", "1 0"],
    ["9007199254740993 / 3", "3002399751580331 1501199875790165"],
    // an integral float stays a float (its half is not truncated); -0.0 keeps its sign
    ["0.5 + 0.5", "1 0.5"],
    ["1.5 - 0.5", "1 0.5"],
    ["0.5 * 4", "2 1"],
    ["3 / 1.5", "2 1"],
    ["1.0 / 2", "0.5 0.25"],
    ["3.0 / 2", "1.5 0.75"],
    ["4.0 / 2", "2 1"],
    ["2 * 0.25", "0.5 0.25"],
    ["2.5 % 1", "0.5 0.25"],
    ["-0.0 * 1", "-0 -0"],
    ["0.0 / -1", "-0 -0"],
    ["1 / 0", "!DivisionByZero: division by zero"],
    ["1.0 / 0", "!DivisionByZero: division by zero"],
    ["1 % 0", "!DivisionByZero: modulo by zero"],
    ["9007199254740993 % 0", "!DivisionByZero: modulo by zero"],
  ])("%s in a function of its operands is %s", (expr, expected) => {
    const m = /^(-?[\d.]+) ([-+*/%]) (-?[\d.]+)$/.exec(expr)!;
    const [x, op, y] = [m[1], m[2], m[3]];
    const src = `fn f(a, b) => a ${op} b\nfn g(a) => a ${op} ${y}\nprintln~("{f(${x}, ${y})} {f(${x}, ${y}) / 2}")\nprintln~("{g(${x})} {g(${x}) / 2}")`;
    const want = expected.startsWith("!") ? expected : `${expected}\n${expected}\n`;
    expect(vmOut(src)).toBe(want);
    expect(vmOut(src, { jit: "eager" })).toBe(want);
    expect(walkerOut(src)).toBe(want);
  });
});

describe("numeric for-loops in the interpreter", () => {
  const BOUNDS: [string, string][] = [
    ["0", "3"],
    ["3", "3"],
    ["4", "3"],
    ["-2", "1"],
    ["2147483645", "2147483649"],
    ["-2147483650", "-2147483646"],
    ["9007199254740989", "9007199254740993"],
    ["-9007199254740994", "-9007199254740990"],
    ["9223372036854775804", "9223372036854775807"],
    ["-9223372036854775808", "-9223372036854775805"],
    ["9223372036854775807", "9223372036854775807"],
    ["1.0", "3"],
    ["1", "2.5"],
    ['"a"', "3"],
  ];
  it("run every range of bounds, exclusive and inclusive, as the tree-walker does", () => {
    let src = `${SHOW}fn ex(a, b)\n  for i in a..b do println(i) end\n  "."\nend\nfn inc(a, b)\n  for i in a..=b do println(i) end\n  "."\nend\n`;
    for (const [a, b] of BOUNDS) src += `show(() => ex(${a}, ${b}))\nshow(() => inc(${a}, ${b}))\n`;
    compare(vmOut(src), walkerOut(src));
    expect(
      vmOut(`fn f(a, b)\n  for i in a..=b do println(i) end\nend\nf(2147483646, 2147483648)`),
    ).toBe("2147483646\n2147483647\n2147483648\n");
  });

  it("step the variable from 2^53 - 1 to the same int 2^53 as a literal (a map key finds it)", () => {
    const src = `let m = {9007199254740992: "2^53"}\nfor i in 9007199254740990..9007199254740994 do\n  let v = m.get_or(i, "none")\n  println~("{i} {v} {i == 9007199254740992}")\nend`;
    expect(vmOut(src)).toBe(walkerOut(src));
    expect(vmOut(src)).toContain("9007199254740992 2^53 true\n");
  });

  it("count steps exactly: the loop body runs once per value, not one more or less", () => {
    const src = `var n = 0\nfn f(a, b)\n  for i in a..b do n = n + 1 end\nend\nf(0, 5)\nf(5, 0)\nf(9007199254740990, 9007199254740994)\nf(-3, -3)\nprintln(n)`;
    expect(vmOut(src)).toBe("9\n");
  });
});

describe("backward branches count towards compiling their function", () => {
  // A function is compiled when its entries and backward jumps reach 101 (RunOptions.jit):
  // here one call and the loop's back edges. Each compare-and-branch form, TEST, JMP and
  // FORLOOP must count a backward jump (and only a backward one).
  const FORMS: [string, string, number][] = [
    ["LT", "var i = 0\n  while i < n do i = i + 1 end", 99],
    ["LE", "var i = 1\n  while i <= n do i = i + 1 end", 99],
    ["EQ", "var i = 0\n  while i != n do i = i + 1 end", 99],
    ["EQK", "var i = 3000000 - n\n  while i != 3000000 do i = i + 1 end", 99],
    ["EQI", "var i = 5 - n\n  while i != 5 do i = i + 1 end", 99],
    ["LTI", "var i = 5 - n\n  while i < 5 do i = i + 1 end", 99],
    ["LEI", "var i = 6 - n\n  while i <= 5 do i = i + 1 end", 99],
    ["GTI", "var i = 5 + n\n  while i > 5 do i = i - 1 end", 99],
    ["GEI", "var i = 4 + n\n  while i >= 5 do i = i - 1 end", 99],
    ["LTK", "var i = 1000 - n\n  while i < 1000 do i = i + 1 end", 99],
    ["LEK", "var i = 1001 - n\n  while i <= 1000 do i = i + 1 end", 99],
    ["GTK", "var i = 1000 + n\n  while i > 1000 do i = i - 1 end", 99],
    ["GEK", "var i = 999 + n\n  while i >= 1000 do i = i - 1 end", 99],
    ["TEST", "var i = 0\n  var b = n > 0\n  while b do\n    i = i + 1\n    b = i < n\n  end", 99],
    ["FORLOOP", "var i = 0\n  for x in 0..n do i = i + 1 end", 101],
    ["JMP", "var i = 0\n  for x in (0..n).to_array() do i = i + 1 end", 99],
    // The float bank's compare-and-branch, at the bottom of a loop with a float counter.
    [
      "FLT",
      "var x = 0.0 * n\n  var y = n * 1.0\n  var i = 0\n  while x < y do\n    x = x + 1.0\n    i = i + 1\n  end",
      99,
    ],
    [
      "FLE",
      "var x = 1.0 * n\n  var y = n * 1.0\n  x = 1.0\n  var i = 0\n  while x <= y do\n    x = x + 1.0\n    i = i + 1\n  end",
      99,
    ],
    [
      "FLTK",
      "var x = (1000 - n) * 1.0\n  var i = 0\n  while x < 1000.0 do\n    x = x + 1.0\n    i = i + 1\n  end",
      99,
    ],
    [
      "FLEK",
      "var x = (1001 - n) * 1.0\n  var i = 0\n  while x <= 1000.0 do\n    x = x + 1.0\n    i = i + 1\n  end",
      99,
    ],
    [
      "FGTK",
      "var x = (1000 + n) * 1.0\n  var i = 0\n  while x > 1000.0 do\n    x = x - 1.0\n    i = i + 1\n  end",
      99,
    ],
    [
      "FGEK",
      "var x = (999 + n) * 1.0\n  var i = 0\n  while x >= 1000.0 do\n    x = x - 1.0\n    i = i + 1\n  end",
      99,
    ],
    // A `match`'s TESTVARIANTs jump forward: they count nothing.
    [
      "TESTVARIANT",
      "var i = 0\n  while i < n do\n    i = match Some(i)\n      Some(v) => v + 1\n      None => n\n    end\n  end",
      99,
    ],
  ];
  it.each(FORMS)("%s", (_, body, at) => {
    const src = (n: number) => `fn f(n)\n  ${body}\n  i\nend\nprintln(f(${n}))`;
    const compiled = (n: number) => {
      const src = `fn f(n)\n  ${body}\n  i\nend\nprintln(f(${n}))`;
      const program = loadModule(compileOrThrow(src).module);
      expect(program.run({ write: () => {}, writeErr: () => {} }, [], {}).status).toBe("ok");
      return program.linked.protos.some((p) => p.name === "f" && typeof p.jit === "function");
    };
    expect(compiled(at - 1)).toBe(false);
    expect(compiled(at)).toBe(true);
    // and the loop runs as the tree-walker's (the branch taken the right way, to the right place)
    expect(vmOut(src(at))).toBe(walkerOut(src(at)));
  });
});

describe("a for-loop's count past the int32 fast path, towards compiling its function", () => {
  // FORPREP keeps a count up to 2^53 - 1 as a number, whose FORLOOP counts its back edge, and
  // a larger one as a bigint, whose FORLOOP does not until the count is down to 2^53 - 1. With
  // one entry, a loop of n rounds compiles its function at the 101st with a number count; a
  // count of 2^53 (one bigint round first) at the 102nd.
  const LOOPS: [string, string, number][] = [
    ["a count of 100 from 3,000,000,000", "3000000000..3000000000 + n", 101],
    ["a count of 2^53 - 1, broken off", "0..=9007199254740991", 101],
    ["a count of 2^53, broken off", "0..=9007199254740992", 102],
  ];
  it.each(LOOPS)("%s", (_, range, at) => {
    const src = (n: number) =>
      `fn f(n)\n  var i = 0\n  for x in ${range} do\n    i = i + 1\n    if i == n then break end\n  end\n  i\nend\nprintln(f(${n}))`;
    const compiled = (n: number) => {
      const program = loadModule(compileOrThrow(src(n)).module);
      let out = "";
      const r = program.run({ write: (t) => void (out += t), writeErr: () => {} }, [], {});
      expect([r.status, out]).toEqual(["ok", `${n}\n`]);
      return program.linked.protos.some((p) => p.name === "f" && typeof p.jit === "function");
    };
    expect(compiled(at - 1)).toBe(false);
    expect(compiled(at)).toBe(true);
  });
});

describe("hand-written branches: a backward TESTVARIANT counts towards compiling its function", () => {
  // No compiler emits one, but it is valid bytecode (spec/isa.md §4, "Branches"); a jump of 0
  // is below ("a compare-and-branch whose jump is 0").
  const E = [
    {
      enum: "E",
      variants: [
        ["A", 0],
        ["B", 0],
      ] as [string, number][],
    },
  ];
  const compiled = (f: FnSpec, n: number) => {
    const m = prog(
      [["CLOSURE", 0, 0], ["LOADI", 1, n], ["CALL", 0, 1], ...print(0), ["RETURNUNIT"]],
      { functions: [f], children: ["f"], types: E },
    );
    const program = loadModule(build(m));
    let out = "";
    program.run({ write: (t) => (out += t), writeErr: () => {} }, [], {});
    const jit = program.linked.protos.some((p) => p.name === "f" && typeof p.jit === "function");
    return `${out.trim()} ${jit}`;
  };
  it("a loop whose back edge is a TESTVARIANT's mismatch jump", () => {
    // f(n) counts i up to n, making x the variant B when i reaches n; the TESTVARIANT at the
    // bottom jumps back while x is A: n - 1 back edges and one entry.
    const f: FnSpec = {
      name: "f",
      params: 1,
      registers: 4,
      code: [
        ["LOADI", 1, 0],
        ["NEWENUM", 2, 0],
        "top:",
        ["ADDI", 1, 1, 1],
        ["LT", 1, 0, 1],
        ["JMP", "skip"],
        ["NEWENUM", 2, 1],
        "skip:",
        ["TESTVARIANT", 2, 1],
        ["JMP", "top"],
        ["RETURN", 1],
      ],
    };
    expect(compiled(f, 99)).toBe("99 false");
    expect(compiled(f, 100)).toBe("100 true");
  });
});

describe("forward branches count nothing towards compiling their function", () => {
  // The loop's own LT at its bottom counts 98 back edges, one short; an `if` of each form
  // inside it, never taken, branches forward on every round and must not add to that.
  const CONDS: [string, string][] = [
    ["EQ", "i == n + 5"],
    ["LT", "n < i"],
    ["LE", "n <= i"],
    ["EQK", "i == 3000000"],
    ["EQI", "i == -5"],
    ["LTI", "i < -5"],
    ["LEI", "i <= -5"],
    ["GTI", "i > 120"],
    ["GEI", "i >= 120"],
    ["LTK", "i < -1000"],
    ["LEK", "i <= -1000"],
    ["GTK", "i > 1000"],
    ["GEK", "i >= 1000"],
    // the float bank's, on a float counter x (0.0, 1.0, …) against y = -98.0
    ["FLT", "x < y"],
    ["FLE", "x <= y"],
    ["FLTK", "x < -0.5"],
    ["FLEK", "x <= -0.5"],
    ["FGTK", "x > 500.5"],
    ["FGEK", "x >= 500.5"],
  ];
  it.each(CONDS)("%s", (_, cond) => {
    const src = `fn f(n)\n  var x = 0.0 * n\n  var y = -1.0 * n\n  var i = 0\n  while i < n do\n    if ${cond} then i = i + 7 end\n    x = x + 1.0\n    i = i + 1\n  end\n  i\nend\nprintln(f(98))`;
    const program = loadModule(compileOrThrow(src).module);
    let out = "";
    program.run({ write: (t) => (out += t), writeErr: () => {} }, [], {});
    expect(out).toBe("98\n");
    expect(program.linked.protos.some((p) => p.name === "f" && typeof p.jit === "function")).toBe(
      false,
    );
  });
});

describe("a compare-and-branch whose jump is 0 counts nothing either", () => {
  // Hand-written: no compiler emits a jump of 0 (to the word after the JMP), but the verifier
  // takes it, and it is no backward jump. f's loop runs n rounds: one entry and n - 1 back
  // edges of its bottom LT, so f is compiled from n = 100 on (as a `while` above). Each form
  // in its body, with a jump of 0, must add nothing: counted, 60 rounds would compile f.
  const FORMS: Ins[] = [
    ["EQ", 1, 0, 1],
    ["LT", 1, 0, 1],
    ["LE", 1, 0, 1],
    ["EQK", 1, 0, 1],
    ["EQI", 1, 5, 1],
    ["LTI", 1, 5, 1],
    ["LEI", 1, 5, 1],
    ["GTI", 1, 5, 1],
    ["GEI", 1, 5, 1],
    ["LTK", 1, 0, 1],
    ["LEK", 1, 0, 1],
    ["GTK", 1, 0, 1],
    ["GEK", 1, 0, 1],
    ["TEST", 3, 1],
    ["FLT", 0, 1, 1],
    ["FLE", 0, 1, 1],
    ["FLTK", 0, 0, 1],
    ["FLEK", 0, 0, 1],
    ["FGTK", 0, 0, 1],
    ["FGEK", 0, 0, 1],
    ["TESTVARIANT", 3, 0],
  ];
  const body = FORMS.flatMap((f, i): Ins[] => [f, ["JMP", `next${i}`], `next${i}:`]);
  const f = {
    name: "f",
    params: 1,
    registers: 4,
    consts: [7n],
    code: [
      ["LOADI", 1, 0],
      ["LOADI", 2, 1],
      ["LOADTRUE", 3],
      "top:",
      ...body,
      ["ADD", 1, 1, 2],
      ["LT", 1, 0, 1],
      ["JMP", "top"],
      ["RETURN", 1],
    ] as Ins[],
  };
  const compiled = (n: number) => {
    const main: Ins[] = [["CLOSURE", 0, 0], ["LOADI", 1, n], ["CALL", 0, 1], ...print(0)];
    const program = loadModule(
      build({
        ...prog([...main, ["RETURNUNIT"]], { children: ["f"], functions: [f] }),
        types: PRELUDE_TYPES,
      }),
    );
    let out = "";
    program.run({ write: (t) => (out += t), writeErr: () => {} }, [], {});
    expect(out).toBe(`${n}\n`);
    return program.linked.protos.some((p) => p.name === "f" && typeof p.jit === "function");
  };
  it("EQ … GEK, TEST, the float bank's FLT … FGEK and TESTVARIANT", () => {
    expect(compiled(60)).toBe(false);
    expect(compiled(99)).toBe(false);
    expect(compiled(100)).toBe(true);
  });
});

describe("a FORLOOP count beyond 2^53 (hand-written)", () => {
  // No compiler gets there (it would take 2^53 rounds); a hand-written count does. f counts
  // down from 2^53 + 2, printing the count each round, leaves after n rounds (a forward EQ)
  // and returns the loop variable. The count is a bigint while it is above 2^53 - 1 and an
  // int from there on. Towards compiling f count its entry, each return from println and
  // the int count's FORLOOPs only (n - 4 of them): 2n - 3, compiled from 101, n = 52.
  const f = {
    name: "f",
    params: 1,
    registers: 16,
    consts: [2n ** 53n + 2n],
    code: [
      ["LOADI", 1, 0],
      ["LOADK", 2, 0],
      ["LOADI", 3, 0],
      ["LOADI", 4, 1],
      "top:",
      ...print(2),
      ["ADD", 3, 3, 4],
      ["EQ", 3, 0, 1],
      ["JMP", "out"],
      ["FORLOOP", 1, "top"],
      "out:",
      ["RETURN", 1],
    ] as Ins[],
  };
  const main = (n: number) =>
    prog([["CLOSURE", 0, 0], ["LOADI", 1, n], ["CALL", 0, 1], ...print(0), ["RETURNUNIT"]], {
      children: ["f"],
      functions: [f],
    });
  const runF = (n: number) => {
    const program = loadModule(build(main(n)));
    let out = "";
    program.run({ write: (t) => (out += t), writeErr: () => {} }, [], {});
    const compiled = program.linked.protos.some(
      (p) => p.name === "f" && typeof p.jit === "function",
    );
    return { out, compiled };
  };
  // The counts printed, then the variable: it went up once per FORLOOP taken.
  const expected = (n: number) =>
    Array.from({ length: n }, (_, i) => `${2n ** 53n + 2n - BigInt(i)}\n`).join("") + `${n - 1}\n`;
  it("counts down exactly across 2^53, the variable up", () => {
    expect(vmRun(main(5))).toBe(expected(5));
    expect(runF(5).out).toBe(expected(5));
  });
  it("counts its rounds as back edges once the count is an int", () => {
    expect(runF(51)).toEqual({ out: expected(51), compiled: false });
    expect(runF(52)).toEqual({ out: expected(52), compiled: true });
  });
});

describe("the float bank in the interpreter", () => {
  // Locals that are provably floats live unboxed (FUNBOX in, FBOX out, F* arithmetic and
  // compare-and-branch, struct fields through GETFIELDF/SETFIELDF); the tree-walker has no
  // bank. Each result is printed with its half (an int would halve to an int).
  const FB = `${SHOW}struct P
  x: f64
  y: f64
end
fn fb(a, b)
  var x = a * 1.0
  var y = b + 0.0
  let s = x + y
  let d = x - y
  let m = x * y
  let n = -x
  let k1 = x + 2.5
  let k2 = x - 2.5
  let k3 = x * 2.5
  let k4 = x / 2.5
  let r = std.math.sqrt(x * x) + 0.0
  var c = 0
  if x < y then c = c + 1 end
  if x <= y then c = c + 2 end
  if x < 2.5 then c = c + 4 end
  if x <= 2.5 then c = c + 8 end
  if x > 2.5 then c = c + 16 end
  if x >= 2.5 then c = c + 32 end
  if x < y then c = c + 64 else c = c + 128 end
  if !(x <= 2.5) then c = c + 256 end
  let p = P(x: x * 2.0, y: y)
  p.x = p.x + x
  p.y = p.y - p.x * y
  var u = p.x * 1.0
  u = u + p.y
  var w = 0.0
  var t = 0
  while w < y and t < 5 do
    w = w + 1.0
    t = t + 1
  end
  while w >= 0.5 and t < 10 do
    w = w - 1.0
    t = t + 1
  end
  format~("{s} {half(s)} {d} {half(d)} {m} {half(m)} {n} {half(n)} {k1} {k2} {k3} {k4} {r} {half(r)} {c} {p.x} {half(p.x)} {p.y} {u} {half(u)} {w} {half(w)} {t}")
end
struct Q
  y: int
end
fn gf(o, a)
  var u = a * 1.0
  u = u + o.x
  o.x = u * 2.0
  format~("{u} {o.x}")
end
fn sf(o, a)
  var u = a * 1.0
  u = u - 0.5
  o.x = u
  format~("{o}")
end
fn q(a, b)
  let x = a * 1.0
  let y = b * 1.0
  let z = x / y
  format~("{z} {half(z)}")
end
let xs = [1, -7, 0, 2, 0.5, -2.5, 2.5, 3000000000, 9007199254740993, 1e300, -0.0, 0.0, "s", true]
for a in xs do
  for b in xs do
    show(() => fb(a, b))
    show(() => q(a, b))
  end
  for o in [P(x: 1.5, y: 0.5), Q(y: 1), 5, "s"] do
    show(() => gf(o, a))
    show(() => sf(o, a))
  end
end
`;
  it("agrees with the tree-walker over every instruction and kind of operand", () => {
    // The bank unboxes a non-number as it reads it ("expected a number, got str"), where the
    // tree-walker's `+` names both operands: TypeErrors compare by kind.
    const v = vmOut(FB);
    compare(
      v,
      walkerOut(FB),
      v.split("\n").map(() => true),
      /^TypeError: .*$/,
    );
    expect(v.split("\n").slice(0, 6)).toEqual([
      "2 1 0 0 1 0.5 -1 -0.5 3.5 -1.5 2.5 0.4 1 0.5 142 3 1.5 -2 1 0.5 0 0 2 -",
      "1 0.5 -",
      "-6 -3 8 4 -7 -3.5 -1 -0.5 3.5 -1.5 2.5 0.4 1 0.5 140 3 1.5 14 17 8.5 0 0 0 -",
      "-0.14285714285714285 -0.07142857142857142 -",
      "1 0.5 1 0.5 0 0 -1 -0.5 3.5 -1.5 2.5 0.4 1 0.5 140 3 1.5 0 3 1.5 0 0 0 -",
      "DivisionByZero: division by zero",
    ]);
    // a str or a bool unboxed; GETFIELDF and SETFIELDF of P, of another struct, an int, a str
    expect(v).toContain(
      [
        "TypeError: expected a number, got str",
        "TypeError: expected a number, got str",
        "TypeError: expected a number, got bool",
        "TypeError: expected a number, got bool",
        "2.5 5 -",
        "P(x: 0.5, y: 0.5) -",
        "UndefinedField: Q has no field 'x'",
        "UndefinedField: Q has no field 'x'",
        "TypeError: cannot read field 'x' of int",
        "TypeError: cannot set field 'x' of int",
        "TypeError: cannot read field 'x' of str",
        "TypeError: cannot set field 'x' of str\n",
      ].join("\n"),
    );
  });
});

describe("a float local copied to another (FMOVE)", () => {
  it("copies the value, in a callee's frame, as the tree-walker does", () => {
    const src = `fn f(a, b)\n  var x = a * 1.0\n  var y = x\n  x = x + 1.0\n  y = y * 2.5\n  println(x)\n  println(y)\n  "."\nend\nprintln(f(2, 3))\n`;
    expect(vmOut(src)).toBe("3\n5\n.\n");
    expect(walkerOut(src)).toBe(vmOut(src));
  });
});

describe("struct fields to and from the float bank", () => {
  it("read and write the named field, through the site's cache and past it, as the tree-walker does", () => {
    // GETFIELDF and SETFIELDF on fields other than the first, twice per site (the second from
    // the cache), then on a struct type with another layout at the same sites.
    const src = `struct T3
  x: f64
  y: f64
  z: f64
end
struct T2
  z: f64
  y: f64
end
fn g3(o, a)
  var u = a * 1.0
  u = u + o.z
  o.y = u * 2.0
  var v = o.y + 0.5
  o.z = v
  format~("{u} {v} {o.y} {o.z}")
end
println(g3(T3(x: 1.0, y: 2.0, z: 3.0), 4))
println(g3(T3(x: 1.0, y: 2.0, z: 3.0), 5))
println(g3(T2(z: 7.0, y: 2.0), 4))
println(g3(T2(z: 7.0, y: 2.0), 6))
`;
    expect(vmOut(src)).toBe(walkerOut(src));
    expect(vmOut(src).split("\n").length).toBe(5);
  });
});

describe("float field sites two instructions apart", () => {
  it("keep each site's cache entry its own, over two struct types in turn", () => {
    // In g and s the site two instructions on is another field site, which meets another type
    // (Q) than the first (P): a type test, a type or a slot at that neighbour's entry pairs
    // one site's type with the other's slot, and a second visit of one type hits the cache.
    const src = `struct P
  a: f64
  b: f64
end
struct Q
  b: f64
  a: f64
end
fn g(o, p)
  var u = 0.5
  u = u + o.a
  u = u + o.b
  u = u * p.a
  u
end
fn s(o, p, v, w)
  var x = v * 1.0
  var y = w * 1.0
  o.b = x
  o.a = y
  var r = p.b + 0.5
  (r, o)
end
let q = Q(b: 3.0, a: 4.0)
println(g(P(a: 1.0, b: 2.0), q))
println(g(q, q))
println(s(P(a: 1.0, b: 2.0), q, 5, 6))
println(s(q, q, 7, 8))
println(s(P(a: 1.0, b: 2.0), P(a: 9.0, b: 10.0), 11, 12))
println(s(P(a: 1.0, b: 2.0), q, 13, 14))
println(s(P(a: 1.0, b: 2.0), q, 15, 16))
`;
    expect(vmOut(src)).toBe(
      "14\n30\n(3.5, P(a: 6, b: 5))\n(7.5, Q(b: 7, a: 8))\n(10.5, P(a: 12, b: 11))\n(7.5, P(a: 14, b: 13))\n(7.5, P(a: 16, b: 15))\n",
    );
    expect(walkerOut(src)).toBe(vmOut(src));
  });
});

describe("enums and tuples in the interpreter", () => {
  // TESTVARIANT (one or two arms), SWITCHVARIANT (three or more, through its jump table),
  // GETPAYLOAD, NEWENUM and GETTUPLE, over values of the enum, of another enum with the same
  // tags and arities, of Option and Result, and of other kinds.
  const EN = `${SHOW}enum A
  P(int)
  Q(int, int)
  R
  S(int)
end
enum B
  P(int)
  Q(int, int)
  R
  S(int)
end
fn two(v) => match v
  A.P(x) => x
  A.Q(x, y) => x * 10 + y
  _ => -1
end
fn four(v) => match v
  A.P(x) => x
  A.Q(x, y) => x * 10 + y
  A.R => 0
  A.S(z) => z * 100
  _ => -1
end
fn bfour(v) => match v
  B.S(z) => z
  B.R => 7
  B.Q(x, y) => x - y
  B.P(x) => x + 1000
end
fn opt(v) => match v
  Some(x) => x
  None => -2
  Ok(x) => x + 1
  Err(e) => e
  _ => -3
end
fn tup(t) => format~("{t.0} {t.1}")
let vs = [A.P(1), A.Q(2, 3), A.R, A.S(4), B.P(5), B.Q(6, 7), B.R, B.S(8), Some(9), None, Ok(10), Err(11), 12, (13, 14), (15,), "s"]
for v in vs do
  show(() => two(v))
  show(() => four(v))
  show(() => bfour(v))
  show(() => opt(v))
  show(() => tup(v))
end
`;
  it("agree with the tree-walker over every value", () => {
    const v = vmOut(EN);
    compare(v, walkerOut(EN));
    expect(v.split("\n").slice(0, 5)).toEqual([
      "1 0",
      "1 0",
      "NoMatch: no match arm for value A.P(1)",
      "-3 -1",
      "TypeError: cannot take element 0 of A",
    ]);
  });
});

describe("built-in methods at one call site over every kind", () => {
  // SELF caches a built-in method per receiver kind (`builtinKind`): one site meeting each
  // kind in turn must still find each kind's own method, or report its absence.
  const MS = `${SHOW}struct U
  n: int
end
impl U
  fn len(self) => 100 + self.n
  fn to_str(self) => "U!"
  fn abs(self) => -1
end
enum E
  X
end
impl E
  fn is_some(self) => "mine"
end
let m = HashMap.new()
m.set(1, 2)
let st = HashSet.new()
let vs = [1, -2, 1.5, -2.0, 'c', "ab", [1, 2, 3], m, st, Some(1), None, Ok(1), Err(2), (1, 2), 1..4, U(n: 1), E.X, std.random.rng(1)]
fn a(v) => v.len()
fn b(v) => v.to_str()
fn c(v) => v.abs()
fn d(v) => v.is_some()
fn e(v) => v.unwrap_or(0)
fn f(v) => v.to_int()
fn g(v) => v.is_empty()
for v in vs do
  show(() => a(v))
  show(() => b(v))
  show(() => c(v))
  show(() => d(v))
  show(() => e(v))
  show(() => f(v))
  show(() => g(v))
end
`;
  it.each([false, "eager"] as const)("with jit: %s, as the tree-walker does", (jit) => {
    const v = vmOut(MS, { jit });
    compare(v, walkerOut(MS));
  });

  it("a set's method cached at a site is not taken for a map (maps have their own kind)", () => {
    const src = `let m = HashMap.new()\nm.set(1, 2)\nlet st = HashSet.new()\nst.insert(5)\nfn a(v) => v.len()\nfn g(v) => v.is_empty()\nfor v in [st, m, st, m] do\n  println(a(v))\n  println(g(v))\nend\n`;
    const want = "1\nfalse\n".repeat(4);
    expect(walkerOut(src)).toBe(want);
    for (const jit of [false, "eager"] as const) expect(vmOut(src, { jit })).toBe(want);
  });
});

describe("the cold instructions at their edges", () => {
  const allocated = (src: string) =>
    loadModule(compileOrThrow(src).module).run({ write: () => {}, writeErr: () => {} }, [], {
      maxMemory: 100_000,
      jit: false,
    }).allocated;

  it("charges a cast only when it makes a str", () => {
    // closure c 16; then nothing for the number casts, 16 + 5 for "12345"
    const casts = `fn c(x) => x as f64\nfn d(x) => x as i64\nfn e(x) => x as u8\n`;
    expect(allocated(`${casts}let a = c(12345)\nlet b = d(2.5)\nlet g = e(300)`)).toBe(48);
    expect(allocated(`fn s(x) => x as str\nlet a = s(12345)`)).toBe(16 + 16 + 5);
  });

  it("charges nothing for NEWTUPLE A 0, the unit value", () => {
    const m = build(prog([["NEWTUPLE", 1, 0], ...print(1), ["RETURNUNIT"]]));
    let out = "";
    const r = loadModule(m).run({ write: (t) => (out += t), writeErr: () => {} }, [], {
      maxMemory: 1000,
      jit: false,
    });
    expect(out).toBe("()\n");
    expect(r.allocated).toBe(0);
  });

  it("read POW's, POWK's and CAST's operands from the running frame, as the tree-walker does", () => {
    // In a callee (base > 0), from its second register: an offset misread would reach the
    // caller's registers (the callee itself).
    const src = `fn p(a, b) => b *^ a\nfn q(a, b) => b *^ 3\nfn c(a, b) => b as str\nfn f(a, b) => b as f64\nprintln(p(3, 2))\nprintln(q(0, 2))\nprintln(c(0, 7) + "!")\nprintln(f(0, 7) / 2)\n`;
    expect(vmOut(src)).toBe("8\n8\n7!\n3.5\n");
    expect(walkerOut(src)).toBe(vmOut(src));
  });

  it("build ranges with bounds beyond 2^53 (bigints), as the tree-walker does", () => {
    const src = `fn r(a, b) => a..b\nfor i in r(9007199254740993, 9007199254740995) do\n  println(i)\nend\nfor i in r(-9007199254740995, -9007199254740994) do\n  println(i)\nend\n`;
    expect(vmOut(src)).toBe("9007199254740993\n9007199254740994\n-9007199254740995\n");
    expect(walkerOut(src)).toBe(vmOut(src));
  });

  it("tell the unit value from a tuple of none (NEWTUPLE A 0, TESTTUPLE A 0)", () => {
    // No compiler emits either with 0 (`()` is LOADUNIT and a literal pattern); by spec they
    // make and test the unit value.
    const isUnit = (load: Ins[]) =>
      vmRun(
        prog([
          ...load,
          ["TESTTUPLE", 1, 0],
          ["JMP", "no"],
          ["LOADTRUE", 2],
          ["JMP", "done"],
          "no:",
          ["LOADFALSE", 2],
          "done:",
          ["LOADUNIT", 3, 0],
          ["SEQ", 4, 1, 3],
          ...print(2),
          ...print(4),
          ["RETURNUNIT"],
        ]),
      );
    expect(isUnit([["NEWTUPLE", 1, 0]])).toBe("true\ntrue\n");
    expect(isUnit([["LOADUNIT", 1, 0]])).toBe("true\ntrue\n");
    expect(isUnit([["LOADI", 1, 0]])).toBe("false\nfalse\n");
    expect(
      isUnit([
        ["LOADI", 2, 1],
        ["NEWTUPLE", 1, 1],
      ]),
    ).toBe("false\nfalse\n");
  });

  it("GETPAYLOAD: an element past the variant's payload, or of a non-enum, is an error", () => {
    // Only hand-written bytecode reaches these (a trusted module skips the verifier).
    const run = (code: Ins[]) => {
      let out = "";
      const m = build({ ...prog(code), types: PRELUDE_TYPES });
      const r = loadModule(m, { trusted: true }).run(
        { write: (t) => (out += t), writeErr: () => {} },
        [],
        { jit: false },
      );
      return r.error === undefined ? out : `${out}!${r.error.kind}: ${r.error.message}`;
    };
    const some7: Ins[] = [
      ["LOADI", 2, 7],
      ["NEWENUM", 1, 0],
    ];
    expect(run([...some7, ["GETPAYLOAD", 3, 1, 0], ...print(3), ["RETURNUNIT"]])).toBe("7\n");
    expect(run([...some7, ["GETPAYLOAD", 3, 1, 1], ["RETURNUNIT"]])).toBe(
      "!IndexOutOfBounds: variant has no payload element 1",
    );
    expect(run([["NEWENUM", 1, 1], ["GETPAYLOAD", 3, 1, 0], ["RETURNUNIT"]])).toBe(
      "!IndexOutOfBounds: variant has no payload element 0",
    );
    expect(run([["LOADI", 1, 5], ["GETPAYLOAD", 3, 1, 0], ["RETURNUNIT"]])).toBe(
      "!TypeError: cannot take payload 0 of int",
    );
  });

  it("charges NEWENUM's payload against the memory budget, to the byte", () => {
    const src = `enum E\n  A(int, int)\n  B\nend\nfn mk(x) => E.A(x, x)\nlet e = mk(3)\nprintln(e)`;
    const run = (maxMemory: number) =>
      loadModule(compileOrThrow(src).module).run({ write: () => {}, writeErr: () => {} }, [], {
        maxMemory,
        jit: false,
      });
    const used = run(100_000).allocated;
    expect(run(used).error).toBeUndefined();
    expect(run(used - 1).error).toMatchObject({ kind: "LimitExceeded" });
  });

  it("give an int result no sign of zero: -1 * 0, 0 / -5 and -4 % 2 are 0, as a float too", () => {
    const src = `fn m(a, b) => a * b\nfn d(a, b) => a / b\nfn r(a, b) => a % b\nprintln(m(-1, 0) as f64)\nprintln(d(0, -5) as f64)\nprintln(r(-4, 2) as f64)\n`;
    expect(vmOut(src)).toBe(walkerOut(src));
    expect(vmOut(src)).toBe("0\n0\n0\n"); // -0.0 prints as -0
  });

  it("read SNE's operands from the running frame", () => {
    const src = `fn ne(a, b) => b != a\nprintln(ne(1, 2))\nprintln(ne(2, 2))\n`;
    expect(vmOut(src)).toBe("true\nfalse\n");
  });

  it("skip a for-loop from an int32 start to a bigint end below it", () => {
    // An int32 start does not make the loop's fast path take the end: `l | 0` throws on a bigint.
    const src = `fn f(a, b)\n  for i in a..b do println(i) end\n  "."\nend\nfn g(a, b)\n  for i in a..=b do println(i) end\n  "."\nend\nprintln(f(3, -9223372036854775808))\nprintln(g(-3, -9007199254740993))\n`;
    expect(vmOut(src)).toBe(".\n.\n");
    expect(walkerOut(src)).toBe(vmOut(src));
  });

  it("charge a closure to the byte, and nothing for a sum that is not a str", () => {
    const run = (src: string, maxMemory = 100_000) =>
      loadModule(compileOrThrow(src).module).run({ write: () => {}, writeErr: () => {} }, [], {
        maxMemory,
        jit: false,
      });
    const clo = `fn mk(x) => fn () => x\nlet c = mk(1)`;
    const used = run(clo).allocated;
    expect(run(clo, used).error).toBeUndefined();
    expect(run(clo, used - 1).error).toMatchObject({ kind: "LimitExceeded" });
    const sum = (x: string) => `fn f(a, b) => a + b\nlet s = f(${x}, 1)`;
    expect(run(sum("9223372036854775000")).allocated).toBe(run(sum("1")).allocated);
  });

  it("charge compiled code's concatenation as the interpreter's, and nothing for a big sum", () => {
    const src = `fn f(a, b) => a + b\nlet s = f("ab", "cd")\nlet t = f(9223372036854775000, 1)\nprintln(s)`;
    const bytes = (jit: boolean | "eager") =>
      loadModule(compileOrThrow(src).module).run({ write: () => {}, writeErr: () => {} }, [], {
        maxMemory: 100_000,
        jit,
      }).allocated;
    expect(bytes("eager")).toBe(bytes(false));
    expect(bytes(false)).toBe(16 + 16 + 4);
  });

  it("let a native build an array of exactly maxArrayLength elements, not one more", () => {
    const run = (n: number) =>
      vmOut(`println((0..${n}).to_array().len())`, {
        jit: false,
        maxArrayLength: 4,
      });
    expect(run(4)).toBe("4\n");
    expect(run(5)).toBe("!LimitExceeded: array longer than 4 elements");
  });

  it("keep the peak depth when a callback's frame is pushed lower down", () => {
    const src = `fn deep(n) => if n == 0 then 0 else 1 + deep(n - 1) end\nprintln(deep(30))\nprintln([1, 2].map(fn (x) => x * 2))`;
    const r = loadModule(compileOrThrow(src).module).run(
      { write: () => {}, writeErr: () => {} },
      [],
      { jit: false },
    );
    expect(r.peakDepth).toBe(32);
  });

  it("refuses an interpolation past 2^28 bytes, judged before it is built", () => {
    // 2^27 one-byte scalars: two fit exactly, the third does not.
    const src = `fn cat(a, b, c) => format~("{a}{b}{c}")\nlet s = "a".repeat(134217728)\nprintln(cat(s, s, "").len())\nprintln(cat(s, s, "b").len())`;
    let out = "";
    const r = loadModule(compileOrThrow(src).module).run(
      { write: (t) => (out += t), writeErr: () => {} },
      [],
      { jit: false },
    );
    expect(out).toBe("268435456\n");
    expect(r.error).toMatchObject({ kind: "LimitExceeded", message: "string too long" });
  });

  it("reports an opcode no runtime knows, or code run past its end, as an internal error", () => {
    // A trusted module skips the verifier, which would reject both.
    const spec = prog([["LOADI", 1, 1], ["RETURNUNIT"]]);
    const m = build(spec);
    const code = m.functions[0]!.code;
    const runIt = (mod = m) =>
      loadModule(mod, { trusted: true }).run({ write: () => {}, writeErr: () => {} }, [], {
        jit: false,
      });
    code[1] = 250;
    expect(() => runIt()).toThrow("opcode 250 reached the VM (the verifier should reject it)");
    const cut = build(spec);
    (cut.functions[0] as { code: typeof code }).code = code.subarray(0, 1);
    expect(() => runIt(cut)).toThrow(
      "ran past the end of a function's code (the verifier should reject it)",
    );
  });
});

describe("the interpreter after compiled code", () => {
  it("goes on where a function compiled for good (its profile over) leaves it an instruction", () => {
    // f's branch changes in each third of the loop: three versions with blocks left out, then
    // one with every block and no profile. Its `i < 700` on a str then leaves the
    // instruction to the interpreter, which raises the error.
    const src = PHASES + 'println(f("x"))\n';
    const plain = vmOut(src);
    expect(plain).toBe("3000\n!TypeError: cannot compare str and int");
    for (const jit of [true, "eager"] as const) expect(vmOut(src, { jit })).toBe(plain);
  });
});
