// Statements (compiler/statements.ts) where program tests and the vectors do not look: an
// assignment written straight into its local or through a temporary, the -O0 `while` (its
// test at the top only), a tuple pattern's names a function captures (global slots), a match
// binding that must not share the scrutinee's register, `break`/`continue` out of a `try`.
// Program outputs are the tree-walker's.

import { describe, expect, it } from "vitest";
import { interpret } from "../../interpreter/index.js";
import { runVeld } from "../helpers/veld.js";
import { code } from "./function-code.js";

/** The VM's output and error kind at -O1 and -O0 must be the tree-walker's; returns stdout. */
function sameAsWalker(source: string): string {
  let stdout = "";
  const r = interpret(source, { write: (t) => void (stdout += t) });
  expect("status" in r).toBe(true);
  const error = ("error" in r && r.error?.kind) || null;
  for (const optimize of [1, 0] as const) {
    const vm = runVeld(source, [], optimize);
    expect({ stdout: vm.stdout, error: vm.error }).toEqual({ stdout, error });
  }
  return stdout;
}

describe("an assignment to a local", () => {
  // `x = e` writes x in e's last instruction when e reads its operands first; otherwise (a
  // call, a collection, `and`/`or`: they write their destination before they are done) it goes
  // through a temporary and a MOVE.
  const DIRECT: [string, string[]][] = [
    ["o.a", ["GETFIELD R2, R0, K0"]],
    ["1.5", ["LOADK R2, K0"]],
    ['"s"', ["LOADK R2, K0"]],
    ["'c'", ["LOADK R2, K0"]],
    ["true", ["LOADTRUE R2"]],
    ["()", ["LOADUNIT R2, 0"]],
    ["t[0]", ["LOADI R3, 0", "GETINDEX R2, R1, R3"]],
    ["t.0", ["GETTUPLE R2, R1, 0"]],
    ["o as f64", ["CAST R2, R0, f64"]],
    ["-o", ["NEG R2, R0"]],
    ["!o", ["NOT R2, R0"]],
    ["o + 1", ["LOADI R3, 1", "ADD R2, R0, R3"]],
    ["t", ["MOVE R2, R1"]],
  ];
  const VIA_TEMP: [string, string][] = [
    ["o and t", "LOADFALSE R3"],
    ["o or t", "LOADFALSE R3"],
    ["g(o)", "CALL R3, 1"],
    ["[o]", "NEWARRAY R3, 1"],
  ];
  const source = (e: string) =>
    `fn g(v) => v\nfn f(o, t)\n  var x = 0\n  x = ${e}\n  x\nend\nprintln(f(1, 2))\n`;
  for (const [e, listing] of DIRECT) {
    it(`\`x = ${e}\` writes x directly`, () => {
      expect(code(source(e), "f").slice(1, -1)).toEqual(listing);
    });
  }
  for (const [e, write] of VIA_TEMP) {
    it(`\`x = ${e}\` goes through a temporary`, () => {
      const listing = code(source(e), "f").slice(1, -1);
      expect(listing).toContain(write);
      expect(listing.at(-1)).toBe("MOVE R2, R3");
    });
  }
});

describe("loops", () => {
  it("-O0 tests a `while` condition at the top only, and jumps back to it", () => {
    const source =
      "fn f(a)\n  var n = 0\n  while n < a do\n    n += 1\n  end\n  n\nend\nprintln(f(2))\n";
    expect(code(source, "f")).toEqual([
      "LOADI R1, 0",
      "L1:",
      "SLT R2, R1, R0",
      "TEST R2, 0",
      "JMP @L7",
      "LOADI R2, 1",
      "ADD R1, R1, R2",
      "JMP @L1",
      "L7:",
      "RETURN R1",
    ]);
    expect(sameAsWalker(source)).toBe("2\n");
  });

  it("`break` out of a `try` leaves it: a later error is not caught by its handler", () => {
    const source =
      'fn f()\n  for i in 0..3 do\n    try\n      break\n    catch e\n      println("caught")\n    end\n  end\n  throw "x"\nend\nf()\n';
    expect(sameAsWalker(source)).toBe("");
  });

  it("`continue` out of a `try` leaves it each time", () => {
    const source =
      'fn f()\n  var n = 0\n  while n < 3 do\n    n += 1\n    try\n      if n == 2 then continue end\n      println(n)\n    catch e\n      println("caught")\n    end\n  end\n  throw "x"\nend\nf()\n';
    expect(sameAsWalker(source)).toBe("1\n3\n");
  });
});

describe("bindings", () => {
  it("a top-level tuple pattern's names a function reads are global slots", () => {
    const source = "let (a, b) = (1, 2)\nfn g() => a * 10 + b\nprintln(g())\n";
    // g, a and b
    expect(code(source, "<main>", 1).filter((l) => l.startsWith("SETGLOBAL"))).toHaveLength(3);
    expect(sameAsWalker(source)).toBe("12\n");
  });

  it("a function prototype in a block declares nothing and compiles to nothing", () => {
    const source = "fn g()\n  fn f(x);\n  println(4)\nend\ng()\n";
    expect(code(source, "g", 1)).toEqual(code("fn g()\n  println(4)\nend\ng()\n", "g", 1));
    expect(sameAsWalker(source)).toBe("4\n");
  });

  it("a match binding is a copy of the scrutinee local, not the local itself", () => {
    const source =
      "fn f()\n  var a = 1\n  match a\n    x => do\n      a = 2\n      x\n    end\n  end\nend\nprintln(f())\n";
    expect(sameAsWalker(source)).toBe("1\n");
  });
});

describe("captured locals in loops", () => {
  it("each closure made in a loop keeps that iteration's values of two locals", () => {
    // CLOSE from the lower of the two captured registers closes both.
    const source =
      "fn f()\n  var fs = []\n  for i in 0..3 do\n    let x = i\n    let y = i * 10\n    fs.push(() => x + y)\n  end\n  var out = []\n  for g in fs do out.push(g()) end\n  out\nend\nprintln(f())\n";
    expect(sameAsWalker(source)).toBe("[0, 11, 22]\n");
  });

  it("a block's two captured locals are closed before their registers are reused", () => {
    const source =
      "fn f()\n  var fs = []\n  do\n    let x = 1\n    let y = 2\n    fs.push(() => x * 10 + y)\n  end\n  let z = 100\n  let w = 200\n  fs[0]() + z + w\nend\nprintln(f())\n";
    expect(sameAsWalker(source)).toBe("312\n");
  });

  it("a block whose first captured local is in R0 closes from R0", () => {
    const source =
      "var keep = []\nfn f()\n  do\n    let x = 1\n    let z = 2\n    keep.push(() => x * 10 + z)\n  end\n  let y = 100\n  let w = 200\n  keep[0]() + y + w\nend\nprintln(f())\n";
    expect(code(source, "f", 1)).toContain("CLOSE R0");
    expect(sameAsWalker(source)).toBe("312\n");
  });

  it("a loop whose closures capture only a local from outside it closes nothing", () => {
    const source =
      "fn f()\n  var a = 1\n  var fs = []\n  for i in 0..3 do\n    fs.push(() => a)\n  end\n  a = 2\n  fs[0]()\nend\nprintln(f())\n";
    const listing = code(source, "f", 1);
    expect(listing.filter((l) => l.startsWith("CLOSE"))).toEqual([]);
    expect(sameAsWalker(source)).toBe("2\n");
  });
});
