// Thread side of tests/interpreter/vectors.test.ts: runs vector sources on the tree-walking
// interpreter on a thread with a large stack (a tree-walker spends several JS frames per Veld
// call, and the vectors require 100,000 nested calls) and posts each outcome back.

import { parentPort, workerData } from "node:worker_threads";
import { existsSync, readFileSync } from "node:fs";
import { interpret, interpretModules } from "../../interpreter/index.js";
import { loadProgram } from "../../language/modules.js";

export interface TreeWalkerJob {
  readonly name: string;
  readonly source: string;
  readonly args: readonly string[];
  readonly maxDepth: number;
  /** A program of several files: its main file, read with its modules from disk. */
  readonly mainFile?: string;
}

export interface TreeWalkerOutcome {
  readonly name: string;
  readonly exit: number;
  readonly stdout: string;
  /** The uncaught error's kind; or why the interpreter could not run the source at all. */
  readonly error?: string;
  readonly refused?: string;
}

function run(job: TreeWalkerJob): TreeWalkerOutcome {
  let stdout = "";
  const host = {
    write: (t: string) => void (stdout += t),
    now: () => 0,
    readLine: () => undefined,
  };
  const options = { args: job.args, maxDepth: job.maxDepth };
  const fileHost = {
    readFile: (path: string) => (existsSync(path) ? readFileSync(path) : undefined),
  };
  const loaded = job.mainFile === undefined ? undefined : loadProgram(job.mainFile, fileHost);
  const r =
    loaded === undefined
      ? interpret(job.source, host, { ...options, fileName: `${job.name}.veld` })
      : loaded.diagnostics.length > 0
        ? { diagnostics: loaded.diagnostics }
        : interpretModules(loaded.modules, host, options);
  if ("diagnostics" in r) {
    return { name: job.name, exit: 65, stdout, refused: r.diagnostics[0]?.message };
  }
  return r.error
    ? { name: job.name, exit: 1, stdout, error: r.error.kind }
    : { name: job.name, exit: 0, stdout };
}

for (const job of (workerData as { jobs: TreeWalkerJob[] }).jobs) parentPort!.postMessage(run(job));
