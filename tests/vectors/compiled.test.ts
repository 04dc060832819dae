// Every committed vector that came from Veld source is, byte for byte, what the compiler makes
// of that source today (at the default -O1, as `npm run vectors` builds it). The drift test
// checks the same over the whole suite in one test; here each vector is its own test, so a
// mutation run (docs/testing.md) reruns only the vectors whose compilation executed a mutant,
// and a compiler change that alters any emitted byte fails naming the vector.

import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileFiles, compileSource, type CompileResult } from "../../compiler/index.js";
import { OPCODE_BY_CODE, readModule } from "../../format/index.js";
import { libraryBytes, loadSuite, type SuiteVector } from "../../tools/conformance/suite.js";

const ROOT = join(import.meta.dirname, "../../test-vectors");

/** The source of a vector: one `.veld` beside it, or a directory of modules named like it. */
function sourceOf(v: SuiteVector): "file" | "modules" | undefined {
  const stem = v.file.replace(/\.veldc$/, "");
  if (existsSync(`${stem}.veld`)) return "file";
  if (existsSync(join(stem, "main.veld")) && statSync(stem).isDirectory()) return "modules";
  return undefined;
}

const vectors = loadSuite(ROOT).filter((v) => sourceOf(v) !== undefined);

function host(files: Map<string, string>) {
  return {
    readFile: (path: string) => {
      const text = files.get(path);
      return text === undefined ? undefined : new TextEncoder().encode(text);
    },
  };
}

function compile(v: SuiteVector, optimize: 0 | 1 = 1): CompileResult {
  const stem = v.file.replace(/\.veldc$/, "");
  const file = basename(stem);
  if (sourceOf(v) === "modules") {
    const files = {
      readFile: (path: string) => {
        const p = join(stem, path);
        return existsSync(p) && statSync(p).isFile() ? readFileSync(p) : undefined;
      },
    };
    return compileFiles("main.veld", files, { optimize });
  }
  const text = readFileSync(`${stem}.veld`, "utf8");
  const libs = libraryBytes(v);
  if (libs.length === 0) return compileSource(text, { fileName: `${file}.veld`, optimize });
  const libraries = libs.map((b, i) => ({
    file: v.expect.libs![i]!,
    module: readModule(b).module,
  }));
  return compileFiles(`${file}.veld`, host(new Map([[`${file}.veld`, text]])), {
    libraries,
    optimize,
  });
}

describe("source vectors recompiled", () => {
  it("include every kind of source vector", () => {
    expect(vectors.length).toBeGreaterThan(150);
    expect(vectors.some((v) => sourceOf(v) === "modules")).toBe(true);
    expect(vectors.some((v) => libraryBytes(v).length > 0)).toBe(true);
  });

  it.each(vectors.map((v) => [v.name, v] as const))("give the committed bytes of %s", (_, v) => {
    const r = compile(v);
    expect(r.diagnostics).toEqual([]);
    expect(Buffer.from(r.bytes!).equals(readFileSync(v.file))).toBe(true);
  });
});

// -O0 emits straightforward code (docs/tools.md): none of the immediate, constant-operand and
// fused compare forms, no float bank, no variant switch. What the program does at -O0 is
// o0.test.ts's to check; this one catches an -O1 choice leaking into -O0.
const O1_ONLY = new Set(
  [
    ["ADDI", "ADDK", "SUBK", "MULK", "DIVK", "MODK", "POWK", "SWITCHVARIANT"],
    ["LT", "LE", "LTI", "LEI", "GTI", "GEI", "LTK", "LEK", "GTK", "GEK"],
    ["FMOVE", "FLOADK", "FUNBOX", "FBOX", "FADD", "FADDK", "FSUB", "FSUBK", "FMUL", "FMULK"],
    ["FDIV", "FDIVK", "FNEG", "FLT", "FLE", "FLTK", "FLEK", "FGTK", "FGEK", "GETFIELDF"],
    ["SETFIELDF", "FSQRT"],
  ].flat(),
);

describe("source vectors compiled at -O0", () => {
  it.each(vectors.map((v) => [v.name, v] as const))("use only the plain forms in %s", (_, v) => {
    const r = compile(v, 0);
    expect(r.diagnostics).toEqual([]);
    const used = readModule(r.bytes!).module.functions.flatMap((f) =>
      [...f.code].map((w) => OPCODE_BY_CODE[w & 0xff]!.name),
    );
    expect(used.filter((op) => O1_ONLY.has(op))).toEqual([]);
  });
});
