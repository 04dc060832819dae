// What constant folding (compiler/fold.ts) computes, operator by operator, and what it leaves
// to the runtime because the runtime would raise or the result is not exact.

import { describe, expect, it } from "vitest";
import { compileFiles } from "../../compiler/index.js";
import { foldProgram } from "../../compiler/fold.js";
import { parse, resolve, type Expr } from "../../language/index.js";
import { load } from "../../runtime/index.js";
import { runProgram } from "../helpers/veld.js";

/** The folded value of `expr` as `kind value`, or "-" when it stays an expression. */
function fold(expr: string): string {
  const program = parse(`let x = ${expr}\nprintln(x)`).program;
  const res = resolve(program);
  expect(res.diagnostics).toEqual([]);
  const v = (foldProgram(program, res).stmts[0] as unknown as { value: Expr }).value;
  switch (v.kind) {
    case "IntLit":
      return `int ${v.value}`;
    case "FloatLit":
      return `float ${Object.is(v.value, -0) ? "-0" : v.value}`;
    case "StringLit":
      return `str ${v.value}`;
    case "BoolLit":
      return `bool ${v.value}`;
    default:
      return "-";
  }
}

const MAX = "9223372036854775807";
const MIN = `(-${MAX} - 1)`;

/** A NaN no literal can write: `1e308 * 10.0` folds to infinity. */
const INF_MINUS_INF = "1e308 * 10.0 - 1e308 * 10.0";

const CASES: [string, string][] = [
  // ints
  ["2 + 3", "int 5"],
  ["7 - 10", "int -3"],
  ["6 * 7", "int 42"],
  ["7 / 2", "int 3"],
  ["-7 / 2", "int -3"],
  ["7 / 0", "-"],
  ["7 % 3", "int 1"],
  ["-7 % 3", "int -1"],
  ["7 % 0", "-"],
  [`${MAX} + 1`, "-"],
  [`${MAX} + 0`, `int ${MAX}`],
  [MIN, `int -${MAX.slice(0, -1)}8`],
  [`${MIN} - 1`, "-"],
  [`-${MIN}`, "-"],
  [`${MIN} / -1`, "-"],
  [`${MAX} * 2`, "-"],
  ["2 *^ 10", "int 1024"],
  ["2 *^ 0", "int 1"],
  ["2 *^ -1", "-"],
  ["2 *^ 62", "int 4611686018427387904"],
  ["2 *^ 63", "-"],
  ["(-2) *^ 63", `int -${MAX.slice(0, -1)}8`],
  ["3 *^ 64", "-"],
  ["0 *^ 64", "int 0"],
  ["1 *^ 64", "int 1"],
  ["(-1) *^ 64", "int 1"],
  ["1 *^ 65", "-"],
  ["1 < 2", "bool true"],
  ["2 < 1", "bool false"],
  ["1 <= 1", "bool true"],
  ["2 <= 1", "bool false"],
  ["2 > 1", "bool true"],
  ["1 > 1", "bool false"],
  ["1 >= 1", "bool true"],
  ["0 >= 1", "bool false"],
  ["1 == 1", "bool true"],
  ["1 == 2", "bool false"],
  ["1 != 1", "bool false"],
  ["1 != 2", "bool true"],
  ["2 != 1", "bool true"],
  // floats, and ints a double holds exactly
  ["1.5 + 1", "float 2.5"],
  ["1 + 1.5", "float 2.5"],
  ["1.5 - 1", "float 0.5"],
  ["1.5 * 2", "float 3"],
  ["3.0 / 2", "float 1.5"],
  ["1.0 / 0.0", "-"],
  ["7.5 % 2", "float 1.5"],
  ["1.0 % 0.0", "-"],
  ["2.0 *^ 2", "-"],
  ["1.5 < 2", "bool true"],
  ["2.0 < 2", "bool false"],
  ["2.0 <= 2", "bool true"],
  ["2.5 <= 2", "bool false"],
  ["2.5 > 3", "bool false"],
  ["3.5 > 3", "bool true"],
  ["3.0 >= 3", "bool true"],
  ["2.0 >= 3", "bool false"],
  ["1.0 == 1", "bool true"],
  ["1.0 != 1", "bool false"],
  ["2.0 != 1", "bool true"],
  ["9007199254740991 < 9007199254740992.0", "bool true"],
  ["9007199254740993 > 9007199254740992.0", "-"],
  ["-9007199254740993 == 1.0", "-"],
  ["2.5 + 2.5", "float 5"],
  // unary
  ["-(3)", "int -3"],
  ["-(2.5)", "float -2.5"],
  ["-(0.0)", "float -0"],
  ["!true", "bool false"],
  ["!false", "bool true"],
  // strings
  ['"a" + "b"', "str ab"],
  ['"a" == "a"', "bool true"],
  ['"a" == "b"', "bool false"],
  ['"a" != "a"', "bool false"],
  ['"a" != "b"', "bool true"],
  ['"a" < "b"', "-"],
  // bools
  ["true and false", "bool false"],
  ["true and true", "bool true"],
  ["false or true", "bool true"],
  ["false or false", "bool false"],
  ["true == false", "bool false"],
  ["true == true", "bool true"],
  ["true != false", "bool true"],
  ["true != true", "bool false"],
  ["true < false", "-"],
  // operands of the wrong type: the runtime raises
  ["!5", "-"],
  ["!2.5", "-"],
  ["-(true)", "-"],
  ["true + 1", "-"],
  ["1 + true", "-"],
  ['"a" + 1', "-"],
  ["1.5 + true", "-"],
  ['1 + "a"', "-"],
  ["true == 1", "-"],
  ["1 == true", "-"],
  // NaN (folded from infinities) is not ordered: its comparisons are left to the runtime
  [INF_MINUS_INF, "float NaN"],
  [`(${INF_MINUS_INF}) == 1.0`, "-"],
  [`1.0 != (${INF_MINUS_INF})`, "-"],
  // nested: folded bottom-up
  ["(1 + 2) * (3 + 4)", "int 21"],
  ["!(1 < 2) or 2.0 == 2", "bool true"],
];

describe("constant folding", () => {
  for (const [expr, expected] of CASES) it(expr, () => expect(fold(expr)).toBe(expected));

  it("a chain of 20,000 links folds from its head up, without recursing down it", () => {
    expect(fold(Array(20_000).fill("1").join(" + "))).toBe("int 20000");
  });

  it("visits each node of the folded program once, children first", () => {
    const program = parse("let y = 1\nlet x = y + (1 + 2) + 3 + -(4)\nprintln(x)").program;
    const seen: string[] = [];
    const visited = new Set<object>();
    foldProgram(program, resolve(program), (n) => {
      expect(visited.has(n)).toBe(false);
      visited.add(n);
      if (n.kind === "Binary") seen.push(n.op);
      else if (n.kind === "IntLit") seen.push(String(n.value));
    });
    // `1 + 2` and `-(4)` visited folded, after their operands; `y` (a name) is not visited.
    expect(seen).toEqual(["1", "1", "2", "3", "+", "3", "+", "4", "-4", "+"]);
  });

  it("a `pub const` is dropped (its uses become its literal) but in a library's main file", () => {
    const src = "pub const K = 2 * 3\nconst J = 4\nlet x = K + J\nprintln(x)";
    const kinds = (keepPublic?: boolean) => {
      const program = parse(src).program;
      const res = resolve(program);
      const out =
        keepPublic === undefined
          ? foldProgram(program, res)
          : foldProgram(program, res, undefined, new Map(), keepPublic);
      return out.stmts.map((st) => {
        const v = (st as unknown as { value?: Expr }).value;
        return `${st.kind} ${v?.kind ?? ""} ${v?.kind === "IntLit" ? v.value : ""}`.trim();
      });
    };
    expect(kinds()).toEqual(["Let IntLit 10", "ExprStmt"]);
    expect(kinds(false)).toEqual(["Let IntLit 10", "ExprStmt"]);
    expect(kinds(true)).toEqual(["Let IntLit 6", "Let IntLit 10", "ExprStmt"]);
  });

  it("an imported module's const, as `m.NAME` or by name, is its literal in the importer", () => {
    const files: Record<string, string> = {
      "main.veld": "import m\nimport m.{K}\nprintln(m.K * 10 + K)\n",
      "m.veld": "pub const K = 7\n",
    };
    const r = compileFiles("main.veld", {
      readFile: (path) => (path in files ? new TextEncoder().encode(files[path]) : undefined),
    });
    expect(r.diagnostics).toEqual([]);
    expect(runProgram(load(r.bytes!)).stdout).toBe("77\n");
  });

  it("float, string and bool consts are folded into their uses", () => {
    const src =
      'const F = 1.5\nconst S = "s"\nconst B = !false\nconst T = (1, 2)\nlet x = (F, S, B)\nprintln(x, T)';
    const program = parse(src).program;
    const out = foldProgram(program, resolve(program));
    expect(out.stmts.length).toBe(3); // T (a tuple) stays
    const items = (out.stmts[1] as unknown as { value: { elements: Expr[] } }).value.elements;
    expect(items.map((e) => e.kind)).toEqual(["FloatLit", "StringLit", "BoolLit"]);
  });

  it("a const's folded value replaces its uses; other names stay", () => {
    const program = parse("const K = 2 * 3\nlet y = 1\nlet x = K + 1 + y\nprintln(x)").program;
    const res = resolve(program);
    const out = foldProgram(program, res);
    expect(out.stmts.length).toBe(3);
    const x = (out.stmts[1] as unknown as { value: { left: Expr } }).value.left;
    expect(x).toMatchObject({ kind: "IntLit", value: 7n });
  });
});
