// The compiled tier (runtime/jit.ts) at the edges its instruction tests (jit-tier.test.ts) did
// not reach: instruction forms and code shapes that only some programs have. Each program must
// print, fail, count steps, depth and memory exactly as the interpreter alone.

import { describe, expect, it } from "vitest";
import { loadModule, type Host } from "../../runtime/index.js";
import { generate } from "../../runtime/jit.js";
import { Closure } from "../../runtime/values.js";
import { Vm } from "../../runtime/vm.js";
import { build, type Ins } from "./build.js";
import { print, prog } from "./helpers.js";
import { exits, observe, programOf, same } from "./jit-compare.js";
import { run } from "./run.js";

/** Main's prologue: child function i made a closure and stored in global i, for i < n. */
const closuresToGlobals = (n: number): Ins[] =>
  Array.from({ length: n }, (_, i): Ins[] => [
    ["CLOSURE", 0, i],
    ["SETGLOBAL", 0, i],
  ]).flat();

describe("a TEST that jumps on true", () => {
  it("takes the branch of `a or b` as the interpreter does", () => {
    // `a or b` tests `a` with TEST A 1 (jump when true), `b` with TEST B 0.
    const out = same(
      `fn pick(a, b, n)
  var s = 0
  var i = 0
  while i < n do
    if a or b then s = s + 1 else s = s + 10 end
    if !(a or b) then s = s + 100 end
    i = i + 1
  end
  s
end
println~("{pick(true, false, 3)} {pick(false, true, 3)} {pick(false, false, 3)} {pick(true, true, 3)}")
`,
      { hot: ["pick"] },
    );
    expect(out.stdout).toBe("3 3 330 3\n");
  });
});

describe("natives run inline", () => {
  it("are only CALLs: the SELF's register reused right after the call is no native", () => {
    // `let c = b` copies b (register 1, len's arity) into the register xs.len()'s SELF
    // loaded, in the straight-line code after the CALL: a MOVE whose operands look like a
    // call of len from the SELF's register.
    const out = same(
      `fn f(xs, b)
  var s = 0
  var i = 0
  while i < 10 do
    s = s + xs.len()
    let c = b
    s = s + c
    i = i + 1
  end
  s
end
var t = 0
for k in 0..20 do t = t + f([1, 2, 3], k) end
println(t)
`,
      { hot: ["f"] },
    );
    expect(out.stdout).toBe("2500\n");
  });
});

describe("a compiled RETURN with a handler of its own frame active", () => {
  // Only hand-written bytecode returns from inside a `try` (the compiler ends every `try`
  // with ENDTRY first). f's RETURN runs compiled (its block starts after the CALL, which the
  // interpreter enters compiled code from); it must drop f's handler, and only f's.
  const calls = (r: number): Ins[] => [["GETGLOBAL", r, 0], ["CALL", r, 0], ...print(r)];
  const program = (guarded: boolean) =>
    prog(
      [
        ...closuresToGlobals(2),
        ...(guarded ? ([["TRY", 5, "h"]] as Ins[]) : []),
        ...calls(1),
        ...calls(1),
        ...calls(1),
        ["LOADI", 2, 1],
        ["LOADI", 3, 0],
        ["DIV", 2, 2, 3],
        ...print(2),
        ["RETURNUNIT"],
        "h:",
        ["LOADI", 6, 99],
        ...print(6),
        ["RETURNUNIT"],
      ],
      {
        globals: ["f", "g"],
        children: ["f", "g"],
        functions: [
          {
            name: "f",
            registers: 4,
            code: [
              ["TRY", 3, "c"],
              ["GETGLOBAL", 0, 1],
              ["CALL", 0, 0],
              ["LOADI", 1, 7],
              ["RETURN", 1],
              "c:",
              ["LOADI", 1, -1],
              ["RETURN", 1],
            ],
          },
          { name: "g", registers: 1, code: [["RETURNUNIT"]] },
        ],
      },
    );
  it("drops that handler, and not its caller's", () => {
    for (const guarded of [false, true]) {
      const plain = run(program(guarded), { jit: false });
      expect(plain.out).toBe(guarded ? "7\n7\n7\n99\n" : "7\n7\n7\n");
      expect(plain.kind).toBe(guarded ? undefined : "DivisionByZero");
      expect(run(program(guarded), { jit: "eager" })).toEqual(plain);
    }
  });
});

describe("a direct recursive call (written at its call site)", () => {
  it("resumes the caller after the call when the callee left for the interpreter", () => {
    // `()` is not compiled: the innermost call leaves its frame to the interpreter, which
    // returns into each caller's frame at the pc the call saved. (A step budget ends a run
    // that resumes elsewhere and loops.)
    const out = same(
      `fn down(n)
  if n == 0 then
    let u = ()
    return 0
  end
  down(n - 1) + 1
end
var s = 0
for i in 0..10 do s = s + down(i) end
println(s)
`,
      { hot: ["down"], options: { maxSteps: 100_000 } },
    );
    expect(out.stdout).toBe("45\n");
  });
});

describe("natives run inline outside a loop", () => {
  it("read their receiver and arguments in the register file, with no exit", () => {
    // Outside a loop a CALL reads its window in R (a native not run inline is called).
    const src = `fn once(xs, m, k, v)
  xs.push(v)
  m.set(k, v)
  let n = xs.len()
  let h = m.has(k)
  let g = m.get_or(k + 1, -1)
  (n, h, g, m.len())
end
let xs = [1]
let m = {}
for i in 0..6 do println(once(xs, m, i % 4, i * 10)) end
`;
    const out = same(src, { hot: ["once"] });
    expect(out.stdout).toBe(
      "(2, true, -1, 1)\n(3, true, -1, 2)\n(4, true, -1, 3)\n(5, true, -1, 4)\n(6, true, 10, 4)\n(7, true, 20, 4)\n",
    );
    const r = exits(programOf(src), "once");
    expect(r.o.stdout).toBe(out.stdout);
    expect(r.at).toEqual([]);
  });
});

describe("a frame entered from compiled code", () => {
  // Every register of a frame is () on entry but the parameters, every float register +0.0
  // (spec/isa.md §1). The compiler writes a register before reading it, so only hand-written
  // bytecode sees it: `show` prints its R[2] and F[1] unwritten, in a frame laid over
  // registers its caller wrote (42 and 2.5, stored for a call of `k` that reads them).
  const show: Ins[] = [["FBOX", 3, 1], ...print(2), ...print(3), ["RETURNUNIT"]];
  // Writes 42 in R[7] and 2.5 in F[6], where a frame called with its callee in R[4] has its
  // R[2] and F[1].
  const dirty: Ins[] = [
    ["FLOADK", 6, 0],
    ["GETGLOBAL", 6, 1],
    ["LOADI", 7, 42],
    ["CALL", 6, 1],
    ["FBOX", 8, 6],
  ];
  const module = (f: Ins[], g: Ins[]) =>
    prog(
      [
        ...closuresToGlobals(3),
        ...[1, 2, 3].flatMap((): Ins[] => [
          ["GETGLOBAL", 1, 0],
          ["LOADI", 2, 1],
          ["CALL", 1, 1],
        ]),
        ["RETURNUNIT"],
      ],
      {
        globals: ["f", "k", "g"],
        children: ["f", "k", "g"],
        functions: [
          { name: "f", params: 1, registers: 16, consts: [2.5], code: f },
          { name: "k", params: 1, registers: 1, code: [["RETURNUNIT"]] },
          { name: "g", params: 1, registers: 16, code: g },
        ],
      },
    );
  it("has its registers () and its floats +0.0: a call, a recursive call, a tail call", () => {
    const call = (callee: number): Ins[] => [
      ...dirty,
      ["GETGLOBAL", 4, callee],
      ["ADDI", 5, 0, -1],
      ["CALL", 4, 1],
      ["RETURNUNIT"],
    ];
    const modules = [
      // f calls g (callJ).
      module(call(2), show),
      // f calls itself: the recursive call written at its call site.
      module([["EQI", 0, 0, 0], ["JMP", "more"], ...show, "more:", ...call(0)], show),
      // f's frame, over registers h wrote for its call of k, is replaced by g's (tailJ).
      prog(
        [
          ...closuresToGlobals(4),
          ...[1, 2, 3].flatMap((): Ins[] => [
            ["GETGLOBAL", 1, 2],
            ["CALL", 1, 0],
            ["GETGLOBAL", 1, 0],
            ["CALL", 1, 0],
          ]),
          ["RETURNUNIT"],
        ],
        {
          globals: ["f", "g", "h", "k"],
          children: ["f", "g", "h", "k"],
          functions: [
            {
              name: "f",
              registers: 1,
              code: [
                ["GETGLOBAL", 0, 1],
                ["TAILCALL", 0, 0],
              ],
            },
            { name: "g", registers: 16, code: show },
            {
              name: "h",
              registers: 3,
              consts: [2.5],
              code: [
                ["FLOADK", 1, 0],
                ["GETGLOBAL", 0, 3],
                ["LOADI", 1, 41],
                ["LOADI", 2, 42],
                ["CALL", 0, 2],
                ["FBOX", 2, 1],
                ["RETURN", 2],
              ],
            },
            { name: "k", params: 2, registers: 2, code: [["RETURNUNIT"]] },
          ],
        },
      ),
    ];
    for (const m of modules) {
      const plain = run(m, { jit: false });
      expect(plain.out).toBe("()\n0\n".repeat(3));
      expect(run(m, { jit: "eager" })).toEqual(plain);
    }
  });
});

describe("a recursive call with the wrong number of arguments", () => {
  it("is the interpreter's ArityMismatch, not a call made at its call site", () => {
    for (const call of ["f(n - 1, 2)", "f()"]) {
      const out = same(
        `fn f(n)
  if n == 0 then return 0 end
  ${call} + 1
end
for i in 0..3 do println(f(i)) end
`,
        { hot: ["f"] },
      );
      expect(out.error?.kind).toBe("ArityMismatch");
    }
  });
});

describe("a call of ()", () => {
  it("is the interpreter's TypeError, not a native run inline (the unit value is no callee)", () => {
    // A CALL whose callee no SELF loaded runs no native inline, whatever the callee is.
    const out = same(
      `fn app(f, x) => [f(x)]
for i in 0..3 do println(app(fn (v) => v.len(), [1, 2, 3])) end
println(app((), [1, 2, 3]))
`,
      { hot: ["app"] },
    );
    expect(out.error?.message).toBe("cannot call ()");
  });
});

describe("maps and sets in compiled code", () => {
  const src = `fn total(m)
  var s = 0
  for (k, v) in m do s = s + k * v end
  s
end
fn members(st)
  var s = 0
  for x in st do s = s + x end
  s
end
fn pairs(m, n)
  var s = 0
  for i in 0..n do s = s + m[(i % 2, 1)] end
  s
end
for i in 0..4 do
  println~("{total({1: 10, 2: 20, i: 3})} {members({5, 6, i})} {pairs({(0, 1): 1, (1, 1): i}, 5)}")
end
`;
  it("iterate entries and members and index by a tuple key as the interpreter does", () => {
    const out = same(src, { hot: ["total", "members", "pairs"], options: { maxMemory: 20_000 } });
    expect(out.stdout).toBe("50 11 3\n43 12 5\n16 13 7\n59 14 9\n");
    for (const maxMemory of [2000, 3000, 4000]) same(src, { options: { maxMemory } });
  });
  it("index a map by a tuple key without leaving compiled code", () => {
    const r = exits(programOf(src), "pairs");
    expect(r.o.stdout).toBe("50 11 3\n43 12 5\n16 13 7\n59 14 9\n");
    expect(r.at).toEqual([]);
  });
});

describe("new map entries in compiled code", () => {
  // m[k] = v and m.set(k, v) charge a new entry inline while the budget's chunk and the entry
  // limit allow it, else as the interpreter does (its refill, its errors).
  const src = `fn fill(m, n)
  for i in 0..n do
    m[i] = i
    m.set("k" + i.to_str(), i)
    m[i] = i + 1
  end
  m.len()
end
for r in 0..3 do
  let big = {"big": 0}
  println~("{fill({}, 40)} {fill(big, 3)}")
end
`;
  it("are charged as the interpreter charges them", () => {
    const out = same(src, { hot: ["fill"], options: { maxMemory: 1_000_000 } });
    expect(out.stdout).toBe("80 7\n80 7\n80 7\n");
    expect(out.bytes).toBeGreaterThan(3 * 86 * 16);
    for (const maxMemory of [1_500, 2_500, 4_000, 6_000]) {
      const small = same(src, { options: { maxMemory } });
      expect(small.error?.message).toBe(`memory budget of ${maxMemory} bytes exhausted`);
    }
  });
  it("stop at the entry limit as the interpreter does", () => {
    // A map holding "big" reports 2^23 - 5 more entries than it holds: fill's third key is too many.
    const realSize = Object.getOwnPropertyDescriptor(Map.prototype, "size")!;
    const realHas = Map.prototype.has;
    Object.defineProperty(Map.prototype, "size", {
      ...realSize,
      get(this: Map<unknown, unknown>) {
        const n = realSize.get!.call(this) as number;
        return realHas.call(this, "big") ? n + 2 ** 23 - 5 : n;
      },
    });
    try {
      const out = same(src, { hot: ["fill"] });
      expect(out.stdout).toBe("");
      expect(out.error?.message).toBe("a map or set holds at most 8388608 entries");
    } finally {
      Object.defineProperty(Map.prototype, "size", realSize);
    }
  });
});

describe("chars compared in compiled code", () => {
  // By code point, as the interpreter: ASCII chars are shared objects, others made per use.
  const src = `fn scan(s)
  var digits = 0
  var other = 0
  var same = 0
  var accents = 0
  var prev = 'a'
  for c in s do
    if c >= '0' and c <= '9' then digits += 1 end
    if c > 'z' or c < 'a' then other += 1 end
    if c == prev then same += 1 end
    if c != 'é' then accents += 0 else accents += 1 end
    if prev < c then same += 10 end
    prev = c
  end
  println~("{digits} {other} {same} {accents}")
end
fn mixed(c, n) => c < n
for i in 0..3 do scan("ab09zé{éé}ÿ€€A") end
println(mixed('a', 'b'))
println(mixed('a', 1))
`;
  it("order and equal them by code point, and leave a char against an int to the interpreter", () => {
    const out = same(src, { hot: ["scan"], budgets: [40, 200, 400] });
    expect(out.stdout).toBe("2 11 73 3\n".repeat(3) + "true\n");
    expect(out.error?.kind).toBe("TypeError");
  });
});

describe("the fast paths of a compiled compare", () => {
  // Only speed tells a fast path taken from the helper (eqJ, ltJ, leJ answer the same), so
  // this reads the JavaScript: a char's and a string's test only where an operand may be one
  // (a char constant, a string constant for ==, two registers), none against a number.
  const cases: [string, string, boolean, boolean][] = [
    ["c == 'x'", "EQK char", true, false],
    ["c < 'x'", "LTK char", true, false],
    ["c <= 'x'", "LEK char", true, false],
    ["c > 'x'", "GTK char", true, false],
    ["c >= 'x'", "GEK char", true, false],
    ['c == "x"', "EQK string", false, true],
    ["c == 1000", "EQK int", false, false],
    ["c < 1000", "LTK int", false, false],
    ["c <= 1000", "LEK int", false, false],
    ["c > 1000", "GTK int", false, false],
    ["c >= 1000", "GEK int", false, false],
    ["c == 1", "EQI", false, false],
    ["c < 1", "LTI", false, false],
    ["c <= 1", "LEI", false, false],
    ["c > 1", "GTI", false, false],
    ["c >= 1", "GEI", false, false],
    ["c == d", "EQ", true, true],
    ["c < d", "LT", true, false],
    ["c <= d", "LE", true, false],
  ];
  const src =
    cases.map(([e], i) => `fn f${i}(c, d) => if ${e} then 1 else 2 end`).join("\n") +
    `\n${cases.map((_, i) => `println(f${i}('x', 'y'))`).join("\n")}\n`;
  it("test a char or a string only where an operand may be one", () => {
    const program = programOf(src);
    observe(program, { jit: "eager" });
    const found = cases.map(([, name], i) => {
      const p = program.linked.protos.find((q) => q.name === `f${i}`)!;
      const code = generate(p, program.linked);
      return [
        name,
        code.includes("x instanceof VChar && y instanceof VChar"),
        code.includes('typeof x === "string" && typeof y === "string"'),
      ];
    });
    expect(found).toEqual(cases.map(([, name, chars, strs]) => [name, chars, strs]));
  });
});

describe("strings compared for equality in compiled code", () => {
  const src = `fn classify(w)
  match w
    "alpha" => 1,
    "beta" => 2,
    _ => if w == "al" + "pha" then 9 else if w == 'a' then 8 else if w != 3 then 0 else 7 end
  end
end
fn pairs(xs)
  var n = 0
  for i in 0..xs.len() - 1 do
    if xs[i] == xs[i + 1] then n += 1 end
  end
  n
end
let ws = ["alpha", "beta", "gamma", "al" + "pha", "beta", "b" + "eta"]
var s = 0
for i in 0..30 do s += classify(ws[i % 6]) end
let mixed = ["x", "x", 1, 1.0, 'c', "c", "x" + "y", "xy"]
println~("{s} {pairs(ws)} {pairs(mixed)}")
`;
  it("by content, and a string against another kind as the interpreter", () => {
    const out = same(src, { hot: ["classify", "pairs"], budgets: [60, 300] });
    expect(out.stdout).toBe("40 1 3\n");
  });
});

describe("pop and unwrap run inline", () => {
  const src = `fn drain(xs)
  var s = 0
  while xs.len() > 0 do
    s = s * 10 + xs.pop().unwrap()
  end
  let none = xs.pop()
  let r: Result = Ok(s)
  println~("{none} {r.unwrap()}")
  s
end
fn boom(xs) => xs.pop().unwrap()
for i in 0..4 do println(drain([1, 2, 3, i])) end
println(boom([]))
`;
  it("as the interpreter: Some made and charged, an empty array's None, None's unwrap fails", () => {
    const out = same(src, { hot: ["drain"], budgets: [50, 400], options: { maxMemory: 100_000 } });
    expect(out.stdout).toBe(
      [321, 1321, 2321, 3321].map((n) => `Option.None ${n}\n${n}\n`).join(""),
    );
    expect(out.error?.kind).toBe("Panic");
    for (const maxMemory of [300, 600, 900]) same(src, { options: { maxMemory } });
  });
  it("without leaving compiled code", () => {
    // Only the last pop (None) leaves, once a call.
    const r = exits(programOf(src), "drain");
    expect(r.at).toEqual([13, 13, 13, 13]);
  });
  it("only where the native is pop or unwrap (read in the JavaScript: callN answers the same)", () => {
    const other = `fn other(s, o) => s.len() + o.unwrap_or(0)\nprintln(other("ab", Some(1)))\n`;
    const program = programOf(src + other);
    observe(program, { jit: "eager" });
    const inline = (name: string) => {
      const code = generate(
        program.linked.protos.find((q) => q.name === name)!,
        program.linked,
      );
      return [code.includes("vm.some(o.pop())"), code.includes('o.type.prelude === "Option"')];
    };
    expect([inline("drain"), inline("other")]).toEqual([
      [true, true],
      [false, false],
    ]);
  });
});

describe("CONCAT in compiled code", () => {
  const src = `struct P
  x: i64
end
fn row(i, p) => format~("row {i}: {p} {[i, 2.5]} {i * 2}|")
fn join(n)
  var s = ""
  for i in 0..n do s = format~("{s}{row(i, P(x: i))};") end
  s.len()
end
for i in 0..3 do println(join(20 + i)) end
let big = "a".repeat(140000000)
println(row(1, big).len())
println(row(2, format~("{big}{big}")).len())
`;
  it("formats, charges and fails as the interpreter's", () => {
    const out = same(src, { hot: ["row", "join"], budgets: [300, 2000] });
    expect(out.stdout).toBe("585\n616\n647\n140000019\n");
    expect(out.error).toMatchObject({ kind: "LimitExceeded", message: "string too long" });
    for (const maxMemory of [5_000, 20_000, 60_000]) same(src, { options: { maxMemory } });
  });
});

describe("an empty NEWTUPLE", () => {
  it("makes the unit value, as LOADUNIT (only hand-written bytecode has one)", () => {
    // f: R[1] := NEWTUPLE of no elements, compared with (); compiled from its first entry.
    const m = prog(
      [
        ["CLOSURE", 0, 0],
        ["SETGLOBAL", 0, 0],
        ...[1, 2, 3].flatMap((): Ins[] => [["GETGLOBAL", 1, 0], ["CALL", 1, 0], ...print(1)]),
        ["RETURNUNIT"],
      ],
      {
        globals: ["f"],
        children: ["f"],
        functions: [
          {
            name: "f",
            registers: 4,
            code: [
              ["LOADI", 1, 5],
              ["NEWTUPLE", 1, 0],
              ["LOADUNIT", 2, 0],
              ["SEQ", 3, 1, 2],
              ["RETURN", 3],
            ],
          },
        ],
      },
    );
    const plain = run(m, { jit: false });
    expect(plain.out).toBe("true\n".repeat(3));
    expect(run(m, { jit: "eager" })).toEqual(plain);
  });
});

describe("a native called in tail position", () => {
  it("by a task's callback the interpreter entered is the interpreter's return to the task", () => {
    // The first call of each callback is entered by the interpreter (nest 0) at the task's
    // depth, whose return only the interpreter makes; the later ones run nested in tasksJ.
    // `odd` returns a str for 4: filter's error, after that callback's compiled return, is
    // on the line of its tail call (line 3), as the interpreter reports it.
    const out = same(
      `fn show(xs) => [xs.map(fn(x) => x.to_str())]
fn odd(x)
  if x > 3 then return x.to_str() end
  let y = x + 1
  x % 2 == 1
end
fn keep(xs) => [xs.filter(odd)]
println(show([1, 2, 3]))
println(keep([1, 2, 3]))
println(keep([1, 2, 3, 4]))
`,
      { hot: ["show", "odd", "keep"] },
    );
    expect(out.stdout).toBe("[[1, 2, 3]]\n[[1, 3]]\n");
    expect(out.error?.kind).toBe("TypeError");
    expect(out.error?.frames.map((f) => f.line)).toEqual([3, 7, 10]);
    // Callbacks nested past MAX_NEST: the interpreter enters them (nest 0), and their tail
    // call of to_str must not return from the callback's frame in compiled code.
    const deep = same(
      `fn nest(n) => if n == 0 then "0" else [n].map(fn(x) => (nest(x - 1).len() + x).to_str())[0] end
println(nest(200))
`,
      { hot: ["nest"] },
    );
    expect(deep.stdout).toBe("203\n");
  });
  it("by a frame below the task's runs in compiled code, with no exit", () => {
    const r = exits(
      programOf(`fn tag(x) => x.to_str()
fn count(n)
  var s = 0
  for i in 0..n do s = s + tag(i).len() end
  s
end
println(count(20))
`),
      "tag",
    );
    expect(r.o.stdout).toBe("30\n");
    expect(r.at).toEqual([]);
  });
  it("when it is a task, runs as the interpreter's task, however deep", () => {
    // map in tail position, 3,000 frames deep: a task of the interpreter's, not a native run
    // to completion (whose callbacks would nest the host's stack).
    const out = same(
      `fn deep(n) => if n == 0 then [0] else [n].map(fn(x) => deep(x - 1)[0] + 1) end
println(deep(3000))
`,
      { hot: ["deep"] },
    );
    expect(out.stdout).toBe("[3000]\n");
  });
});

describe("a tail call from compiled code", () => {
  it("nests no deeper than MAX_NEST on the host stack, however long the chain", () => {
    // tail is called by compiled code (nest > 0): its tail calls run nested up to the
    // limit, then go through the interpreter; 100,000 of them nested would exhaust the host.
    const src = `fn tail(n, acc) => if n == 0 then acc else tail(n - 1, acc + 1) end
fn start(n) => tail(n, 0) + 1
println(start(100000))
println(start(100000))
`;
    expect(same(src, { hot: ["tail", "start"] }).stdout).toBe("100001\n100001\n");
  });
  it("leaves for the interpreter exactly at the nest limit", () => {
    // ping and pong tail-call each other, ping first called by start's compiled code: each
    // chain nests up to MAX_NEST (48 calls of cost 64), then goes on from the interpreter.
    const src = `fn ping(n, acc) => if n == 0 then acc else pong(n - 1, acc + 1) end
fn pong(n, acc) => ping(n, acc)
fn start(n) => ping(n, 0) + 1
for i in 0..3 do println(start(1000)) end
`;
    same(src, { hot: ["ping", "pong", "start"] });
    const r = exits(programOf(src), "ping");
    expect(r.o.stdout).toBe("1001\n".repeat(3));
    expect([r.at.length, r.runs, r.fromInterpreter]).toEqual([2, 3003, 2931]);
  });
});

describe("a deep recursion returning to a caller that is not compiled", () => {
  it("goes on in the interpreter at that caller", () => {
    // With `jit: true` (compiled after 100 entries), `once` is entered once and never
    // compiled: the recursion's frames go on in compiled code down to it, then the
    // interpreter does.
    const src = `fn down(n) => if n == 0 then 0 else down(n - 1) + 1 end
fn once(n) => down(n) + 1
println(once(3000))
`;
    const plain = observe(programOf(src), { jit: false });
    expect(plain.stdout).toBe("3001\n");
    expect(observe(programOf(src), { jit: true })).toEqual(plain);
  });
});

describe("a caller resumed in compiled code after a deep recursion returned", () => {
  it("leaves for the interpreter at pc 0 when its loop starts there and the budget is spent", () => {
    // Only hand-written bytecode has a loop at pc 0 (a parameter is not assignable in Veld).
    // f's frame goes on in compiled code after down(60), 60 frames deep (past MAX_NEST),
    // returned; at some budgets it is spent at f's loop head, pc 0, where f must leave.
    const m = prog(
      [
        ...closuresToGlobals(2),
        ["GETGLOBAL", 1, 0],
        ["LOADI", 2, 5],
        ["CALL", 1, 1],
        ...print(1),
        ["RETURNUNIT"],
      ],
      {
        globals: ["f", "down"],
        children: ["f", "down"],
        functions: [
          {
            name: "f",
            params: 1,
            registers: 4,
            code: [
              "top:",
              ["EQI", 0, 0, 1],
              ["JMP", "done"],
              ["GETGLOBAL", 1, 1],
              ["LOADI", 2, 60],
              ["CALL", 1, 1],
              ["ADDI", 0, 0, -1],
              ["JMP", "top"],
              "done:",
              ["RETURN", 0],
            ],
          },
          {
            name: "down",
            params: 1,
            registers: 4,
            code: [
              ["EQI", 0, 0, 1],
              ["JMP", "base"],
              ["GETGLOBAL", 1, 1],
              ["ADDI", 2, 0, -1],
              ["CALL", 1, 1],
              ["RETURN", 1],
              "base:",
              ["RETURN", 0],
            ],
          },
        ],
      },
    );
    const plain = run(m, { jit: false });
    expect(plain).toEqual({ out: "0\n", steps: 1553 });
    expect(run(m, { jit: "eager" })).toEqual(plain);
    // The budgets at which f's resumed frame is spent at pc 0 include 315 and 623.
    for (let maxSteps = 300; maxSteps <= 640; maxSteps++)
      expect(run(m, { jit: "eager", maxSteps }), `${maxSteps}`).toEqual(
        run(m, { jit: false, maxSteps }),
      );
  });
});

/** A frame that calls the global `callee` at R255 and returns its value. */
const deeper = (callee: number): Ins[] => [
  ["GETGLOBAL", 255, callee],
  ["CALL", 255, 0],
  ["RETURN", 255],
];

/**
 * Main calls g, g2 and f twice (flag false, then true), f's frame at base 769; f's `fCode`
 * reaches h, whose frame starts at `hBase` and ends exactly at the register file's 1,024. The
 * second time, h calls k, whose frame ends one register further (the interpreter's CALL must
 * grow the file and its float bank), and k (not compiled: its LOADUNIT) writes and reads
 * that last float register.
 */
function endingAtTheFile(fCode: Ins[], hBase: number) {
  const kBase = hBase + 251;
  return prog(
    [
      ...closuresToGlobals(5),
      ...[false, true].flatMap((flag): Ins[] => [
        [flag ? "LOADTRUE" : "LOADFALSE", 1],
        ["SETGLOBAL", 1, 5],
        ...deeper(0).slice(0, 2),
        ...print(255),
      ]),
      ["RETURNUNIT"],
    ],
    {
      registers: 256,
      globals: ["g", "g2", "f", "h", "k", "flag"],
      children: ["g", "g2", "f", "h", "k"],
      functions: [
        { name: "g", registers: 256, code: deeper(1) },
        { name: "g2", registers: 256, code: deeper(2) },
        {
          name: "f",
          registers: 1,
          code: fCode,
        },
        {
          name: "h",
          registers: 1024 - hBase,
          code: [
            ["GETGLOBAL", 0, 5],
            ["TEST", 0, 1],
            ["JMP", "call"],
            ["RETURN", 0],
            "call:",
            ["GETGLOBAL", 250, 4],
            ["CALL", 250, 0],
            ["RETURN", 250],
          ],
        },
        {
          name: "k",
          registers: 1025 - kBase,
          consts: [2.5],
          code: [
            ["LOADUNIT", 0, 0],
            ["FLOADK", 1025 - kBase - 1, 0],
            ["FBOX", 0, 1025 - kBase - 1],
            ["RETURN", 0],
          ],
        },
      ],
    },
  );
}

describe("a tail call whose callee's frame ends at the register file's end", () => {
  it("clears no register past that end (the file and its float bank stay the same length)", () => {
    // The register file starts with 1,024 registers, its float bank as many. g and g2 lay
    // f's frame at base 769 (main's is 1, each CALL's window at 255); h's frame, which f's
    // compiled TAILCALL lays there, ends exactly at 1,024. The second time, h calls k, whose
    // frame ends one register further, so the interpreter's CALL must grow both; k (not
    // compiled: its LOADUNIT) writes and reads that last float register.
    const m = endingAtTheFile(
      [
        ["GETGLOBAL", 0, 3],
        ["TAILCALL", 0, 0],
      ],
      769,
    );
    const plain = run(m, { jit: false });
    expect(plain.out).toBe("false\n2.5\n");
    expect(run(m, { jit: "eager" })).toEqual(plain);
  });
  it("leaves a callee's frame that ends past the register file to the interpreter, which grows it", () => {
    // f's compiled TAILCALL of h, whose frame (base 769, 256 registers) ends one register past
    // the file: the interpreter's TAILCALL must grow the file and its float bank (h, not
    // compiled past its LOADUNIT, writes and reads its last float register). h is compiled
    // first by a call from main, low in the file.
    const m = prog(
      [
        ...closuresToGlobals(4),
        ["LOADFALSE", 1],
        ["SETGLOBAL", 1, 4],
        ["GETGLOBAL", 1, 3],
        ["CALL", 1, 0],
        ...print(1),
        ["LOADTRUE", 1],
        ["SETGLOBAL", 1, 4],
        ...deeper(0).slice(0, 2),
        ...print(255),
        ["RETURNUNIT"],
      ],
      {
        registers: 256,
        globals: ["g", "g2", "f", "h", "flag"],
        children: ["g", "g2", "f", "h"],
        functions: [
          { name: "g", registers: 256, code: deeper(1) },
          { name: "g2", registers: 256, code: deeper(2) },
          {
            name: "f",
            registers: 1,
            code: [
              ["GETGLOBAL", 0, 3],
              ["TAILCALL", 0, 0],
            ],
          },
          {
            name: "h",
            registers: 256,
            consts: [2.5],
            code: [
              ["GETGLOBAL", 0, 4],
              ["TEST", 0, 1],
              ["JMP", "floats"],
              ["RETURN", 0],
              "floats:",
              ["LOADUNIT", 0, 0],
              ["FLOADK", 255, 0],
              ["FBOX", 0, 255],
              ["RETURN", 0],
            ],
          },
        ],
      },
    );
    const plain = run(m, { jit: false });
    expect(plain.out).toBe("false\n2.5\n");
    expect(run(m, { jit: "eager" })).toEqual(plain);
  });
});

describe("a call whose callee's frame ends at the register file's end", () => {
  it("clears no register past that end (the file and its float bank stay the same length)", () => {
    // As the tail call above, with f's compiled CALL (callJ) of h: f's frame at base 769, its
    // window at R0, so h's frame starts at 770 and ends exactly at 1,024. The second time, h
    // calls k, whose frame ends one register further: the interpreter's CALL must grow the file
    // and its float bank, and k (not compiled: its LOADUNIT) writes and reads that last float
    // register.
    const m = endingAtTheFile(
      [
        ["GETGLOBAL", 0, 3],
        ["CALL", 0, 0],
        ["RETURN", 0],
      ],
      770,
    );
    const plain = run(m, { jit: false });
    expect(plain.out).toBe("false\n2.5\n");
    expect(run(m, { jit: "eager" })).toEqual(plain);
  });
});

describe("a task's callback frame reused for its next call (refillFrame)", () => {
  // Both tiers reuse the frame of a callback that map calls again with the same closure; the
  // outputs below are the language's, checked on each tier (not only that the tiers agree).
  it("has its registers () and its floats +0.0 again, as a new frame", () => {
    // h reads R1 and F1 before writing them (R1 its result array, F1 2.5).
    const m = prog(
      [
        ["LOADI", 2, 1],
        ["LOADI", 3, 2],
        ["LOADI", 4, 3],
        ["NEWARRAY", 1, 3],
        ["SELF", 6, 1, 0],
        ["CLOSURE", 8, 0],
        ["CALL", 6, 2],
        ...print(6),
        ["RETURNUNIT"],
      ],
      {
        consts: ["map"],
        children: ["h"],
        functions: [
          {
            name: "h",
            params: 1,
            registers: 4,
            consts: [2.5],
            code: [
              ["FBOX", 2, 1],
              ["MOVE", 3, 1],
              ["NEWARRAY", 1, 2],
              ["FLOADK", 1, 0],
              ["RETURN", 1],
            ],
          },
        ],
      },
    );
    for (const jit of [false, "eager"] as const)
      expect(run(m, { jit }).out).toBe("[[0, ()], [0, ()], [0, ()]]\n");
  });
  it("clears no register past its end when it ends at the register file's end", () => {
    // f's frame at base 769 (as above), 253 registers: map's callback h (one register, its
    // parameter) is laid at 1,023 and ends exactly at 1,024. Its second call (true) calls k,
    // whose frame ends one register further: the interpreter's CALL must grow the file and
    // its float bank, and k writes and reads that last float register.
    const m = prog(
      [...closuresToGlobals(5), ...deeper(0).slice(0, 2), ...print(255), ["RETURNUNIT"]],
      {
        registers: 256,
        globals: ["g", "g2", "f", "h", "k"],
        children: ["g", "g2", "f", "h", "k"],
        functions: [
          { name: "g", registers: 256, code: deeper(1) },
          { name: "g2", registers: 256, code: deeper(2) },
          {
            name: "f",
            registers: 253,
            consts: ["map"],
            code: [
              ["LOADFALSE", 1],
              ["LOADTRUE", 2],
              ["NEWARRAY", 0, 2],
              ["SELF", 1, 0, 0],
              ["GETGLOBAL", 3, 3],
              ["CALL", 1, 2],
              ["RETURN", 1],
            ],
          },
          {
            name: "h",
            params: 1,
            registers: 1,
            code: [
              ["TEST", 0, 1],
              ["JMP", "call"],
              ["RETURN", 0],
              "call:",
              ["GETGLOBAL", 0, 4],
              ["CALL", 0, 0],
              ["RETURN", 0],
            ],
          },
          {
            name: "k",
            registers: 1,
            consts: [2.5],
            code: [
              ["LOADUNIT", 0, 0],
              ["FLOADK", 0, 0],
              ["FBOX", 0, 0],
              ["RETURN", 0],
            ],
          },
        ],
      },
    );
    for (const jit of [false, "eager"] as const) expect(run(m, { jit }).out).toBe("[false, 2.5]\n");
  });
});

describe("push, len and has called through callN (not after the SELF that found them)", () => {
  it("on a receiver of another kind are the native's TypeError, on both tiers", () => {
    // f(x): SELF finds the method on a value of its kind (R1); a MOVE puts it in another
    // register, so the CALL is no native run inline but callN's (the interpreter's CALL has
    // the same shortcuts), with x as the receiver. main calls f with a receiver of the right
    // kind, then with one of another: the first call (its SELF's cache still empty) leaves
    // for the interpreter at the SELF, the second runs compiled.
    const cases: [string, Ins, Ins[], string][] = [
      ["len", ["NEWARRAY", 1, 0], [], "2"],
      ["push", ["NEWARRAY", 1, 0], [["LOADI", 6, 9]], "()"],
      ["has", ["NEWMAP", 1], [["LOADI", 6, 9]], "false"],
    ];
    for (const [name, make, args, first] of cases) {
      const m = prog(
        [
          ["CLOSURE", 0, 0],
          ["SETGLOBAL", 0, 0],
          ["GETGLOBAL", 1, 0],
          ...(name === "has"
            ? ([["NEWMAP", 2]] as Ins[])
            : ([
                ["LOADI", 3, 7],
                ["LOADI", 4, 8],
                ["NEWARRAY", 2, 2],
              ] as Ins[])),
          ["CALL", 1, 1],
          ...print(1),
          ["GETGLOBAL", 1, 0],
          ["LOADK", 2, 0],
          ["CALL", 1, 1],
          ...print(1),
          ["RETURNUNIT"],
        ],
        {
          consts: ["abc"],
          globals: ["f"],
          children: ["f"],
          functions: [
            {
              name: "f",
              params: 1,
              registers: 7,
              consts: [name],
              code: [
                make,
                ["SELF", 2, 1, 0],
                ["MOVE", 4, 2],
                ["MOVE", 5, 0],
                ...args,
                ["CALL", 4, 1 + args.length],
                ["RETURN", 4],
              ],
            },
          ],
        },
      );
      const plain = run(m, { jit: false });
      expect(plain, name).toMatchObject({ out: `${first}\n`, kind: "TypeError" });
      expect(run(m, { jit: "eager" }), name).toEqual(plain);
    }
  });
});

describe("a native that re-enters the VM and grows the register file (an embedder's)", () => {
  it("leaves the compiled caller for the interpreter after the call, on the new float bank", () => {
    // f sets F1, calls println, whose host write calls g through callValue once: g … g4 (256
    // registers each, nested at R255) grow the file past its first 1,024 registers, and with
    // it the float bank. f then sets F1 again and leaves for the interpreter at its LOADUNIT:
    // the F1 the interpreter reads must be the one f wrote after the call.
    const m = build(
      prog(
        [...closuresToGlobals(5), ["GETGLOBAL", 1, 0], ["CALL", 1, 0], ...print(1), ["RETURNUNIT"]],
        {
          globals: ["f", "g", "g2", "g3", "g4"],
          children: ["f", "g", "g2", "g3", "g4"],
          functions: [
            {
              name: "f",
              registers: 4,
              consts: [2.5, "a", 0.25],
              code: [
                ["FLOADK", 1, 0],
                ["GETNATIVE", 2, 0],
                ["LOADK", 3, 1],
                ["CALL", 2, 1],
                ["FLOADK", 1, 2],
                ["LOADUNIT", 0, 0],
                ["FBOX", 0, 1],
                ["RETURN", 0],
              ],
            },
            { name: "g", registers: 256, code: deeper(2) },
            { name: "g2", registers: 256, code: deeper(3) },
            { name: "g3", registers: 256, code: deeper(4) },
            { name: "g4", registers: 256, code: [["RETURNUNIT"]] },
          ],
        },
      ),
    );
    const outputs = ([false, "eager"] as const).map((jit) => {
      const linked = loadModule(m).linked;
      const g = new Closure(
        linked.protos.find((p) => p.name === "g")!,
        [],
      );
      let out = "";
      let grown = 0;
      const host: Host = {
        write: (t) => {
          out += t;
          if (grown++ === 0) vm.callValue(g, []);
        },
        writeErr: () => {},
      };
      const vm = new Vm(linked, host, [], { jit });
      vm.runMain();
      return out;
    });
    expect(outputs).toEqual(["a\n0.25\n", "a\n0.25\n"]);
  });
});
