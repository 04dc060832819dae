// Every vector runs the same with the compiled tier forced on (every function compiled at its
// first entry) as with the interpreter alone: output, outcome, error kind, message and trace,
// step count, peak depth and bytes allocated (runtime/jit.ts; docs/architecture.md).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { judge } from "../../tools/conformance/expectation.js";
import { runOptions } from "../../tools/conformance/in-process.js";
import { libraryBytes, loadSuite } from "../../tools/conformance/suite.js";
import { load, loadLibrary, type Program, type RunOptions } from "../../runtime/index.js";

const ROOT = join(import.meta.dirname, "../../test-vectors");

function observe(program: Program, args: readonly string[], options: RunOptions) {
  let stdout = "";
  const host = { write: (t: string) => void (stdout += t), writeErr: () => {}, now: () => 0 };
  const r = program.run(host, args, options);
  const error = r.error && {
    kind: r.error.kind,
    message: r.error.message,
    frames: r.error.frames,
  };
  return { stdout, status: r.status, error, steps: r.steps, peak: r.peakDepth, bytes: r.allocated };
}

describe("the compiled tier on the vectors", () => {
  it("changes nothing observable when every function is compiled", () => {
    const failures: string[] = [];
    let compiled = 0;
    let count = 0;
    for (const v of loadSuite(ROOT)) {
      let program: Program;
      try {
        program = load(readFileSync(v.file), { modules: libraryBytes(v).map(loadLibrary) });
      } catch {
        continue; // a malformed-file vector: nothing runs
      }
      count++;
      const options = runOptions(v.expect);
      const args = v.expect.args ?? [];
      const plain = observe(program, args, { ...options, jit: false });
      const tier = observe(program, args, { ...options, jit: "eager" });
      if (program.linked.protos.some((p) => typeof p.jit === "function")) compiled++;
      try {
        expect(tier).toEqual(plain);
      } catch {
        failures.push(`${v.name}: ${JSON.stringify(plain)} vs ${JSON.stringify(tier)}`);
        continue;
      }
      const seen = {
        exit: tier.status === "ok" ? 0 : 1,
        stdout: tier.stdout,
        ...(tier.error ? { error: tier.error.kind } : {}),
      };
      const problems = judge(v.expect, seen);
      if (problems.length > 0) failures.push(`${v.name}: ${problems.join("; ")}`);
    }
    expect(failures).toEqual([]);
    expect(count).toBeGreaterThan(500);
    expect(compiled).toBeGreaterThan(400);
  });
});
