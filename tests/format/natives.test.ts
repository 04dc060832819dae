// format/natives.ts is the one table of native names and arities: the runtime's registry
// implements exactly those natives, each with the table's arity.

import { describe, expect, it } from "vitest";
import { NATIVE_SIGNATURES, nativeArity } from "../../format/natives.js";
import { CORE_NATIVES } from "../../runtime/natives/core.js";

describe("the native table", () => {
  it("is what the runtime implements, name by name and arity by arity", () => {
    const implemented = CORE_NATIVES.map((f) => ({ name: f.name, arity: f.arity }));
    expect(implemented).toEqual(NATIVE_SIGNATURES.map((n) => ({ name: n.name, arity: n.arity })));
  });

  it("answers arity lookups and has no duplicates", () => {
    expect(nativeArity("std.math.atan2")).toBe(2);
    expect(nativeArity("std.math.nope")).toBeUndefined();
    expect(nativeArity("constructor")).toBeUndefined();
    expect(new Set(NATIVE_SIGNATURES.map((n) => n.name)).size).toBe(NATIVE_SIGNATURES.length);
  });
});
