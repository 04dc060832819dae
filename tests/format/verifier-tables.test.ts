// The verifier's checks of the tables before the code (strings, constants, types, natives,
// globals, functions, custom sections) on in-memory modules: each rule's code, its message
// (what a user reads), and the boundary values a rule must still accept. Written against the
// verifier's surviving mutants (docs/testing.md, "Mutation testing").

import { describe, expect, it } from "vitest";
import {
  readModule,
  readVerifiedModule,
  verifyModule,
  writeModule,
  type DebugInfo,
  type EnumType,
  type Export,
  type FunctionDebug,
  type Import,
  type LocalVar,
  type Module,
  type ModuleLayout,
  type TypeDef,
} from "../../format/index.js";
import { LIMITS } from "../../format/verifier.js";
import { errorOf, LIBRARY, MINIMAL } from "./fixtures.js";

/** The FormatError verifying `m` without a layout throws, as code and message. */
function failure(m: Module): { code: string; message: string; offset: number | undefined } {
  const e = errorOf(() => verifyModule(m));
  return { code: e.code, message: e.message, offset: e.offset };
}

const fails = (m: Module, code: string, message: string) =>
  expect(failure(m)).toEqual({ code, message, offset: undefined });

/** MINIMAL with more strings: 0 "main", 1 "a", 2 "b". */
const base: Module = { ...MINIMAL, strings: ["main", "a", "b"] };
const struct = (fields: number[], extra: Partial<TypeDef> = {}): TypeDef =>
  ({ kind: "struct", name: 1, flags: 0, fields, methods: [], ...extra }) as TypeDef;
const enumOf = (arities: number[]): EnumType => ({
  kind: "enum",
  name: 1,
  flags: 0,
  variants: arities.map((arity, i) => ({ name: i % 3, arity })),
  methods: [],
});

describe("strings and constants", () => {
  it("name the string or custom section with an unpaired surrogate", () => {
    fails(
      { ...base, strings: ["main", "x\ud800"] },
      "E_SURROGATE",
      "string 1 has an unpaired surrogate",
    );
    fails(
      {
        ...base,
        custom: [
          { name: "ok", data: new Uint8Array() },
          { name: "\udc00", data: new Uint8Array() },
        ],
      },
      "E_SURROGATE",
      "custom section name has an unpaired surrogate",
    );
  });

  it("reject every surrogate code point as a char, and accept the scalars around them", () => {
    for (const codePoint of [0xd800, 0xdbff, 0xdc00, 0xdfff]) {
      fails(
        { ...base, constants: [{ kind: "char", codePoint }] },
        "E_CHAR",
        `char constant 0x${codePoint.toString(16)} is not a Unicode scalar value`,
      );
    }
    for (const codePoint of [0xd7ff, 0xe000, 0x10ffff]) {
      expect(() =>
        verifyModule({ ...base, constants: [{ kind: "char", codePoint }] }),
      ).not.toThrow();
    }
  });

  it("name a string constant with a dangling string index", () => {
    fails(
      {
        ...base,
        constants: [
          { kind: "int", value: 1n },
          { kind: "str", string: 3 },
        ],
      },
      "E_STRING_INDEX",
      "constant 1: string 3 of 3",
    );
  });
});

describe("types", () => {
  it("name a dangling type, field, variant or method name", () => {
    fails(
      { ...base, types: [struct([], { name: 7 })] },
      "E_STRING_INDEX",
      "type 0 name: string 7 of 3",
    );
    fails(
      { ...base, types: [struct([1, 9])] },
      "E_STRING_INDEX",
      "struct 0 field 1: string 9 of 3",
    );
    fails(
      {
        ...base,
        types: [
          {
            ...enumOf([0]),
            variants: [
              { name: 1, arity: 0 },
              { name: 8, arity: 0 },
            ],
          },
        ],
      },
      "E_STRING_INDEX",
      "enum 0 variant 1: string 8 of 3",
    );
    fails(
      {
        ...base,
        globals: [{ name: 1 }],
        types: [struct([], { methods: [{ name: 5, global: 0 }] })],
      },
      "E_STRING_INDEX",
      "type 0 method 0: string 5 of 3",
    );
  });

  it("name a repeated field, variant or method", () => {
    fails({ ...base, types: [struct([1, 2, 1])] }, "E_DUPLICATE_NAME", 'field "a" repeats');
    fails(
      {
        ...base,
        types: [
          {
            ...enumOf([]),
            variants: [
              { name: 2, arity: 0 },
              { name: 2, arity: 1 },
            ],
          },
        ],
      },
      "E_DUPLICATE_NAME",
      'variant "b" repeats',
    );
    const methods = [
      { name: 1, global: 0 },
      { name: 1, global: 0 },
    ];
    fails(
      { ...base, globals: [{ name: 1 }], types: [struct([], { methods })] },
      "E_DUPLICATE_NAME",
      'method "a" repeats',
    );
  });

  it("allow struct fields and variant payloads up to the arity limit", () => {
    const names = Array.from({ length: LIMITS.arity + 1 }, (_, i) => `f${i}`);
    const strings = ["main", ...names];
    const fields = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
    expect(() =>
      verifyModule({ ...base, strings, types: [struct(fields(LIMITS.arity))] }),
    ).not.toThrow();
    fails(
      { ...base, strings, types: [struct(fields(LIMITS.arity + 1))] },
      "E_ARITY",
      `struct 0 has ${LIMITS.arity + 1} fields (limit ${LIMITS.arity})`,
    );
    expect(() => verifyModule({ ...base, types: [enumOf([LIMITS.arity])] })).not.toThrow();
    fails(
      { ...base, types: [enumOf([LIMITS.arity + 1])] },
      "E_ARITY",
      `variant arity ${LIMITS.arity + 1} (limit ${LIMITS.arity})`,
    );
  });

  it("name the limit a table exceeds", () => {
    const many = (n: number) => Array.from({ length: n }, () => struct([]));
    fails(
      { ...base, types: many(LIMITS.types + 1) },
      "E_LIMIT",
      `${LIMITS.types + 1} types (limit ${LIMITS.types})`,
    );
    const variants = Array.from({ length: LIMITS.variants + 1 }, () => ({ name: 1, arity: 0 }));
    fails(
      { ...base, types: [{ ...enumOf([]), variants }] },
      "E_LIMIT",
      `${LIMITS.variants + 1} enum variants (limit ${LIMITS.variants})`,
    );
  });
});

describe("natives, globals and functions", () => {
  it("name a dangling native name, a wide arity and a repeated native", () => {
    fails(
      {
        ...base,
        natives: [
          { name: 1, arity: 0 },
          { name: 4, arity: 0 },
        ],
      },
      "E_STRING_INDEX",
      "native 1: string 4 of 3",
    );
    fails(
      { ...base, natives: [{ name: 1, arity: 256 }] },
      "E_ARITY",
      "native arity 256 does not fit a byte",
    );
    fails(
      {
        ...base,
        natives: [
          { name: 2, arity: 0 },
          { name: 2, arity: 1 },
        ],
      },
      "E_DUPLICATE_NAME",
      'native "b" repeats',
    );
    const natives = Array.from({ length: LIMITS.natives + 1 }, () => ({ name: 1, arity: 0 }));
    fails(
      { ...base, natives },
      "E_LIMIT",
      `${LIMITS.natives + 1} natives (limit ${LIMITS.natives})`,
    );
  });

  it("accept exactly as many globals as the limit, and no more", () => {
    const globals = (n: number) => Array.from({ length: n }, () => ({ name: 1 }));
    expect(() => verifyModule({ ...base, globals: globals(LIMITS.globals) })).not.toThrow();
    fails(
      { ...base, globals: globals(LIMITS.globals + 1) },
      "E_LIMIT",
      `${LIMITS.globals + 1} globals (limit ${LIMITS.globals})`,
    );
    fails(
      { ...base, globals: [{ name: 1 }, { name: 3 }] },
      "E_STRING_INDEX",
      "global 1: string 3 of 3",
    );
  });

  it("require a main function and name a dangling function name", () => {
    fails({ ...base, functions: [] }, "E_MAIN", "there is no main function");
    fails(
      { ...base, functions: [{ ...base.functions[0]!, name: 6 }] },
      "E_STRING_INDEX",
      "function 0 name: string 6 of 3",
    );
  });
});

describe("the function table and tree", () => {
  const fn = base.functions[0]!;
  /** main (function 0) with `extra` as its child function 1, and main's fields `over`. */
  const tree = (extra: Partial<typeof fn>, over: Partial<typeof fn> = {}): Module => ({
    ...base,
    functions: [
      { ...fn, children: [1], ...over },
      { ...fn, ...extra },
    ],
  });

  it("allow 1 to 256 registers and at most as many parameters", () => {
    fails(
      { ...base, functions: [{ ...fn, registers: 0 }] },
      "E_REGISTERS",
      "function 0 has 0 registers (1..256)",
    );
    fails(tree({ registers: 257 }), "E_REGISTERS", "function 1 has 257 registers (1..256)");
    expect(() => verifyModule(tree({ registers: 256, params: 256 }))).not.toThrow();
    fails(
      tree({ registers: 2, params: 3 }),
      "E_REGISTERS",
      "function 1 has 3 params but 2 registers",
    );
  });

  it("name the per-function limit exceeded", () => {
    const upvalues = Array.from({ length: LIMITS.upvalues + 1 }, () => ({
      inStack: true,
      index: 0,
    }));
    fails(
      tree({ upvalues }),
      "E_LIMIT",
      `${LIMITS.upvalues + 1} upvalues (limit ${LIMITS.upvalues})`,
    );
    const children = Array.from({ length: LIMITS.children + 1 }, () => 1);
    fails(
      tree({ children }),
      "E_LIMIT",
      `${LIMITS.children + 1} children (limit ${LIMITS.children})`,
    );
    const constants = Array.from({ length: LIMITS.functionConstants + 1 }, (_, i) => i);
    fails(
      tree({ constants }),
      "E_LIMIT",
      `${LIMITS.functionConstants + 1} function constants (limit ${LIMITS.functionConstants})`,
    );
    fails(
      tree({ code: new Uint32Array(LIMITS.codeLength + 1) }),
      "E_CODE_LENGTH",
      `function 1 has ${LIMITS.codeLength + 1} code words (1..2^24)`,
    );
    // Exactly 2^24 words pass the length rule: the next rule (the tree) fails instead.
    fails(
      { ...base, functions: [fn, { ...fn, code: new Uint32Array(LIMITS.codeLength) }] },
      "E_FUNCTION_TREE",
      "function 1 is not reachable from main",
    );
    fails(
      tree({ code: new Uint32Array(0) }),
      "E_CODE_LENGTH",
      "function 1 has 0 code words (1..2^24)",
    );
  });

  it("name dangling and repeated references", () => {
    fails(tree({ children: [2] }), "E_CHILD_INDEX", "child 2 of 2 functions");
    const constants: Module["constants"] = [
      { kind: "int", value: 1n },
      { kind: "int", value: 2n },
    ];
    fails({ ...tree({ constants: [1, 2] }), constants }, "E_CONSTANT_INDEX", "constant 2 of 2");
    fails(
      { ...tree({ constants: [1, 0, 1] }), constants },
      "E_DUPLICATE_CONSTANT_REF",
      "constant 1 listed twice",
    );
    // Two functions may list the same constant.
    expect(() =>
      verifyModule({ ...tree({ constants: [1] }, { constants: [1] }), constants }),
    ).not.toThrow();
  });

  it("require main without parameters or upvalues", () => {
    const message = "main must have no parameters and no upvalues";
    fails({ ...base, functions: [{ ...fn, params: 1 }] }, "E_MAIN", message);
    fails(
      { ...base, functions: [{ ...fn, upvalues: [{ inStack: true, index: 0 }] }] },
      "E_MAIN",
      message,
    );
  });

  it("require a tree rooted at main", () => {
    fails(tree({ children: [0] }), "E_FUNCTION_TREE", "function 0 has a second parent");
    fails(tree({}, { children: [1, 1] }), "E_FUNCTION_TREE", "function 1 has a second parent");
    fails(
      { ...base, functions: [fn, { ...fn }] },
      "E_FUNCTION_TREE",
      "function 1 is not reachable from main",
    );
  });

  it("bound an upvalue by the parent's registers or upvalues", () => {
    fails(
      tree({ upvalues: [{ inStack: true, index: 1 }] }),
      "E_UPVALUE",
      "upvalue 0 captures parent register 1 of 1",
    );
    fails(
      tree({ upvalues: [{ inStack: false, index: 0 }] }),
      "E_UPVALUE",
      "upvalue 0 captures parent upvalue 0 of 0",
    );
    expect(() => verifyModule(tree({ upvalues: [{ inStack: true, index: 0 }] }))).not.toThrow();
  });
});

describe("exports and imports", () => {
  // LIBRARY: strings 0 main, 1 geometry, 2 area, 3 Point, 6 util, 7 twice, 8 Shape, 9 Circle;
  // type 0 the struct Point, type 1 the enum Shape; globals 0 area, 1 twice.
  const [area, point] = LIBRARY.exports!.items as [Export, Export];
  const [twice, shape] = LIBRARY.imports! as [Import, Import];
  const exporting = (...items: Export[]): Module => ({
    ...LIBRARY,
    exports: { module: 1, items },
  });
  const importing = (...imports: Import[]): Module => ({ ...LIBRARY, imports });
  const renamed = (index: number, to: string) =>
    LIBRARY.strings.map((s, i) => (i === index ? to : s));

  it("name a library's module and its exports", () => {
    expect(() => verifyModule(LIBRARY)).not.toThrow();
    fails(
      { ...LIBRARY, exports: { module: 10, items: [] } },
      "E_STRING_INDEX",
      "module name: string 10 of 10",
    );
    fails({ ...LIBRARY, strings: renamed(1, "") }, "E_EXPORT", "a library's module name is empty");
    fails(
      exporting(area, { ...point, name: 10 }),
      "E_STRING_INDEX",
      "export 1 name: string 10 of 10",
    );
    fails(exporting(area, { ...area, index: 1 }), "E_EXPORT", 'export "area" repeats');
  });

  it("check an export's kind, slot or type, and arity", () => {
    fails(
      exporting({ ...area, kind: "global" as Export["kind"] }),
      "E_EXPORT",
      "export 0: unknown kind",
    );
    fails(exporting(point, { ...area, index: 2 }), "E_EXPORT", "export 1: global 2 of 2");
    fails(
      exporting({ name: 2, kind: "constant", index: 2 }),
      "E_EXPORT",
      "export 0: global 2 of 2",
    );
    expect(() => verifyModule(exporting({ name: 2, kind: "constant", index: 1 }))).not.toThrow();
    fails(exporting({ ...point, index: 1 }), "E_EXPORT", "export 0: type 1 is not a struct");
    fails(
      exporting({ name: 8, kind: "enum", index: 0 }),
      "E_EXPORT",
      "export 0: type 0 is not a enum",
    );
    fails(exporting({ ...point, index: 2 }), "E_EXPORT", "export 0: type 2 is not a struct");
    expect(() => verifyModule(exporting({ name: 8, kind: "enum", index: 1 }))).not.toThrow();
    for (const arity of [0, 255])
      expect(() => verifyModule(exporting({ ...area, arity }))).not.toThrow();
    const badArity = "arity (0..255, functions only)";
    for (const [item, arity] of [
      [{ ...area, arity: 256 }, 256],
      [{ ...area, arity: -1 }, -1],
      [{ ...area, arity: undefined }, undefined],
      [{ ...point, arity: 0 }, 0],
    ] as const) {
      fails(
        exporting(item),
        "E_EXPORT",
        `export 0: ${badArity.replace("arity", `arity ${arity}`)}`,
      );
    }
  });

  it("name an import's module, name and the rules it breaks", () => {
    fails(importing(), "E_IMPORT", "an IMPORTS section without records");
    fails(
      importing(twice, { ...shape, module: 10 }),
      "E_STRING_INDEX",
      "import 1 module: string 10 of 10",
    );
    fails(
      importing(twice, { ...shape, name: 10 }),
      "E_STRING_INDEX",
      "import 1 name: string 10 of 10",
    );
    fails(
      importing({ ...twice, kind: "global" as Import["kind"] }),
      "E_IMPORT",
      "import 0: unknown kind",
    );
    fails({ ...LIBRARY, strings: renamed(6, "") }, "E_IMPORT", "import 0 names no module");
    fails(
      importing(twice, { ...shape, module: 1 }),
      "E_IMPORT",
      "the module imports geometry.Shape from itself",
    );
    // Without EXPORTS the module has no name of its own: any module may be imported from.
    expect(() =>
      verifyModule({ ...importing(twice, { ...shape, module: 1 }), exports: undefined }),
    ).not.toThrow();
    fails(importing(twice, { ...twice, index: 0 }), "E_IMPORT", "util.twice is imported twice");
    fails(
      importing(twice, { ...twice, name: 2, arity: 0 }),
      "E_IMPORT",
      "util.area shares its slot with another import",
    );
    fails(
      importing(twice, { module: 6, name: 2, kind: "constant", index: 1 }),
      "E_IMPORT",
      "util.area shares its slot with another import",
    );
    fails(
      importing(shape, { ...shape, name: 9 }),
      "E_IMPORT",
      "util.Circle shares its slot with another import",
    );
    // A global slot and a type entry of the same index are two slots.
    expect(() => verifyModule(importing(twice, shape))).not.toThrow();
  });

  it("reject an imported type with methods or the prelude flag", () => {
    const [struct, shapeType] = LIBRARY.types as [TypeDef, EnumType];
    const withType = (t: EnumType): Module => ({ ...LIBRARY, types: [struct, t] });
    const message = "imported type util.Shape has methods or the prelude flag";
    fails(withType({ ...shapeType, methods: [{ name: 9, global: 0 }] }), "E_IMPORT", message);
    fails(withType({ ...shapeType, flags: 1 }), "E_IMPORT", message);
    // An exported (not imported) type may have methods.
    expect(() =>
      verifyModule({
        ...LIBRARY,
        types: [{ ...struct, methods: [{ name: 2, global: 0 }] } as TypeDef, shapeType],
      }),
    ).not.toThrow();
  });
});

describe("debug tables", () => {
  const fn = base.functions[0]!;
  const entry = (n = 1): FunctionDebug => ({
    lines: new Uint32Array(n),
    columns: new Uint32Array(n),
    locals: [],
    upvalueNames: [],
  });
  const debugInfo = (over: Partial<DebugInfo> = {}): DebugInfo => ({
    sourceFile: "a.veld",
    sourceHash: new Uint8Array(0),
    functions: [entry()],
    ...over,
  });
  const withDebug = (over: Partial<DebugInfo> = {}): Module => ({
    ...base,
    debug: debugInfo(over),
  });
  const local = (over: Partial<LocalVar>): Partial<DebugInfo> => ({
    functions: [
      { ...entry(), locals: [{ name: "x", register: 0, bank: 0, startPc: 0, endPc: 1, ...over }] },
    ],
  });
  /** main with one child that captures main's register 0, with `names` as its upvalue names. */
  const captured = (names: string[]): Module => ({
    ...base,
    functions: [
      { ...fn, children: [1] },
      { ...fn, upvalues: [{ inStack: true, index: 0 }] },
    ],
    debug: debugInfo({ functions: [entry(), { ...entry(), upvalueNames: names }] }),
  });

  it("check the source file, its hash and the number of functions", () => {
    fails(
      withDebug({ sourceFile: "a\ud800" }),
      "E_SURROGATE",
      "source file name has an unpaired surrogate",
    );
    for (const size of [0, 32])
      expect(() => verifyModule(withDebug({ sourceHash: new Uint8Array(size) }))).not.toThrow();
    for (const size of [1, 31, 33]) {
      fails(
        withDebug({ sourceHash: new Uint8Array(size) }),
        "E_DEBUG_SHAPE",
        `source hash has ${size} bytes (0 or 32)`,
      );
    }
    fails(
      withDebug({ functions: [entry(), entry()] }),
      "E_DEBUG_SHAPE",
      "debug info for 2 of 1 functions",
    );
  });

  it("require one line and one column per code word", () => {
    const message = "function 0: line table length differs from code length 1";
    fails(withDebug({ functions: [entry(2)] }), "E_DEBUG_SHAPE", message);
    fails(
      withDebug({ functions: [{ ...entry(), columns: new Uint32Array(2) }] }),
      "E_DEBUG_SHAPE",
      message,
    );
    fails(
      withDebug({ functions: [{ ...entry(), lines: new Uint32Array(0) }] }),
      "E_DEBUG_SHAPE",
      message,
    );
  });

  it("keep a local inside its function's registers and code", () => {
    const outside = 'function 0 local "x" is outside the function';
    expect(() => verifyModule(withDebug(local({ register: 0, bank: 1 })))).not.toThrow();
    fails(withDebug(local({ register: 1 })), "E_DEBUG_LOCAL", outside);
    fails(withDebug(local({ bank: 2 })), "E_DEBUG_LOCAL", outside);
    fails(withDebug(local({ startPc: 1, endPc: 0 })), "E_DEBUG_LOCAL", outside);
    fails(withDebug(local({ endPc: 2 })), "E_DEBUG_LOCAL", outside);
    fails(
      withDebug(local({ name: "\udc00" })),
      "E_SURROGATE",
      "local name has an unpaired surrogate",
    );
  });

  it("give no upvalue names or one per upvalue", () => {
    expect(() => verifyModule(captured([]))).not.toThrow();
    expect(() => verifyModule(captured(["n"]))).not.toThrow();
    fails(captured(["n", "m"]), "E_DEBUG_SHAPE", "function 1: 2 upvalue names for 1 upvalues");
    fails(
      withDebug({ functions: [{ ...entry(), upvalueNames: ["n"] }] }),
      "E_DEBUG_SHAPE",
      "function 0: 1 upvalue names for 0 upvalues",
    );
    fails(captured(["\ud800"]), "E_SURROGATE", "upvalue name has an unpaired surrogate");
  });

  it("check the file table: not empty, distinct names, every index in it", () => {
    fails(withDebug({ files: [] }), "E_DEBUG_SHAPE", "the file table is empty");
    fails(
      withDebug({ files: ["b", "\ud800"] }),
      "E_SURROGATE",
      "file name has an unpaired surrogate",
    );
    fails(
      withDebug({ files: ["a.veld"] }),
      "E_DEBUG_SHAPE",
      'file "a.veld" is in the file table twice',
    );
    fails(
      withDebug({ files: ["b", "c", "b"] }),
      "E_DEBUG_SHAPE",
      'file "b" is in the file table twice',
    );
    const inFile = (file: number, files?: string[]) =>
      withDebug({ functions: [{ ...entry(), file }], files });
    expect(() => verifyModule(inFile(2, ["b", "c"]))).not.toThrow();
    expect(() => verifyModule(inFile(0))).not.toThrow();
    fails(
      inFile(3, ["b", "c"]),
      "E_DEBUG_SHAPE",
      "function 0: file 3 is not in the file table of 3",
    );
    fails(inFile(1), "E_DEBUG_SHAPE", "function 0: file 1 is not in the file table of 1");
  });
});

describe("a file's export, import and debug errors point at the field at fault", () => {
  const [area] = LIBRARY.exports!.items as [Export];
  const [twice, shape] = LIBRARY.imports! as [Import, Import];
  const debugOf = (over: Partial<DebugInfo>): Module => ({
    ...MINIMAL,
    debug: {
      sourceFile: "a.veld",
      sourceHash: new Uint8Array(0),
      functions: [
        { lines: Uint32Array.of(1), columns: Uint32Array.of(1), locals: [], upvalueNames: [] },
      ],
      ...over,
    },
  });
  const cases: [string, Module, string, (l: ModuleLayout) => number | undefined][] = [
    [
      "an empty module name",
      { ...LIBRARY, strings: LIBRARY.strings.map((s, i) => (i === 1 ? "" : s)) },
      "E_EXPORT",
      (l) => l.exportsModule,
    ],
    [
      "an export's arity",
      { ...LIBRARY, exports: { module: 1, items: [{ ...area, arity: 256 }] } },
      "E_EXPORT",
      (l) => l.exports![0]!.arity,
    ],
    [
      "an export's global",
      { ...LIBRARY, exports: { module: 1, items: [{ ...area, index: 2 }] } },
      "E_EXPORT",
      (l) => l.exports![0]!.index,
    ],
    [
      "an import's arity",
      { ...LIBRARY, imports: [{ ...twice, arity: 300 }] },
      "E_IMPORT",
      (l) => l.imports![0]!.arity,
    ],
    ["no imports", { ...LIBRARY, imports: [] }, "E_IMPORT", (l) => l.importsCountAt],
    [
      "an import with no module",
      { ...LIBRARY, strings: LIBRARY.strings.map((s, i) => (i === 6 ? "" : s)) },
      "E_IMPORT",
      (l) => l.imports![0]!.offset,
    ],
    [
      "an import from itself",
      { ...LIBRARY, imports: [twice, { ...shape, module: 1 }] },
      "E_IMPORT",
      (l) => l.imports![1]!.offset,
    ],
    [
      "an import twice",
      { ...LIBRARY, imports: [twice, { ...twice, index: 0 }] },
      "E_IMPORT",
      (l) => l.imports![1]!.offset,
    ],
    [
      "a shared slot",
      { ...LIBRARY, imports: [twice, { ...twice, name: 2 }] },
      "E_IMPORT",
      (l) => l.imports![1]!.index,
    ],
    [
      "an imported type with methods",
      {
        ...LIBRARY,
        types: [LIBRARY.types[0]!, { ...LIBRARY.types[1]!, methods: [{ name: 9, global: 0 }] }],
      },
      "E_IMPORT",
      (l) => l.imports![1]!.index,
    ],
    [
      "a line table too long",
      debugOf({
        functions: [
          {
            lines: Uint32Array.of(1, 1),
            columns: Uint32Array.of(1, 1),
            locals: [],
            upvalueNames: [],
          },
        ],
      }),
      "E_DEBUG_SHAPE",
      (l) => l.debug!.functions[0]!.offset,
    ],
    [
      "an upvalue name too many",
      debugOf({
        functions: [
          { lines: Uint32Array.of(1), columns: Uint32Array.of(1), locals: [], upvalueNames: ["n"] },
        ],
      }),
      "E_DEBUG_SHAPE",
      (l) => l.debug!.functions[0]!.upvalueNameCountAt,
    ],
    ["a file twice", debugOf({ files: ["b", "b"] }), "E_DEBUG_SHAPE", (l) => l.debug!.fileCountAt],
  ];
  it.each(cases)("%s", (_, m, code, offset) => {
    const bytes = writeModule(m);
    const e = errorOf(() => readVerifiedModule(bytes));
    expect({ code: e.code, offset: e.offset }).toEqual({
      code,
      offset: offset(readModule(bytes).layout),
    });
    expect(e.offset).toBeGreaterThan(0);
  });

  it("a function's file index", () => {
    const m = debugOf({
      functions: [
        {
          lines: Uint32Array.of(1),
          columns: Uint32Array.of(1),
          locals: [],
          upvalueNames: [],
          file: 2,
        },
      ],
      files: ["b"],
    });
    const bytes = writeModule(m);
    expect(errorOf(() => readVerifiedModule(bytes)).offset).toBe(
      readModule(bytes).layout.debug!.fileIndexes![0],
    );
  });
});
