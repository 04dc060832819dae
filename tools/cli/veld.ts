#!/usr/bin/env node
// `veld F.veldc [args…]`: the runtime alone (spec/cli.md) — load, verify, link and run a
// `.veldc` file; imports no compiler code. Exit 0 ok, 1 uncaught Veld error, 2 usage,
// 65 unloadable file, 70 internal error. Its arguments are parsed with node:util rather
// than yargs: start-up time is part of this tool's contract (≤ 90 ms for hello world).

import { parseArgs } from "node:util";
import { FormatError } from "../../format/errors.js";
import { load, LoadError } from "../../runtime/index.js";
import {
  CliExit,
  EXIT_INVALID_INPUT,
  EXIT_OK,
  EXIT_USAGE,
  readInput,
  runTool,
  writeStdout,
} from "./io.js";
import { execute } from "./execute.js";

const HELP = `veld <file.veldc> [args..]

Run a compiled Veld module ('-' reads stdin). Arguments after the file (or after --)
are passed to the program.

Options:
  --max-steps N   instruction budget (LimitExceeded beyond)
  --max-depth N   call depth limit (StackOverflow beyond)
  --max-memory N  allocation budget in bytes (LimitExceeded beyond)
  --trace         print every executed instruction to stderr
  --stats         print run statistics to stderr
  -h, --help      show this help
`;

function usage(message: string): never {
  throw new CliExit(EXIT_USAGE, `error: ${message}\nTry 'veld --help'.`);
}

function positiveInt(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) usage(`--${name} must be a positive integer`);
  return n;
}

// Not awaited: the bin is built as one CommonJS file (tsup.config.ts), which has no top-level
// await; runTool catches everything and only sets process.exitCode.
void runTool(() => {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        "max-steps": { type: "string" },
        "max-depth": { type: "string" },
        "max-memory": { type: "string" },
        trace: { type: "boolean" },
        stats: { type: "boolean" },
        help: { type: "boolean", short: "h" },
        "debug-internal": { type: "boolean" },
      },
    });
  } catch (err) {
    usage((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    writeStdout(HELP);
    return EXIT_OK;
  }
  const [file, ...args] = positionals;
  if (file === undefined) usage("give the .veldc file to run");
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
  return execute(program, {
    args,
    "max-steps": positiveInt("max-steps", values["max-steps"]),
    "max-depth": positiveInt("max-depth", values["max-depth"]),
    "max-memory": positiveInt("max-memory", values["max-memory"]),
    trace: values.trace,
    stats: values.stats,
  });
});
