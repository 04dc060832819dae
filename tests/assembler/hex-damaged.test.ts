// `velddis --hex` on every damaged vector (docs/testing-runtimes.md suggests it): the dump
// shows what can be shown of the file, as wasm-objdump does, prints every byte exactly once,
// and the tool still reports the problem with its code and exits 65. Every vector goes
// through velddis's dump function in-process; the tool itself runs on one of each kind.

import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { damagedHexDump, hexDumpAnyway } from "../../assembler/index.js";

const DIR = "test-vectors/malformed";
const vectors = readdirSync(DIR)
  .filter((f) => f.endsWith(".veldc"))
  .map((f) => f.replace(/\.veldc$/, ""));

/** The bytes of a dump, in order, checking that each line starts where the last one ended. */
function dumpedBytes(dump: string): number[] {
  const bytes: number[] = [];
  for (const line of dump.split("\n")) {
    const m = /^([0-9a-f]{6}): ((?:[0-9a-f]{2} ?)+)/.exec(line);
    if (!m) continue;
    expect(parseInt(m[1]!, 16)).toBe(bytes.length);
    bytes.push(
      ...m[2]!
        .trim()
        .split(" ")
        .map((h) => parseInt(h, 16)),
    );
  }
  return bytes;
}

describe("velddis --hex on damaged files", () => {
  it("has vectors to check", () => {
    expect(vectors.length).toBeGreaterThan(60);
  });

  const expectation = (v: string) =>
    JSON.parse(readFileSync(join(DIR, `${v}.expect.json`), "utf8")) as {
      outcome: string;
      error?: string;
      errors?: string[];
    };
  const codes = (v: string) => {
    const e = expectation(v);
    return e.errors ?? (e.error === undefined ? [] : [e.error]);
  };

  it.each(vectors)("%s: every byte shown, the problem named", (v) => {
    const bytes = readFileSync(join(DIR, `${v}.veldc`));
    const { dump, problem } = hexDumpAnyway(bytes);
    expect(Buffer.from(dumpedBytes(dump)).equals(bytes)).toBe(true);
    if (expectation(v).outcome === "malformed") expect(problem).toBeDefined();
    if (problem !== undefined) expect(codes(v)).toContain(problem.code);
    // Otherwise the file decodes and verifies: a bit flip that left it valid, or a link
    // error (velddis does not link).
    else expect(expectation(v).outcome).not.toBe("malformed");
  });

  // The tool itself on a file the reader rejects, one the verifier rejects, one that is fine.
  it.each(["bitflip-01", "bitflip-11", "bitflip-02"])("velddis --hex %s", (v) => {
    const path = join(DIR, `${v}.veldc`);
    const r = spawnSync(
      process.execPath,
      ["--import", "tsx", "tools/cli/velddis.ts", "--hex", path],
      { encoding: "utf8", maxBuffer: 1 << 26 },
    );
    expect(Buffer.from(dumpedBytes(r.stdout)).equals(readFileSync(path))).toBe(true);
    const expected = codes(v);
    if (expected.length === 0) {
      expect([r.status, r.stderr]).toEqual([0, ""]);
    } else {
      expect(r.status).toBe(65);
      expect(r.stderr).toMatch(new RegExp(`^error\\[(${expected.join("|")})\\] at 0x[0-9a-f]+: `));
    }
  });
});

describe("damagedHexDump", () => {
  it("marks the problem and prints a truncated header as it is", () => {
    const bytes = Uint8Array.of(0x89, 0x56, 0x45, 0x4c, 0x44, 0x43, 0x0d, 0x0a, 1, 0);
    const dump = damagedHexDump(bytes, { code: "E_TRUNCATED", offset: 10, message: "short" });
    expect(dump.split("\n")[0]).toBe("; error[E_TRUNCATED] at 0xa: short");
    expect(dump).toContain("000008: 01");
    expect(Buffer.from(dumpedBytes(dump)).equals(bytes)).toBe(true);
  });
  it("splits the undecoded bytes where the problem lies", () => {
    const bytes = new Uint8Array(64);
    bytes[11] = 0; // no sections: everything after the header is undecoded
    const dump = damagedHexDump(bytes, { code: "E_X", offset: 40, message: "m" });
    expect(dump).toContain("000028: 00 00 00 00 00 00 00 00 00 00 00 00  ; <- error[E_X] here");
    expect(dumpedBytes(dump)).toHaveLength(64);
  });
});
