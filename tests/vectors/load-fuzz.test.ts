// Load safety: thousands of deterministic mutations of the vectors (bit flips, truncation,
// splices, corrupted directory fields, operand bytes and LEB bytes) go through load() and, when they load, run
// with a small step budget. Every case must end cleanly: a FormatError/LoadError, a normal
// end, or a Veld error of a known kind — never a JS exception or an InternalError.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CHECKSUM_OFFSET,
  crc32,
  FormatError,
  HEADER_SIZE,
  readModule,
  RUNTIME_ERROR_KINDS,
} from "../../format/index.js";
import { load, LoadError } from "../../runtime/index.js";
import { loadSuite } from "../../tools/conformance/suite.js";

const ROOT = join(import.meta.dirname, "../../test-vectors");
const KINDS = new Set<string>(RUNTIME_ERROR_KINDS);

/** Loadable vectors small enough to mutate often (the 65k-globals one would dominate). */
const bases = loadSuite(ROOT)
  .filter((v) => v.expect.outcome !== "malformed" && v.expect.outcome !== "invalid")
  .map((v) => ({ name: v.name, bytes: new Uint8Array(readFileSync(v.file)) }))
  .filter((v) => v.bytes.length < 8192);

function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Mutation = (b: Uint8Array, r: () => number, other: Uint8Array) => Uint8Array;
const int = (r: () => number, n: number) => Math.floor(r() * n);

const MUTATIONS: Record<string, Mutation> = {
  bitflips: (b, r) => {
    const c = b.slice();
    for (let k = 1 + int(r, 4); k > 0; k--) {
      c[HEADER_SIZE + int(r, c.length - HEADER_SIZE)]! ^= 1 << int(r, 8);
    }
    return c;
  },
  truncate: (b, r) => b.slice(0, int(r, b.length)),
  splice: (b, r, other) => {
    const at = HEADER_SIZE + int(r, b.length - HEADER_SIZE);
    const from = int(r, other.length);
    const len = 1 + int(r, 32);
    const c = new Uint8Array(Math.max(b.length, at + len));
    c.set(b);
    c.set(other.subarray(from, from + len), at);
    return c;
  },
  directory: (b, r) => {
    // One byte of a directory entry (its id, or a byte of its offset or size) gets a new value.
    const c = b.slice();
    const { sections, directoryEnd } = readModule(b).layout;
    const entry = sections[int(r, sections.length)]!.entry;
    const at = Math.min(entry + int(r, 4), directoryEnd - 1);
    c[at] = [0, 1, 0x7f, 0x80, 0xff, int(r, 256)][int(r, 6)]!;
    return c;
  },
  operands: (b, r) => {
    // One operand byte of one instruction in CODE (section id 7) gets a random value.
    const c = b.slice();
    const code = readModule(b).layout.sections.find((s) => s.id === 7)!;
    c[code.offset + 4 * int(r, code.size / 4) + 1 + int(r, 3)] = int(r, 256);
    return c;
  },
  leb: (b, r) => {
    const c = b.slice();
    const at = HEADER_SIZE + int(r, c.length - HEADER_SIZE);
    c[at] = [0x80, 0xff, 0x7f, 0x00, 0x81][int(r, 5)]!;
    return c;
  },
};

function fixCrc(b: Uint8Array): Uint8Array {
  if (b.length >= HEADER_SIZE) {
    new DataView(b.buffer).setUint32(CHECKSUM_OFFSET, crc32(b.subarray(HEADER_SIZE)), true);
  }
  return b;
}

/** "ok", "error:<Kind>" or "reject:<code>"; anything else is a failure message. */
function attempt(bytes: Uint8Array): string {
  let program;
  try {
    program = load(bytes);
  } catch (e) {
    if (e instanceof FormatError || e instanceof LoadError) return `reject:${e.code}`;
    return `FAILED to load cleanly: ${String(e)}`;
  }
  try {
    const host = { write: () => {}, writeErr: () => {}, now: () => 0 };
    const result = program.run(host, [], { maxSteps: 20_000, maxDepth: 2_000 });
    if (result.status === "ok") return "ok";
    const kind = result.error!.kind;
    return KINDS.has(kind) ? `error:${kind}` : `FAILED with unknown kind ${kind}`;
  } catch (e) {
    return `FAILED to run cleanly: ${String(e)}`;
  }
}

describe("load-safety fuzz", () => {
  for (const [name, mutate] of Object.entries(MUTATIONS)) {
    it(`${name}: every mutant loads cleanly or is rejected cleanly`, () => {
      const r = prng(name.length * 7919);
      const failures: string[] = [];
      const seen = new Map<string, number>();
      for (let i = 0; i < 4000; i++) {
        const base = bases[int(r, bases.length)]!;
        const other = bases[int(r, bases.length)]!.bytes;
        let bytes = mutate(base.bytes, r, other);
        // Most mutants get a fresh CRC so they reach the deeper checks.
        if (r() < 0.9) bytes = fixCrc(bytes);
        const outcome = attempt(bytes);
        if (outcome.startsWith("FAILED")) failures.push(`${base.name} #${i}: ${outcome}`);
        const key = outcome.split(":")[0]!;
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
      expect(failures.slice(0, 5)).toEqual([]);
      expect(seen.get("reject")).toBeGreaterThan(0);
      if (name === "bitflips" || name === "operands") expect(seen.get("ok")).toBeGreaterThan(0);
    });
  }
});
