import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { check, KEYWORDS_FOR_FUZZ, parse, printProgram } from "./fuzz-support.js";

const corpus = readdirSync(join(import.meta.dirname, "corpus"))
  .filter((f) => f.endsWith(".veld"))
  .map((f) => readFileSync(join(import.meta.dirname, "corpus", f), "utf8"));

/** Parsing and checking must only ever produce diagnostics (a hang fails by the test timeout). */
function survives(source: string): void {
  const r = parse(source, "fuzz.veld");
  if (r.diagnostics.length === 0) {
    check(r.program);
    const again = parse(printProgram(r.program));
    expect(again.diagnostics).toEqual([]);
  }
}

const token = fc.constantFrom(...KEYWORDS_FOR_FUZZ);

describe("fuzz", () => {
  it("random token streams", () => {
    fc.assert(
      fc.property(fc.array(token, { maxLength: 80 }), (toks) => survives(toks.join(" "))),
      { numRuns: 1500 },
    );
  });

  it("random token streams without spaces or with newlines", () => {
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), fc.boolean(), (toks, nl) =>
        survives(toks.join(nl ? "\n" : "")),
      ),
      { numRuns: 800 },
    );
  });

  it("mutated corpus programs", () => {
    const mutation = fc.record({
      file: fc.nat(corpus.length - 1),
      at: fc.nat(),
      del: fc.nat(6),
      insert: fc.oneof(token, fc.string({ maxLength: 4 }), fc.constant("")),
    });
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (ms) => {
        let src = corpus[ms[0]!.file]!;
        for (const m of ms) {
          const at = m.at % (src.length + 1);
          src = src.slice(0, at) + m.insert + src.slice(at + m.del);
        }
        survives(src);
      }),
      { numRuns: 1500 },
    );
  });

  it("arbitrary unicode text", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), survives), {
      numRuns: 500,
    });
  });

  it("deep and long inputs stay linear and bounded", () => {
    for (const src of [
      "[".repeat(50_000),
      "f(".repeat(50_000),
      "if a then ".repeat(5_000),
      "a.b".repeat(20_000),
      "1 + ".repeat(20_000) + "1",
      '"'.repeat(10_001),
      "#[[".repeat(10_000),
      "fn f(".repeat(10_000),
      "match x ".repeat(10_000),
      "x => ".repeat(10_000) + "x",
      "let a = 1\n".repeat(20_000),
    ]) {
      survives(src);
    }
  });
});
