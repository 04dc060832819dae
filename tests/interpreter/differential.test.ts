// Differential testing: every program of tests/interpreter/programs.ts runs on the compiler +
// VM (at -O0 and -O1) and on the tree-walking interpreter; stdout, the uncaught error's kind
// and the exit status must be identical. Both engines take their meaning from one resolver,
// so they also reject the same programs with the same diagnostic codes; nothing is skipped.

import { describe, expect, it } from "vitest";
import { differentialPrograms } from "./programs.js";
import { rejectionCodes, runOnInterpreter, runOnVm } from "../../tools/fuzz/engines.js";

const programs = differentialPrograms();
const view = (o: { stdout: string; error: string | null; exit: number }) => ({
  stdout: o.stdout,
  error: o.error,
  exit: o.exit,
});

describe("the VM and the tree-walking interpreter agree", () => {
  it("has the programs", () => expect(programs.length).toBeGreaterThan(150));

  for (const [name, source] of programs) {
    it(name, () => {
      const interp = view(runOnInterpreter(source));
      for (const level of [0, 1] as const) {
        const vm = runOnVm(source, level);
        expect(vm, `the compiler rejects ${name} at -O${level}`).not.toBeNull();
        expect(interp).toEqual(view(vm!));
      }
    });
  }
});

/** Programs with a static error: [description, source, the one code both engines report]. */
const REJECTED: [string, string, string][] = [
  ["unknown static method", "struct Point(x: i64)\nprintln(1)\nPoint.nope()", "E0919"],
  ["unknown static method as a value", "struct Point(x: i64)\nlet f = Point.nope", "E0919"],
  ["`as` to a non-target", 'println("before")\nprintln(3 as bogus)', "E0922"],
  ["struct in a function", "fn f()\n  struct P(x: i64)\nend", "E0908"],
  ["enum in a block", "do\n  enum E(A)\nend", "E0908"],
  [
    "impl in a function",
    "struct P(x: i64)\nfn f()\n  impl P\n    fn g(self) => 1\n  end\nend",
    "E0908",
  ],
  ["impl of a native", "impl print\n  fn g(self) => 1\nend", "E0911"],
  ["open range", "for i in 0.. do println(i) end", "E0915"],
  ["open range as an index", "let a = [1]\nprintln(a[..1])", "E0915"],
  ["tuple index above 255", "let t = (1, 2)\nprintln(t.256)", "E0916"],
  ["unknown native", "println(1)\nstd.math.nope(1)", "E0301"],
  ["unknown native through an import", "import std.io\nio.nope()", "E0301"],
  ["unknown imported native", "import std.io.{nope}\nnope()", "E0301"],
  ["a module as a value", "let m = math", "E0301"],
  ["a type as a value", "struct P(x: i64)\nlet p = P", "E0301"],
  ["a prelude enum as a value", "let o = Option", "E0301"],
  ["a constructor without its payload", "let s = Some", "E0316"],
  ["a variant without its payload", "enum E A(i64) end\nlet e = E.A", "E0316"],
  ["a piped constructor with too many values", "let x = 1 |> Some(2)", "E0316"],
  [
    "too many parameters",
    `fn f(${Array.from({ length: 256 }, (_, i) => `p${i}`).join(", ")}) => 0`,
    "E0912",
  ],
  ["too many arguments", `fn f() => 0\nf(${Array(251).fill("0").join(", ")})`, "E0918"],
  ["too many template parts", `println~("${"a{1}".repeat(101)}")`, "E0924"],
];

describe("the VM and the tree-walking interpreter reject the same programs", () => {
  for (const [name, source, code] of REJECTED) {
    it(name, () => {
      const codes = rejectionCodes(source);
      expect(codes.vm).toEqual([code]);
      expect(codes.interpreter).toEqual([code]);
    });
  }
});
