// The code `match` and its patterns compile to (compiler/patterns.ts), where program output
// alone cannot tell: when the subject is copied, when a match is dispatched through
// SWITCHVARIANT, the inclusive bounds of a range, which literal test each literal gets.
import { describe, expect, it } from "vitest";
import { disassemble } from "../../assembler/index.js";
import { compileSource } from "../../compiler/index.js";
import { runVeld } from "../helpers/veld.js";
import { code } from "./function-code.js";

/** The instructions of `f` in `source`, at -O1 unless told. */
const f = (source: string, optimize: 0 | 1 = 1) => code(source, "f", optimize);
const ops = (listing: string[]) => listing.map((l) => l.split(" ")[0]);

/** The bounds of `f`'s first TESTRANGE, as the disassembler writes the constants. */
function bounds(source: string): string[] {
  const text = disassemble(compileSource(source, { optimize: 1 }).bytes!, { debug: false });
  const f = text.slice(text.search(/\.function F\d+ "f"/));
  const [, k1, k2] = /TESTRANGE\s+R0, (K\d+), (K\d+)/.exec(f)!;
  const constant = (k: string) => {
    const c = new RegExp(`\\.const ${k} (C\\d+)`).exec(f)![1]!;
    return new RegExp(`^\\.constant ${c} (.*)$`, "m").exec(text)![1]!;
  };
  return [constant(k1!), constant(k2!)];
}

describe("the subject of a match", () => {
  const guardAssigns =
    'fn f()\n  var x = 1\n  let r = match x\n    _ where do\n      x = 2\n      false\n    end => "guard",\n' +
    '    1 => "one",\n    _ => "other",\n  end\n  println(r)\n  println(x)\nend\nf()\n';

  it("is a snapshot when a guard assigns it: later arms test the value it had", () => {
    for (const o of [0, 1] as const) expect(runVeld(guardAssigns, [], o).stdout).toBe("one\n2\n");
    expect(f(guardAssigns, 0).slice(0, 2)).toEqual(["LOADI R0, 1", "MOVE R2, R0"]);
  });

  it("is the variable's own register when no guard assigns it", () => {
    const source =
      'fn f()\n  var x = 1\n  let r = match x\n    1 => "one",\n    _ => "other",\n  end\n  x = 3\n  println(r)\n  println(x)\nend\nf()\n';
    expect(runVeld(source).stdout).toBe("one\n3\n");
    expect(f(source, 0).slice(0, 2)).toEqual(["LOADI R0, 1", "EQI R0, 1, 0"]);
  });
});

describe("a match in tail position", () => {
  it("returns from each arm with no CLOSE after it, also for a captured binding (-O0)", () => {
    const source = "fn f(v) => match v\n  x => () => x,\nend\nprintln(f(3)())\n";
    expect(runVeld(source, [], 0).stdout).toBe("3\n");
    expect(f(source, 0).slice(0, 3)).toEqual(["MOVE R1, R0", "CLOSURE R2, P0", "RETURN R2"]);
    expect(ops(f(source, 0))).not.toContain("CLOSE");
  });
});

describe("SWITCHVARIANT (-O1)", () => {
  const enumOf = (n: number) =>
    `enum E\n${Array.from({ length: n }, (_, i) => `  V${i}\n`).join("")}end\n`;
  const match = (n: number, arms: string) =>
    `${enumOf(n)}fn f(e) => match e\n${arms}  _ => 9,\nend\nprintln(f(E.V1))\nprintln(f(E.V${n - 1}))\nprintln(f(0))\n`;
  const three = "  E.V0 => 0,\n  E.V1 => 1,\n  E.V2 => 2,\n";

  it("switches on the enum of the first variant arm, also after arms of other kinds", () => {
    const source = match(4, `  0 => 7,\n${three}`);
    expect(f(source)[0]).toMatch(/^SWITCHVARIANT R0, /);
    expect(runVeld(source).stdout).toBe("1\n9\n7\n");
  });

  it("takes a table of up to four words per variant arm: 12 variants for three arms, not 13", () => {
    expect(f(match(12, three))[0]).toMatch(/^SWITCHVARIANT R0, /);
    expect(ops(f(match(13, three)))).not.toContain("SWITCHVARIANT");
    expect(runVeld(match(12, three)).stdout).toBe("1\n9\n9\n");
  });

  it("sends the last entry (no variant of the enum) to the first arm that is not one", () => {
    const source = match(3, `${three}  1 => 5,\n`);
    expect(runVeld(source).stdout).toBe("1\n2\n9\n");
    expect(runVeld(source.replace("f(0)", "f(1)")).stdout).toBe("1\n2\n5\n");
  });
});

describe("ranges", () => {
  const range = (pattern: string) => {
    const source = `fn f(c) => match c\n  ${pattern} => 1,\n  _ => 0,\nend\nprintln(f(1))\n`;
    return f(source)[0];
  };

  it("an exclusive range's upper bound is the value before it: for chars the scalar before", () => {
    const source = "fn f(c) => match c\n  1..4 => 1,\n  'a'..'d' => 2,\n  _ => 0,\nend\n";
    const out = `${source}println(f(3))\nprintln(f(4))\nprintln(f('c'))\nprintln(f('d'))\n`;
    expect(runVeld(out).stdout).toBe("1\n0\n2\n0\n");
    expect(range("1..4")).toBe("TESTRANGE R0, K0, K1");
    const consts = (pattern: string) =>
      bounds(`fn f(c) => match c\n  ${pattern} => 1,\n  _ => 0,\nend\nprintln(f(1))\n`);
    expect(consts("1..4")).toEqual(["1", "3"]);
    expect(consts("'a'..'d'")).toEqual(["'a'", "'c'"]);
    // Below U+E000 lie the surrogates, which are no chars: the scalar before it is U+D7FF.
    expect(consts("'a'..'\\u{E000}'")).toEqual(["'a'", `'${String.fromCodePoint(0xd7ff)}'`]);
    expect(consts("'a'..'\\u{E001}'")).toEqual(["'a'", `'${String.fromCodePoint(0xe000)}'`]);
    expect(consts("'a'..'\\u{D7FF}'")).toEqual(["'a'", `'${String.fromCodePoint(0xd7fe)}'`]);
  });
});

describe("literal patterns", () => {
  // A first arm, so that a leading `-` is not read as a subtraction from the subject.
  const test = (literal: string) =>
    f(`fn f(c) => match c\n  0 => 2,\n  ${literal} => 1,\n  _ => 0,\nend\nprintln(f(1))\n`)
      .filter((l) => !l.endsWith(":"))
      .slice(4, 6);

  it("an int in -128..=127 is an EQI immediate; beyond it, an EQK constant", () => {
    expect(test("-128")[0]).toBe("EQI R0, -128, 0");
    expect(test("127")[0]).toBe("EQI R0, 127, 0");
    expect(test("-129")[0]).toBe("EQK R0, K0, 0");
    expect(test("128")[0]).toBe("EQK R0, K0, 0");
  });

  it("true, false and () are loaded and compared with EQ", () => {
    expect(test("true")).toEqual(["LOADTRUE R1", "EQ R0, R1, 0"]);
    expect(test("false")).toEqual(["LOADFALSE R1", "EQ R0, R1, 0"]);
    expect(test("()")).toEqual(["LOADUNIT R1, 0", "EQ R0, R1, 0"]);
  });

  it("a constant in K slot 255 is an EQK operand; in slot 256 it is loaded for EQ", () => {
    const program = (n: number) => {
      const prints = Array.from({ length: n }, (_, i) => `  println("c${i}")\n`).join("");
      return `fn f(v)\n${prints}  match v\n    "x" => 1,\n    _ => 0,\n  end\nend\nprintln(f("x"))\nprintln(f("y"))\n`;
    };
    const [at255, at256] = [f(program(255)), f(program(256))];
    expect(at255).toContain("EQK R0, K255, 0");
    expect(at256.filter((l) => /^(LOADK R\d+, K256|EQ R0, R\d+, 0)$/.test(l))).toHaveLength(2);
    expect(at256.join("\n")).not.toContain("EQK");
    const out = runVeld(program(256)).stdout.split("\n");
    expect(out.filter((l) => !l.startsWith("c"))).toEqual(["1", "0", ""]);
  });
});

describe("or-patterns", () => {
  const nested =
    "fn f(v) => match v\n  ((a, 0) | (0, a), 1) | (a, 2) => a,\n  _ => -1,\nend\n" +
    "println(f(((7, 0), 1)))\nprintln(f(((0, 8), 1)))\nprintln(f((9, 2)))\nprintln(f(((0, 0), 3)))\n";

  it("an or-pattern nested in an alternative binds the same variables as the outer one", () => {
    for (const o of [0, 1] as const) expect(runVeld(nested, [], o).stdout).toBe("7\n8\n9\n-1\n");
  });

  it("an alternative may be a variant without a payload pattern", () => {
    const source =
      'fn f(v) => match v\n  None | Some(0) => "none or zero",\n  _ => "other",\nend\n' +
      "println(f(None))\nprintln(f(Some(0)))\nprintln(f(Some(1)))\n";
    expect(runVeld(source).stdout).toBe("none or zero\nnone or zero\nother\n");
  });

  it("each alternative but the last jumps to the arm on a match (-O0)", () => {
    const listing = f("fn f(v) => match v\n  1 | 2 | 3 => 1,\n  _ => 0,\nend\nprintln(f(1))\n", 0);
    expect(ops(listing.filter((l) => !l.endsWith(":"))).slice(0, 9)).toEqual([
      "EQI",
      "JMP",
      "JMP",
      "EQI",
      "JMP",
      "JMP",
      "EQI",
      "JMP",
      "LOADI",
    ]);
  });
});

describe("struct patterns", () => {
  it("a `_` field is not read", () => {
    const source =
      "struct P\n  x: int\n  y: int\nend\nfn f(p) => match p\n  P(x: _, y) => y,\nend\nprintln(f(P(x: 1, y: 2)))\n";
    expect(runVeld(source).stdout).toBe("2\n");
    expect(ops(f(source)).filter((o) => o === "GETFIELD")).toHaveLength(1);
  });
});

describe("a bare struct pattern", () => {
  it("`None` of a struct named None tests the type only", () => {
    const source =
      "struct None\n  x: int\nend\nfn f(v) => match v\n  None => 1,\n  _ => 0,\nend\n" +
      "println(f(None(x: 1)))\nprintln(f(2))\n";
    expect(runVeld(source).stdout).toBe("1\n0\n");
    expect(ops(f(source)).slice(0, 2)).toEqual(["TESTSTRUCT", "JMP"]);
  });
});

describe("irrefutable patterns", () => {
  it("`let _ = e` evaluates e and binds nothing", () => {
    expect(runVeld('let _ = println("a")\nlet (_, b) = (1, 2)\nprintln(b)\n').stdout).toBe(
      "a\n2\n",
    );
  });
});
