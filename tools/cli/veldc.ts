#!/usr/bin/env node
// veldc: the Veld compiler. `build` writes a .veldc, `run` compiles in memory and runs it on
// the runtime, `check` only reports diagnostics, `dis` prints the compiled disassembly,
// `repl` is the interactive session (tools/repl/).
// Exit codes per spec/cli.md §2.

import { basename } from "node:path";
import type { Argv } from "yargs";
import { compileFiles, compileSource, type CompileResult } from "../../compiler/index.js";
import { fileHost, renderFileDiagnostics } from "./modules.js";
import { decodeSource, renderDiagnostics } from "../../language/index.js";
import { disassemble } from "../../assembler/index.js";
import { loadModule } from "../../runtime/index.js";
import {
  CliExit,
  EXIT_INVALID_INPUT,
  EXIT_OK,
  cli,
  readInput,
  runTool,
  writeOutput,
  writeStderr,
} from "./common.js";
import { execute, runOptions } from "./execute.js";
import { runInterpreted } from "./interp-run.js";
import { isInterpreterThread, runInterpreterThread } from "./interp-worker.js";
import { moduleStats } from "./stats.js";
import { runRepl } from "../repl/terminal.js";
import { isReplThread, runReplThread } from "../repl/thread.js";

interface BuildFlags {
  strip?: boolean;
  O0?: boolean;
  I?: string[];
}

/** A source file's text; a file too large or not UTF-8 is a diagnostic (exit 65). */
function readSource(file: string): string {
  const { source, diagnostics } = decodeSource(readInput(file));
  if (diagnostics.length > 0) {
    const fileName = file === "-" ? "<stdin>" : file;
    throw new CliExit(EXIT_INVALID_INPUT, renderDiagnostics(diagnostics, source, fileName));
  }
  return source;
}

function compileFile(file: string, flags: BuildFlags = {}): CompileResult & { source: string } {
  const source = readSource(file);
  const optimize = flags.O0 ? 0 : 1;
  if (file === "-") {
    // Standard input is one file: it cannot import modules from beside itself.
    const result = compileSource(source, { fileName: "<stdin>", strip: flags.strip, optimize });
    if (result.diagnostics.length > 0)
      throw new CliExit(
        EXIT_INVALID_INPUT,
        renderDiagnostics(result.diagnostics, source, "<stdin>"),
      );
    return { ...result, source };
  }
  const result = compileFiles(file, fileHost, {
    strip: flags.strip,
    optimize,
    searchPath: flags.I ?? [],
  });
  if (result.diagnostics.length > 0) {
    throw new CliExit(
      EXIT_INVALID_INPUT,
      renderFileDiagnostics(result.diagnostics, result.sources, file),
    );
  }
  return { ...result, source };
}

/** `-I DIR`: where modules are searched after the importing file's directory. */
function searchPathOption<T>(y: Argv<T>) {
  return y.option("I", {
    type: "string",
    requiresArg: true,
    // Repeatable, not greedy: `-I a -I b FILE` (an array option would swallow FILE).
    coerce: (dirs: string | string[]): string[] => [dirs].flat(),
    describe: "search DIR for imported modules (after the importing file's directory; repeatable)",
  });
}

function defaultOutput(file: string): string {
  if (file === "-") return "-";
  return `${basename(file).replace(/\.veld$/, "")}.veldc`;
}

await runTool(async () => {
  if (isInterpreterThread()) return runInterpreterThread();
  if (isReplThread()) return runReplThread();
  let code = EXIT_OK;
  await cli("veldc")
    .usage(
      "Usage: veldc <command> [options]\n\nThe Veld compiler: Veld source (.veld) → bytecode (.veldc).",
    )
    .command(
      "build <file>",
      "compile FILE (or - for stdin) to .veldc",
      (y) =>
        searchPathOption(y)
          .positional("file", { type: "string", demandOption: true, describe: "source file or -" })
          .option("o", {
            alias: "output",
            type: "string",
            describe: "output file (- for stdout); default FILE.veldc in the current directory",
          })
          .option("strip", {
            type: "boolean",
            default: false,
            describe: "omit debug info (line tables, local names)",
          })
          .option("O0", { type: "boolean", describe: "no optimisation" })
          .option("O1", { type: "boolean", describe: "optimise (default)" })
          .option("stats", {
            type: "boolean",
            describe: "print instructions, registers and constants per function to stderr",
          })
          .conflicts("O0", "O1"),
      (argv) => {
        const { bytes, module } = compileFile(argv.file, argv);
        if (argv.stats) writeStderr(moduleStats(module!, bytes!.length));
        writeOutput(argv.o ?? defaultOutput(argv.file), bytes!);
      },
    )
    .command(
      "run <file> [args..]",
      "compile FILE in memory and run it",
      (y) =>
        searchPathOption(runOptions(y))
          .positional("file", { type: "string", demandOption: true })
          .positional("args", {
            type: "string",
            array: true,
            describe: "arguments for the program",
          })
          .option("O0", { type: "boolean", describe: "no optimisation" })
          .option("interp", {
            type: "boolean",
            describe: "run on the tree-walking reference interpreter instead of the VM",
          }),
      async (argv) => {
        if (argv.interp) {
          code = await runInterpreted(import.meta.url, {
            source: readSource(argv.file),
            fileName: argv.file === "-" ? "<stdin>" : argv.file,
            ...(argv.file === "-" ? {} : { searchPath: argv.I ?? [] }),
            args: (argv.args ?? []).map(String),
            maxDepth: argv["max-depth"],
          });
          return;
        }
        const { module } = compileFile(argv.file, argv);
        code = execute(loadModule(module!, { trusted: true }), {
          ...argv,
          args: (argv.args ?? []).map(String),
        });
      },
    )
    .command(
      "check <file>",
      "parse and compile FILE, report diagnostics only",
      (y) => searchPathOption(y).positional("file", { type: "string", demandOption: true }),
      (argv) => {
        compileFile(argv.file, argv);
      },
    )
    .command(
      "dis <file>",
      "compile FILE and print its disassembly",
      (y) =>
        searchPathOption(y)
          .positional("file", { type: "string", demandOption: true })
          .option("o", {
            alias: "output",
            type: "string",
            describe: "output file (default stdout)",
          })
          .option("O0", { type: "boolean", describe: "no optimisation" }),
      (argv) => {
        const { bytes } = compileFile(argv.file, argv);
        writeOutput(argv.o, disassemble(bytes!));
      },
    )
    .command(
      "repl",
      "interactive session on the bytecode runtime (:help inside for commands)",
      (y) =>
        y
          .option("max-steps", {
            type: "number",
            describe: "instruction budget per input (LimitExceeded beyond)",
          })
          .option("max-depth", {
            type: "number",
            describe: "call depth limit (StackOverflow beyond)",
          }),
      async (argv) => {
        code = await runRepl(import.meta.url, {
          maxSteps: argv["max-steps"],
          maxDepth: argv["max-depth"],
        });
      },
    )
    .demandCommand(1, "give a command: build, run, check, dis or repl")
    .parseAsync();
  return code;
});
