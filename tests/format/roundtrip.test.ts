// writeModule → readModule round trips (spec/format.md): hand-built modules covering every
// table, debug info and custom sections, and the property that random valid modules encode
// to exactly one byte string that decodes back to the same module.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  readVerifiedModule,
  readModule,
  stripDebug,
  verifyModule,
  writeModule,
  type Module,
} from "../../format/index.js";
import { arbitraryModule } from "../../tools/fuzz/arbitrary-module.js";
import { LIBRARY, MINIMAL, SAMPLE } from "./fixtures.js";

describe("round trip", () => {
  it("the sample module verifies and round-trips exactly", () => {
    verifyModule(SAMPLE);
    const bytes = writeModule(SAMPLE);
    const { module } = readModule(bytes);
    expect(module).toEqual(SAMPLE);
    expect(Object.is((module.constants[2] as { value: number }).value, -0)).toBe(true);
    expect(writeModule(module)).toEqual(bytes);
    expect(readVerifiedModule(bytes)).toEqual(SAMPLE);
  });

  it("a library's EXPORTS and IMPORTS round-trip, and make the file 1.2", () => {
    verifyModule(LIBRARY);
    const bytes = writeModule(LIBRARY);
    const { module, layout } = readModule(bytes);
    expect(module).toEqual(LIBRARY);
    expect(writeModule(module)).toEqual(bytes);
    expect(bytes[9]).toBe(2);
    expect(layout.sections.map((s) => s.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 9, 10]);
    // Without them the same module is a 1.0 file.
    const plain = writeModule({ ...LIBRARY, exports: undefined, imports: undefined });
    expect(plain[9]).toBe(0);
  });

  it("the minimal module has the documented size and section layout", () => {
    const bytes = writeModule(MINIMAL);
    const { module, layout } = readModule(bytes);
    expect(module).toEqual(MINIMAL);
    expect(module.debug).toBeUndefined();
    // header 16 + directory 7×3 = 37; sections at 40, 48, 52, 56, 60, 64, 72.
    expect(layout.directoryEnd).toBe(37);
    expect(layout.sections.map((s) => [s.id, s.offset, s.size])).toEqual([
      [1, 40, 6],
      [2, 48, 1],
      [3, 52, 1],
      [4, 56, 1],
      [5, 60, 1],
      [6, 64, 8],
      [7, 72, 4],
    ]);
    expect(bytes.length).toBe(76);
    expect(layout.functions[0]!.code).toBe(72);
  });

  it("layout offsets point at the items they describe", () => {
    const bytes = writeModule(SAMPLE);
    const { layout } = readModule(bytes);
    expect(bytes[layout.strings[3]!]).toBe("Point".length);
    expect(bytes[layout.constants[7]!]).toBe(3); // char tag
    expect(bytes[layout.types[1]!.offset]).toBe(1); // enum kind
    expect(bytes[layout.functions[1]!.registers]).toBe(2);
    const view = new DataView(bytes.buffer);
    expect(view.getUint32(layout.functions[2]!.code + 4, true)).toBe(SAMPLE.functions[2]!.code[1]);
  });

  it("stripDebug drops only DEBUG: the other sections are byte-identical", () => {
    const full = readModule(writeModule(SAMPLE)).layout;
    const strippedBytes = writeModule(stripDebug(SAMPLE));
    const { module, layout } = readModule(strippedBytes);
    expect(module).toEqual({ ...SAMPLE, debug: undefined });
    expect("debug" in module).toBe(false);
    expect(strippedBytes[10]).toBe(0); // flags: no HAS_DEBUG
    const fullBytes = writeModule(SAMPLE);
    const body = (bytes: Uint8Array, s: { offset: number; size: number }) =>
      bytes.subarray(s.offset, s.offset + s.size);
    const kept = full.sections.filter((s) => s.id !== 8);
    expect(layout.sections.map((s) => body(strippedBytes, s))).toEqual(
      kept.map((s) => body(fullBytes, s)),
    );
  });

  it("keeps a string that starts with a byte order mark", () => {
    const m: Module = { ...MINIMAL, strings: ["main", "\ufeffx"] };
    expect(readModule(writeModule(m)).module.strings).toEqual(["main", "\ufeffx"]);
  });

  it("copies code when the input is not 4-byte aligned in memory", () => {
    const bytes = writeModule(SAMPLE);
    const shifted = new Uint8Array(bytes.length + 1).subarray(1);
    shifted.set(bytes);
    expect(readModule(shifted).module).toEqual(SAMPLE);
  });

  it("property: random valid modules verify and round-trip byte-exactly", () => {
    fc.assert(
      fc.property(arbitraryModule(), (m) => {
        verifyModule(m);
        const bytes = writeModule(m);
        const { module, layout } = readModule(bytes);
        verifyModule(module, layout);
        expect(module).toEqual(m);
        expect(writeModule(module)).toEqual(bytes);
      }),
      { numRuns: 500 },
    );
  });
});
