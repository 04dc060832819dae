import { describe, expect, it } from "vitest";
import { out, print, prog } from "./helpers.js";
import { run } from "./run.js";
import type { FnSpec } from "./build.js";

const p = (r: number) => print(r);

// rec(n) = n == 0 ? 0 : 1 + rec(n - 1)   (not a tail call)
const rec: FnSpec = {
  name: "rec",
  params: 1,
  registers: 3,
  code: [
    ["EQI", 0, 0, 0],
    ["JMP", "more"],
    ["RETURN", 0],
    "more:",
    ["GETGLOBAL", 1, 0],
    ["ADDI", 2, 0, -1],
    ["CALL", 1, 1],
    ["ADDI", 1, 1, 1],
    ["RETURN", 1],
  ],
};
const callRec = (n: bigint) =>
  prog(
    [
      ["CLOSURE", 0, 0],
      ["SETGLOBAL", 0, 0],
      ["GETGLOBAL", 1, 0],
      ["LOADK", 2, 0],
      ["CALL", 1, 1],
      ...p(1),
      ["RETURNUNIT"],
    ],
    {
      consts: [n],
      globals: ["rec"],
      children: ["rec"],
      functions: [rec],
    },
  );

describe("calls", () => {
  it("recurses 100,000 frames deep", () => {
    expect(out(callRec(100_000n))).toBe("100000\n");
  });
  it("reports StackOverflow beyond maxDepth, not a host crash", () => {
    expect(out(callRec(1000n), { maxDepth: 500 })).toBe("!StackOverflow");
    expect(out(callRec(10_000_000n))).toBe("!StackOverflow");
  });
  it("TAILCALL runs in constant depth", () => {
    const loop: FnSpec = {
      name: "loop",
      params: 2,
      registers: 4,
      code: [
        ["EQI", 0, 0, 0],
        ["JMP", "more"],
        ["RETURN", 1],
        "more:",
        ["GETGLOBAL", 2, 0],
        ["ADDI", 3, 0, -1],
        ["ADDI", 4, 1, 1],
        ["TAILCALL", 2, 2],
      ],
    };
    loop.registers = 5;
    const m = prog(
      [
        ["CLOSURE", 0, 0],
        ["SETGLOBAL", 0, 0],
        ["GETGLOBAL", 1, 0],
        ["LOADK", 2, 0],
        ["LOADI", 3, 0],
        ["CALL", 1, 2],
        ...p(1),
        ["RETURNUNIT"],
      ],
      {
        consts: [300_000n],
        globals: ["loop"],
        children: ["loop"],
        functions: [loop],
      },
    );
    const r = run(m, { maxDepth: 10 });
    expect(r.out).toBe("300000\n");
  });
  it("ArityMismatch and calling a non-function", () => {
    expect(
      out(
        prog([["CLOSURE", 0, 0], ["CALL", 0, 0], ["RETURNUNIT"]], {
          globals: ["rec"],
          children: ["rec"],
          functions: [rec],
        }),
      ),
    ).toBe("!ArityMismatch");
    expect(out(prog([["LOADI", 0, 1], ["CALL", 0, 0], ["RETURNUNIT"]]))).toBe("!TypeError");
  });
  it("HALT ends the program from inside a call", () => {
    const h: FnSpec = { name: "h", registers: 1, code: [["HALT"]] };
    expect(
      out(
        prog([["CLOSURE", 0, 0], ["CALL", 0, 0], ...p(0), ["RETURNUNIT"]], {
          children: ["h"],
          functions: [h],
        }),
      ),
    ).toBe("");
  });
  it("SELF finds user methods and built-in methods", () => {
    const len: FnSpec = {
      name: "P.size",
      params: 1,
      registers: 2,
      code: [
        ["LOADI", 1, 42],
        ["RETURN", 1],
      ],
    };
    const m = prog(
      [
        ["CLOSURE", 0, 0],
        ["SETGLOBAL", 0, 0],
        ["NEWSTRUCT", 1, 0],
        ["SELF", 2, 1, 0],
        ["CALL", 2, 1],
        ...p(2),
        ["LOADK", 4, 1],
        ["SELF", 2, 4, 2],
        ["CALL", 2, 1],
        ...p(2),
        ["SELF", 2, 1, 3],
        ["CALL", 2, 1],
        ...p(2),
        ["SELF", 2, 1, 4],
        ["RETURNUNIT"],
      ],
      {
        consts: ["size", "héllo", "len", "to_str", "nope"],
        types: [{ struct: "P", fields: [], methods: { size: 0 } }],
        globals: ["P.size"],
        children: ["P.size"],
        functions: [len],
      },
    );
    expect(out(m)).toBe("42\n5\nP()\n!UndefinedField");
  });
});

describe("upvalues", () => {
  // make() { var n = 0; return () => { n = n + 1; n } }
  const inc: FnSpec = {
    name: "inc",
    registers: 1,
    upvalues: [{ inStack: false, index: 0 }],
    code: [
      ["GETUPVAL", 0, 0],
      ["ADDI", 0, 0, 1],
      ["SETUPVAL", 0, 0],
      ["RETURN", 0],
    ],
  };
  const make: FnSpec = {
    name: "make",
    registers: 2,
    children: ["inc"],
    code: [
      ["LOADI", 0, 0],
      ["CLOSURE", 1, 0],
      ["RETURN", 1],
    ],
  };
  inc.upvalues = [{ inStack: true, index: 0 }];
  it("a counter closure returns 1 2 3", () => {
    const m = prog(
      [
        ["CLOSURE", 0, 0],
        ["CALL", 0, 0],
        ["MOVE", 1, 0],
        ["CALL", 1, 0],
        ...p(1),
        ["MOVE", 1, 0],
        ["CALL", 1, 0],
        ...p(1),
        ["MOVE", 1, 0],
        ["CALL", 1, 0],
        ...p(1),
        ["RETURNUNIT"],
      ],
      {
        children: ["make"],
        functions: [make, inc],
      },
    );
    expect(out(m)).toBe("1\n2\n3\n");
  });
  it("two closures share one variable, open and closed", () => {
    const get: FnSpec = {
      name: "get",
      registers: 1,
      upvalues: [{ inStack: true, index: 0 }],
      code: [
        ["GETUPVAL", 0, 0],
        ["RETURN", 0],
      ],
    };
    // main: R0 = 10; R1 = inc; R2 = get; inc(); print get(); print R0; CLOSE; inc(); print get()
    const m = prog(
      [
        ["LOADI", 0, 10],
        ["CLOSURE", 1, 0],
        ["CLOSURE", 2, 1],
        ["MOVE", 3, 1],
        ["CALL", 3, 0],
        ["MOVE", 3, 2],
        ["CALL", 3, 0],
        ...p(3),
        ...p(0),
        ["CLOSE", 0],
        ["LOADI", 0, 99],
        ["MOVE", 3, 1],
        ["CALL", 3, 0],
        ["MOVE", 3, 2],
        ["CALL", 3, 0],
        ...p(3),
        ["RETURNUNIT"],
      ],
      { children: ["inc", "get"], functions: [inc, get] },
    );
    expect(out(m)).toBe("11\n11\n12\n");
  });
  it("loop closures with CLOSE each capture their own value", () => {
    const get: FnSpec = {
      name: "get",
      registers: 1,
      upvalues: [{ inStack: true, index: 4 }],
      code: [
        ["GETUPVAL", 0, 0],
        ["RETURN", 0],
      ],
    };
    // for i in 0..3: R4 = i; fs.push(closure over R4); CLOSE 4
    const m = prog(
      [
        ["NEWARRAY", 0, 0],
        ["LOADI", 1, 0],
        ["LOADI", 2, 3],
        ["FORPREP", 1, "done"],
        "top:",
        ["MOVE", 4, 1],
        ["CLOSURE", 6, 0],
        ["MOVE", 5, 0],
        ["MOVE", 7, 6],
        ["MOVE", 6, 5],
        ["APPEND", 6, 1],
        ["CLOSE", 4],
        ["FORLOOP", 1, "top"],
        "done:",
        ["GETITER", 8, 0],
        "it:",
        ["ITERNEXT", 8, "end"],
        ["CALL", 9, 0],
        ...p(9),
        ["JMP", "it"],
        "end:",
        ["RETURNUNIT"],
      ],
      { children: ["get"], functions: [get] },
    );
    expect(out(m)).toBe("0\n1\n2\n");
  });
});

describe("exceptions", () => {
  // thrower(n): depth n then RAISE DivisionByZero / THROW value
  const deep: FnSpec = {
    name: "deep",
    params: 1,
    registers: 3,
    consts: ["boom"],
    code: [
      ["EQI", 0, 0, 0],
      ["JMP", "more"],
      ["LOADK", 1, 0],
      ["THROW", 1],
      "more:",
      ["GETGLOBAL", 1, 0],
      ["ADDI", 2, 0, -1],
      ["CALL", 1, 1],
      ["RETURN", 1],
    ],
  };
  it("unwinds several frames to the handler and exposes kind/message/value", () => {
    const m = prog(
      [
        ["CLOSURE", 0, 0],
        ["SETGLOBAL", 0, 0],
        ["TRY", 5, "catch"],
        ["GETGLOBAL", 1, 0],
        ["LOADI", 2, 5],
        ["CALL", 1, 1],
        ["ENDTRY"],
        ["RETURNUNIT"],
        "catch:",
        ["GETFIELD", 6, 5, 1],
        ...p(6),
        ["GETFIELD", 6, 5, 2],
        ...p(6),
        ["GETFIELD", 6, 5, 3],
        ...p(6),
        ...p(5),
        ["LOADI", 7, 1],
        ["LOADI", 8, 0],
        ["TRY", 9, "c2"],
        ["DIV", 7, 7, 8],
        "c2:",
        ["GETFIELD", 6, 9, 1],
        ...p(6),
        ["TRY", 9, "c3"],
        ["RAISE", 6, 8],
        "c3:",
        ["GETFIELD", 6, 9, 1],
        ...p(6),
        ["GETFIELD", 6, 9, 2],
        ...p(6),
        ["THROW", 9],
      ],
      {
        consts: ["x", "kind", "message", "value"],
        globals: ["deep"],
        children: ["deep"],
        functions: [deep],
      },
    );
    const r = run(m);
    expect(r.out).toBe("Thrown\nboom\nboom\nThrown: boom\nDivisionByZero\nPanic\nDivisionByZero\n");
    // THROW of an error value re-raises it as is.
    expect(r.kind).toBe("Panic");
    expect(r.error!.frames[0]).toMatchObject({ function: "main", file: "t.veld" });
  });
  it("an uncaught error carries the Veld stack", () => {
    const m = prog(
      [
        ["CLOSURE", 0, 0],
        ["SETGLOBAL", 0, 0],
        ["GETGLOBAL", 1, 0],
        ["LOADI", 2, 3],
        ["CALL", 1, 1],
        ["RETURNUNIT"],
      ],
      {
        globals: ["deep"],
        children: ["deep"],
        functions: [deep],
      },
    );
    const r = run(m);
    expect(r.kind).toBe("Thrown");
    // The throw site, then the recursion's call site folded with its repeats, then main.
    expect(r.error!.frames.map((f) => [f.function, f.repeat ?? 0])).toEqual([
      ["deep", 0],
      ["deep", 2],
      ["main", 0],
    ]);
    expect(r.error!.report()).toMatch(/^error\[Thrown\]: boom\n {2}at deep \(t\.veld:4:1\)\n/);
  });
  it("every error kind reaches catch, RAISE can raise each", () => {
    for (let kind = 0; kind < 12; kind++) {
      const m = prog(
        [
          ["LOADK", 0, 0],
          ["TRY", 1, "c"],
          ["RAISE", 0, kind],
          "c:",
          ["GETFIELD", 2, 1, 1],
          ...p(2),
          ["RETURNUNIT"],
        ],
        { consts: ["m", "kind"] },
      );
      expect(out(m)).toMatch(/^[A-Za-z]+\n$/);
    }
  });
  it("the step budget is LimitExceeded and cannot be caught", () => {
    const m = prog([["TRY", 1, "c"], "top:", ["JMP", "top"], "c:", ["RETURNUNIT"]]);
    const r = run(m, { maxSteps: 1000 });
    expect(r.kind).toBe("LimitExceeded");
    expect(r.steps).toBe(1000);
  });
  it("errors in callbacks of natives propagate through them", () => {
    const bad: FnSpec = {
      name: "bad",
      params: 1,
      registers: 2,
      code: [
        ["LOADI", 1, 0],
        ["DIV", 1, 0, 1],
        ["RETURN", 1],
      ],
    };
    const m = prog(
      [
        ["LOADI", 1, 1],
        ["NEWARRAY", 0, 1],
        ["CLOSURE", 3, 0],
        ["TRY", 5, "c"],
        ["SELF", 1, 0, 0],
        ["MOVE", 3, 3],
        ["CALL", 1, 2],
        ["RETURNUNIT"],
        "c:",
        ["GETFIELD", 6, 5, 1],
        ...p(6),
        ["RETURNUNIT"],
      ],
      { consts: ["map", "kind"], children: ["bad"], functions: [bad] },
    );
    expect(out(m)).toBe("DivisionByZero\n");
  });
});
