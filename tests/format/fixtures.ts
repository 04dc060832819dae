// Hand-built modules shared by the format tests: SAMPLE touches every table, debug info and
// custom sections; MINIMAL is the smallest valid module.

import {
  CHECKSUM_OFFSET,
  HEADER_SIZE,
  OPCODE_BY_NAME,
  crc32,
  encode,
  FormatError,
  type Module,
} from "../../format/index.js";

export const op = (name: string, ...operands: number[]): number =>
  encode(OPCODE_BY_NAME.get(name)!, operands);

/** A module touching every table: closures with upvalues, structs, enums, natives, debug. */
export const SAMPLE: Module = {
  strings: ["main", "counter", "n", "Point", "x", "y", "Option", "Some", "None", "println", "len"],
  constants: [
    { kind: "int", value: -(2n ** 63n) },
    { kind: "int", value: 2n ** 63n - 1n },
    { kind: "float", value: -0 },
    { kind: "float", value: 0 },
    { kind: "float", value: NaN },
    { kind: "float", value: Infinity },
    { kind: "str", string: 4 },
    { kind: "char", codePoint: 0x1f600 },
  ],
  types: [
    { kind: "struct", name: 3, flags: 0, fields: [4, 5], methods: [{ name: 10, global: 1 }] },
    {
      kind: "enum",
      name: 6,
      flags: 1,
      variants: [
        { name: 7, arity: 1 },
        { name: 8, arity: 0 },
      ],
      methods: [],
    },
  ],
  natives: [{ name: 9, arity: 255 }],
  globals: [{ name: 1 }, { name: 10 }],
  functions: [
    {
      name: 0,
      params: 0,
      registers: 4,
      upvalues: [],
      children: [1],
      constants: [6, 0],
      code: Uint32Array.of(
        op("CLOSURE", 0, 0),
        op("SETGLOBAL", 0, 0),
        op("GETNATIVE", 1, 0),
        op("LOADK", 2, 0),
        op("CALL", 1, 1),
        op("NEWSTRUCT", 1, 0),
        op("NEWENUM", 2, 0),
        op("HALT"),
      ),
    },
    {
      name: 1,
      params: 1,
      registers: 2,
      upvalues: [{ inStack: true, index: 3 }],
      children: [2],
      constants: [1, 2, 3, 4, 5, 7],
      code: Uint32Array.of(op("GETUPVAL", 1, 0), op("CLOSURE", 1, 0), op("RETURN", 1)),
    },
    {
      name: 2,
      params: 0,
      registers: 1,
      upvalues: [{ inStack: false, index: 0 }],
      children: [],
      constants: [],
      code: Uint32Array.of(
        op("GETUPVAL", 0, 0),
        op("EQI", 0, 5, 1),
        op("JMP", -3),
        op("RETURNUNIT"),
      ),
    },
  ],
  debug: {
    sourceFile: "counter.veld",
    sourceHash: new Uint8Array(32).map((_, i) => i),
    functions: [
      {
        lines: Uint32Array.of(1, 1, 2, 2, 2, 3, 4, 0xffffffff),
        columns: Uint32Array.of(1, 5, 1, 9, 1, 1, 1, 0),
        locals: [{ name: "p", register: 1, bank: 1, startPc: 5, endPc: 8 }],
        upvalueNames: [],
      },
      {
        lines: Uint32Array.of(7, 6, 5),
        columns: Uint32Array.of(3, 3, 3),
        locals: [],
        upvalueNames: ["n"],
      },
      {
        lines: Uint32Array.of(0, 0, 0, 0),
        columns: Uint32Array.of(0, 0, 0, 0),
        locals: [],
        upvalueNames: [],
      },
    ],
  },
  custom: [
    { name: "producer", data: new TextEncoder().encode("veldc 0.1.0") },
    { name: "", data: new Uint8Array(0) },
  ],
};

/** The smallest valid module: main halts. */
export const MINIMAL: Module = {
  strings: ["main"],
  constants: [],
  types: [],
  natives: [],
  globals: [],
  functions: [
    {
      name: 0,
      params: 0,
      registers: 1,
      upvalues: [],
      children: [],
      constants: [],
      code: Uint32Array.of(op("HALT")),
    },
  ],
  custom: [],
};

/**
 * A library (format 1.2): module `geometry` exports the function `area` (global 0) and the
 * struct `Point`, and imports the function `twice` and the enum `Shape` of module `util`.
 */
export const LIBRARY: Module = {
  ...MINIMAL,
  strings: ["main", "geometry", "area", "Point", "x", "y", "util", "twice", "Shape", "Circle"],
  types: [
    { kind: "struct", name: 3, flags: 0, fields: [4, 5], methods: [] },
    { kind: "enum", name: 8, flags: 0, variants: [{ name: 9, arity: 1 }], methods: [] },
  ],
  globals: [{ name: 2 }, { name: 7 }],
  exports: {
    module: 1,
    items: [
      { name: 2, kind: "function", index: 0, arity: 1 },
      { name: 3, kind: "struct", index: 0 },
    ],
  },
  imports: [
    { module: 6, name: 7, kind: "function", index: 1, arity: 2 },
    { module: 6, name: 8, kind: "enum", index: 1 },
  ],
};

/** Recomputes the header checksum so a mutation reaches the check it targets. */
export function fixChecksum(bytes: Uint8Array): Uint8Array {
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(
    CHECKSUM_OFFSET,
    crc32(bytes.subarray(HEADER_SIZE)),
    true,
  );
  return bytes;
}

/** A copy of `bytes` with `values` written at `offset`, checksum fixed. */
export function patch(bytes: Uint8Array, offset: number, ...values: number[]): Uint8Array {
  const copy = bytes.slice();
  copy.set(values, offset);
  return fixChecksum(copy);
}

/** The FormatError `run` throws (any other exception is rethrown; none fails the test). */
export function errorOf(run: () => unknown): FormatError {
  try {
    run();
  } catch (e) {
    if (e instanceof FormatError) return e;
    throw e;
  }
  throw new Error("expected a FormatError");
}
