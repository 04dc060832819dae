// Two independent readings of the container agree field by field: format/reader.ts and the
// binary-parser description of spec/format.md in declarative-layout.ts, on every conformance
// vector that decodes and on generated modules (issue: a layout change must be made in the
// spec, the reader and the description together).

import fc from "fast-check";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FormatError, readModule, writeModule } from "../../format/index.js";
import { arbitraryModule } from "../../tools/fuzz/arbitrary-module.js";
import { decodeDeclaratively } from "./declarative-layout.js";
import { SAMPLE } from "./fixtures.js";

const VECTORS = join(import.meta.dirname, "../../test-vectors");

function veldcFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const path = join(dir, e);
    if (statSync(path).isDirectory()) return e === "src" ? [] : veldcFiles(path);
    return e.endsWith(".veldc") ? [path] : [];
  });
}

/** Both readings of `bytes`, which format/reader.ts accepts. */
function compare(bytes: Uint8Array): void {
  const { module, layout } = readModule(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const d = decodeDeclaratively(bytes);
  expect({ major: d.major, minor: d.minor, flags: d.flags, checksum: d.checksum }).toEqual({
    major: bytes[8],
    minor: bytes[9],
    flags: bytes[10],
    checksum: view.getUint32(12, true),
  });
  expect(d.sections).toEqual(layout.sections.map(({ id, offset, size }) => ({ id, offset, size })));
  // Field by field, so a failure names the table that differs.
  for (const key of ["strings", "constants", "types", "natives", "globals", "custom"] as const) {
    expect(d.module[key], key).toEqual(module[key]);
  }
  d.module.functions.forEach((f, i) => {
    const r = module.functions[i]!;
    expect({ ...f, code: Array.from(f.code) }, `function ${i}`).toEqual({
      ...r,
      code: Array.from(r.code),
    });
  });
  expect(d.module.functions).toHaveLength(module.functions.length);
  expect(d.module.debug, "debug").toEqual(module.debug);
}

describe("the declarative description of spec/format.md", () => {
  it("reads every conformance vector that decodes exactly as format/reader.ts does", () => {
    let decoded = 0;
    for (const file of veldcFiles(VECTORS)) {
      const bytes = new Uint8Array(readFileSync(file));
      try {
        readModule(bytes);
      } catch (e) {
        if (e instanceof FormatError) continue; // malformed: the reader's offsets say why
        throw e;
      }
      compare(bytes);
      decoded++;
    }
    expect(decoded).toBeGreaterThan(700);
  });

  it("reads the hand-built sample with every table, debug info and custom sections", () => {
    compare(writeModule(SAMPLE));
    expect(decodeDeclaratively(writeModule(SAMPLE)).module.custom.length).toBeGreaterThan(0);
  });

  it("reads generated modules exactly as format/reader.ts does", () => {
    fc.assert(
      fc.property(arbitraryModule(), (m) => compare(writeModule(m))),
      { numRuns: 40 },
    );
  });

  it("refuses a section its records do not fill, as the reader does (E_SECTION_SIZE)", () => {
    const bytes = new Uint8Array(
      readFileSync(join(VECTORS, "malformed/section-size-padding.veldc")),
    );
    expect(() => readModule(bytes)).toThrow(FormatError);
    expect(() => decodeDeclaratively(bytes)).toThrow(/content ends at/);
  });
});
