// Thread side of `veldc run --interp`: the tree-walking interpreter runs on a worker thread
// whose stack is large enough for deep Veld recursion (a tree-walker spends several JS
// frames per Veld call). The worker runs veldc's own entry file, which checks
// isInterpreterThread() first; output goes back in chunks, the last message is the outcome.

import { isMainThread, parentPort, workerData } from "node:worker_threads";
import type { InterpHost } from "../../interpreter/index.js";
import { LineReader } from "./stdin-lines.js";

export interface InterpJob {
  source: string;
  /** The name stack traces show (the debug name a compiled program would record). */
  fileName: string;
  /** The name diagnostics show. */
  shownName: string;
  args: string[];
  maxDepth?: number;
  /** Set for a program read from a file: its modules are loaded from beside it, then these. */
  searchPath?: string[];
  /** The directory paths are read relative to (compile-file.ts moduleRoot); default the cwd. */
  baseDir?: string;
}

export type InterpMessage =
  | { kind: "out"; text: string }
  | { kind: "diagnostics"; diagnostics: unknown[]; sources: [string, string][] }
  | { kind: "done"; report: string | null };

/** True on the worker thread started by runInterpreted. */
export function isInterpreterThread(): boolean {
  return (
    !isMainThread && (workerData as { veldInterp?: InterpJob } | null)?.veldInterp !== undefined
  );
}

/** Runs the job of this worker thread and reports to the main thread; returns exit code 0. */
export async function runInterpreterThread(): Promise<number> {
  // Loaded here so that veldc's main thread, which imports this file, never loads it.
  const { interpret, interpretModules } = await import("../../interpreter/index.js");
  const job = (workerData as { veldInterp: InterpJob }).veldInterp;
  const post = (m: InterpMessage) => parentPort!.postMessage(m);
  let buffer = "";
  let stdin: LineReader | undefined;
  const flush = () => {
    if (buffer) post({ kind: "out", text: buffer });
    buffer = "";
  };
  try {
    const host: InterpHost = {
      write: (t) => {
        buffer += t;
        if (buffer.length >= 1 << 16) flush();
      },
      now: () => performance.timeOrigin + performance.now(),
      readLine: () => {
        flush(); // a prompt is shown before the program waits for its answer
        stdin ??= new LineReader(0);
        return stdin.next();
      },
    };
    const options = { args: job.args, maxDepth: job.maxDepth };
    let sources: [string, string][] = [[job.fileName, job.source]];
    let r: ReturnType<typeof interpret>;
    if (job.searchPath === undefined) {
      r = interpret(job.source, host, { ...options, fileName: job.fileName });
    } else {
      // Modules are read through the name the compiler would record (compile-file.ts).
      const { loadProgram } = await import("../../language/modules.js");
      const { hostAt } = await import("./modules.js");
      const loaded = loadProgram(job.fileName, hostAt(job.baseDir), job.searchPath);
      sources = loaded.modules.map((m) => [m.file, m.source]);
      r =
        loaded.diagnostics.length > 0
          ? { diagnostics: loaded.diagnostics }
          : interpretModules(loaded.modules, host, options);
    }
    flush();
    if ("diagnostics" in r) post({ kind: "diagnostics", diagnostics: r.diagnostics, sources });
    else post({ kind: "done", report: r.error ? r.error.report() : null });
  } catch (e) {
    flush(); // the output so far, then the internal error
    throw e;
  }
  return 0;
}
