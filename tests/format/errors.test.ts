// One hand-built bad input per FormatError code (spec/format.md §9), asserting the exact code
// and byte offset. The Record type makes a new catalogue code without a case a compile error.

import { describe, expect, it } from "vitest";
import {
  FORMAT_ERRORS,
  FormatError,
  RUNTIME_ERROR_KINDS,
  readVerifiedModule,
  readModule,
  verifyModule,
  writeModule,
  type FormatErrorCode,
  type FunctionProto,
  type LocalVar,
  type Module,
  type ModuleLayout,
} from "../../format/index.js";
import { FORMAT_MINOR } from "../../format/module.js";
import { LIBRARY, MINIMAL, SAMPLE, errorOf, fixChecksum, op, patch } from "./fixtures.js";

const main = (code: number[], f: Partial<FunctionProto> = {}): FunctionProto => ({
  ...MINIMAL.functions[0]!,
  code: Uint32Array.from(code),
  ...f,
});

/** A module whose file decodes; the case is its verifier error at an offset from the layout. */
function invalid(m: Module, offset: (layout: ModuleLayout) => number | undefined): Case {
  const bytes = writeModule(m);
  return {
    run: () => readVerifiedModule(bytes),
    offset: offset(readModule(bytes).layout),
    decodes: bytes,
  };
}

/** MINIMAL with a debug section whose one function has `local`. */
function withLocal(local: LocalVar): Module {
  return {
    ...MINIMAL,
    debug: {
      sourceFile: "a.veld",
      sourceHash: new Uint8Array(0),
      functions: [
        {
          lines: Uint32Array.of(1),
          columns: Uint32Array.of(1),
          locals: [local],
          upvalueNames: [],
        },
      ],
    },
  };
}

const codeAt =
  (pc: number, fn = 0) =>
  (l: ModuleLayout) =>
    l.functions[fn]!.code + 4 * pc;

interface Case {
  readonly run: () => unknown;
  readonly offset: number | undefined;
  /** For verifier cases: the file, which must decode. */
  readonly decodes?: Uint8Array;
}

const minimal = writeModule(MINIMAL);
const sample = writeModule(SAMPLE);
const sampleLayout = readModule(sample).layout;
const read = (bytes: Uint8Array) => () => readModule(bytes);
const library = writeModule(LIBRARY);
const libraryLayout = readModule(library).layout;

const withGlobalName = (name: number) => writeModule({ ...MINIMAL, globals: [{ name }] });
const bigGlobal = withGlobalName(0xffffffff);
const bigGlobalAt = readModule(bigGlobal).layout.globals[0]!;
const global128 = withGlobalName(128);
const global128At = readModule(global128).layout.globals[0]!;
const intConstant = writeModule({ ...MINIMAL, constants: [{ kind: "int", value: 1n }] });
const intConstantAt = readModule(intConstant).layout.constants[0]!;
const nanConstant = writeModule({ ...MINIMAL, constants: [{ kind: "float", value: NaN }] });
const nanConstantAt = readModule(nanConstant).layout.constants[0]!;
const structModule: Module = {
  ...MINIMAL,
  strings: ["main", "P", "x"],
  types: [{ kind: "struct", name: 1, flags: 0, fields: [2], methods: [] }],
};
const struct = writeModule(structModule);
const structAt = readModule(struct).layout.types[0]!.offset;
const enumModule: Module = {
  ...MINIMAL,
  strings: ["main", "E", "A"],
  types: [{ kind: "enum", name: 1, flags: 0, variants: [{ name: 2, arity: 0 }], methods: [] }],
};
const withConstant = (code: number[]): Module => ({
  ...MINIMAL,
  constants: [{ kind: "int", value: 7n }],
  functions: [main(code, { constants: [0] })],
});

const CASES: Record<FormatErrorCode, Case> = {
  // MINIMAL is 76 bytes: header 0–15, directory 16–36 (entry i: id at 16+3i, offset and size
  // one byte each after it), STRINGS at 40 ("main" at 42), padding at 46–47, CODE at 72.
  E_TRUNCATED: { run: read(minimal.subarray(0, 12)), offset: 12 },
  E_MAGIC: { run: read(patch(minimal, 1, 0x57)), offset: 0 },
  E_VERSION: { run: read(patch(minimal, 9, FORMAT_MINOR + 1)), offset: 9 },
  E_CHECKSUM: { run: read(minimal.slice().fill(9, 75)), offset: 12 },
  E_FLAGS: { run: read(patch(minimal, 10, 1)), offset: 10 },
  E_SECTION_ID: { run: read(patch(minimal, 16, 11)), offset: 16 },
  E_SECTION_ORDER: { run: read(patch(minimal, 19, 1)), offset: 19 },
  E_SECTION_MISSING: { run: read(patch(minimal, 19, 3)), offset: 19 },
  E_SECTION_LAYOUT: { run: read(patch(minimal, 17, 44)), offset: 17 },
  E_PADDING: { run: read(patch(minimal, 46, 1)), offset: 46 },
  E_TRAILING: { run: read(fixChecksum(Uint8Array.of(...minimal, 0, 0, 0, 0))), offset: 76 },
  E_SECTION_SIZE: { run: read(patch(minimal, 18, 7)), offset: 46 },
  E_COUNT: { run: read(patch(minimal, 40, 100)), offset: 40 },
  E_LEB_RANGE: { run: read(patch(bigGlobal, bigGlobalAt + 4, 0x1f)), offset: bigGlobalAt },
  E_LEB_OVERLONG: { run: read(patch(global128, global128At + 1, 0)), offset: global128At },
  E_UTF8: { run: read(patch(minimal, 42, 0xff)), offset: 42 },
  E_CONSTANT_TAG: { run: read(patch(intConstant, intConstantAt, 7)), offset: intConstantAt },
  E_NAN: {
    run: read(patch(nanConstant, nanConstantAt + 1, 1, 0, 0, 0, 0, 0, 0xf8, 0x7f)),
    offset: nanConstantAt + 1,
  },
  E_TYPE_KIND: {
    run: read(patch(struct, structAt, 2)),
    offset: structAt,
  },
  E_UPVALUE_FLAG: {
    run: read(patch(sample, sampleLayout.functions[1]!.upvalues[0]!, 2)),
    offset: sampleLayout.functions[1]!.upvalues[0]!,
  },
  // The first line delta of main (+1) becomes -1.
  E_LINE_RANGE: {
    run: read(patch(sample, sampleLayout.debug!.functions[0]!.offset + 1, 0x7f)),
    offset: sampleLayout.debug!.functions[0]!.offset + 1,
  },

  E_SURROGATE: {
    run: () => verifyModule({ ...MINIMAL, strings: ["main", "\ud800"] }),
    offset: undefined,
  },
  E_DUPLICATE_STRING: invalid({ ...MINIMAL, strings: ["main", "main"] }, (l) => l.strings[1]),
  E_DUPLICATE_CONSTANT: invalid(
    {
      ...MINIMAL,
      constants: [
        { kind: "float", value: -0 },
        { kind: "float", value: 0 },
        { kind: "float", value: -0 },
      ],
    },
    (l) => l.constants[2],
  ),
  E_INT_RANGE: {
    run: () => verifyModule({ ...MINIMAL, constants: [{ kind: "int", value: 2n ** 63n }] }),
    offset: undefined,
  },
  E_CHAR: invalid(
    { ...MINIMAL, constants: [{ kind: "char", codePoint: 0xd800 }] },
    (l) => l.constants[0],
  ),
  E_STRING_INDEX: invalid({ ...MINIMAL, globals: [{ name: 5 }] }, (l) => l.globals[0]),
  E_TYPE_FLAGS: invalid(
    { ...structModule, types: [{ ...structModule.types[0]!, flags: 2 }] },
    (l) => l.types[0]!.flags,
  ),
  E_DUPLICATE_NAME: invalid(
    {
      ...structModule,
      types: [{ kind: "struct", name: 1, flags: 0, fields: [2, 2], methods: [] }],
    },
    (l) => l.types[0]!.members[1],
  ),
  E_ARITY: invalid(
    {
      ...enumModule,
      types: [
        { kind: "enum", name: 1, flags: 0, variants: [{ name: 2, arity: 256 }], methods: [] },
      ],
    },
    (l) => l.types[0]!.members[0],
  ),
  E_GLOBAL_INDEX: invalid(
    { ...structModule, types: [{ ...structModule.types[0]!, methods: [{ name: 0, global: 3 }] }] },
    (l) => l.types[0]!.methods[0],
  ),
  E_LIMIT: invalid(
    { ...MINIMAL, globals: Array.from({ length: 65_537 }, () => ({ name: 0 })) },
    (l) => l.sections[4]!.offset,
  ),
  E_MAIN: invalid(
    { ...MINIMAL, functions: [main([op("HALT")], { params: 1 })] },
    (l) => l.functions[0]!.offset,
  ),
  E_REGISTERS: invalid(
    { ...MINIMAL, functions: [main([op("HALT")], { registers: 0 })] },
    (l) => l.functions[0]!.registers,
  ),
  E_CONSTANT_INDEX: invalid(
    { ...MINIMAL, functions: [main([op("HALT")], { constants: [3] })] },
    (l) => l.functions[0]!.constants[0],
  ),
  E_DUPLICATE_CONSTANT_REF: invalid(
    { ...withConstant([op("HALT")]), functions: [main([op("HALT")], { constants: [0, 0] })] },
    (l) => l.functions[0]!.constants[1],
  ),
  E_CHILD_INDEX: invalid(
    { ...MINIMAL, functions: [main([op("HALT")], { children: [5] })] },
    (l) => l.functions[0]!.children[0],
  ),
  E_FUNCTION_TREE: invalid(
    { ...MINIMAL, functions: [main([op("HALT")]), main([op("HALT")])] },
    (l) => l.functions[1]!.offset,
  ),
  E_UPVALUE: invalid(
    {
      ...SAMPLE,
      functions: SAMPLE.functions.map((f, i) =>
        i === 1 ? { ...f, upvalues: [{ inStack: true, index: 4 }] } : f,
      ),
    },
    (l) => l.functions[1]!.upvalues[0],
  ),
  E_CODE_LENGTH: invalid(
    { ...MINIMAL, functions: [main([])] },
    (l) => l.functions[0]!.codeLengthAt,
  ),
  E_OPCODE: invalid({ ...MINIMAL, functions: [main([op("HALT"), 0xff])] }, codeAt(1)),
  E_UNUSED_BITS: invalid({ ...MINIMAL, functions: [main([op("HALT") | 0x100])] }, codeAt(0)),
  E_OPERAND_REG: invalid(
    { ...MINIMAL, functions: [main([op("LOADTRUE", 1), op("HALT")])] },
    codeAt(0),
  ),
  E_OPERAND_KST: invalid(
    { ...MINIMAL, functions: [main([op("LOADK", 0, 0), op("HALT")])] },
    codeAt(0),
  ),
  E_OPERAND_KIND: invalid(withConstant([op("GETFIELD", 0, 0, 0), op("HALT")]), codeAt(0)),
  E_OPERAND_UPVAL: invalid(
    { ...MINIMAL, functions: [main([op("GETUPVAL", 0, 0), op("HALT")])] },
    codeAt(0),
  ),
  E_OPERAND_CHILD: invalid(
    { ...MINIMAL, functions: [main([op("CLOSURE", 0, 0), op("HALT")])] },
    codeAt(0),
  ),
  E_OPERAND_GLOBAL: invalid(
    { ...MINIMAL, functions: [main([op("GETGLOBAL", 0, 0), op("HALT")])] },
    codeAt(0),
  ),
  E_OPERAND_NATIVE: invalid(
    { ...MINIMAL, functions: [main([op("GETNATIVE", 0, 0), op("HALT")])] },
    codeAt(0),
  ),
  E_OPERAND_STRUCT: invalid(
    { ...enumModule, functions: [main([op("NEWSTRUCT", 0, 0), op("HALT")])] },
    codeAt(0),
  ),
  E_OPERAND_VARIANT: invalid(
    { ...structModule, functions: [main([op("NEWENUM", 0, 0), op("HALT")])] },
    codeAt(0),
  ),
  E_OPERAND_JUMP: invalid({ ...MINIMAL, functions: [main([op("HALT"), op("JMP", 0)])] }, codeAt(1)),
  E_OPERAND_BOOL: invalid(
    { ...MINIMAL, functions: [main([op("TEST", 0, 2), op("JMP", -2)])] },
    codeAt(0),
  ),
  E_OPERAND_ERRKIND: invalid(
    { ...MINIMAL, functions: [main([op("RAISE", 0, RUNTIME_ERROR_KINDS.length)])] },
    codeAt(0),
  ),
  E_OPERAND_CAST: invalid(
    { ...MINIMAL, functions: [main([op("CAST", 0, 0, 11), op("HALT")])] },
    codeAt(0),
  ),
  E_WINDOW: invalid(
    { ...MINIMAL, functions: [main([op("HALT"), op("CALL", 0, 1), op("HALT")])] },
    codeAt(1),
  ),
  E_TEST_JMP: invalid({ ...MINIMAL, functions: [main([op("TEST", 0, 1), op("HALT")])] }, codeAt(0)),
  E_FALLTHROUGH: invalid(
    { ...MINIMAL, functions: [main([op("HALT"), op("LOADTRUE", 0)])] },
    codeAt(1),
  ),
  E_DEBUG_SHAPE: invalid(
    { ...MINIMAL, debug: { sourceFile: "a.veld", sourceHash: new Uint8Array(0), functions: [] } },
    (l) => l.debug!.functionCountAt,
  ),
  E_DEBUG_LOCAL: invalid(
    withLocal({ name: "x", register: 0, bank: 0, startPc: 0, endPc: 2 }),
    (l) => l.debug!.functions[0]!.locals[0],
  ),
  E_ITEM_KIND: {
    run: read(patch(library, libraryLayout.exports![1]!.kind, 4)),
    offset: libraryLayout.exports![1]!.kind,
  },
  // A second export named `area` (the constant in global 1).
  E_EXPORT: invalid(
    {
      ...LIBRARY,
      exports: {
        module: 1,
        items: [...LIBRARY.exports!.items, { name: 2, kind: "constant", index: 1 }],
      },
    },
    (l) => l.exports![2]!.name,
  ),
  // `Shape` imported as a struct, but type 1 is an enum.
  E_IMPORT: invalid(
    { ...LIBRARY, imports: [LIBRARY.imports![0]!, { ...LIBRARY.imports![1]!, kind: "struct" }] },
    (l) => l.imports![1]!.index,
  ),
  E_TEST_END: invalid(
    { ...MINIMAL, functions: [main([op("LOADTRUE", 0), op("TEST", 0, 0), op("JMP", -3)])] },
    codeAt(1),
  ),
  // Enum E has two variants: a switch names the first, and three JMPs follow it.
  E_SWITCH_ENUM: invalid(
    {
      ...enumModule,
      strings: ["main", "E", "A", "B"],
      types: [
        {
          kind: "enum",
          name: 1,
          flags: 0,
          variants: [
            { name: 2, arity: 0 },
            { name: 3, arity: 0 },
          ],
          methods: [],
        },
      ],
      functions: [
        main([op("SWITCHVARIANT", 0, 1), op("JMP", 2), op("JMP", 1), op("JMP", 0), op("HALT")]),
      ],
    },
    codeAt(0),
  ),
  // Enum E has one variant: its table is two JMPs, and only one follows.
  E_SWITCH_TABLE: invalid(
    { ...enumModule, functions: [main([op("SWITCHVARIANT", 0, 0), op("JMP", 0), op("HALT")])] },
    codeAt(0),
  ),
};

describe("FormatError codes", () => {
  it("a FormatError is an Error named FormatError, with its code, offset and message", () => {
    const e = new FormatError("E_MAGIC", 3, "not a .veldc file");
    expect(e).toBeInstanceOf(Error);
    expect({ name: e.name, code: e.code, offset: e.offset, message: e.message }).toEqual({
      name: "FormatError",
      code: "E_MAGIC",
      offset: 3,
      message: "not a .veldc file",
    });
    expect(String(e)).toBe("FormatError: not a .veldc file");
  });

  it("every catalogue code has a case", () => {
    expect(Object.keys(CASES).sort()).toEqual(FORMAT_ERRORS.map((e) => e.code).sort());
  });

  it.each(FORMAT_ERRORS.map((e) => [e.code, e.outcome] as const))("%s (%s)", (code, outcome) => {
    const c = CASES[code];
    const error = errorOf(c.run);
    expect({ code: error.code, offset: error.offset }).toEqual({ code, offset: c.offset });
    expect(error.message).not.toBe("");
    expect(FORMAT_ERRORS.find((e) => e.code === code)!.outcome).toBe(outcome);
  });

  it("invalid files decode: their errors come from the verifier, not the reader", () => {
    for (const { code, outcome } of FORMAT_ERRORS) {
      const bytes = CASES[code].decodes;
      if (outcome === "invalid" && bytes) expect(() => readModule(bytes), code).not.toThrow();
      if (outcome === "malformed") expect(CASES[code].decodes, code).toBeUndefined();
    }
  });

  it("E_DEBUG_LOCAL: a local's bank must be 0 (R) or 1 (F)", () => {
    const withBank = (bank: number) =>
      withLocal({ name: "x", register: 0, bank, startPc: 0, endPc: 1 });
    expect(() => readVerifiedModule(writeModule(withBank(1)))).not.toThrow();
    const bytes = writeModule(withBank(2));
    const e = errorOf(() => readVerifiedModule(bytes));
    expect(e.code).toBe("E_DEBUG_LOCAL");
    expect(e.offset).toBe(readModule(bytes).layout.debug!.functions[0]!.locals[0]);
  });

  it("reports the other fields format.md §9.1 names for codes with several", () => {
    const at = (bytes: Uint8Array) => errorOf(read(bytes));
    // E_REGISTERS: params above registers is reported at params, not at registers.
    const params = writeModule({ ...MINIMAL, functions: [main([op("HALT")], { params: 2 })] });
    expect(errorOf(() => readVerifiedModule(params))).toMatchObject({
      code: "E_REGISTERS",
      offset: readModule(params).layout.functions[0]!.params,
    });
    // E_TRUNCATED: a LEB128 cut short is reported at the first missing byte (the end).
    const cut = patch(global128, global128At, 0x80, 0x81);
    const globalsEnd = readModule(global128).layout.sections[4]!;
    expect(at(cut)).toMatchObject({
      code: "E_TRUNCATED",
      offset: globalsEnd.offset + globalsEnd.size,
    });
    // E_STRING_INDEX of a str constant: the constant's tag byte.
    const strConstant = writeModule({ ...MINIMAL, constants: [{ kind: "str", string: 9 }] });
    expect(errorOf(() => readVerifiedModule(strConstant))).toMatchObject({
      code: "E_STRING_INDEX",
      offset: readModule(strConstant).layout.constants[0],
    });
    // E_DEBUG_SHAPE: a hash of another length, at the hash length field.
    const hash = writeModule({
      ...MINIMAL,
      debug: {
        sourceFile: "a.veld",
        sourceHash: new Uint8Array(3),
        functions: [
          { lines: Uint32Array.of(1), columns: Uint32Array.of(1), locals: [], upvalueNames: [] },
        ],
      },
    });
    expect(errorOf(() => readVerifiedModule(hash))).toMatchObject({
      code: "E_DEBUG_SHAPE",
      offset: readModule(hash).layout.debug!.sourceHash,
    });
  });

  it("E_DEBUG_LOCAL: a local's live range lies inside its function and does not run backwards", () => {
    const range = (startPc: number, endPc: number) =>
      withLocal({ name: "x", register: 0, bank: 0, startPc, endPc });
    for (const [start, end] of [
      [0, 0],
      [0, 1],
      [1, 1],
    ] as const) {
      expect(() => readVerifiedModule(writeModule(range(start, end)))).not.toThrow();
    }
    for (const [start, end] of [
      [1, 0],
      [0, 2],
      [2, 2],
    ] as const) {
      const bytes = writeModule(range(start, end));
      const e = errorOf(() => readVerifiedModule(bytes));
      expect({ start, end, code: e.code }).toEqual({ start, end, code: "E_DEBUG_LOCAL" });
      expect(e.offset).toBe(readModule(bytes).layout.debug!.functions[0]!.locals[0]);
    }
  });

  it("reports a major version, unknown flags, a section past the end and two parents", () => {
    expect(errorOf(read(patch(minimal, 8, 2))).offset).toBe(8);
    expect(errorOf(read(patch(minimal, 10, 2))).code).toBe("E_FLAGS"); // unknown flag bit
    expect(errorOf(read(patch(minimal, 16 + 3 * 6 + 2, 8))).code).toBe("E_TRUNCATED"); // CODE size
    const twoParents = {
      ...MINIMAL,
      functions: [main([op("HALT")], { children: [1, 1] }), main([op("HALT")])],
    };
    const e = errorOf(() => verifyModule(twoParents));
    expect(e.code).toBe("E_FUNCTION_TREE");
    expect(e.offset).toBeUndefined();
  });
});

describe("in-memory modules: every unsigned field must be an integer in range", () => {
  const child = (f: Partial<FunctionProto>): Module => ({
    ...MINIMAL,
    strings: ["main", "f"],
    functions: [main([op("HALT")], { children: [1] }), main([op("HALT")], { name: 1, ...f })],
  });
  const cases: [string, Module, FormatErrorCode][] = [
    ["a negative string index", { ...MINIMAL, globals: [{ name: -1 }] }, "E_STRING_INDEX"],
    ["a fractional string index", { ...MINIMAL, globals: [{ name: 0.5 }] }, "E_STRING_INDEX"],
    ["a NaN string index", { ...MINIMAL, globals: [{ name: NaN }] }, "E_STRING_INDEX"],
    [
      "an int constant held as a number",
      { ...MINIMAL, constants: [{ kind: "int", value: 1.5 as unknown as bigint }] },
      "E_INT_RANGE",
    ],
    ["a fractional char", { ...MINIMAL, constants: [{ kind: "char", codePoint: 65.5 }] }, "E_CHAR"],
    [
      "a negative variant arity",
      {
        ...MINIMAL,
        types: [
          { kind: "enum", name: 0, flags: 0, variants: [{ name: 0, arity: -1 }], methods: [] },
        ],
      },
      "E_ARITY",
    ],
    [
      "a fractional type flag",
      { ...MINIMAL, types: [{ kind: "struct", name: 0, flags: 0.5, fields: [], methods: [] }] },
      "E_TYPE_FLAGS",
    ],
    [
      "a negative method global",
      {
        ...MINIMAL,
        globals: [{ name: 0 }],
        types: [
          { kind: "struct", name: 0, flags: 0, fields: [], methods: [{ name: 0, global: -1 }] },
        ],
      },
      "E_GLOBAL_INDEX",
    ],
    ["a fractional native arity", { ...MINIMAL, natives: [{ name: 0, arity: 1.5 }] }, "E_ARITY"],
    [
      "fractional registers",
      { ...MINIMAL, functions: [main([op("HALT")], { registers: 1.5 })] },
      "E_REGISTERS",
    ],
    ["negative params", child({ params: -1 }), "E_REGISTERS"],
    [
      "a fractional child",
      { ...MINIMAL, functions: [main([op("HALT")], { children: [0.5] })] },
      "E_CHILD_INDEX",
    ],
    [
      "a negative constant index",
      {
        ...MINIMAL,
        constants: [{ kind: "float", value: 1 }],
        functions: [main([op("HALT")], { constants: [-1] })],
      },
      "E_CONSTANT_INDEX",
    ],
    ["a negative upvalue index", child({ upvalues: [{ inStack: true, index: -1 }] }), "E_UPVALUE"],
    [
      "a fractional local register",
      withLocal({ name: "x", register: 0.5, bank: 0, startPc: 0, endPc: 1 }),
      "E_DEBUG_LOCAL",
    ],
    [
      "a negative local start",
      withLocal({ name: "x", register: 0, bank: 0, startPc: -1, endPc: 1 }),
      "E_DEBUG_LOCAL",
    ],
  ];
  it.each(cases)("%s is a FormatError", (_, m, code) => {
    expect(errorOf(() => verifyModule(m)).code).toBe(code);
  });
});
