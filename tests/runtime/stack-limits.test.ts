// The call stack's memory is bounded whatever maxDepth is (spec/semantics.md §10): wide
// frames exhaust the register file (2^23 registers) and TRY without ENDTRY the handler stack
// (2^20), each with a catchable StackOverflow instead of growing until the host dies.
import { describe, expect, it } from "vitest";
import { MAX_HANDLERS, MAX_REGISTER_FILE } from "../../runtime/vm.js";
import { runProgram, compileOrThrow } from "../helpers/veld.js";
import { load } from "../../runtime/index.js";
import { out, prog, print } from "./helpers.js";

/** A recursive function with 240 locals: each frame holds about 240 registers. */
const WIDE = [
  "fn wide(n)",
  ...Array.from({ length: 240 }, (_, i) => `  let a${i} = n + ${i}`),
  `  ${Array.from({ length: 6 }, (_, i) => `a${i * 40}`).join(" + ")} + wide(n + 1)`,
  "end",
  "println(wide(0))",
].join("\n");

describe("the register file is bounded", () => {
  const program = load(compileOrThrow(WIDE).bytes);
  it.each([undefined, 1_000_000])(
    "240 locals recursing under maxDepth %s: StackOverflow",
    (maxDepth) => {
      const r = program.run({ write: () => {}, writeErr: () => {} }, [], { maxDepth });
      expect(r.status).toBe("error");
      expect(r.error!.kind).toBe("StackOverflow");
      expect(r.error!.message).toContain(String(MAX_REGISTER_FILE));
      // It stopped on the register file, well before the depth limit.
      expect(r.peakDepth).toBeLessThan(MAX_REGISTER_FILE / 200);
    },
  );

  it("narrow frames still reach 100,000 calls", () => {
    const source = "fn d(n) => if n == 0 then 0 else 1 + d(n - 1) end\nprintln(d(100000))";
    expect(runProgram(load(compileOrThrow(source).bytes)).stdout).toBe("100000\n");
  });
});

describe("the TRY handler stack is bounded", () => {
  it("TRY without ENDTRY in a loop: StackOverflow, caught by the innermost handler", () => {
    const m = prog(
      [
        "loop:",
        ["TRY", 0, "caught"],
        ["JMP", "loop"],
        "caught:",
        ["GETFIELD", 1, 0, 0],
        ...print(1),
        ["HALT"],
      ],
      {
        consts: ["kind"],
      },
    );
    expect(out(m)).toBe("StackOverflow\n");
  });

  it("holds exactly MAX_HANDLERS (2^20) active handlers; the next TRY is the StackOverflow", () => {
    // R2 counts the TRYs that were entered; the StackOverflow goes to the last one.
    const m = prog(
      [
        ["LOADI", 2, 0],
        "loop:",
        ["TRY", 0, "caught"],
        ["ADDI", 2, 2, 1],
        ["JMP", "loop"],
        "caught:",
        ...print(2),
        ["GETFIELD", 1, 0, 0],
        ...print(1),
        ["HALT"],
      ],
      { consts: ["message"] },
    );
    expect(MAX_HANDLERS).toBe(2 ** 20);
    expect(out(m, { jit: false })).toBe(`${MAX_HANDLERS}\nmore than 1048576 active try blocks\n`);
  });
});
