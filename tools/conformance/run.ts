// Running a suite against a runtime (spec/conformance.md §4): a pool of `jobs` concurrent
// vectors, each judged by expectation.ts; results come back in suite order.

import { readFileSync } from "node:fs";
import { judge, type JudgeOptions, type Observed } from "./expectation.js";
import { runInProcess } from "./in-process.js";
import { commandFor, runCommand, unsupported } from "./process.js";
import { libraryBytes, type SuiteVector } from "./suite.js";

export type Status = "pass" | "fail" | "skip";

export interface VectorResult {
  readonly name: string;
  readonly area: string;
  readonly status: Status;
  /** Why it failed or was skipped. */
  readonly problems: readonly string[];
  /** Wall time of the vector's run. */
  readonly ms: number;
  /** The first lines of the runtime's standard error, kept for failures. */
  readonly stderr?: string;
  /** Killed after `limitMs` (`--timeout` × the vector's cost hint). */
  readonly timedOut?: boolean;
  readonly limitMs?: number;
}

/** How to run one vector: an external command template, or our runtime in this process. */
export type Runtime =
  | {
      readonly kind: "command";
      readonly template: string;
      /** Per-vector limit, multiplied by the vector's cost hint. */
      readonly timeoutMs: number;
    }
  | { readonly kind: "in-process" };

export interface RunSuiteOptions extends JudgeOptions {
  readonly runtime: Runtime;
  readonly jobs?: number;
  /** Called after each vector, in completion order. */
  readonly onResult?: (result: VectorResult, done: number, total: number) => void;
}

export async function runSuite(
  vectors: readonly SuiteVector[],
  options: RunSuiteOptions,
): Promise<VectorResult[]> {
  const results: VectorResult[] = new Array(vectors.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < vectors.length) {
      const i = next++;
      results[i] = await runOne(vectors[i]!, options);
      options.onResult?.(results[i]!, ++done, vectors.length);
    }
  };
  const jobs = options.runtime.kind === "in-process" ? 1 : Math.max(1, options.jobs ?? 1);
  await Promise.all(Array.from({ length: Math.min(jobs, vectors.length) }, worker));
  return results;
}

async function runOne(v: SuiteVector, options: RunSuiteOptions): Promise<VectorResult> {
  const start = performance.now();
  const result = (status: Status, problems: string[], o?: Observed): VectorResult => ({
    name: v.name,
    area: v.area,
    status,
    problems,
    ms: Math.round(performance.now() - start),
    ...(status === "fail" && o?.stderr ? { stderr: o.stderr } : {}),
    ...(o?.timedOut ? { timedOut: true, limitMs: o.timeoutMs } : {}),
  });
  if (v.problem) return result("fail", [v.problem]);
  const rt = options.runtime;
  let observed: Observed;
  if (rt.kind === "command") {
    const why = unsupported(rt.template, v.expect);
    if (why) return result("skip", [why]);
    const limit = rt.timeoutMs * (v.expect.cost ?? 1);
    observed = await runCommand(commandFor(rt.template, v.file, v.expect), limit);
  } else {
    try {
      observed = runInProcess(readFileSync(v.file), { ...v.expect, modules: libraryBytes(v) });
    } catch (e) {
      return result("fail", [`internal error: ${(e as Error).message}`]);
    }
  }
  const problems = judge(v.expect, observed, options);
  return result(problems.length === 0 ? "pass" : "fail", problems, observed);
}
