// Shapes of velddis's other outputs (spec/assembly.md §8): the annotated listing, the
// annotated hex dump (every byte of the file exactly once, in order) and the JSON view.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assemble, disassemble, hexDump, moduleToJson } from "../../assembler/index.js";
import { FORMAT_MAJOR } from "../../format/module.js";
import { writeModule } from "../../format/writer.js";
import { arbitraryModule } from "../../tools/fuzz/arbitrary-module.js";

const example = (name: string): Uint8Array => {
  const r = assemble(readFileSync(join(import.meta.dirname, "../../examples/asm", name), "utf8"));
  if (!r.bytes) throw new Error(r.report);
  return r.bytes;
};

/** Parses `offset: hex bytes  ; meaning` lines back into (offset, bytes). */
function dumpedBytes(dump: string): { offset: number; bytes: number[] }[] {
  return dump
    .split("\n")
    .filter((l) => /^[0-9a-f]{6}: /.test(l))
    .map((l) => {
      const [offset, rest] = [l.slice(0, 6), l.slice(8).split(";")[0]!];
      return {
        offset: parseInt(offset, 16),
        bytes: rest
          .trim()
          .split(/\s+/)
          .filter(Boolean)
          .map((b) => parseInt(b, 16)),
      };
    });
}

describe("hex dump", () => {
  it("labels the header, directory, every table entry and every instruction", () => {
    const dump = hexDump(example("fib.vasm"));
    expect(dump).toContain("000000: 89 56 45 4c 44 43 0d 0a              ; magic \\x89VELDC\\r\\n");
    expect(dump).toContain("; format major 1");
    expect(dump).toMatch(/; STRINGS \(id 1\) at 0x[0-9a-f]+, \d+ bytes/);
    expect(dump).toContain("; section CODE (id 7)");
    expect(dump).toMatch(/; S\d+ "fib"/);
    expect(dump).toMatch(/; N0 S\d+ "println" arity 1/);
    expect(dump).toMatch(/; F1 \[0\] LTI R0, 2, 1\n/);
    expect(dump).toMatch(/; F1 \[1\] JMP \+8  \(to 10\)\n/);
    expect(dump).toMatch(/; F0 \[0\] CLOSURE R0, P0  \(P0 = F1 "fib"\)/);
  });

  it("covers every byte of any valid file exactly once, in order", () => {
    fc.assert(
      fc.property(arbitraryModule(), (m) => {
        const bytes = writeModule(m);
        let next = 0;
        for (const line of dumpedBytes(hexDump(bytes))) {
          expect(line.offset).toBe(next);
          expect(line.bytes).toEqual([...bytes.subarray(next, next + line.bytes.length)]);
          next += line.bytes.length;
        }
        expect(next).toBe(bytes.length);
      }),
      { numRuns: 60 },
    );
  });
});

describe("JSON view", () => {
  it("is plain JSON with ints as strings and decoded code", () => {
    const json = moduleToJson(
      assemble(".function main\n  LOADK R0, 9007199254740993\n  LOADK R0, -0.0\n  HALT\n.end\n")
        .module!,
    ) as Record<string, unknown>;
    const text = JSON.stringify(json);
    const back = JSON.parse(text);
    // The file's own version: the lowest it needs (format.md §3); this module needs only 1.0.
    expect(back.format).toBe(`${FORMAT_MAJOR}.0`);
    expect(back.constants).toEqual([
      { index: 0, kind: "int", value: "9007199254740993" },
      { index: 1, kind: "float", value: "-0.0" },
    ]);
    expect(back.functions[0].code[0]).toEqual({
      pc: 0,
      word: "0x00000001",
      op: "LOADK",
      operands: [0, 0],
    });
    expect(back.debug).toBeNull();
  });

  it("serialises every random module", () => {
    fc.assert(
      fc.property(arbitraryModule(), (m) => {
        const back = JSON.parse(JSON.stringify(moduleToJson(m)));
        expect(back.strings).toEqual(m.strings);
        expect(back.functions.length).toBe(m.functions.length);
      }),
      { numRuns: 50 },
    );
  });
});

describe("annotated listing", () => {
  it("comments pcs, constants, jump targets, globals, natives and children", () => {
    const text = disassemble(example("fib.vasm"), { annotate: true });
    expect(text).toMatch(/ {4}LTI {8}R0, 2, 1 +; \[0\]\n/);
    expect(text).toMatch(/ {4}JMP {8}@L10 +; \[1\] to 10\n/);
    expect(text).toMatch(/GETNATIVE {2}R0, N0 +; \[2\] N0 = "println"/);
    expect(text).toMatch(/CLOSURE {4}R0, P0 +; \[0\] P0 = F1 "fib"/);
    expect(text).toMatch(/\.child P0 F1 +; "fib"/);
  });

  it("names upvalues and quotes the source line of each .loc", () => {
    const text = disassemble(
      assemble(
        '.source "c.veld"\n.function main\n  .upvalue (instack 0) "count"\n' +
          "  .loc 2 5\n  GETUPVAL R0, U0\n  .loc 3 1\n  RETURN R0\n.end\n",
        "c.vasm",
        { noVerify: true }, // main with an upvalue: enough for a listing
      ).module!,
      { annotate: true, sourceText: "fn c()\n    count\nend\n" },
    );
    expect(text).toMatch(/\.loc 2 5 +; count\n/);
    expect(text).toMatch(/\.loc 3 1 +; end\n/);
    expect(text).toMatch(/GETUPVAL {3}R0, U0 +; \[0\] U0 = count\n/);
  });
});
