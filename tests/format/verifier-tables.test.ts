// The verifier's checks of the tables before the code (strings, constants, types, natives,
// globals, functions, custom sections) on in-memory modules: each rule's code, its message
// (what a user reads), and the boundary values a rule must still accept. Written against the
// verifier's surviving mutants (docs/testing.md, "Mutation testing").

import { describe, expect, it } from "vitest";
import { verifyModule, type EnumType, type Module, type TypeDef } from "../../format/index.js";
import { LIMITS } from "../../format/verifier.js";
import { errorOf, MINIMAL } from "./fixtures.js";

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
