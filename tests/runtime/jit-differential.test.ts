// The compiled tier against the interpreter alone on generated programs (tools/diff/generator.ts,
// the differential fuzz's generator): every function compiled at its first entry must give the
// same output, outcome, message, trace, step count, depth and allocation, also when a step or
// memory budget stops the program part-way (runtime/jit.ts).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/index.js";
import { loadModule, type Program, type RunOptions } from "../../runtime/index.js";
import { generateProgram } from "../../tools/diff/generator.js";

function observe(program: Program, options: RunOptions) {
  let stdout = "";
  const r = program.run(
    { write: (t) => void (stdout += t), writeErr: () => {}, now: () => 0 },
    [],
    {
      maxSteps: 2_000_000,
      ...options,
    },
  );
  const error = r.error && { kind: r.error.kind, message: r.error.message, frames: r.error.frames };
  return { stdout, error, steps: r.steps, peak: r.peakDepth, bytes: r.allocated };
}

const programs = new Map<number, Program | null>();
function programOf(seed: number): Program | null {
  if (!programs.has(seed)) {
    const r = compileSource(generateProgram(seed).join("\n"), {
      fileName: "gen.veld",
      optimize: (seed % 2) as 0 | 1,
    });
    programs.set(seed, r.module ? loadModule(r.module, { trusted: true }) : null);
  }
  return programs.get(seed)!;
}

/** The interpreter's and the eager tier's observations of `seed` under `options`. */
function both(seed: number, options: RunOptions) {
  const p = programOf(seed);
  if (p === null) return undefined;
  return [observe(p, { ...options, jit: false }), observe(p, { ...options, jit: "eager" })];
}

describe("compiled tier vs interpreter on generated programs", () => {
  it("agree on whole runs", { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (seed) => {
        const r = both(seed, {});
        if (r) expect(r[1]).toEqual(r[0]);
      }),
      { numRuns: 300, seed: 20_261_206 },
    );
  });

  it("stop at the same instruction under a step budget", { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (seed, at) => {
          const p = programOf(seed);
          if (p === null) return;
          const total = observe(p, { jit: false }).steps;
          const maxSteps = Math.max(1, Math.floor(total * at));
          const r = both(seed, { maxSteps })!;
          expect(r[1]).toEqual(r[0]);
        },
      ),
      { numRuns: 300, seed: 20_261_207 },
    );
  });

  it("stop at the same allocation under a memory budget", { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 20_000 }),
        (seed, maxMemory) => {
          const r = both(seed, { maxMemory });
          if (r) expect(r[1]).toEqual(r[0]);
        },
      ),
      { numRuns: 200, seed: 20_261_208 },
    );
  });
});
