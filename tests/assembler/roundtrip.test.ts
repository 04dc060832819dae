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
import { arbitraryModule } from "../../tools/fuzz/arbitrary-module.js";
import { LIBRARY, SAMPLE } from "../format/fixtures.js";
import { hexDump } from "../../assembler/hexdump.js";

const EXAMPLES = join(import.meta.dirname, "../../examples/asm");

function assembleOk(text: string, name = "t.vasm"): Uint8Array {
  const r = assemble(text, name);
  if (!r.bytes) throw new Error(r.report);
  return r.bytes;
}

// Property failures compare with this, not expect().toEqual: shrinking re-runs a failing
// property hundreds of times, and a diff of two large byte arrays per run exhausted the heap.
function assertSameBytes(actual: Uint8Array, expected: Uint8Array, text: string): void {
  const n = Math.min(actual.length, expected.length);
  let i = 0;
  while (i < n && actual[i] === expected[i]) i++;
  if (i < n || actual.length !== expected.length)
    throw new Error(
      `bytes differ at offset ${i} (lengths ${actual.length}, ${expected.length})\n${text}`,
    );
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
        assertSameBytes(again.bytes, bytes, text);
        if (disassemble(again.bytes) !== text) throw new Error(`not a fixed point:\n${text}`);
      }),
      { numRuns: 300 },
    );
  });

  it("annotated text assembles to the same bytes", () => {
    fc.assert(
      fc.property(arbitraryModule(), (m) => {
        const bytes = writeModule(m);
        const text = disassemble(bytes, { annotate: true });
        assertSameBytes(assembleOk(text), bytes, text);
      }),
      { numRuns: 100 },
    );
  });

  it("--no-debug text assembles to the stripped module", () => {
    fc.assert(
      fc.property(arbitraryModule(), (m) => {
        const text = disassemble(m, { debug: false });
        assertSameBytes(assembleOk(text), writeModule(stripDebug(m)), text);
      }),
      { numRuns: 100 },
    );
  });
});

describe("the format fixture", () => {
  // Found by the property above (1 run in ~2,500): the assembler capped .params at 255 while
  // the container allows params up to registers (≤ 256).
  it("a function with 256 params round-trips", () => {
    const m = {
      ...SAMPLE,
      functions: SAMPLE.functions.map((f, i) =>
        i === 1 ? { ...f, params: 256, registers: 256 } : f,
      ),
    };
    const bytes = writeModule(m);
    assertSameBytes(assembleOk(disassemble(bytes)), bytes, "");
  });

  it("SAMPLE round-trips and --strip drops exactly the debug info", () => {
    const bytes = writeModule(SAMPLE);
    const text = disassemble(bytes);
    expect(assembleOk(text)).toEqual(bytes);
    const stripped = assemble(text, "s.vasm", { strip: true });
    expect(stripped.bytes).toEqual(writeModule(stripDebug(SAMPLE)));
  });

  it("a library's .module, .export and .import round-trip; --hex names the sections", () => {
    const bytes = writeModule(LIBRARY);
    const text = disassemble(bytes);
    expect(text).toContain('.module "geometry"');
    expect(text).toContain('.export "area" function G0 1');
    expect(text).toContain('.import "util" "Shape" enum T1');
    expect(assembleOk(text)).toEqual(bytes);
    const dump = hexDump(bytes);
    expect(dump).toContain("section EXPORTS (id 9)");
    expect(dump).toContain("section IMPORTS (id 10)");
    expect(dump).toContain("kind function");
  });
});
