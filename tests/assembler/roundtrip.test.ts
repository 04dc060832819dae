// Round-trip guarantees of spec/assembly.md §6: bytes → text → bytes is the identity for every
// valid module, and the disassembly of assembled text is canonical (a fixed point).

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assemble, disassemble } from "../../assembler/index.js";
import { readModule } from "../../format/reader.js";
import { stripDebug } from "../../format/strip.js";
import { verifyModule } from "../../format/verifier.js";
import { writeModule } from "../../format/writer.js";
import { arbitraryModule } from "../format/arbitrary-module.js";
import { SAMPLE } from "../format/fixtures.js";

const EXAMPLES = join(import.meta.dirname, "../../examples/asm");

function assembleOk(text: string, name = "t.vasm"): Uint8Array {
  const r = assemble(text, name);
  if (!r.bytes) throw new Error(r.report);
  return r.bytes;
}

function filesUnder(dir: string, ext: string): string[] {
  let out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const e of entries) {
    const path = join(dir, e);
    if (statSync(path).isDirectory()) out = out.concat(filesUnder(path, ext));
    else if (e.endsWith(ext)) out.push(path);
  }
  return out;
}

describe("examples/asm", () => {
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith(".vasm"));

  it("has the four documented examples", () => {
    expect(files.sort()).toEqual(["counter.vasm", "fib.vasm", "hello.vasm", "shapes.vasm"]);
  });

  for (const file of files) {
    it(`${file} assembles, verifies and round-trips`, () => {
      const bytes = assembleOk(readFileSync(join(EXAMPLES, file), "utf8"), file);
      const { module, layout } = readModule(bytes);
      expect(() => verifyModule(module, layout)).not.toThrow();
      const text = disassemble(bytes);
      expect(assembleOk(text)).toEqual(bytes);
      expect(disassemble(assembleOk(text))).toBe(text);
      const annotated = disassemble(bytes, { annotate: true });
      expect(annotated).not.toBe(text);
      expect(assembleOk(annotated)).toEqual(bytes);
    });
  }
});

describe("every .veldc in the repository", () => {
  const root = join(import.meta.dirname, "../..");
  const files = [
    ...filesUnder(join(root, "tests"), ".veldc"),
    ...filesUnder(join(root, "test-vectors"), ".veldc"),
  ];
  const accepted = files.filter((f) => {
    try {
      const { module, layout } = readModule(readFileSync(f));
      verifyModule(module, layout);
      return true;
    } catch {
      return false;
    }
  });
  it.runIf(accepted.length > 0)(`re-assembles byte for byte (${accepted.length} files)`, () => {
    for (const f of accepted) {
      const bytes = new Uint8Array(readFileSync(f));
      expect(assembleOk(disassemble(bytes), f), f).toEqual(bytes);
    }
  });
});

describe("random valid modules", () => {
  it("bytes → text → bytes is the identity", () => {
    fc.assert(
      fc.property(arbitraryModule(), (m) => {
        const bytes = writeModule(m);
        const text = disassemble(bytes);
        const again = assemble(text, "random.vasm");
        if (!again.bytes) throw new Error(`${again.report}\n${text}`);
        expect(again.bytes).toEqual(bytes);
        expect(disassemble(again.bytes)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it("annotated text assembles to the same bytes", () => {
    fc.assert(
      fc.property(arbitraryModule(), (m) => {
        const bytes = writeModule(m);
        expect(assembleOk(disassemble(bytes, { annotate: true }))).toEqual(bytes);
      }),
      { numRuns: 100 },
    );
  });

  it("--no-debug text assembles to the stripped module", () => {
    fc.assert(
      fc.property(arbitraryModule(), (m) => {
        const text = disassemble(m, { debug: false });
        expect(assembleOk(text)).toEqual(writeModule(stripDebug(m)));
      }),
      { numRuns: 100 },
    );
  });
});

describe("the format fixture", () => {
  it("SAMPLE round-trips and --strip drops exactly the debug info", () => {
    const bytes = writeModule(SAMPLE);
    const text = disassemble(bytes);
    expect(assembleOk(text)).toEqual(bytes);
    const stripped = assemble(text, "s.vasm", { strip: true });
    expect(stripped.bytes).toEqual(writeModule(stripDebug(SAMPLE)));
  });
});
