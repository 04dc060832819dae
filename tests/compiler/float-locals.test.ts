// Which locals -O1 keeps unboxed in the float bank (compiler/float-locals.ts): each rule of
// the analysis — float-typed values (literals, casts, `-`, `+ - * /` with a float operand,
// `std.math.sqrt` of a number, a float field), the compound assignments, a captured local,
// the greatest fixpoint over mutually dependent locals, the float fields and the error
// fields, and the last step that drops a local no float operation reads. The float locals
// of `f` are read from its debug table (`.local F… "name"`); each program's output must
// also be the tree-walker's (a local wrongly kept as a float would print `1.0` for `1`).

import { describe, expect, it } from "vitest";
import { disassemble } from "../../assembler/index.js";
import { compileFiles, compileSource } from "../../compiler/index.js";
import { interpret } from "../../interpreter/index.js";
import { runVeld } from "../helpers/veld.js";

const POINT = "struct P\n  x: f64,\n  y: f64,\nend\n";

function program(body: string, prelude: string): string {
  return `${prelude}fn f(a, b)\n  ${body.replace(/\n/g, "\n  ")}\nend\nprintln(f(3, 4))\n`;
}

/** The float locals of `f`, and whether it reads a float field (GETFIELDF). */
function floatLocals(source: string, lib?: string): string[] {
  const files: Record<string, string> = { "main.veld": source, "lib.veld": lib ?? "" };
  const r =
    lib === undefined
      ? compileSource(source, { fileName: "t.veld" })
      : compileFiles("main.veld", {
          readFile: (p) => (p in files ? new TextEncoder().encode(files[p]) : undefined),
        });
  expect(r.diagnostics).toEqual([]);
  const text = disassemble(r.bytes!, { debug: true });
  const f = text.slice(text.search(/\.function F\d+ "f"/));
  const body = f.slice(0, f.indexOf(".end"));
  const names = [...body.matchAll(/\.local F\d+ "(\w+)"/g)].map((m) => m[1]!);
  return body.includes("GETFIELDF") ? [...names, "GETFIELDF"] : names;
}

/** What the tree-walker prints, and the kind of its uncaught error if any. */
function walker(source: string): { stdout: string; error: string | null } {
  let stdout = "";
  const r = interpret(source, { write: (t) => void (stdout += t) });
  expect("status" in r).toBe(true);
  return { stdout, error: ("error" in r && r.error?.kind) || null };
}

const CASES: [what: string, body: string, floats: string[], prelude?: string][] = [
  ["a float literal read by a float operation", "let x = 1.5\nx * 2.0", ["x"]],
  ["a float local read only by a non-float use", "let x = 1.5\nprintln(x)\nx", []],
  ["a float local only returned", "let x = 1.5\nx", []],
  ["an int assigned later", "var x = 0.5\nx = 1\nprintln(x)\nx * 2.0", []],
  ["a non-float parameter assigned later", "var x = 1.5\nx = a\nprintln(x)\nx * a", []],
  ["an int product assigned later", "var x = 1.5\nx = b * a\nprintln(x)\nx * a", []],
  ["`x = x + 1`", "var x = 0.5\nx = x + 1\nx * 2.0", ["x"]],
  ["`x += 1`", "var x = 0.5\nx += 1\nx * 2.0", ["x"]],
  ["`x %= 2.0` (not float arithmetic)", "var x = 0.5\nx %= 2.0\nx * 2.0", []],
  ["`x = x % 2.0`", "var x = 1.5\nx = x % 2.0\nx * a", []],
  ["`x = -x`", "var x = 1.5\nx = -x\nx * a", ["x"]],
  ["`x = !x`", "var x = 1.5\nx = !x\nprintln(x)\nx", []],
  ["a comparison assigned", "var x = 1.5\nx = x < 2.0\nprintln(x)\nx", []],
  ["a local a closure captures", "var x = 0.5\nlet g = fn() => x\nx * 2.0", []],
  ["a cast to f64", "let x = a as f64\nx * 2.0", ["x"]],
  ["a cast to f32", "let x = a as f32\nx * 2.0", ["x"]],
  ["a cast to `float` (f64)", "let x = a as float\nx * 2.0", ["x"]],
  ["a cast to `int` (i64)", "let x = a as int\nprintln(x)\nx * 2.0", []],
  ["a cast to i64", "let x = a as i64\nprintln(x)\nx * 2.0", []],
  ["`-` of a float literal", "let x = -1.5\nx * a", ["x"]],
  ["`-` of a float local", "let x = 1.5\nlet y = -x\ny * a", ["x", "y"]],
  ["an int times a float local", "let x = 1.5\nlet y = 2 * x\ny * a", ["x", "y"]],
  ["a product of parameters", "let x = 1.5\nlet y = a * b\nprintln(y)\ny * x", ["x"]],
  ["sqrt of an int literal", "let x = std.math.sqrt(4)\nx * a", ["x"]],
  ["sqrt of a float local", "let x = 2.0\nlet y = std.math.sqrt(x)\ny", ["x"]],
  ["sqrt of a float local, both kept", "let x = 1.5\nlet y = 2.5\n(std.math.sqrt(y), x)", ["y"]],
  ["an `if` of floats (not typed)", "let x = if a < b then 1.0 else 2.0 end\nx * 2.0", []],
  ["sqrt of two arguments (not typed)", "let x = 1.5\nlet y = 2.5\n(std.math.sqrt(y, x), x)", []],
  ["a float compared with a literal", "let x = 1.5\nif x < 2.0 then 1 else 2 end", ["x"]],
  ["two floats compared", "let x = 1.5\nlet y = 2.5\n(x < y, 1)", ["x", "y"]],
  ["a float compared with an int literal", "let x = 1.5\nlet y = 2.5\n(x < 1, y)", ["x"]],
  ["an int literal compared with a float", "let x = 1.5\nlet y = 2.5\n(1 < x, y)", ["x"]],
  ["a float compared with a parameter", "let x = 1.5\nif x < a then 1 else 2 end", []],
  ["a float compared with a parameter, right", "let x = 1.5\nlet y = 2.5\n(a < x, y)", []],
  ["a float compared with a string", 'let x = 1.5\nif x < "s" then 1 else 2 end', []],
  ["a float tested for equality", "let x = 1.5\nif x == 2.0 then 1 else 2 end", []],
  ["`-` reads its operand in the bank", "let x = 1.5\nlet y = 2.5\n(x * a, -y)", ["x", "y"]],
  ["a float local read by another's `let`", "let x = 1.5\nlet y = x\ny * 2.0", ["x", "y"]],
  ["a float local assigned to another", "let x = 1.5\nvar y = 2.5\ny = x\ny * 2.0", ["x", "y"]],
  ["a float local added to another", "let x = 1.5\nvar y = 2.5\ny += x\ny", ["x", "y"]],
  ["a float local only assigned", "var y = 1.5\ny = 2.5\nprintln(y)", []],
  [
    "a local read only by one dropped in the same round",
    "let x = 1.5\nlet y = x\nprintln((x, y))",
    [],
  ],
  ["a tuple pattern (not a candidate)", "let (x, y) = (1.5, 2.5)\nx * y", []],
  [
    "mutually dependent loop variables",
    "var zr = 0.0\nvar zi = 0.0\nfor i in 0..3 do\n  let t = zr * zr - zi * zi + 0.25\n  zi = 2.0 * zr * zi + 0.5\n  zr = t\nend\nzr + zi",
    ["zr", "zi", "t"],
  ],
  [
    "a local whose value is a local dropped after it",
    "var y = 0.5\nvar x = 1.5\ny = x\nx = a\nprintln(y)\n(x * 2.0, y * 2.0)",
    [],
  ],
  [
    "a local kept only through one dropped after it",
    "var y = 0.5\nlet x = 1.5\ny = x * 1.0\nlet z = x\nprintln(z)\ny * 2.0",
    ["y", "x"],
  ],
  ["a float field", "let p = P(x: 1.5, y: 2.5)\nlet d = p.x\nd * a", ["d", "GETFIELDF"], POINT],
  [
    "a field whose value reads a field dropped after it",
    "let p = P(x: 1.5, y: 2.5)\nlet q = P(x: p.y, y: 2)\nlet d = q.x\nprintln(d)\nd * a",
    [],
    POINT,
  ],
  ["a field given an int", "let p = P(x: 1.5, y: 2)\nlet d = p.y\nprintln(d)\nd * a", [], POINT],
  [
    "a field assigned an int",
    "var p = P(x: 1.5, y: 2.5)\np.x = 3\nlet d = p.x\nprintln(d)\nd * a",
    [],
    POINT,
  ],
  [
    "a field with `+= 3`",
    "var p = P(x: 1.5, y: 2.5)\np.x += 3\nlet d = p.x\nd * a",
    ["d", "GETFIELDF"],
    POINT,
  ],
  ["a field with `%= 3`", "var p = P(x: 1.5, y: 2.5)\np.x %= 3\nlet d = p.x\nd * a", [], POINT],
  [
    "a field named `value`",
    "var p = P(value: 1.5)\nlet d = p.value\nd * a",
    [],
    "struct P\n  value: f64,\nend\n",
  ],
  [
    "a field named `kind`",
    "var p = P(kind: 1.5)\nlet d = p.kind\nd * a",
    [],
    "struct P\n  kind: f64,\nend\n",
  ],
  [
    "a field named `message`",
    "var p = P(message: 1.5)\nlet d = p.message\nd * a",
    [],
    "struct P\n  message: f64,\nend\n",
  ],
];

describe("float locals", () => {
  for (const [what, body, floats, prelude = ""] of CASES) {
    it(what, () => {
      const source = program(body, prelude);
      expect(floatLocals(source)).toEqual(floats);
      const { stdout, error } = runVeld(source);
      expect({ stdout, error }).toEqual(walker(source));
    });
  }
});

describe("float fields and other modules", () => {
  const body = "let p = P(x: 1.5, y: 2.5)\nlet d = p.x\nd * a";
  it("a std import keeps the float fields", () => {
    expect(floatLocals(program(body, `import std.math\n${POINT}`))).toEqual(["d", "GETFIELDF"]);
  });
  it("an import of another module (code the analysis does not see) drops them", () => {
    const lib = "pub fn g() => 1\n";
    expect(floatLocals(program(body, `import lib\n${POINT}`), lib)).toEqual([]);
  });
});

describe("the fixpoint", () => {
  it("runs again when only a field was dropped", () => {
    // Round 1 keeps x (its value `p.y` reads y, still a float field) and drops y (an int);
    // no local changes (z stays), so only the dropped field makes round 2 drop x.
    const source = `${POINT}fn f(p, a)\n  let z = 0.5\n  p.x = p.y\n  z * p.x\nend\nprintln(f(P(x: 1.5, y: 2), 3))\n`;
    expect(floatLocals(source)).toEqual(["z"]);
    const { stdout, error } = runVeld(source);
    expect({ stdout, error }).toEqual(walker(source));
    expect(stdout).toBe("1\n");
  });
});

describe("a long chain", () => {
  // Typed from its lowest link up (recursing down 20,000 links would exhaust the stack), and
  // each link once: a link typed before ends the walk down.
  const M = 20_000;
  const chain = (op: string) => Array(M).fill("x").join(` ${op} `);
  it("as a float local's value", () => {
    const source = program(`let x = 1.0\nlet y = ${chain("*")}\ny * a`, "");
    expect(floatLocals(source)).toEqual(["x", "y"]);
  });
  it("compared, and printed", () => {
    const source = program(`let x = 0.5\nprintln(${chain("+")})\n${chain("+")} < a`, "");
    expect(floatLocals(source)).toEqual(["x"]);
  });
});
