import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OPCODES } from "../../format/opcodes.js";
import { out, print, prog } from "./helpers.js";

describe("the VM switches", () => {
  // The opcodes are split between execute's switch and coldOp's: one case each overall.
  it("have one `case Op.NAME` per opcode", () => {
    const src = readFileSync(new URL("../../runtime/vm.ts", import.meta.url), "utf8");
    const cases = [...src.matchAll(/case Op\.(\w+):/g)].map((m) => m[1]).sort();
    expect(cases).toEqual(OPCODES.map((o) => o.name).sort());
  });
});

const p = (r: number) => print(r);

describe("loads and moves", () => {
  it("loads constants of every kind", () => {
    const m = prog(
      [
        ["LOADK", 0, 0],
        ...p(0),
        ["LOADK", 0, 1],
        ...p(0),
        ["LOADK", 0, 2],
        ...p(0),
        ["LOADK", 0, 3],
        ...p(0),
        ["LOADK", 0, 4],
        ...p(0),
        ["LOADI", 0, -7],
        ...p(0),
        ["LOADF", 0, 3],
        ...p(0),
        ["LOADTRUE", 0],
        ...p(0),
        ["LOADFALSE", 0],
        ...p(0),
        ["LOADI", 1, 5],
        ["LOADUNIT", 0, 1],
        ["MOVE", 2, 1],
        ...p(2),
        ["RETURNUNIT"],
      ],
      { consts: [9223372036854775807n, 1.5, "héllo", { char: "λ" }, 2.0] },
    );
    expect(out(m)).toBe("9223372036854775807\n1.5\nhéllo\nλ\n2\n-7\n3\ntrue\nfalse\n()\n");
  });
});

describe("arithmetic", () => {
  const bin = (op: string, x: bigint | number | string, y: bigint | number) =>
    out(
      prog(
        [
          ["LOADK", 0, 0],
          ["LOADK", 1, 1],
          [op, 2, 0, 1],
          ...p(2),
          [op + "K", 2, 0, 1],
          ...p(2),
          ["RETURNUNIT"],
        ],
        { consts: [x, y] },
      ),
    );
  it.each([
    ["ADD", 7n, 5n, "12"],
    ["SUB", 7n, 5n, "2"],
    ["MUL", 7n, 5n, "35"],
    ["DIV", -7n, 2n, "-3"],
    ["MOD", -7n, 2n, "-1"],
    ["POW", 2n, 10n, "1024"],
    ["ADD", 0.5, 0.25, "0.75"],
    ["DIV", 1n, 4.0, "0.25"],
    ["MUL", 3037000499n, -3037000499n, "-9223372030926249001"],
  ] as const)("%s %s %s", (op, x, y, r) => expect(bin(op, x, y)).toBe(`${r}\n${r}\n`));

  it("raises IntegerOverflow, DivisionByZero and TypeError", () => {
    expect(bin("ADD", 9223372036854775807n, 1n)).toBe("!IntegerOverflow");
    expect(bin("DIV", -9223372036854775807n - 1n, -1n)).toBe("!IntegerOverflow");
    expect(bin("MUL", 4611686018427387904n, 2n)).toBe("!IntegerOverflow");
    expect(bin("DIV", 1n, 0n)).toBe("!DivisionByZero");
    expect(bin("MOD", 1.5, 0.0)).toBe("!DivisionByZero");
    expect(bin("ADD", "a", 1n)).toBe("!TypeError");
  });

  it("ADDI, NEG, NOT, CONCAT", () => {
    const m = prog(
      [
        ["LOADI", 0, 5],
        ["ADDI", 1, 0, -7],
        ...p(1),
        ["NEG", 1, 1],
        ...p(1),
        ["LOADTRUE", 2],
        ["NOT", 2, 2],
        ...p(2),
        ["LOADK", 3, 0],
        ["LOADK", 4, 1],
        ["NEWARRAY", 5, 2],
        ["CONCAT", 3, 3],
        ...p(3),
        ["LOADK", 6, 2],
        ["NEG", 6, 6],
        ...p(6),
        ["LOADK", 6, 0],
        ["NOT", 6, 6],
        ["RETURNUNIT"],
      ],
      { consts: ["x=", 1e21, -9223372036854775807n - 1n] },
    );
    // CONCAT of R3..R5: "x=" ++ "1000000000000000000000" ++ str([1e21, ()])... R5 is NEWARRAY of R6,R7 (unit)
    expect(out(m)).toBe("-2\n2\nfalse\nx=1000000000000000000000[(), ()]\n!IntegerOverflow");
  });
});

describe("comparisons and branches", () => {
  it("produces bools", () => {
    const m = prog(
      [
        ["LOADI", 0, 1],
        ["LOADK", 1, 0],
        ["SEQ", 2, 0, 1],
        ...p(2),
        ["SNE", 2, 0, 1],
        ...p(2),
        ["SLT", 2, 0, 1],
        ...p(2),
        ["SLE", 2, 0, 1],
        ...p(2),
        ["LOADK", 3, 1],
        ["LOADK", 4, 2],
        ["SLT", 2, 3, 4],
        ...p(2),
        ["RETURNUNIT"],
      ],
      { consts: [1.0, "abc", "abd"] },
    );
    expect(out(m)).toBe("true\nfalse\nfalse\ntrue\ntrue\n");
  });

  // Each test prints "T" when its jump is taken (the test equals k) and "F" otherwise.
  const branch = (
    test: (string | number)[],
    setup: [string, ...(number | string)[]][] = [],
    consts: (bigint | number | string)[] = [],
  ) =>
    out(
      prog(
        [
          ...setup,
          test as [string, ...number[]],
          ["JMP", "T"],
          ["LOADK", 9, 0],
          ["JMP", "E"],
          "T:",
          ["LOADK", 9, 1],
          "E:",
          ...p(9),
          ["RETURNUNIT"],
        ],
        { consts: ["F", "T", ...consts] },
      ),
    );
  it.each([
    [["EQ", 0, 1, 1], "F"],
    [["EQ", 0, 1, 0], "T"],
    [["LT", 0, 1, 1], "F"],
    [["LT", 1, 0, 1], "T"],
    [["LE", 0, 0, 1], "T"],
    [["EQK", 0, 2, 1], "T"],
    [["EQI", 0, 3, 1], "T"],
    [["EQI", 0, 4, 1], "F"],
    [["LTI", 0, 4, 1], "T"],
    [["LEI", 0, 3, 1], "T"],
    [["GTI", 0, 2, 1], "T"],
    [["GEI", 0, 4, 1], "F"],
    [["TEST", 2, 1], "T"],
    [["TEST", 2, 0], "F"],
  ])("%j → %s", (test, r) => {
    expect(
      branch(
        test as (string | number)[],
        [
          ["LOADI", 0, 3],
          ["LOADI", 1, 2],
          ["LOADTRUE", 2],
        ],
        [3n],
      ),
    ).toBe(`${r}\n`);
  });
  it("TEST on a non-bool is a TypeError", () => {
    expect(branch(["TEST", 0, 1], [["LOADI", 0, 1]])).toBe("!TypeError");
  });
  it("LT on mixed kinds is a TypeError", () => {
    expect(
      branch(
        ["LT", 0, 1, 1],
        [
          ["LOADI", 0, 1],
          ["LOADK", 1, 0],
        ],
      ),
    ).toBe("!TypeError");
  });
});

describe("data structures", () => {
  const types = [
    { struct: "P", fields: ["x", "y"] },
    {
      enum: "E",
      variants: [
        ["A", 0],
        ["B", 2],
      ] as [string, number][],
    },
  ];
  it("structs, enums, tuples, arrays, ranges", () => {
    const m = prog(
      [
        ["LOADI", 1, 1],
        ["LOADI", 2, 2],
        ["NEWSTRUCT", 0, 0],
        ...p(0),
        ["LOADI", 3, 9],
        ["SETFIELD", 0, 0, 3],
        ["GETFIELD", 4, 0, 0],
        ...p(4),
        ...p(0),
        ["NEWENUM", 5, 0],
        ...p(5),
        ["LOADI", 6, 1],
        ["LOADI", 7, 2],
        ["NEWENUM", 5, 1],
        ...p(5),
        ["GETPAYLOAD", 6, 5, 1],
        ...p(6),
        ["LOADI", 8, 5],
        ["LOADI", 9, 6],
        ["NEWTUPLE", 7, 2],
        ["MOVE", 12, 7],
        ...p(7),
        ["GETTUPLE", 6, 7, 1],
        ...p(6),
        ["LOADI", 8, 8],
        ["LOADI", 9, 9],
        ["NEWARRAY", 7, 2],
        ["LOADI", 8, 5],
        ["APPEND", 7, 1],
        ...p(7),
        ["LOADI", 8, 2],
        ["GETINDEX", 6, 7, 8],
        ...p(6),
        ["LOADI", 9, 0],
        ["LOADK", 10, 1],
        ["SETINDEX", 7, 9, 10],
        ...p(7),
        ["LOADI", 10, 0],
        ["LOADI", 11, 3],
        ["NEWRANGE", 10, 1],
        ...p(10),
        ["TESTSTRUCT", 0, 0],
        ["JMP", "bad"],
        ["TESTVARIANT", 5, 1],
        ["JMP", "bad"],
        ["TESTTUPLE", 12, 2],
        ["JMP", "bad"],
        ["JMP", "ok"],
        "bad:",
        ["RETURNUNIT"],
        "ok:",
        ["LOADK", 6, 1],
        ...p(6),
        ["RETURNUNIT"],
      ],
      { consts: ["x", "ok"], types },
    );
    expect(out(m)).toBe(
      "P(x: 1, y: 2)\n9\nP(x: 9, y: 2)\nE.A\nE.B(1, 2)\n2\n(5, 6)\n6\n[8, 9, 5]\n5\n[ok, 9, 5]\n0..=3\nok\n",
    );
  });
  it("raises IndexOutOfBounds, UndefinedField and TypeError", () => {
    const idx = prog([["NEWARRAY", 0, 0], ["LOADI", 1, 0], ["GETINDEX", 2, 0, 1], ["RETURNUNIT"]]);
    expect(out(idx)).toBe("!IndexOutOfBounds");
    const neg = prog([["NEWARRAY", 0, 0], ["LOADI", 1, -1], ["SETINDEX", 0, 1, 1], ["RETURNUNIT"]]);
    expect(out(neg)).toBe("!IndexOutOfBounds");
    const fld = prog([["NEWSTRUCT", 0, 0], ["GETFIELD", 3, 0, 0], ["RETURNUNIT"]], {
      consts: ["z"],
      types,
    });
    expect(out(fld)).toBe("!UndefinedField");
    const notStruct = prog([["LOADI", 0, 1], ["GETFIELD", 3, 0, 0], ["RETURNUNIT"]], {
      consts: ["z"],
    });
    expect(out(notStruct)).toBe("!TypeError");
    const rng = prog([["LOADK", 0, 0], ["LOADI", 1, 1], ["NEWRANGE", 0, 0], ["RETURNUNIT"]], {
      consts: [0.5],
    });
    expect(out(rng)).toBe("!TypeError");
  });
});

describe("loops and iteration", () => {
  it("FORPREP/FORLOOP sum 0..<10 and 0..=10", () => {
    const sum = (prep: string) =>
      out(
        prog([
          ["LOADI", 0, 0],
          ["LOADI", 1, 0],
          ["LOADI", 2, 10],
          [prep, 1, "done"],
          "top:",
          ["ADD", 0, 0, 1],
          ["FORLOOP", 1, "top"],
          "done:",
          ...p(0),
          ["RETURNUNIT"],
        ]),
      );
    expect(sum("FORPREP")).toBe("45\n");
    expect(sum("FORPREPI")).toBe("55\n");
  });
  it("is exact at the top of i64", () => {
    const m = prog(
      [
        ["LOADK", 1, 0],
        ["LOADK", 2, 1],
        ["FORPREPI", 1, "done"],
        "top:",
        ...p(1),
        ["FORLOOP", 1, "top"],
        "done:",
        ["RETURNUNIT"],
      ],
      { consts: [9223372036854775805n, 9223372036854775807n] },
    );
    expect(out(m)).toBe("9223372036854775805\n9223372036854775806\n9223372036854775807\n");
  });
  it("iterates arrays, strings, ranges and user iterators", () => {
    const loop = (
      setup: [string, ...(number | string)[]][],
      consts: (bigint | string)[] = [],
      extra: Partial<Parameters<typeof prog>[1]> = {},
    ) =>
      out(
        prog(
          [
            ...setup,
            ["GETITER", 1, 0],
            "top:",
            ["ITERNEXT", 1, "done"],
            ...p(2),
            ["JMP", "top"],
            "done:",
            ["RETURNUNIT"],
          ],
          { consts, ...extra },
        ),
      );
    expect(
      loop([
        ["LOADI", 1, 1],
        ["LOADI", 2, 2],
        ["NEWARRAY", 0, 2],
      ]),
    ).toBe("1\n2\n");
    expect(loop([["LOADK", 0, 0]], ["aé😀"])).toBe("a\né\n😀\n");
    expect(
      loop([
        ["LOADI", 0, 1],
        ["LOADI", 1, 3],
        ["NEWRANGE", 0, 0],
      ]),
    ).toBe("1\n2\n");
    expect(loop([["LOADI", 0, 1]])).toBe("!TypeError");
    // A struct Counter(n) whose next() returns Some(n) and decrements until 0.
    const counter = {
      name: "next",
      params: 1,
      registers: 6,
      consts: ["n"],
      code: [
        ["GETFIELD", 1, 0, 0],
        ["LEI", 1, 0, 1],
        ["JMP", "none"],
        ["ADDI", 2, 1, -1],
        ["SETFIELD", 0, 0, 2],
        ["MOVE", 3, 1],
        ["NEWENUM", 2, 0],
        ["RETURN", 2],
        "none:",
        ["NEWENUM", 2, 1],
        ["RETURN", 2],
      ] as [string, ...(number | string)[]][],
    };
    const m = loop(
      [
        ["CLOSURE", 5, 0],
        ["SETGLOBAL", 5, 0],
        ["LOADI", 3, 3],
        ["NEWSTRUCT", 2, 2],
        ["MOVE", 0, 2],
      ],
      [],
      {
        types: [
          {
            enum: "Option",
            variants: [
              ["Some", 1],
              ["None", 0],
            ],
            prelude: true,
          },
          {
            enum: "Result",
            variants: [
              ["Ok", 1],
              ["Err", 1],
            ],
            prelude: true,
          },
          { struct: "Counter", fields: ["n"], methods: { next: 0 } },
        ],
        globals: ["Counter.next"],
        children: ["next"],
        functions: [counter],
      },
    );
    expect(m).toBe("3\n2\n1\n");
  });
});
