// The format rules format/module.ts states once for the verifier, the compiler's module
// builder and the assembler: constant identity and register-window extent.

import { describe, expect, it } from "vitest";
import {
  constantKey,
  formatMinor,
  variantTable,
  windowEnd,
  type Module,
  type TypeDef,
} from "../../format/module.js";
import { RUNTIME_ERROR_KINDS_1_0 } from "../../format/opcodes.js";
import { stripDebug } from "../../format/strip.js";
import { LIBRARY, MINIMAL, SAMPLE, op } from "./fixtures.js";

describe("constantKey", () => {
  it("tells constants apart by kind and value, floats by bit pattern", () => {
    const keys = [
      constantKey({ kind: "int", value: 0n }),
      constantKey({ kind: "float", value: 0 }),
      constantKey({ kind: "float", value: -0 }),
      constantKey({ kind: "str", string: 0 }),
      constantKey({ kind: "char", codePoint: 0 }),
      constantKey({ kind: "float", value: NaN }),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    expect(constantKey({ kind: "float", value: 1.5 })).toBe(
      constantKey({ kind: "float", value: 1.5 }),
    );
    expect(constantKey({ kind: "int", value: 7n })).toBe(constantKey({ kind: "int", value: 7n }));
    // Two values of one kind are two constants.
    const pairs: [Parameters<typeof constantKey>[0], Parameters<typeof constantKey>[0]][] = [
      [
        { kind: "int", value: 1n },
        { kind: "int", value: 2n },
      ],
      [
        { kind: "float", value: 1 },
        { kind: "float", value: 2 },
      ],
      [
        { kind: "str", string: 1 },
        { kind: "str", string: 2 },
      ],
      [
        { kind: "char", codePoint: 1 },
        { kind: "char", codePoint: 2 },
      ],
    ];
    for (const [a, b] of pairs) expect(constantKey(a)).not.toBe(constantKey(b));
  });
});

describe("formatMinor: the lowest minor version with every feature a module uses", () => {
  const withCode = (...code: number[]): Module => ({
    ...MINIMAL,
    functions: [{ ...MINIMAL.functions[0]!, code: Uint32Array.from([...code, op("HALT")]) }],
  });
  const files = (names: string[]): Module => ({
    ...MINIMAL,
    debug: {
      sourceFile: "a.veld",
      sourceHash: new Uint8Array(0),
      functions: [],
      files: names,
    },
  });

  it("names the feature of each minor", () => {
    expect(formatMinor(MINIMAL)).toBe(0);
    expect(formatMinor(withCode(0xff))).toBe(0); // no opcode: the verifier's to reject
    expect(formatMinor(LIBRARY)).toBe(2);
    expect(formatMinor({ ...MINIMAL, exports: LIBRARY.exports })).toBe(2);
    expect(formatMinor({ ...MINIMAL, imports: [] })).toBe(2);
    expect(formatMinor(files([]))).toBe(0);
    expect(formatMinor(files(["b.veld"]))).toBe(1);
    expect(formatMinor(withCode(op("NEWMAP", 0)))).toBe(1);
    expect(formatMinor(withCode(op("FSQRT", 0, 0)))).toBe(2);
    expect(formatMinor(withCode(op("RAISE", 0, RUNTIME_ERROR_KINDS_1_0 - 1)))).toBe(0);
    expect(formatMinor(withCode(op("RAISE", 0, RUNTIME_ERROR_KINDS_1_0)))).toBe(1);
  });

  it("is the highest of them, whichever comes first", () => {
    expect(formatMinor({ ...files(["b.veld"]), exports: LIBRARY.exports })).toBe(2);
    expect(
      formatMinor({ ...withCode(op("FSQRT", 0, 0), op("NEWMAP", 0)), debug: files(["b"]).debug }),
    ).toBe(2);
    expect(formatMinor(withCode(op("FSQRT", 0, 0), op("RAISE", 0, RUNTIME_ERROR_KINDS_1_0)))).toBe(
      2,
    );
    expect(formatMinor(withCode(op("RAISE", 0, RUNTIME_ERROR_KINDS_1_0), op("HALT")))).toBe(1);
  });
});

describe("windowEnd", () => {
  const types: TypeDef[] = [
    { kind: "struct", name: 0, flags: 0, fields: [1, 2, 3], methods: [] },
    {
      kind: "enum",
      name: 1,
      flags: 0,
      variants: [
        { name: 2, arity: 0 },
        { name: 3, arity: 2 },
      ],
      methods: [],
    },
  ];
  const variants = variantTable(types);

  it("gives the last register of each window kind", () => {
    expect(windowEnd("B+1", 4, 3, types, variants)).toBe(7);
    expect(windowEnd("B", 4, 3, types, variants)).toBe(6);
    expect(windowEnd("B", 4, 0, types, variants)).toBe(3); // empty
    expect(windowEnd("2", 4, 0, types, variants)).toBe(5);
    expect(windowEnd("fields", 4, 0, types, variants)).toBe(7);
    expect(windowEnd("arity", 4, 0, types, variants)).toBe(4);
    expect(windowEnd("arity", 4, 1, types, variants)).toBe(6);
  });

  it("is undefined when the operand names no struct or variant", () => {
    expect(windowEnd("fields", 4, 1, types, variants)).toBeUndefined();
    expect(windowEnd("fields", 4, 9, types, variants)).toBeUndefined();
    expect(windowEnd("arity", 4, 2, types, variants)).toBeUndefined();
  });
});

describe("stripDebug", () => {
  it("drops the debug tables and keeps everything else", () => {
    const stripped = stripDebug(SAMPLE);
    expect("debug" in stripped).toBe(false);
    const { debug: _debug, ...rest } = SAMPLE;
    expect(stripped).toEqual(rest);
    expect(SAMPLE.debug).toBeDefined();
  });
});
