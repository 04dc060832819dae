// What writeModule refuses to encode (a RangeError: the module cannot be a file), and the
// boundary it must still accept. Written against the writer's surviving mutants
// (docs/testing.md, "Mutation testing").

import { describe, expect, it } from "vitest";
import { readModule, writeModule, type Export, type Module } from "../../format/index.js";
import { LIBRARY, MINIMAL } from "./fixtures.js";

/** MINIMAL (its seven sections) with `n` custom sections. */
const withCustom = (n: number): Module => ({
  ...MINIMAL,
  custom: Array.from({ length: n }, (_, i) => ({ name: `c${i}`, data: new Uint8Array() })),
});

describe("writeModule", () => {
  it("writes up to 255 sections, and refuses more", () => {
    expect(readModule(writeModule(withCustom(255 - 7))).module.custom).toHaveLength(248);
    expect(() => writeModule(withCustom(256 - 7))).toThrow(
      new RangeError("a module has at most 255 sections"),
    );
  });

  it("refuses an export or import of an unknown kind", () => {
    const bogus = { name: 2, kind: "trait", index: 0 } as unknown as Export;
    expect(() => writeModule({ ...LIBRARY, exports: { module: 1, items: [bogus] } })).toThrow(
      new RangeError("unknown item kind trait"),
    );
    expect(() => writeModule({ ...LIBRARY, imports: [{ ...bogus, module: 6 }] })).toThrow(
      new RangeError("unknown item kind trait"),
    );
  });
});
