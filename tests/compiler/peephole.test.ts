// The -O1 peephole passes (compiler/peephole.ts) on hand-written code: jump threading, dead
// code, jumps to the next instruction, read-backs of a stored upvalue or global, and the
// remapping of jumps, lines, columns, locals and SWITCHVARIANT tables.

import { describe, expect, it } from "vitest";
import { FunctionBuilder } from "../../compiler/function-builder.js";
import { peephole, type FunctionCode } from "../../compiler/peephole.js";
import { decodeOperands, encode } from "../../format/instruction.js";
import type { LocalVar } from "../../format/module.js";
import { OPCODE_BY_CODE, OPCODE_BY_NAME } from "../../format/opcodes.js";

/** One instruction: its name and operands, a jump operand written as its absolute target. */
type Ins = [string, ...number[]];

function asm(list: Ins[]): number[] {
  return list.map(([name, ...operands], pc) => {
    const op = OPCODE_BY_NAME.get(name)!;
    const j = op.operands.indexOf("jump");
    const ops = [...operands];
    if (j >= 0) ops[j] = ops[j]! - (pc + 1);
    return encode(op, ops);
  });
}

function show(code: readonly number[]): Ins[] {
  return code.map((word, pc) => {
    const op = OPCODE_BY_CODE[word & 0xff]!;
    const ops = decodeOperands(op, word);
    const j = op.operands.indexOf("jump");
    if (j >= 0) ops[j] = ops[j]! + pc + 1;
    return [op.name, ...ops];
  });
}

function fn(list: Ins[], tables: [number, number][] = [], locals: LocalVar[] = []): FunctionCode {
  return {
    code: asm(list),
    lines: list.map((_, pc) => 10 + pc),
    columns: list.map((_, pc) => 100 + pc),
    locals,
    tables: new Map(tables),
  };
}

const run = (list: Ins[], tables: [number, number][] = []): Ins[] =>
  show(peephole(fn(list, tables)).code);

describe("jump threading and dead code", () => {
  it("a jump to a chain of JMPs goes to the chain's end; the chain becomes dead", () => {
    expect(
      run([
        ["EQ", 0, 1, 0],
        ["JMP", 4],
        ["LOADI", 0, 1],
        ["RETURN", 0],
        ["JMP", 5],
        ["JMP", 2],
      ]),
    ).toEqual([
      ["EQ", 0, 1, 0],
      ["JMP", 2], // to the next instruction, but a test's JMP: kept
      ["LOADI", 0, 1],
      ["RETURN", 0],
    ]);
  });

  it("a cycle of JMPs ends threading; a JMP to the next instruction goes", () => {
    expect(
      run([
        ["LOADI", 0, 1],
        ["JMP", 2],
        ["JMP", 1],
      ]),
    ).toEqual([
      ["LOADI", 0, 1],
      ["JMP", 1],
    ]);
  });

  it("a jump of another opcode is threaded too, and its target remapped", () => {
    expect(
      run([
        ["JMP", 1],
        ["FORPREP", 0, 3],
        ["LOADI", 3, 0],
        ["JMP", 4],
        ["RETURN", 0],
      ]),
    ).toEqual([
      ["FORPREP", 0, 2],
      ["LOADI", 3, 0],
      ["RETURN", 0],
    ]);
  });

  it("only a JMP to the next instruction goes, not another jump there", () => {
    const list: Ins[] = [
      ["FORPREP", 0, 1],
      ["LOADI", 3, 0],
      ["RETURN", 0],
    ];
    expect(run(list)).toEqual(list);
  });

  it("a jump to the end of the code is kept", () => {
    const list: Ins[] = [
      ["EQ", 0, 1, 0],
      ["JMP", 3],
      ["RETURN", 0],
    ];
    expect(run(list)).toEqual(list);
  });

  it("a JMP over dead code goes in a second round", () => {
    expect(
      run([
        ["JMP", 2],
        ["RETURN", 1],
        ["RETURN", 0],
      ]),
    ).toEqual([["RETURN", 0]]);
  });

  it("code after RETURN, THROW and JMP is dropped with its lines and columns", () => {
    const out = peephole(
      fn([
        ["EQ", 0, 1, 0],
        ["JMP", 4],
        ["THROW", 0],
        ["LOADI", 0, 7],
        ["RETURN", 0],
        ["LOADI", 0, 8],
        ["RETURN", 0],
      ]),
    );
    expect(show(out.code)).toEqual([
      ["EQ", 0, 1, 0],
      ["JMP", 3],
      ["THROW", 0],
      ["RETURN", 0],
    ]);
    expect(out.lines).toEqual([10, 11, 12, 14]);
    expect(out.columns).toEqual([100, 101, 102, 104]);
  });

  it("code without anything to remove is returned as it is", () => {
    const f = fn([
      ["LOADI", 0, 1],
      ["RETURN", 0],
    ]);
    expect(peephole(f)).toBe(f);
  });

  it("a local's range follows its instructions", () => {
    const local = (startPc: number, endPc: number): LocalVar => ({
      name: "x",
      register: 1,
      bank: 0,
      startPc,
      endPc,
    });
    const out = peephole(
      fn(
        [
          ["JMP", 1],
          ["LOADI", 1, 5],
          ["JMP", 3],
          ["RETURN", 1],
        ],
        [],
        [local(1, 4), local(2, 3)],
      ),
    );
    expect(show(out.code)).toEqual([
      ["LOADI", 1, 5],
      ["RETURN", 1],
    ]);
    expect(out.locals).toEqual([local(0, 2), local(1, 1)]);
  });

  // FORPREP's sBx holds -32768..32767; threading it to a far JMP's target may leave that.
  /** FORPREP at 0 threaded through the JMP at 2 to `target`, forwards. */
  function forwards(target: number): FunctionCode {
    const list: Ins[] = [
      ["FORPREP", 0, 2],
      ["JMP", 3],
      ["JMP", target],
    ];
    while (list.length < target) list.push(["LOADI", 3, 0]);
    list.push(["RETURN", 0]);
    return fn(list);
  }
  /** FORPREP at `at` threaded through the JMP after it back to 0. */
  function backwards(at: number): FunctionCode {
    const list: Ins[] = [];
    while (list.length < at) list.push(["LOADI", 3, 0]);
    list.push(["FORPREP", 0, at + 2], ["RETURN", 0], ["JMP", 0]);
    return fn(list);
  }
  const forprep = (f: FunctionCode): Ins => show(peephole(f).code).find((i) => i[0] === "FORPREP")!;

  it("a threaded jump at either end of its range is encoded", () => {
    // Offset 32767 when threaded; the two JMPs after FORPREP go afterwards.
    expect(forprep(forwards(32_768))).toEqual(["FORPREP", 0, 32_766]);
    expect(forprep(backwards(32_767))).toEqual(["FORPREP", 0, 0]); // offset -32768
  });

  it("a threaded jump beyond its range is a RangeError, which the compiler reports", () => {
    expect(() => peephole(forwards(32_769))).toThrow(
      new RangeError("jump offset 32768 out of range"),
    );
    expect(() => peephole(backwards(32_768))).toThrow(RangeError);
    const fb = new FunctionBuilder(0, 0);
    fb.pos = { line: 7, col: 3 };
    fb.emit("FORPREP", 0, 0);
    fb.emit("JMP", 40_000 - 2);
    for (let pc = 2; pc < 40_000; pc++) fb.emit("LOADI", 3, 0);
    fb.emit("RETURN", 0);
    expect(() => fb.finish(false)).not.toThrow();
    expect(() => fb.finish(true)).toThrow(
      expect.objectContaining({
        code: "E0902",
        message: "jump too far for the instruction encoding",
        pos: { line: 7, col: 3 },
      }),
    );
  });
});

describe("SWITCHVARIANT tables", () => {
  it("keeps its JMPs (even one to the next instruction) and reaches every entry", () => {
    const out = peephole(
      fn(
        [
          ["JMP", 1],
          ["SWITCHVARIANT", 0, 1],
          ["JMP", 4],
          ["JMP", 4],
          ["LOADI", 0, 1],
          ["RETURN", 0],
        ],
        [[1, 2]],
      ),
    );
    expect(show(out.code)).toEqual([
      ["SWITCHVARIANT", 0, 1],
      ["JMP", 3],
      ["JMP", 3],
      ["LOADI", 0, 1],
      ["RETURN", 0],
    ]);
    expect(out.tables).toEqual(new Map([[0, 2]]));
  });

  it("a third entry is reached only through the table", () => {
    expect(
      run(
        [
          ["SWITCHVARIANT", 0, 1],
          ["JMP", 4],
          ["JMP", 5],
          ["JMP", 6],
          ["RETURN", 0],
          ["RETURN", 1],
          ["RETURN", 2],
        ],
        [[0, 3]],
      ),
    ).toEqual([
      ["SWITCHVARIANT", 0, 1],
      ["JMP", 4],
      ["JMP", 5],
      ["JMP", 6],
      ["RETURN", 0],
      ["RETURN", 1],
      ["RETURN", 2],
    ]);
  });

  it("the table of a dead SWITCHVARIANT goes with it", () => {
    const out = peephole(
      fn(
        [
          ["RETURN", 0],
          ["SWITCHVARIANT", 0, 1],
          ["JMP", 3],
          ["RETURN", 0],
        ],
        [[1, 1]],
      ),
    );
    expect(show(out.code)).toEqual([["RETURN", 0]]);
    expect(out.tables).toEqual(new Map());
  });
});

describe("read-back of a store", () => {
  const tail: Ins[] = [["RETURN", 0]];

  it("GETGLOBAL after SETGLOBAL of the same register and global goes", () => {
    expect(run([["LOADI", 0, 1], ["SETGLOBAL", 0, 5], ["GETGLOBAL", 0, 5], ...tail])).toEqual([
      ["LOADI", 0, 1],
      ["SETGLOBAL", 0, 5],
      ...tail,
    ]);
  });

  it("GETUPVAL after SETUPVAL of the same register and upvalue goes", () => {
    expect(run([["LOADI", 0, 1], ["SETUPVAL", 0, 2], ["GETUPVAL", 0, 2], ...tail])).toEqual([
      ["LOADI", 0, 1],
      ["SETUPVAL", 0, 2],
      ...tail,
    ]);
  });

  it("another register, slot or kind of slot is a real load", () => {
    for (const pair of [
      [
        ["SETGLOBAL", 0, 5],
        ["GETGLOBAL", 1, 5],
      ],
      [
        ["SETGLOBAL", 0, 5],
        ["GETGLOBAL", 0, 6],
      ],
      [
        ["SETUPVAL", 0, 2],
        ["GETUPVAL", 0, 3],
      ],
      [
        ["SETUPVAL", 0, 2],
        ["GETGLOBAL", 0, 2],
      ],
      [
        ["SETGLOBAL", 0, 2],
        ["GETUPVAL", 0, 2],
      ],
      [
        ["GETGLOBAL", 0, 2],
        ["GETGLOBAL", 0, 2],
      ],
      [
        ["GETUPVAL", 0, 2],
        ["GETUPVAL", 0, 2],
      ],
    ] as Ins[][]) {
      const list: Ins[] = [["LOADI", 0, 1], ...pair, ...tail];
      expect(run(list)).toEqual(list);
    }
  });

  it("a load that is a jump target is kept: the other path did not store", () => {
    const list: Ins[] = [
      ["EQ", 0, 1, 0],
      ["JMP", 4],
      ["LOADI", 0, 1],
      ["SETGLOBAL", 0, 5],
      ["GETGLOBAL", 0, 5],
      ["RETURN", 0],
    ];
    expect(run(list)).toEqual(list);
  });

  it("a round takes one read-back of a run of loads; the passes stop after four rounds", () => {
    // Each round sees only the load right after the store (a load after a load is a real
    // load), so a run of six loads loses one per round: four, then the passes stop.
    const loads: Ins[] = Array.from({ length: 6 }, () => ["GETGLOBAL", 0, 5] as Ins);
    expect(run([["LOADI", 0, 1], ["SETGLOBAL", 0, 5], ...loads, ...tail])).toEqual([
      ["LOADI", 0, 1],
      ["SETGLOBAL", 0, 5],
      ["GETGLOBAL", 0, 5],
      ["GETGLOBAL", 0, 5],
      ...tail,
    ]);
  });

  it("a load after a dead store is kept", () => {
    expect(
      run([
        ["JMP", 2],
        ["SETUPVAL", 0, 2],
        ["GETUPVAL", 0, 2],
        ["RETURN", 0],
      ]),
    ).toEqual([
      ["GETUPVAL", 0, 2],
      ["RETURN", 0],
    ]);
  });
});
