#!/usr/bin/env node
// veldc: the Veld compiler. `build` writes a .veldc, `run` compiles in memory and runs it on
// the runtime, `check` only reports diagnostics, `dis` prints the compiled disassembly,
// `repl` is the interactive session (tools/repl/).
// Exit codes per spec/cli.md §2.

import { basename } from "node:path";
import { EXIT_OK, cli, readInput, runTool, writeOutput, writeStderr } from "./common.js";
import { compileCached } from "./compile-cache.js";
import { compileFile, readSource } from "./compile-file.js";
import { execute, runOptions } from "./execute.js";
import { isInterpreterThread } from "./interp-worker.js";
import { isMainThread } from "node:worker_threads";

function defaultOutput(file: string): string {
  if (file === "-") return "-";
  return `${basename(file).replace(/\.veld$/, "")}.veldc`;
}

await runTool(async () => {
  if (isInterpreterThread()) return (await import("./interp-worker.js")).runInterpreterThread();
  if (!isMainThread) {
    // A REPL session thread (the REPL's module is loaded only by the REPL and its threads).
    const thread = await import("../repl/thread.js");
    if (thread.isReplThread()) return thread.runReplThread();
  }
  let code = EXIT_OK;
  await cli("veldc")
    .usage(
      "Usage: veldc <command> [options]\n\nThe Veld compiler: Veld source (.veld) → bytecode (.veldc).",
    )
    .command(
      "build <file>",
      "compile FILE (or - for stdin) to .veldc",
      (y) =>
        y
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
      async (argv) => {
        const { bytes, module } = await compileFile(argv.file, argv);
        if (argv.stats) {
          const { moduleStats } = await import("./stats.js");
          writeStderr(moduleStats(module!, bytes!.length));
        }
        writeOutput(argv.o ?? defaultOutput(argv.file), bytes!);
      },
    )
    .command(
      "run <file> [args..]",
      "compile FILE in memory and run it",
      (y) =>
        runOptions(y)
          .positional("file", { type: "string", demandOption: true })
          .positional("args", {
            type: "string",
            array: true,
            describe: "arguments for the program",
          })
          .option("O0", { type: "boolean", describe: "no optimisation" })
          .option("cache", {
            type: "boolean",
            default: true,
            describe:
              "reuse the compiled program from the compile cache (--no-cache: compile anew)",
          })
          .option("interp", {
            type: "boolean",
            describe: "run on the tree-walking reference interpreter instead of the VM",
          }),
      async (argv) => {
        if (argv.interp) {
          const { runInterpreted } = await import("./interp-run.js");
          code = await runInterpreted(import.meta.url, {
            source: await readSource(argv.file),
            fileName: argv.file === "-" ? "<stdin>" : argv.file,
            args: (argv.args ?? []).map(String),
            maxDepth: argv["max-depth"],
          });
          return;
        }
        const fileName = argv.file === "-" ? "<stdin>" : argv.file;
        const program = await compileCached(
          readInput(argv.file),
          { fileName, O0: argv.O0 === true, cache: argv.cache },
          async (bytes) => {
            const r = await compileFile(argv.file, argv, bytes);
            return { module: r.module!, bytes: r.bytes! };
          },
        );
        code = execute(program, { ...argv, args: (argv.args ?? []).map(String) });
      },
    )
    .command(
      "check <file>",
      "parse and compile FILE, report diagnostics only",
      (y) => y.positional("file", { type: "string", demandOption: true }),
      async (argv) => {
        await compileFile(argv.file);
      },
    )
    .command(
      "dis <file>",
      "compile FILE and print its disassembly",
      (y) =>
        y
          .positional("file", { type: "string", demandOption: true })
          .option("o", {
            alias: "output",
            type: "string",
            describe: "output file (default stdout)",
          })
          .option("O0", { type: "boolean", describe: "no optimisation" }),
      async (argv) => {
        const { bytes } = await compileFile(argv.file, argv);
        const { disassemble } = await import("../../assembler/index.js");
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
        const { runRepl } = await import("../repl/terminal.js");
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
