// FunctionBuilder's own errors and bookkeeping, below what a program can reach quickly: an
// operand the encoding cannot hold (E0901, or E0902 for a jump), a jump patched out of
// range (E0902 at the jump, the builder's position kept), the 2^24-instruction limit, a
// compiler fault in the peephole passes (not reported as E0902), the debug locals' order.
import { describe, expect, it } from "vitest";
import { FunctionBuilder } from "../../compiler/function-builder.js";
import type { LocalVar } from "../../compiler/scope.js";
import { LIMITS } from "../../format/verifier.js";

/** What `run` throws, as its code, message and position. */
function thrown(run: () => unknown) {
  try {
    run();
  } catch (e) {
    const { code, message, pos } = e as { code: string; message: string; pos: unknown };
    return { code, message, pos };
  }
  throw new Error("nothing thrown");
}

describe("FunctionBuilder errors", () => {
  it("an operand out of its field is E0901 with encode's message, at the builder's position", () => {
    const fb = new FunctionBuilder(0, 0);
    expect(thrown(() => fb.emit("LOADI", 0, 40_000))).toEqual({
      code: "E0901",
      message:
        "this construct is too large to encode (LOADI operand 2 (40000) is outside -32768..32767)",
      pos: { line: 0, col: 0 }, // no position set yet
    });
    fb.pos = { line: 4, col: 7 };
    expect(thrown(() => fb.emit("GETTUPLE", 0, 1, 256))).toMatchObject({
      code: "E0901",
      pos: { line: 4, col: 7 },
    });
    expect(fb.code).toEqual([]);
  });

  it("a jump operand out of its field is E0902", () => {
    const fb = new FunctionBuilder(0, 0);
    fb.pos = { line: 2, col: 5 };
    const e0902 = {
      code: "E0902",
      message: "jump too far for the instruction encoding",
      pos: { line: 2, col: 5 },
    };
    expect(thrown(() => fb.emit("FORLOOP", 0, -40_000))).toEqual(e0902);
    expect(thrown(() => fb.emit("JMP", 2 ** 23))).toEqual(e0902);
    fb.emit("JMP", 2 ** 23 - 1);
    fb.emit("FORLOOP", 0, -32_768);
    expect(fb.code).toHaveLength(2);
  });

  it("a jump patched out of range is E0902 at the jump; the builder's position is kept", () => {
    const fb = new FunctionBuilder(0, 0);
    fb.pos = { line: 3, col: 4 };
    fb.emit("FORPREP", 0, 0);
    fb.pos = { line: 9, col: 1 };
    fb.emit("LOADI", 1, 0);
    expect(thrown(() => fb.patch(0, 32_769))).toEqual({
      code: "E0902",
      message: "jump too far for the instruction encoding",
      pos: { line: 3, col: 4 },
    });
    expect(fb.pos).toEqual({ line: 9, col: 1 });
    fb.patch(0, 32_768); // offset 32767: the last that fits
    expect(fb.pos).toEqual({ line: 9, col: 1 });
    fb.emit("RETURN", 0);
    const { debug } = fb.finish(false);
    expect([...debug.lines]).toEqual([3, 9, 9]);
    expect([...debug.columns]).toEqual([4, 1, 1]);
  });

  it("a function of 2^24 instructions is complete; one more is E0901", () => {
    const fb = new FunctionBuilder(0, 0);
    fb.pos = { line: 8, col: 2 };
    fb.code.length = LIMITS.codeLength - 1; // the instructions before (holes: not read here)
    expect(fb.emit("RETURN", 0)).toBe(LIMITS.codeLength - 1);
    expect(thrown(() => fb.emit("RETURN", 0))).toEqual({
      code: "E0901",
      message: "a function may have at most 16777216 instructions",
      pos: { line: 8, col: 2 },
    });
    expect(fb.code).toHaveLength(LIMITS.codeLength);
  });

  it("an error of the peephole passes other than a jump out of range is no E0902", () => {
    const fb = new FunctionBuilder(0, 0);
    fb.emit("LOADI", 0, 0);
    fb.code.push(0xff); // no such opcode: only a compiler fault would emit it
    expect(() => fb.finish(true)).toThrow(TypeError);
  });
});

describe("FunctionBuilder bookkeeping", () => {
  it("lists the debug locals by start pc, then register", () => {
    const fb = new FunctionBuilder(0, 0);
    const local = (name: string, reg: number, startPc: number) =>
      ({ name, reg, startPc, float: false, captured: false }) as unknown as LocalVar;
    const added: [string, number, number][] = [
      ["e", 1, 5],
      ["b", 0, 2],
      ["d", 3, 2],
      ["c", 1, 2],
      ["a", 2, 0],
      ["f", 0, 7],
      ["g", 2, 7],
    ];
    for (const [name, reg, start] of added) fb.addLocal(local(name, reg, start), 9);
    fb.emit("RETURNUNIT");
    const { debug } = fb.finish(false);
    expect(debug.locals.map((l) => `${l.name}:${l.startPc}:${l.register}`)).toEqual([
      "a:0:2",
      "b:2:0",
      "c:2:1",
      "d:2:3",
      "e:5:1",
      "f:7:0",
      "g:7:2",
    ]);
  });

  it("counts the most registers ever in use, at least one", () => {
    const regs = (params: number, use: (fb: FunctionBuilder) => void) => {
      const fb = new FunctionBuilder(0, params);
      use(fb);
      fb.emit("RETURNUNIT");
      return fb.finish(false).proto.registers;
    };
    expect(regs(0, () => {})).toBe(1);
    expect(regs(3, () => {})).toBe(3);
    expect(
      regs(2, (fb) => {
        fb.alloc(4); // 2..5
        fb.freeTo(2);
        fb.alloc(); // 2
      }),
    ).toBe(6);
  });
});
