// A fuzz worker process (forked by driver.ts). It runs the index ranges its parent sends,
// in-process with try/catch and the oracle's step budget, and reports progress, outcome
// counts and findings over IPC. Crashes (V8 FATAL, OOM) and hangs kill only this process:
// the parent sees it die, or stops hearing from it, and re-runs the range in `verbose` mode,
// where every input is announced first, to name the input that did it.

import { minimize } from "./minimize.js";
import { isBad, runInput, signature, type OracleOptions, type OutcomeClass } from "./oracle.js";
import { makeInput, targetNamed } from "./targets.js";
import { encodeInput, type SerializedInput } from "./serialize.js";

export interface ShardJob {
  readonly target: string;
  readonly seed: number;
  readonly from: number;
  readonly to: number;
  readonly verbose: boolean;
  readonly oracle: OracleOptions;
}

export type ShardMessage =
  | { readonly type: "ready" }
  | { readonly type: "start"; readonly index: number }
  | {
      readonly type: "progress";
      /** Inputs below this index (in the job's range) are finished. */
      readonly done: number;
      readonly counts: Partial<Record<OutcomeClass, number>>;
    }
  | {
      readonly type: "finding";
      readonly index: number;
      readonly cls: OutcomeClass;
      readonly detail: string;
      readonly stack?: string;
      readonly input: SerializedInput;
      /** A smaller input with the same signature (the first time a signature is seen). */
      readonly minimized?: SerializedInput;
    }
  | { readonly type: "end" };

/** Inputs between two progress reports in non-verbose mode. */
const BATCH = 25;

function send(m: ShardMessage): void {
  process.send!(m);
}

function runJob(job: ShardJob): void {
  const target = targetNamed(job.target);
  let counts: Partial<Record<OutcomeClass, number>> = {};
  const minimized = new Set<string>();
  for (let i = job.from; i < job.to; i++) {
    if (job.verbose) send({ type: "start", index: i });
    const input = makeInput(target, job.seed, i);
    const o = runInput(input, job.oracle);
    counts[o.cls] = (counts[o.cls] ?? 0) + 1;
    if (isBad(o.cls)) {
      const sig = signature(o);
      const small =
        o.cls !== "slow" && !minimized.has(sig) ? minimize(input, sig, job.oracle) : undefined;
      minimized.add(sig);
      send({
        type: "finding",
        index: i,
        cls: o.cls,
        detail: o.detail,
        stack: o.stack,
        input: encodeInput(input),
        minimized: small && small.data !== input.data ? encodeInput(small) : undefined,
      });
    }
    if (job.verbose || (i + 1 - job.from) % BATCH === 0 || i + 1 === job.to) {
      send({ type: "progress", done: i + 1, counts });
      counts = {};
    }
  }
  send({ type: "end" });
}

process.on("message", (job: ShardJob) => runJob(job));
send({ type: "ready" });
