// The committed vectors are exactly what `npm run vectors` generates (byte for byte), and the
// suite covers what spec/conformance.md promises: every opcode, every FormatError code a file
// can carry, every runtime error kind, hand-checked programs.

import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FORMAT_ERRORS, OPCODES, RUNTIME_ERROR_KINDS } from "../../format/index.js";
import { buildVectors, writeVectors, type Vector } from "../../tools/vectors/generate.js";

const ROOT = join(import.meta.dirname, "../../test-vectors");
const out = mkdtempSync(join(tmpdir(), "veld-vectors-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function files(dir: string, root = dir): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) return dir === root && e === "src" ? [] : files(p, root);
    return [relative(root, p)];
  });
}

// Built once, on first use by whichever test runs first: no test depends on another's success.
let built: Vector[] | undefined;
const vectors = (): Vector[] => (built ??= buildVectors(join(ROOT, "src")));

describe("vector drift", () => {
  it("regenerating gives the committed files, byte for byte", () => {
    writeVectors(vectors(), out);
    const fresh = files(out).sort();
    expect(files(ROOT).sort()).toEqual(fresh);
    const changed = fresh.filter(
      (f) => !readFileSync(join(out, f)).equals(readFileSync(join(ROOT, f))),
    );
    expect(changed).toEqual([]);
  });

  it("covers every opcode, error code and error kind", () => {
    const errors = new Set(vectors().map((v) => v.expect.error));
    const isa = new Set(
      vectors()
        .map((v) => v.name.split("/"))
        .filter((p) => p[0] === "isa")
        .map((p) => p[1]),
    );
    expect(OPCODES.map((o) => o.name.toLowerCase()).filter((o) => !isa.has(o))).toEqual([]);
    // E_SURROGATE and E_INT_RANGE concern in-memory modules: no byte sequence decodes to them.
    const fromBytes = FORMAT_ERRORS.map((e) => e.code).filter(
      (c) => c !== "E_SURROGATE" && c !== "E_INT_RANGE",
    );
    expect(fromBytes.filter((c) => !errors.has(c))).toEqual([]);
    expect(RUNTIME_ERROR_KINDS.filter((k) => !errors.has(k))).toEqual([]);
    for (const outcome of ["ok", "trap", "exhaustion", "malformed", "invalid"]) {
      expect(
        vectors().some((v) => v.expect.outcome === outcome),
        outcome,
      ).toBe(true);
    }
  });

  it("has hundreds of vectors and at least 20 hand-checked programs", () => {
    expect(vectors().length).toBeGreaterThanOrEqual(500);
    const programs = readdirSync(join(ROOT, "src/programs")).filter((f) => f.endsWith(".out"));
    expect(programs.length).toBeGreaterThanOrEqual(20);
  });
});
