// The verifier's code loop (spec/format.md §6, spec/isa.md §3) against mutated instruction
// words: a valid module with one word replaced either verifies — and then every register
// operand (R and F) and register window is inside the frame, checked here independently from
// the opcode table — or fails with a FormatError whose offset is an instruction word. The
// byte-level mutation test rarely reaches the operand checks; this one aims at them.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeOperands,
  opcodeOf,
  unusedBits,
  encode,
  operandFields,
  fieldRange,
} from "../../format/instruction.js";
import { variantTable, type Module } from "../../format/module.js";
import { OPCODES } from "../../format/opcodes.js";
import { FormatError, readVerifiedModule, readModule, writeModule } from "../../format/index.js";
import { arbitraryModule } from "../../tools/fuzz/arbitrary-module.js";

/**
 * A word of opcode `op` whose fields are chosen around the frame: register fields at the
 * last register, one past it or anywhere in it; other fields small or anywhere in range.
 */
function makeWord(op: number, raw: readonly number[], registers: number): number {
  const info = OPCODES[op % OPCODES.length]!;
  const values = operandFields(info).map((field, i) => {
    const [min, max] = fieldRange(field);
    const r = raw[i]!;
    const kind = info.operands[i];
    let v: number;
    if ((kind === "reg" || kind === "freg") && r % 4 < 2) v = registers - 1 + (r % 4);
    else if (r % 3 === 0) v = (min < 0 ? -3 : min) + (r % 7);
    else v = min + (r % (max - min + 1));
    return Math.max(min, Math.min(max, v));
  });
  return encode(info, values);
}

const mutation = fc.record({
  fn: fc.nat(),
  pc: fc.nat(),
  op: fc.nat(),
  raw: fc.array(fc.nat(0xffffff), { minLength: 3, maxLength: 3 }),
  // one mutation in five is any 32-bit word
  anyWord: fc.oneof(
    { arbitrary: fc.constant(null), weight: 4 },
    { arbitrary: fc.nat(0xffffffff), weight: 1 },
  ),
});

/** Registers an instruction names, including the last register of its window. */
function registersOf(w: number, m: Module, registersOk: (r: number) => boolean): boolean {
  const info = opcodeOf(w)!;
  const values = decodeOperands(info, w);
  const ok = info.operands.every((kind, i) =>
    kind === "reg" || kind === "freg" ? registersOk(values[i]!) : true,
  );
  if (!ok || !info.window) return ok;
  const [a, b] = [values[0]!, values[1]!];
  switch (info.window) {
    case "B+1":
      return registersOk(a + b);
    case "B":
      return b >= 1 && registersOk(a + b - 1);
    case "2":
      return registersOk(a + 1);
    case "fields": {
      const t = m.types[b];
      return t !== undefined && t.kind === "struct" && registersOk(a + t.fields.length);
    }
    case "arity": {
      const v = variantTable(m.types)[b];
      const t = v && m.types[v.type];
      return t !== undefined && t.kind === "enum" && registersOk(a + t.variants[v!.tag]!.arity);
    }
  }
}

describe("mutated instruction words", () => {
  it("property: verify with every register in the frame, or fail at an instruction", () => {
    let rejected = 0;
    let accepted = 0;
    fc.assert(
      // The module does not shrink (see mutation.test.ts: its fc.gen shrink tree exhausts the heap).
      fc.property(
        fc.noShrink(arbitraryModule({ maxFunctions: 3, maxCode: 8 })),
        mutation,
        (m, mu) => {
          const fi = mu.fn % m.functions.length;
          const f = m.functions[fi]!;
          if (f.code.length === 0) return;
          const pc = mu.pc % f.code.length;
          const code = f.code.slice();
          code[pc] = mu.anyWord ?? makeWord(mu.op, mu.raw, f.registers);
          const mutated: Module = {
            ...m,
            functions: m.functions.map((g, i) => (i === fi ? { ...g, code } : g)),
          };
          const bytes = writeModule(mutated);
          const codeStart = readModule(bytes).layout.functions[fi]!.code;
          try {
            readVerifiedModule(bytes);
          } catch (e) {
            if (!(e instanceof FormatError)) throw e;
            // The rest of the module was valid, so the error is about this function's code.
            expect(e.offset).toBeGreaterThanOrEqual(codeStart);
            expect(e.offset).toBeLessThan(codeStart + 4 * code.length);
            expect((e.offset! - codeStart) % 4).toBe(0);
            rejected++;
            return;
          }
          accepted++;
          const info = opcodeOf(code[pc]!);
          expect(info).toBeDefined();
          expect(unusedBits(info!, code[pc]!)).toBe(0);
          expect(registersOf(code[pc]!, mutated, (r) => r < f.registers)).toBe(true);
        },
      ),
      // No shrinking: shrinking the generated module runs out of memory; the first
      // counterexample (module and mutation) is small enough to read.
      { numRuns: 3000, endOnFailure: true },
    );
    expect(rejected).toBeGreaterThan(300);
    expect(accepted).toBeGreaterThan(200);
  });
});
