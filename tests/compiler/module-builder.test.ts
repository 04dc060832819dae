// ModuleBuilder's type table at its limit (spec/format.md §6: 65,536 types), on the builder
// itself: a program of 65,536 declared types is too slow a test, and a REPL session's prior
// module fills the table the same way a program does.

import { describe, expect, it } from "vitest";
import { CompileError } from "../../compiler/errors.js";
import { ModuleBuilder } from "../../compiler/module-builder.js";
import type { Module, TypeDef } from "../../format/module.js";

const struct: TypeDef = { kind: "struct", name: 0, flags: 0, fields: [], methods: [] };

/** A prior module (a REPL session's) holding `n` types. */
const prior = (n: number): Module => ({
  strings: ["S"],
  constants: [],
  types: Array.from({ length: n }, () => struct),
  natives: [],
  globals: [],
  functions: [],
  custom: [],
});

const failure = (run: () => void): unknown => {
  try {
    run();
  } catch (e) {
    return e;
  }
  return undefined;
};

describe("ModuleBuilder's type table", () => {
  it("takes the 65,536th type and refuses the next one with E0927 at its declaration", () => {
    const mb = new ModuleBuilder(prior(65_534));
    expect(mb.addType(struct, { line: 2, col: 1 })).toBe(65_534);
    expect(mb.addType(struct, { line: 3, col: 1 })).toBe(65_535);
    const e = failure(() => mb.addType(struct, { line: 4, col: 5 }));
    expect(e).toBeInstanceOf(CompileError);
    expect(e).toMatchObject({
      code: "E0927",
      message: "more than 65536 types",
      pos: { line: 4, col: 5 },
    });
    expect(mb.types).toHaveLength(65_536);
  });
});
