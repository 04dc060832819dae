// `npm run fuzz -- differential --runs N [--seed S]`: differential fuzzing of the VM (at -O0
// and -O1 in turn) against the tree-walking interpreter on generated programs
// (tests/interpreter/fuzz/generator.ts). Prints progress, each disagreement shrunk to a small
// reproducer (also written to `out`), and a summary; returns the number of disagreements.

import { mkdirSync, writeFileSync } from "node:fs";
import { compare, shrink } from "./check.js";
import { generateProgram } from "../diff/generator.js";

export function differential(runs: number, seed0: number, out: string): number {
  const counts = { agree: 0, invalid: 0, budget: 0, disagree: 0 };
  const start = performance.now();
  const seen = new Set<string>();
  for (let i = 0; i < runs; i++) {
    const seed = seed0 + i;
    const optimize = (seed % 2) as 0 | 1;
    const chunks = generateProgram(seed);
    const v = compare(chunks.join("\n"), optimize);
    counts[v.kind]++;
    if (v.kind === "invalid" && counts.invalid <= 3) {
      console.log(
        `seed ${seed}: the compiler rejects the generated program\n${chunks.join("\n")}\n`,
      );
    }
    if (v.kind === "disagree") {
      const small = shrink(chunks, optimize);
      const again = compare(small, optimize);
      if (seen.has(small)) continue;
      seen.add(small);
      mkdirSync(out, { recursive: true });
      writeFileSync(`${out}/seed-${seed}.veld`, small);
      console.log(`seed ${seed} (-O${optimize}): engines disagree; shrunk reproducer:\n${small}`);
      console.log(
        JSON.stringify(again.kind === "disagree" ? { vm: again.vm, interp: again.interp } : v),
      );
    }
    if ((i + 1) % 1000 === 0) {
      const s = ((performance.now() - start) / 1000).toFixed(0);
      console.log(`${i + 1}/${runs} programs, ${s} s: ${JSON.stringify(counts)}`);
    }
  }
  console.log(`done: ${runs} programs from seed ${seed0}: ${JSON.stringify(counts)}`);
  return counts.disagree + counts.invalid;
}
