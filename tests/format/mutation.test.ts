// Robustness property (spec/format.md §9): any mutation of a valid file either loads as a
// valid module that re-encodes to exactly the same bytes (one encoding per module), or fails
// with a FormatError — never another exception. Half of the cases fix the checksum so the
// mutation reaches the structural checks behind it.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FormatError, readVerifiedModule, readModule, writeModule } from "../../format/index.js";
import { arbitraryModule } from "./arbitrary-module.js";
import { fixChecksum } from "./fixtures.js";

type Mutation =
  | { kind: "flip"; at: number; bit: number }
  | { kind: "set"; at: number; value: number }
  | { kind: "truncate"; at: number }
  | { kind: "splice"; at: number; remove: number; insert: Uint8Array }
  | { kind: "length"; field: number; value: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), bit: fc.nat(7) }),
  fc.record({ kind: fc.constant("set" as const), at: fc.nat(), value: fc.nat(255) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("splice" as const),
    at: fc.nat(),
    remove: fc.nat(8),
    insert: fc.uint8Array({ maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant("length" as const), field: fc.nat(), value: fc.nat(255) }),
);

/** Offsets of every count, length and size field of a file, from its layout. */
function lengthFields(bytes: Uint8Array): number[] {
  const l = readModule(bytes).layout;
  const fields = [11, ...l.sections.flatMap((s) => [s.entry + 2, s.offset])];
  for (const t of l.types) fields.push(t.memberCountAt, t.methodCountAt);
  for (const f of l.functions)
    fields.push(f.upvalueCountAt, f.childCountAt, f.constantCountAt, f.codeLengthAt);
  if (l.debug) {
    fields.push(l.debug.sourceHash, l.debug.functionCountAt);
    for (const f of l.debug.functions) fields.push(f.offset, f.localCountAt, f.upvalueNameCountAt);
  }
  return fields;
}

/** `fields` are the length fields of the unmutated file (earlier mutations may shift them). */
function mutate(bytes: Uint8Array, m: Mutation, fields: readonly number[]): Uint8Array {
  const at = bytes.length === 0 ? 0 : "at" in m ? m.at % bytes.length : 0;
  const out = bytes.slice();
  switch (m.kind) {
    case "flip":
      out[at] = out[at]! ^ (1 << m.bit);
      return out;
    case "set":
      out[at] = m.value;
      return out;
    case "truncate":
      return out.subarray(0, at);
    case "splice":
      return Uint8Array.of(...out.subarray(0, at), ...m.insert, ...out.subarray(at + m.remove));
    case "length": {
      const field = fields[m.field % fields.length]!;
      if (field < out.length) out[field] = m.value;
      return out;
    }
  }
}

describe("mutated files", () => {
  it("property: load a module that re-encodes identically, or throw a FormatError", () => {
    let rejected = 0;
    let accepted = 0;
    fc.assert(
      fc.property(
        arbitraryModule({ maxFunctions: 3, maxCode: 8 }),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        (m, mutations, fix) => {
          let bytes = writeModule(m);
          const fields = lengthFields(bytes);
          for (const mu of mutations) bytes = mutate(bytes, mu, fields);
          if (fix && bytes.length >= 24) bytes = fixChecksum(bytes.slice());
          let loaded;
          try {
            loaded = readVerifiedModule(bytes);
          } catch (e) {
            if (!(e instanceof FormatError)) throw e;
            expect(e.offset).toBeGreaterThanOrEqual(0);
            expect(e.offset).toBeLessThanOrEqual(bytes.length);
            rejected++;
            return;
          }
          accepted++;
          expect(writeModule(loaded)).toEqual(bytes);
        },
      ),
      { numRuns: 4000 },
    );
    // Sanity: the property exercised both outcomes.
    expect(rejected).toBeGreaterThan(1000);
    expect(accepted).toBeGreaterThan(0);
  });
});
