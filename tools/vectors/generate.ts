// Builds the conformance vectors (spec/conformance.md §5) deterministically from their sources:
// hand-written `.vasm`/`.veld` under test-vectors/src/ and the scripted damaged files of
// malformed.ts. Every expectation is what our runtime does, checked against the expectation
// written by hand wherever there is one; a disagreement stops generation (it is a bug in the
// runtime or in the vector, never something to record).

import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { assemble, disassemble } from "../../assembler/index.js";
import { compileFiles, compileSource } from "../../compiler/index.js";
import { FORMAT_ERRORS } from "../../format/errors.js";
import { readModule } from "../../format/index.js";
import { FORMAT_MAJOR, FORMAT_MINOR } from "../../format/module.js";
import {
  costOf,
  EXIT_FOR_OUTCOME,
  formatExpectation,
  type Expectation,
  type Observed,
  type Outcome,
} from "../conformance/expectation.js";
import { runInProcess } from "../conformance/in-process.js";
import { MALFORMED_CASES } from "./malformed.js";
import { readSources, type SourceVector } from "./sources.js";

export const FORMAT_VERSION = `${FORMAT_MAJOR}.${FORMAT_MINOR}`;

/** One generated vector: its files (path relative to the vectors root → bytes). */
export interface Vector {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly expect: Expectation;
  readonly files: ReadonlyMap<string, Uint8Array | string>;
}

export interface ManifestEntry {
  readonly name: string;
  readonly outcome: Outcome;
  readonly sha256: string;
}

export interface Manifest {
  readonly format: string;
  readonly count: number;
  readonly vectors: readonly ManifestEntry[];
}

/** Vectors above this many bytes get no `.vasm` listing (it would dominate the suite's size). */
const MAX_LISTED_BYTES = 16_384;

/** Classifies an observed run into its outcome class. */
export function outcomeOf(o: Observed): Outcome {
  if (o.exit === 0) return "ok";
  if (o.exit === 1) {
    return o.error === "StackOverflow" || o.error === "LimitExceeded" ? "exhaustion" : "trap";
  }
  if (o.exit === 65) {
    const info = FORMAT_ERRORS.find((e) => e.code === o.error);
    // LoadErrors (E_LINK_*): the file decodes and verifies but cannot be linked.
    return info ? info.outcome : "invalid";
  }
  throw new Error(`exit ${o.exit} has no outcome class`);
}

/** Generates every vector from `srcDir`; throws listing every hand-written disagreement. */
export function buildVectors(srcDir: string): Vector[] {
  const problems: string[] = [];
  const vectors: Vector[] = [];
  for (const source of readSources(srcDir)) {
    const v = fromSource(source, problems);
    if (v) vectors.push(v);
  }
  const byName = new Map(vectors.map((v) => [v.name, v.bytes]));
  for (const c of MALFORMED_CASES) {
    const name = `malformed/${c.name}`;
    let bytes: Uint8Array;
    try {
      bytes = c.build((base) => {
        const b = byName.get(base);
        if (!b) throw new Error(`unknown base vector ${base}`);
        return b.slice();
      });
    } catch (e) {
      problems.push(`${name}: ${(e as Error).message}`);
      continue;
    }
    const hand: HandWritten = c.code
      ? { error: c.code }
      : c.acceptable === "ok"
        ? { outcome: "ok" }
        : { acceptable: c.acceptable };
    const expect = expectationOf(bytes, { description: c.description }, name, problems, hand);
    if (!expect) continue;
    const files = new Map<string, Uint8Array | string>([[`${name}.veldc`, bytes]]);
    if (expect.outcome !== "malformed" && bytes.length <= MAX_LISTED_BYTES) {
      files.set(`${name}.vasm`, disassemble(bytes));
    }
    files.set(`${name}.expect.json`, formatExpectation(expect));
    vectors.push({ name, bytes, expect, files });
  }
  if (problems.length > 0) {
    throw new Error(`${problems.length} vector problem(s):\n  ${problems.join("\n  ")}`);
  }
  vectors.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return vectors;
}

function fromSource(s: SourceVector, problems: string[]): Vector | undefined {
  const file = s.name.split("/").pop()!;
  // Libraries, each built on its own, beside the vector as NAME.libs/LIB.veldc.
  const libs = (s.libs ?? []).map((l) => ({
    path: `${file}.libs/${l.file.replace(/\.(veld|vasm)$/, "")}.veldc`,
    bytes: buildLibrary(l, s.origin, problems),
  }));
  if (libs.some((l) => l.bytes === undefined)) return undefined;
  let bytes: Uint8Array | undefined;
  if (s.kind === "vasm") {
    const r = assemble(s.text, `${file}.vasm`, { noVerify: s.noVerify });
    if (!r.bytes) problems.push(`${s.origin}: does not assemble:\n${r.report}`);
    bytes = r.bytes;
  } else if (s.modules !== undefined) {
    const sources = new Map([["main.veld", s.text], ...s.modules]);
    const host = {
      readFile: (path: string) => {
        const text = sources.get(path);
        return text === undefined ? undefined : new TextEncoder().encode(text);
      },
    };
    const r = compileFiles("main.veld", host);
    if (!r.bytes) {
      const d = r.diagnostics[0]!;
      problems.push(`${s.origin}: does not compile: ${d.code} ${d.file}: ${d.message}`);
    }
    bytes = r.bytes;
  } else if (libs.length > 0) {
    // A source program compiled against its libraries (spec/language.md §11.6).
    const main = `${file}.veld`;
    const host = {
      readFile: (path: string) => (path === main ? new TextEncoder().encode(s.text) : undefined),
    };
    const libraries = libs.map((l) => ({ file: l.path, module: readModule(l.bytes!).module }));
    const r = compileFiles(main, host, { libraries });
    if (!r.bytes) {
      const d = r.diagnostics[0]!;
      problems.push(`${s.origin}: does not compile: ${d.code} ${d.span.start.line}: ${d.message}`);
    }
    bytes = r.bytes;
  } else {
    const r = compileSource(s.text, { fileName: `${file}.veld` });
    if (!r.bytes) {
      const d = r.diagnostics[0]!;
      problems.push(`${s.origin}: does not compile: ${d.code} ${d.span.start.line}: ${d.message}`);
    }
    bytes = r.bytes;
  }
  if (!bytes) return undefined;
  const link = { paths: libs.map((l) => l.path), modules: libs.map((l) => l.bytes!) };
  const expect = expectationOf(bytes, s, s.origin, problems, s, libs.length > 0 ? link : undefined);
  if (!expect) return undefined;
  const files = new Map<string, Uint8Array | string>([[`${s.name}.veldc`, bytes]]);
  const dir = s.name.slice(0, s.name.length - file.length);
  for (const l of libs) files.set(`${dir}${l.path}`, l.bytes!);
  if (s.modules !== undefined) {
    // A program of several files keeps them in a directory named like the vector.
    files.set(`${s.name}/main.veld`, s.text);
    for (const [path, text] of s.modules) files.set(`${s.name}/${path}`, text);
  } else if (s.kind === "veld") files.set(`${s.name}.veld`, s.text);
  files.set(`${s.name}.vasm`, disassemble(bytes));
  files.set(`${s.name}.expect.json`, formatExpectation(expect));
  return { name: s.name, bytes, expect, files };
}

/** A library a vector links: `.veld` compiled as the library named by its base name, or `.vasm`. */
function buildLibrary(
  l: { readonly file: string; readonly text: string },
  origin: string,
  problems: string[],
): Uint8Array | undefined {
  if (l.file.endsWith(".vasm")) {
    const r = assemble(l.text, l.file);
    if (!r.bytes) problems.push(`${origin}: library ${l.file} does not assemble:\n${r.report}`);
    return r.bytes;
  }
  const r = compileSource(l.text, { fileName: l.file, library: l.file.replace(/\.veld$/, "") });
  if (!r.bytes) {
    const d = r.diagnostics[0]!;
    problems.push(`${origin}: library ${l.file} does not compile: ${d.code} ${d.message}`);
  }
  return r.bytes;
}

interface HandWritten {
  readonly stdout?: string;
  readonly error?: string;
  readonly outcome?: Outcome;
  /** The vector may end any way (seeded random damage): nothing to assert. */
  /** Every code a conforming loader may report (a bit flip may break several rules). */
  readonly acceptable?: readonly string[];
}

/** Runs the vector and records the runtime's behaviour, checking it against `hand`. */
function expectationOf(
  bytes: Uint8Array,
  s: Pick<SourceVector, "args" | "options" | "description">,
  origin: string,
  problems: string[],
  hand: HandWritten,
  /** The libraries the vector links: their paths (relative to it) and bytes. */
  link?: { readonly paths: readonly string[]; readonly modules: readonly Uint8Array[] },
): Expectation | undefined {
  let o: Observed;
  try {
    o = runInProcess(bytes, { ...s, modules: link?.modules });
  } catch (e) {
    problems.push(`${origin}: the runtime failed internally: ${(e as Error).message}`);
    return undefined;
  }
  const outcome = outcomeOf(o);
  const disagree = (what: string, written: string, got: string) =>
    problems.push(`${origin}: ${what}: written ${written}, runtime gives ${got}`);
  if (hand.stdout !== undefined && hand.stdout !== o.stdout) {
    disagree("stdout", JSON.stringify(hand.stdout), JSON.stringify(o.stdout));
  }
  if (hand.error !== undefined && hand.error !== o.error) {
    disagree("error", hand.error, o.error ?? "none");
  }
  if (hand.outcome !== undefined && hand.outcome !== outcome) {
    disagree("outcome", hand.outcome, outcome);
  }
  if (hand.acceptable !== undefined && !hand.acceptable.includes(o.error ?? "none")) {
    disagree("error", hand.acceptable.join(" or "), o.error ?? "none");
  }
  if (
    hand.acceptable === undefined &&
    hand.error === undefined &&
    hand.outcome === undefined &&
    outcome !== "ok"
  ) {
    problems.push(`${origin}: ends with ${o.error} but no ';! error' or '#! error' says so`);
  }
  // A bit flip may break several verifier rules, checked in any order (format.md §8): its
  // expectation lists every right code; all of them are found at the same offset here.
  const several = hand.acceptable !== undefined && hand.acceptable.length > 1;
  return {
    outcome,
    exit: EXIT_FOR_OUTCOME[outcome],
    stdout: o.stdout,
    ...(o.error === undefined || several ? {} : { error: o.error }),
    ...(several ? { errors: hand.acceptable } : {}),
    ...(o.offset === undefined ? {} : { offset: o.offset }),
    ...(s.args ? { args: s.args } : {}),
    ...(s.options ? { options: s.options } : {}),
    ...(link ? { libs: link.paths } : {}),
    ...(costOf(o.steps ?? 0) ? { cost: costOf(o.steps ?? 0) } : {}),
    ...(s.description ? { description: s.description } : {}),
  };
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export function manifestOf(vectors: readonly Vector[]): Manifest {
  return {
    format: FORMAT_VERSION,
    count: vectors.length,
    vectors: vectors.map((v) => ({
      name: v.name,
      outcome: v.expect.outcome,
      sha256: sha256(v.bytes),
    })),
  };
}

/** Writes every vector file and manifest.json under `outDir`; returns the paths written. */
export function writeVectors(vectors: readonly Vector[], outDir: string): string[] {
  const written: string[] = [];
  for (const v of vectors) {
    for (const [path, data] of v.files) {
      const full = join(outDir, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, data);
      written.push(path);
    }
  }
  writeFileSync(join(outDir, "manifest.json"), JSON.stringify(manifestOf(vectors), null, 1) + "\n");
  written.push("manifest.json");
  return written;
}
