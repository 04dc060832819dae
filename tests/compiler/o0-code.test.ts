// The code -O0 emits for a few shapes, instruction by instruction: without the peephole pass
// nothing hides a dead instruction, so each shape is exactly what codegen wrote (no RETURN
// after a `return`, no RETURNUNIT after a function's value, `()` for a block ending in `let`,
// a negated literal loaded as one constant). Last, the bounds of -O1's ADDI immediate.
import { describe, expect, it } from "vitest";
import { runVeld } from "../helpers/veld.js";
import { code } from "./function-code.js";

describe("-O0 code", () => {
  it("a function ending in `return` returns once", () => {
    expect(code("fn f(x)\n  return x\nend\nprintln(f(1))\n", "f")).toEqual(["RETURN R0"]);
    for (const end of ["throw x", "break", "continue"]) {
      const body = end === "throw x" ? end : `for i in 0..1 do\n    ${end}\n  end`;
      const listing = code(`fn f(x)\n  ${body}\nend\nprintln(f(1))\n`, "f");
      expect(listing.filter((l) => l.startsWith("RETURN")).length, end).toBeLessThanOrEqual(1);
    }
    expect(code("fn f(x)\n  throw x\nend\nprintln(f(1))\n", "f")).toEqual(["THROW R0"]);
  });

  it("a function ending in an expression returns its value, with no RETURNUNIT after", () => {
    expect(code("fn g(x)\n  x + 1\nend\nprintln(g(1))\n", "g")).toEqual([
      "LOADI R2, 1",
      "ADD R1, R0, R2",
      "RETURN R1",
    ]);
  });

  it("a block ending in a `let` is ()", () => {
    expect(code("let v = do\n  let a = 5\nend\nprintln(v)\n", "<main>").slice(0, 2)).toEqual([
      "LOADI R1, 5",
      "LOADUNIT R0, 0",
    ]);
  });
});

describe("literal operands", () => {
  it("-O0 loads a negated number literal `-(5)` as one constant (the parser reads `-5` as one)", () => {
    const main = code("println(-(5))\nprintln(-(2.5))\nprintln(-(40000))\n", "<main>");
    expect(main.filter((l) => l.startsWith("LOAD"))).toEqual([
      "LOADI R1, -5",
      "LOADK R1, K0",
      "LOADK R1, K1",
    ]);
    expect(main.some((l) => l.startsWith("NEG"))).toBe(false);
  });

  it("-O0's negated literals have the negated values; `!` of a literal is no literal", () => {
    const source = "println(-(5))\nprintln(-(2.5))\nprintln(-(40000))\n";
    expect(runVeld(source, [], 0).stdout).toBe("-5\n-2.5\n-40000\n");
    expect(code("println(!(5))\n", "<main>").filter((l) => /^(LOAD|NOT)/.test(l))).toEqual([
      "LOADI R2, 5",
      "NOT R1, R2",
    ]);
  });

  it("-O0 loads `-(-(2^63 - 1))` as one constant; `-(-(2^63))` overflows, so it is negated at run time", () => {
    const main = code(
      "println(-(-9223372036854775807))\nprintln(-(-9223372036854775808))\n",
      "<main>",
    );
    expect(main.filter((l) => /^(LOAD|NEG)/.test(l))).toEqual([
      "LOADK R1, K0",
      "LOADK R2, K1",
      "NEG R1, R2",
    ]);
  });

  it("-O1 adds an int literal from -128 to 127 as ADDI, `x - 0` and any other as a constant", () => {
    const f = (body: string) => code(`fn f(x) => ${body}\nprintln(f(1))\n`, "f", 1)[0];
    expect(f("x + 127")).toBe("ADDI R1, R0, 127");
    expect(f("x + 128")).toBe("ADDK R1, R0, K0");
    expect(f("x - 128")).toBe("ADDI R1, R0, -128");
    expect(f("x - 129")).toBe("SUBK R1, R0, K0");
    expect(f("x + -128")).toBe("ADDI R1, R0, -128");
    expect(f("x + -129")).toBe("ADDK R1, R0, K0");
    expect(f("x - 0")).toBe("SUBK R1, R0, K0");
    expect(f("2.5 * x")).toBe("MULK R1, R0, K0");
  });
});
