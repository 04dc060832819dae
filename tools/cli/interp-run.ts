// Main-thread side of `veldc run --interp`: starts the interpreter thread (interp-worker.ts)
// with a large stack, copies its output to stdout, and maps the outcome to an exit code (spec/cli.md §2:
// 0 ok, 1 uncaught Veld error, 65 rejected source).

import type { Worker } from "node:worker_threads";
import { startOwnWorker } from "./own-worker.js";
import type { Diagnostic } from "../../language/index.js";
import { renderFileDiagnostics } from "./modules.js";
import {
  CliExit,
  EXIT_INVALID_INPUT,
  EXIT_OK,
  EXIT_RUNTIME_ERROR,
  writeStderr,
  writeStdout,
} from "./io.js";
import type { InterpJob, InterpMessage } from "./interp-worker.js";
import { paint } from "./colour.js";

/** Stack of the interpreter's thread: room for DEFAULT_DEPTH calls (past it: StackOverflow). */
const STACK_MB = 1024;

/**
 * The call-depth limit without --max-depth: the VM's default (runtime/vm.ts), so a program
 * recursing 100,000 deep (spec/semantics.md §5) runs on both, not only on the VM. (The
 * library's own default, DEFAULT_MAX_DEPTH, is for an ordinary JS stack.)
 */
const DEFAULT_DEPTH = 200_000;

/**
 * Starts `entry` (the running CLI's own file) on a worker thread with a large stack; the
 * CLI's entry hands the thread to runInterpreterThread.
 */
function startWorker(entry: string, job: InterpJob): Worker {
  return startOwnWorker(entry, {
    workerData: { veldInterp: job },
    resourceLimits: { stackSizeMb: STACK_MB },
  });
}

/** Runs `job` on the interpreter thread; resolves to the exit code (0, 1) or rejects with CliExit. */
export function runInterpreted(entry: string, job: InterpJob): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const worker = startWorker(entry, { ...job, maxDepth: job.maxDepth ?? DEFAULT_DEPTH });
    let exit: number | undefined;
    worker.on("message", (m: InterpMessage) => {
      switch (m.kind) {
        case "out":
          writeStdout(m.text);
          return;
        case "done":
          if (m.report !== null) writeStderr(paint(m.report));
          exit = m.report === null ? EXIT_OK : EXIT_RUNTIME_ERROR;
          return;
        case "diagnostics":
          reject(
            new CliExit(
              EXIT_INVALID_INPUT,
              renderFileDiagnostics(
                m.diagnostics as Diagnostic[],
                new Map(m.sources),
                job.fileName,
                job.shownName,
              ),
            ),
          );
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
