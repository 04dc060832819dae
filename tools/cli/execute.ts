// Runs a loaded program against the Node host (buffered stdout, stderr, clock, stdin lines)
// and maps the outcome to an exit code: uncaught Veld errors print `error[Kind]: message`
// and their Veld stack, exit 1 (decisions.md §4). Shared by `veld` and `veldc run`.

import { readFileSync } from "node:fs";
import type { Host, Program, RunOptions } from "../../runtime/index.js";
import { EXIT_OK, EXIT_RUNTIME_ERROR } from "./common.js";

/** Collects stdout in chunks so programs that print a lot don't pay a syscall per line. */
class BufferedStdout {
  private parts: string[] = [];
  private size = 0;

  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= 1 << 16) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    process.stdout.write(this.parts.join(""));
    this.parts = [];
    this.size = 0;
  }
}

export function nodeHost(): Host & { flush(): void } {
  const out = new BufferedStdout();
  let stdinLines: string[] | undefined;
  return {
    write: (text) => out.write(text),
    writeErr: (text) => {
      out.flush();
      process.stderr.write(text);
    },
    now: () => performance.timeOrigin + performance.now(),
    readLine: () => {
      out.flush();
      stdinLines ??= readFileSync(0, "utf8").split(/\r?\n/);
      return stdinLines.length > 1 || stdinLines[0] !== "" ? stdinLines.shift() : undefined;
    },
    flush: () => out.flush(),
  };
}

export interface ExecuteOptions extends RunOptions {
  readonly args?: readonly string[];
  /** Print instructions executed, calls, time and peak depth to stderr. */
  readonly stats?: boolean;
}

export function execute(program: Program, options: ExecuteOptions = {}): number {
  const host = nodeHost();
  const start = performance.now();
  const result = program.run(host, options.args ?? [], options);
  host.flush();
  if (options.stats) {
    const ms = (performance.now() - start).toFixed(1);
    process.stderr.write(
      `stats: ${result.steps} instructions, peak depth ${result.peakDepth} frames, ${ms} ms\n`,
    );
  }
  if (result.status === "error") {
    process.stderr.write(result.error!.report());
    return EXIT_RUNTIME_ERROR;
  }
  return EXIT_OK;
}
