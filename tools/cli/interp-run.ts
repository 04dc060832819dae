// Main-thread side of `veldc run --interp`: starts interp-worker on a thread with a large
// stack, copies its output to stdout, and maps the outcome to an exit code (decisions.md §4:
// 0 ok, 1 uncaught Veld error, 65 rejected source).

import { Worker } from "node:worker_threads";
import { renderDiagnostics, type Diagnostic } from "../../language/index.js";
import { CliExit, EXIT_INVALID_INPUT, EXIT_OK, EXIT_RUNTIME_ERROR } from "./common.js";
import type { InterpJob, InterpMessage } from "./interp-worker.js";

/** Stack of the interpreter's thread: ample for its default depth limit of 10,000 calls. */
const STACK_MB = 1024;

function startWorker(job: InterpJob): Worker {
  const here = import.meta.url;
  const options = { workerData: job, resourceLimits: { stackSizeMb: STACK_MB } };
  if (here.endsWith(".ts")) {
    // Running from source under tsx: the worker registers tsx itself (hooks are per thread).
    const entry = new URL("./interp-worker.ts", here).href;
    const boot = `import("tsx/esm/api").then((api) => { api.register(); return import(${JSON.stringify(entry)}); })`;
    return new Worker(boot, { ...options, eval: true });
  }
  return new Worker(new URL("./interp-worker.js", here), options);
}

export function runInterpreted(job: InterpJob): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const worker = startWorker(job);
    let exit: number | undefined;
    worker.on("message", (m: InterpMessage) => {
      switch (m.kind) {
        case "out":
          process.stdout.write(m.text);
          return;
        case "done":
          if (m.report !== null) process.stderr.write(m.report);
          exit = m.report === null ? EXIT_OK : EXIT_RUNTIME_ERROR;
          return;
        case "diagnostics":
          reject(
            new CliExit(
              EXIT_INVALID_INPUT,
              renderDiagnostics(m.diagnostics as Diagnostic[], job.source, job.fileName),
            ),
          );
          return;
        case "unsupported":
          reject(new CliExit(EXIT_INVALID_INPUT, `${job.fileName}: error: ${m.message}\n`));
          return;
      }
    });
    worker.on("error", reject);
    worker.on("exit", () => {
      if (exit !== undefined) resolvePromise(exit);
      else reject(new Error("the interpreter thread ended without a result"));
    });
  });
}
