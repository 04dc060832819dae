// Shapes of codegen.ts that the compiled vectors do not emit (found by the mutation runs of
// 2026-12-07 evening): literals evaluated for nothing, the LOADI/LOADF bounds, the copy of a
// local only when a later operand assigns it, an `if` without `else` as a value, a `return`
// inside `try`, `x - 0` at -O1, and a type's method or variant read as a value.
import { describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/index.js";
import { readModule } from "../../format/index.js";
import { runVeld } from "../helpers/veld.js";
import { code } from "./function-code.js";

describe("codegen shapes", () => {
  it("a literal statement compiles to nothing, at -O0 and -O1", () => {
    const source = "fn f(c)\n  2.5\n  \"s\"\n  'c'\n  true\n  c\nend\nprintln(f(1))\n";
    expect(code(source, "f", 0)).toEqual(["RETURN R0"]);
    expect(code(source, "f", 1)).toEqual(["RETURN R0"]);
  });

  it("LOADI and LOADF take -32768…32767 (LOADF ±32767); beyond is a constant", () => {
    const main = code(
      "println(32767)\nprintln(-32768)\nprintln(32768)\nprintln(-32769)\n" +
        "println(32767.0)\nprintln(-32767.0)\nprintln(32768.0)\n",
      "<main>",
    );
    expect(main.filter((l) => l.startsWith("LOAD"))).toEqual([
      "LOADI R1, 32767",
      "LOADI R1, -32768",
      "LOADK R1, K0",
      "LOADK R1, K1",
      "LOADF R1, 32767",
      "LOADF R1, -32767",
      "LOADK R1, K2",
    ]);
  });

  it("a `var` is copied before a later operand only when that operand assigns it", () => {
    // `y` is assigned, `x` is not: `x` is read in place.
    const source =
      "fn f(p)\n  var x = p\n  var y = 0\n  let v = x + do\n    y = 1\n    2\n  end\n  v + y\nend\nprintln(f(1))\n";
    expect(code(source, "f", 1)).toEqual([
      "MOVE R1, R0",
      "LOADI R2, 0",
      "LOADI R2, 1",
      "LOADI R4, 2",
      "ADD R3, R1, R4",
      "ADD R4, R3, R2",
      "RETURN R4",
    ]);
    expect(runVeld(source).stdout).toBe("4\n");
  });

  it("a captured `let` is not copied before a later call (nothing can assign it)", () => {
    const source = "fn f(p)\n  let a = p * 2\n  let g = () => a\n  a + g()\nend\nprintln(f(1))\n";
    expect(code(source, "f", 1)).toEqual([
      "MULK R1, R0, K0",
      "CLOSURE R2, P0",
      "MOVE R4, R2",
      "CALL R4, 0",
      "ADD R3, R1, R4",
      "RETURN R3",
    ]);
  });

  it("an `if` without `else` as a value is its branch's value, or ()", () => {
    const source = "fn f(c)\n  let v = if c then 1 end\n  println(v)\nend\nf(false)\nf(true)\n";
    expect(runVeld(source, [], 0).stdout).toBe("()\n1\n");
    expect(runVeld(source, [], 1).stdout).toBe("()\n1\n");
  });

  it("`return g()` inside `try` is no tail call: the handler catches what g throws", () => {
    const source =
      'fn g() => throw "boom"\nfn f()\n  try\n    return g()\n  catch e\n    println("caught")\n  end\n  0\nend\nprintln(f())\n';
    expect(runVeld(source, [], 0).stdout).toBe("caught\n0\n");
    expect(runVeld(source, [], 1).stdout).toBe("caught\n0\n");
  });

  it("a bare `return` inside `try` runs the finally block", () => {
    const source = 'fn f()\n  try\n    return\n  finally\n    println("fin")\n  end\nend\nf()\n';
    expect(runVeld(source, [], 0).stdout).toBe("fin\n");
    expect(runVeld(source, [], 1).stdout).toBe("fin\n");
  });

  it("`x - 0` keeps -0.0 at -O1 (no ADDI); `x + 0` is an ADDI", () => {
    expect(runVeld("fn f(x) => x - 0\nprintln(f(-0.0))\n").stdout).toBe("-0\n");
    expect(code("fn f(x) => x - 0\nprintln(f(1))\n", "f", 1)).toEqual([
      "SUBK R1, R0, K0",
      "RETURN R1",
    ]);
    expect(code("fn f(x) => x + 0\nprintln(f(1))\n", "f", 1)).toEqual([
      "ADDI R1, R0, 0",
      "RETURN R1",
    ]);
  });

  it("`let (a, b) = (x, y)` of locals makes no tuple at -O1; names bind after every element", () => {
    const source =
      "fn f(a, b)\n  let (p, q) = (b, a + b)\n  p * q\nend\nprintln(f(2, 3))\n" +
      'fn g(x)\n  let (x, _, y) = (1, println("side"), x)\n  let h = fn() => x + y\n  h()\nend\nprintln(g(10))\n' +
      "let (t, u) = (4, 5)\nfn tu() => t + u\nprintln(tu())\n";
    expect(code(source, "f", 1)).toEqual([
      "MOVE R2, R1",
      "ADD R3, R0, R1",
      "MUL R4, R2, R3",
      "RETURN R4",
    ]);
    expect(code(source, "f", 0)).toContain("NEWTUPLE R2, 2");
    // `_` takes its element's value (evaluated for its effect) and binds nothing.
    expect(code(source, "g", 1).some((l) => l.startsWith("NEWTUPLE"))).toBe(false);
    // Main's names that a function reads are globals: bound from the tuple as before.
    expect(code(source, "<main>", 1).some((l) => l.startsWith("NEWTUPLE"))).toBe(true);
    for (const o of [0, 1] as const)
      expect(runVeld(source, [], o).stdout).toBe("15\nside\n11\n9\n");
  });

  it("any other `let` of a tuple is bound from a tuple made at -O1", () => {
    const made = (source: string, name: string) =>
      code(source, name, 1).filter((l) => l.startsWith("NEWTUPLE"));
    const source =
      'fn w()\n  let _ = (println("w"), 2)\nend\nw()\n' +
      "fn v(t)\n  let (a, b) = t\n  a - b\nend\nprintln(v((5, 2)))\n" +
      "fn n(x)\n  let ((a, b), c) = ((x, 1), 2)\n  a * 100 + b * 10 + c\nend\nprintln(n(3))\n" +
      'fn l()\n  let (a, b) = (1, println("third"), 3)\n  a + 1\nend\nprintln(l())\n';
    expect(made(source, "w")).toEqual(["NEWTUPLE R0, 2"]);
    expect(made(source, "v")).toEqual([]);
    expect(made(source, "n")).toEqual(["NEWTUPLE R2, 2", "NEWTUPLE R1, 2"]);
    // A pattern shorter than its tuple takes the first elements; every one is evaluated.
    expect(made(source, "l")).toEqual(["NEWTUPLE R0, 3"]);
    for (const o of [0, 1] as const)
      expect(runVeld(source, [], o).stdout).toBe("w\n3\n312\nthird\n2\n");
    // A pattern longer than its tuple fails at the element the tuple lacks, after evaluating all.
    const short = 'fn s()\n  let (a, b, c) = (1, println("two"))\n  a\nend\nprintln(s())\n';
    expect(made(short, "s")).toEqual(["NEWTUPLE R0, 2"]);
    for (const o of [0, 1] as const)
      expect(runVeld(short, [], o)).toEqual({
        stdout: "two\n",
        error: "IndexOutOfBounds",
        message: "tuple of 2 has no element 2",
      });
  });

  it("a tuple's names at -O1: a `var`, a float, a closure in a loop, shadowing, a `var` a later element assigns", () => {
    const source =
      // A `var` of the tuple assigned later, a closure reading it after.
      "fn a()\n  var (p, q) = (1, 2)\n  let g = fn() => p\n  p += 10\n  q = q * p;\n  [g(), q]\nend\nprintln(a())\n" +
      // Floats: the names are boxed locals (FBOX), the float-bank `s` and `r` read around them.
      "fn b()\n  var s = 0.5\n  var r = 0.0\n  var i = 0\n  while i < 3 do\n" +
      "    let (c, d) = (s * 2.0, s - 0.25)\n    s = s * 1.5 + 0.25\n    r = r + c * d\n" +
      "    i += 1\n  end\n  r + s\nend\nprintln(b())\n" +
      // Each iteration's names are new: the closures keep their own (CLOSE at the loop's end,
      // at continue and at break), `_`'s register below them captured by none.
      "fn c()\n  var fs = []\n  var i = 0\n  while i < 4 do\n    i += 1\n    let (_, x, y) = (i, i * 2, i * 3)\n" +
      "    if i == 2 then\n      fs.push(fn() => x)\n      continue\n    end\n" +
      "    if i == 4 then\n      fs.push(fn() => y)\n      break\n    end\n" +
      "    fs.push(fn() => x + y)\n  end\n  fs.map(fn(f) => f())\nend\nprintln(c())\n" +
      // A swap, then a name read by a later element before the pattern rebinds it.
      "fn d(x, y)\n  let (x, y) = (y, x)\n  let (y, z) = (x + 1, y);\n  [x, y, z]\nend\nprintln(d(1, 2))\n" +
      // A `var` a later element assigns: the earlier element's copy keeps the old value.
      "fn e()\n  var x = 1\n  let (a, b, g) = (x, do\n    x = 9\n    x\n  end, fn() => x);\n" +
      "  x = 20;\n  [a, b, g()]\nend\nprintln(e())\n";
    for (const f of ["a", "b", "c", "d", "e"])
      expect(code(source, f, 1).some((l) => l.startsWith("NEWTUPLE"))).toBe(false);
    expect(code(source, "b", 1).filter((l) => l.startsWith("FBOX R"))).toHaveLength(3);
    for (const o of [0, 1] as const)
      expect(runVeld(source, [], o).stdout).toBe(
        "[11, 22]\n9.875\n[5, 4, 15, 12]\n[2, 3, 1]\n[1, 9, 20]\n",
      );
  });

  it("a type's method read as a value is its function, not a variant or a field", () => {
    const source =
      "enum E\n  A,\n  B,\nend\nimpl E\n  fn make() => E.B\nend\n" +
      "struct P\n  x: i64,\nend\nimpl P\n  fn origin() => P(x: 0)\nend\n" +
      "let m = E.make\nlet o = P.origin\nprintln(m())\nprintln(o())\n";
    expect(runVeld(source, [], 0).stdout).toBe("E.B\nP(x: 0)\n");
    expect(runVeld(source, [], 1).stdout).toBe("E.B\nP(x: 0)\n");
  });

  it("a handler closes only the captured locals of its body, not an outer one captured there", () => {
    const source =
      "fn f(p)\n  let a = 1\n  try\n    let g = () => a\n    println(g())\n  catch e\n    println(p)\n  end\n  p\nend\nf(1)\n";
    const listing = code(source, "f", 1);
    expect(listing.filter((l) => l.startsWith("CLOSE"))).toEqual([]);
    expect(runVeld(source).stdout).toBe("1\n");
  });

  it("a captured `var` is copied before a later operand only when that operand may run code", () => {
    const source = "fn f(p)\n  var c = p\n  let g = () => c\n  c + p\nend\nprintln(f(1))\n";
    expect(code(source, "f", 1)).toEqual([
      "MOVE R1, R0",
      "CLOSURE R2, P0",
      "ADD R3, R1, R0",
      "RETURN R3",
    ]);
  });

  it("`and` and `or` chains as values are branches, not chain links", () => {
    const source =
      "fn f(a, b, c, d)\n  let v = a and b and c and d\n  let w = a or b or c or d\n  (v, w)\nend\n" +
      "println(f(true, true, false, true))\n";
    const listing = code(source, "f", 1);
    expect(listing.filter((l) => l.startsWith("TEST"))).toEqual([
      "TEST R0, 0",
      "TEST R1, 0",
      "TEST R2, 0",
      "TEST R3, 0",
      "TEST R0, 1",
      "TEST R1, 1",
      "TEST R2, 1",
      "TEST R3, 0",
    ]);
    expect(listing.filter((l) => l.startsWith("LOAD"))).toEqual([
      "LOADTRUE R4",
      "LOADFALSE R4",
      "LOADTRUE R5",
      "LOADFALSE R5",
    ]);
    expect(runVeld(source).stdout).toBe("(false, true)\n");
  });

  it("an `if` without `else` as a value is () even in a register that held a value", () => {
    const source =
      "fn f(n)\n  for i in 0..n do\n    let v = if i == 0 then 5 end\n    println(v)\n  end\nend\nf(2)\n";
    expect(runVeld(source, [], 0).stdout).toBe("5\n()\n");
    expect(runVeld(source, [], 1).stdout).toBe("5\n()\n");
  });

  it("an `if` statement without `else` far into a function compiles and runs", () => {
    const source =
      Array.from({ length: 300 }, (_, i) => `println(${i})`).join("\n") +
      '\nfn t() => true\nif t() then println("end") end\n';
    const out = runVeld(source, [], 0).stdout.split("\n");
    expect(out.slice(-3)).toEqual(["299", "end", ""]);
  });

  it("an `if` whose then-branch emits nothing jumps over its `else` from pc 0", () => {
    // At -O0 `if true` tests nothing and the empty branch emits nothing: the JMP over the
    // `else` is the function's first instruction, and must be patched like any other.
    const source =
      'fn f()\n  if true then\n  else\n    println("else")\n  end\n  println("after")\nend\nf()\n';
    expect(code(source, "f", 0)[0]).toMatch(/^JMP /);
    expect(runVeld(source, [], 0).stdout).toBe("after\n");
  });

  it("a chain's links alternate between two temporaries", () => {
    const source = "fn g(a, b, c, d) => a - b - c - d\nprintln(g(1, 2, 3, 4))\n";
    expect(code(source, "g", 1)).toEqual([
      "SUB R6, R0, R1",
      "SUB R5, R6, R2",
      "SUB R4, R5, R3",
      "RETURN R4",
    ]);
    expect(runVeld(source).stdout).toBe("-8\n");
  });

  it("a `return` in a catch block runs the finally block", () => {
    const source =
      'fn f()\n  try\n    throw "x"\n  catch e\n    return 1\n  finally\n    println("fin")\n  end\n  0\nend\nprintln(f())\n';
    expect(runVeld(source, [], 0).stdout).toBe("fin\n1\n");
    expect(runVeld(source, [], 1).stdout).toBe("fin\n1\n");
  });

  it("a catch without a name declares no local", () => {
    const source = 'fn f()\n  try\n    throw "x"\n  catch\n    println("c")\n  end\nend\nf()\n';
    const m = readModule(compileSource(source, { fileName: "t.veld" }).bytes!).module;
    expect(m.debug!.functions.map((f) => f.locals)).toEqual([[], []]);
    expect(runVeld(source).stdout).toBe("c\n");
  });

  it("a pipe reads its callee before its argument when the argument may change it", () => {
    // `1 |> h |> g` is `g(h(1))`: `g` is read first, so `h` reassigning it comes too late.
    const source =
      "var g = (v) => v + 1\nfn h(v)\n  g = (w) => w * 100\n  v\nend\nprintln(1 |> h |> g)\n";
    expect(runVeld(source, [], 0).stdout).toBe("2\n");
    expect(runVeld(source, [], 1).stdout).toBe("2\n");
  });

  it("a closure made by a later operand, not called, does not copy the local it assigns", () => {
    const source =
      "fn f(p)\n  var x = p\n  let v = x == (() => do\n    x = 1\n    x\n  end)\n  v\nend\nprintln(f(1))\n";
    expect(code(source, "f", 1)).toEqual([
      "MOVE R1, R0",
      "CLOSURE R3, P0",
      "SEQ R2, R1, R3",
      "RETURN R2",
    ]);
  });

  it("nor does a local function declared (not called) in a later operand", () => {
    const source =
      "fn f(p)\n  var x = p\n  let v = x == do\n    fn k()\n      x = 1\n    end\n    0\n  end\n  v\nend\nprintln(f(1))\n";
    expect(code(source, "f", 1)).toEqual([
      "MOVE R1, R0",
      "CLOSURE R4, P0",
      "LOADI R3, 0",
      "SEQ R2, R1, R3",
      "RETURN R2",
    ]);
  });

  it("a captured `var` is copied before a later `for`, whose iterator's next() may assign it", () => {
    // The operand holds no call: the loop calls It.next, which calls the closure.
    const source =
      "struct It(f: fn() -> ());\nimpl It\n  fn next(self)\n    (self.f)()\n    None\n  end\nend\n" +
      "fn main()\n  var x = 1\n  let it = It(f: () => do x = 10 end)\n" +
      "  println(x + do\n    for _ in it do end\n    0\n  end)\n  println(x)\nend\nmain()\n";
    expect(runVeld(source, [], 0).stdout).toBe("1\n10\n");
    expect(runVeld(source, [], 1).stdout).toBe("1\n10\n");
  });

  it("a float-typed field name read from a native or a type is no struct field", () => {
    // Float typing goes by field name: S's f64 fields make every `.pi` and `.w` a float.
    const source =
      "struct S(pi: f64, w: f64);\nenum E\n  w,\nend\n" +
      "fn f(a)\n  var x = 0.5\n  x = x * a\n  x = x * std.math.pi\n  println(x)\n  x = x * E.w\n  x\nend\n" +
      "println(S(pi: 1.0, w: 2.0).pi)\nf(2)\n";
    expect(runVeld(source)).toMatchObject({
      stdout: "1\n3.141592653589793\n",
      error: "TypeError",
      message: "expected a number, got E",
    });
  });
  it("`println~` and `assert~` as values are () in their register", () => {
    // The tuple's window held 8 and 9 before: a value left unwritten would show.
    const source =
      'fn f()\n  println((7, 8, 9))\n  println((println~("x"), assert~(true)))\nend\nf()\n';
    expect(runVeld(source, [], 0).stdout).toBe("(7, 8, 9)\nx\n((), ())\n");
    expect(runVeld(source, [], 1).stdout).toBe("(7, 8, 9)\nx\n((), ())\n");
  });

  it("an enum's static method called through the type is no variant", () => {
    const source = "enum E\n  A,\n  B,\nend\nimpl E\n  fn make() => E.B\nend\nprintln(E.make())\n";
    expect(runVeld(source).stdout).toBe("E.B\n");
  });

  it("an array literal takes 50 elements in NEWARRAY, then APPENDs 50 at a time", () => {
    const arrays = (n: number) =>
      code(`println([${Array.from({ length: n }, (_, i) => i).join(", ")}])\n`, "<main>").filter(
        (l) => /^(NEWARRAY|APPEND)/.test(l),
      );
    expect(arrays(50)).toEqual(["NEWARRAY R1, 50"]);
    expect(arrays(100)).toEqual(["NEWARRAY R1, 50", "APPEND R1, 50"]);
    expect(arrays(101)).toEqual(["NEWARRAY R1, 50", "APPEND R1, 50", "APPEND R1, 1"]);
  });
});
