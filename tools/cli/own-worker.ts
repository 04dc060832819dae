// A worker thread running one of the CLI's own files (the interpreter thread of
// `veldc run --interp`, the REPL's session thread).

import { Worker, type WorkerOptions } from "node:worker_threads";

/**
 * Starts `entry`, the running CLI's own file, on a worker thread. Run from source under tsx,
 * the thread registers tsx itself (module hooks are per thread), resolved here from the CLI's
 * files: the eval'd code would resolve it from the current directory.
 */
export function startOwnWorker(entry: string, options: WorkerOptions): Worker {
  if (entry.endsWith(".ts")) {
    const tsx = JSON.stringify(import.meta.resolve("tsx/esm/api"));
    const boot = `import(${tsx}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); })`;
    return new Worker(boot, { ...options, eval: true });
  }
  return new Worker(new URL(entry), options);
}
