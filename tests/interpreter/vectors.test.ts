// The conformance vectors run on the tree-walking interpreter too, so a bug of the tree-walker
// alone is caught by the same expectations as the VM's. Every vector with a `.veld` source
// runs, judged by the conformance judge (exit status, exact stdout, error kind), under one
// rule for what does not apply (also in docs/testing.md):
// - a vector of several files (a directory NAME/ with main.veld) runs from its files;
// - a vector without a `.veld` source (hand-written `.vasm`, damaged containers) is bytecode
//   only: there is nothing for a tree-walker to run;
// - a vector linked with precompiled libraries (`libs`) needs their bytecode, which has no
//   source for a tree-walker;
// - a vector with the `max-steps` option measures an instruction budget
//   (spec/semantics.md §10), which an engine without instructions cannot count;
// - a vector with the `max-memory` option measures the memory budget (§10.2), which the
//   tree-walker does not account.
// Call depth applies to both: the vector's `max-depth`, or the VM's default depth, on a
// thread whose stack holds it.

import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { judge } from "../../tools/conformance/expectation.js";
import { loadSuite } from "../../tools/conformance/suite.js";
import {
  jobOf,
  notApplicable,
  VECTORS,
  type TreeWalkerJob,
  type TreeWalkerOutcome,
} from "./vector-run.js";

const STACK_MB = 2048;

function runOnThread(jobs: TreeWalkerJob[]): Promise<Map<string, TreeWalkerOutcome>> {
  const entry = JSON.stringify(new URL("./vector-worker.ts", import.meta.url).href);
  const boot = `import("tsx/esm/api").then((api) => { api.register(); return import(${entry}); })`;
  const worker = new Worker(boot, {
    eval: true,
    workerData: { jobs },
    resourceLimits: { stackSizeMb: STACK_MB },
  });
  const results = new Map<string, TreeWalkerOutcome>();
  return new Promise((resolve, reject) => {
    worker.on("message", (r: TreeWalkerOutcome) => results.set(r.name, r));
    worker.on("error", reject);
    worker.on("exit", () => resolve(results));
  });
}

const suite = loadSuite(VECTORS);
const applicable = suite.filter((v) => notApplicable(v) === undefined);

describe("the tree-walking interpreter on the vectors", () => {
  it("runs every vector with a .veld source except instruction budgets", () => {
    const skipped = suite.filter((v) => notApplicable(v) === "instruction budget");
    expect(skipped.every((v) => v.area === "limits")).toBe(true);
    expect(applicable.length).toBeGreaterThan(200);
  });

  it("meets every expectation", { timeout: 600_000 }, async () => {
    const jobs = applicable.map(jobOf);
    const results = await runOnThread(jobs);
    const failures = applicable.flatMap((v) => {
      const r = results.get(v.name);
      if (r === undefined) return [`${v.name}: no result`];
      if (r.refused !== undefined) return [`${v.name}: refused: ${r.refused}`];
      return judge(v.expect, r).map((p) => `${v.name}: ${p}`);
    });
    expect(failures).toEqual([]);
  });
});
