// The format rules format/module.ts states once for the verifier, the compiler's module
// builder and the assembler: constant identity and register-window extent.

import { describe, expect, it } from "vitest";
import { constantKey, variantTable, windowEnd, type TypeDef } from "../../format/module.js";

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
