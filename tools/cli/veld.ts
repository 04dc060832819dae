#!/usr/bin/env node
// `veld F.veldc [args…]`: the runtime alone (decisions.md §4) — load, verify, link and run a
// `.veldc` file; imports no compiler code. Exit 0 ok, 1 uncaught Veld error, 2 usage,
// 65 unloadable file, 70 internal error.

import { decodeOperands } from "../../format/instruction.js";
import { FormatError } from "../../format/errors.js";
import { OPCODES } from "../../format/opcodes.js";
import { load, LoadError, type Host, type RtProto, type RunOptions } from "../../runtime/index.js";
import {
  cli,
  CliExit,
  EXIT_INVALID_INPUT,
  EXIT_OK,
  EXIT_RUNTIME_ERROR,
  EXIT_USAGE,
  readInput,
  runTool,
} from "./common.js";

/** stdout with buffering: many small println calls become few writes. */
function stdoutHost(): Host & { flush(): void } {
  let buf = "";
  const flush = () => {
    if (buf) process.stdout.write(buf);
    buf = "";
  };
  return {
    write(text) {
      buf += text;
      if (buf.length > 1 << 16) flush();
    },
    writeErr: (text) => process.stderr.write(text),
    now: () => performance.now(),
    flush,
  };
}

function traceLine(p: RtProto, pc: number, depth: number): string {
  const word = p.code[pc]! >>> 0;
  const info = OPCODES[word & 0xff]!;
  const ops = decodeOperands(info, word).join(", ");
  return `[${depth}] ${p.name || "<fn>"}@${pc}: ${info.name}${ops ? " " + ops : ""}\n`;
}

await runTool(async () => {
  const argv = await cli("veld")
    .usage("$0 <file.veldc> [args..]\n\nRun a compiled Veld module ('-' reads stdin).")
    .command("$0 <file> [args..]", false)
    .positional("file", { type: "string", describe: ".veldc file or - for stdin" })
    .positional("args", { type: "string", array: true, describe: "program arguments" })
    .option("max-steps", { type: "number", describe: "instruction budget (LimitExceeded)" })
    .option("max-depth", { type: "number", describe: "maximum call depth (StackOverflow)" })
    .option("trace", { type: "boolean", describe: "print every executed instruction to stderr" })
    .option("stats", { type: "boolean", describe: "print run statistics to stderr" })
    .parseAsync();
  const file = argv.file as string;
  for (const opt of ["max-steps", "max-depth"] as const) {
    const v = argv[opt];
    if (v !== undefined && !(Number.isInteger(v) && v > 0)) {
      throw new CliExit(EXIT_USAGE, `error: --${opt} must be a positive integer`);
    }
  }
  const bytes = readInput(file);
  let program;
  try {
    program = load(bytes);
  } catch (e) {
    if (e instanceof FormatError || e instanceof LoadError) {
      const at = e.offset === undefined ? "" : ` at 0x${e.offset.toString(16)}`;
      throw new CliExit(EXIT_INVALID_INPUT, `error[${e.code}]${at}: ${e.message}`);
    }
    throw e;
  }
  const host = stdoutHost();
  const options: RunOptions = { maxSteps: argv["max-steps"], maxDepth: argv["max-depth"] };
  let calls = 0;
  if (argv.trace || argv.stats) {
    const trace = argv.trace === true;
    options.onStep = (p, pc, depth) => {
      const op = p.code[pc]! & 0xff;
      if (op === 53 || op === 54) calls++; // CALL, TAILCALL
      if (trace) process.stderr.write(traceLine(p, pc, depth));
    };
  }
  const t0 = performance.now();
  const result = program.run(host, (argv.args as string[] | undefined) ?? [], options);
  const ms = performance.now() - t0;
  host.flush();
  if (argv.stats) {
    process.stderr.write(
      `instructions: ${result.steps}\ncalls: ${calls}\npeak frames: ${result.peakDepth}\ntime: ${ms.toFixed(1)} ms\n`,
    );
  }
  if (result.status === "error") {
    process.stderr.write(result.error!.report());
    return EXIT_RUNTIME_ERROR;
  }
  return EXIT_OK;
});
