// Runs a loaded program against the Node host (buffered stdout, stderr, clock, stdin lines)
// and maps the outcome to an exit code: uncaught Veld errors print `error[Kind]: message`
// and their Veld stack, exit 1 (spec/cli.md §2–§3). Shared by `veld` and `veldc run`, with the
// --trace, --stats, --max-steps and --max-depth options they both offer.

import { instructionPrinter } from "../../assembler/disassemble.js";
import { FormatError } from "../../format/errors.js";
import { Op } from "../../format/op.js";
import {
  load,
  loadLibrary,
  LoadError,
  type Host,
  type Library,
  type Program,
  type RunOptions,
} from "../../runtime/index.js";
import {
  CliExit,
  EXIT_INVALID_INPUT,
  EXIT_OK,
  EXIT_RUNTIME_ERROR,
  EXIT_USAGE,
  readInput,
  rejectedLine,
  writeStderr,
  writeStdout,
} from "./io.js";
import { LineReader } from "./stdin-lines.js";
import { paint } from "./colour.js";
import type { OptionSpec } from "./args.js";

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
    writeStdout(this.parts.join(""));
    this.parts = [];
    this.size = 0;
  }
}

export function nodeHost(): Host & { flush(): void } {
  const out = new BufferedStdout();
  let stdin: LineReader | undefined;
  return {
    write: (text) => out.write(text),
    writeErr: (text) => {
      out.flush();
      writeStderr(text);
    },
    // `performance` is loaded on first use (~2 ms), so only programs that read the clock pay.
    now: () => performance.timeOrigin + performance.now(),
    readLine: () => {
      out.flush();
      stdin ??= new LineReader(0);
      return stdin.next();
    },
    flush: () => out.flush(),
  };
}

/**
 * Loads and verifies `.veldc` bytes; a file the runtime rejects is `error[E_CODE] at 0xOFFSET`
 * with exit 65 (spec/cli.md §3).
 */
export function loadBytecode(
  bytes: Uint8Array,
  libraries: readonly { readonly file: string; readonly bytes: Uint8Array }[] = [],
): Program {
  const modules = libraries.map((l) =>
    unloadable(() => loadLibrary(l.bytes), ` (library ${l.file})`),
  );
  return unloadable(() => load(bytes, { modules }));
}

/** Reads and verifies precompiled libraries; a file the runtime rejects is exit 65 as above. */
export function loadLibraries(files: readonly string[]): { file: string; library: Library }[] {
  return files.map((file) => ({
    file,
    library: unloadable(() => loadLibrary(readInput(file)), ` (library ${file})`),
  }));
}

/** Loads `.veldc` bytes linked with libraries already loaded (loadLibraries). */
export function loadLinked(bytes: Uint8Array, libraries: readonly Library[]): Program {
  return unloadable(() => load(bytes, { modules: libraries }));
}

/** Runs a load; a FormatError or LoadError becomes exit 65 with `error[CODE] at 0x…: …`. */
function unloadable<T>(run: () => T, where = ""): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof FormatError || e instanceof LoadError) {
      // Most often a source file given to the runtime alone (`veld hello.veld`).
      const help =
        e.code === "E_MAGIC" && where === ""
          ? "\n  = help: veld runs compiled bytecode; run a source file with `veldc run FILE.veld`"
          : "";
      throw new CliExit(EXIT_INVALID_INPUT, `${rejectedLine(e)}${where}${help}`);
    }
    throw e;
  }
}

/** The run options shared by `veld` and `veldc run`. */
export const RUN_OPTIONS = {
  "max-steps": {
    type: "number",
    value: "N",
    describe: "instruction budget (LimitExceeded beyond)",
  },
  "max-depth": { type: "number", value: "N", describe: "call depth limit (StackOverflow beyond)" },
  "max-memory": {
    type: "number",
    value: "N",
    describe: "allocation budget in bytes, by the spec's size rule (LimitExceeded beyond)",
  },
  trace: { type: "boolean", describe: "print every executed instruction to stderr" },
  stats: { type: "boolean", describe: "print run statistics to stderr" },
  "no-jit": {
    type: "boolean",
    describe: "interpret every instruction: do not compile hot functions to JavaScript",
  },
} as const satisfies Record<string, OptionSpec>;

export interface ExecuteOptions {
  readonly args?: readonly string[];
  readonly "max-steps"?: number;
  readonly "max-depth"?: number;
  readonly "max-memory"?: number;
  readonly trace?: boolean;
  readonly stats?: boolean;
  readonly "no-jit"?: boolean;
}

export function execute(program: Program, options: ExecuteOptions = {}): number {
  for (const opt of ["max-steps", "max-depth", "max-memory"] as const) {
    const v = options[opt];
    if (v !== undefined && !(Number.isInteger(v) && v > 0)) {
      throw new CliExit(EXIT_USAGE, `error: --${opt} must be a positive integer`);
    }
  }
  const host = nodeHost();
  const run: RunOptions = {
    maxSteps: options["max-steps"],
    maxDepth: options["max-depth"],
    maxMemory: options["max-memory"],
    jit: options["no-jit"] !== true,
  };
  let calls = 0;
  if (options.trace || options.stats) {
    // The disassembler's own printer, so a trace reads like `velddis` output.
    const print = options.trace ? instructionPrinter(program.linked.module) : undefined;
    run.onStep = (p, pc, depth) => {
      const op = p.code[pc]! & 0xff;
      if (op === Op.CALL || op === Op.TAILCALL) calls++;
      if (print) host.writeErr(`[${depth}] ${p.name || "<fn>"}@${pc}: ${print(p.index, pc)}\n`);
    };
  }
  const start = process.hrtime.bigint();
  const result = program.run(host, options.args ?? [], run);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  host.flush();
  if (options.stats) {
    writeStderr(
      `instructions: ${result.steps}\ncalls: ${calls}\npeak frames: ${result.peakDepth}\n` +
        (run.maxMemory === undefined ? "" : `allocated: ${result.allocated} bytes\n`) +
        `time: ${ms.toFixed(1)} ms\n`,
    );
  }
  if (result.status === "error") {
    writeStderr(paint(result.error!.report()));
    return EXIT_RUNTIME_ERROR;
  }
  return EXIT_OK;
}
