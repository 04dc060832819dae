#!/usr/bin/env node
// veldc: the Veld compiler. `build` writes a .veldc, `run` compiles in memory and runs it on
// the runtime, `check` only reports diagnostics, `dis` prints the compiled disassembly,
// `repl` is the interactive session (tools/repl/). The grammar is veldc-commands.ts; what a
// command needs beyond it (compiler, assembler, interpreter, REPL) is loaded by that command.
// Exit codes per spec/cli.md §2.

import { existsSync } from "node:fs";
import { basename } from "node:path";
import { isMainThread } from "node:worker_threads";
import { helpText, parseCommand, usageError } from "./args.js";
import {
  compileFile,
  compileForRun,
  decodeFile,
  isBytecode,
  moduleRoot,
  sourceNames,
} from "./compile-file.js";
import { execute, loadBytecode, loadLibraries, loadLinked } from "./execute.js";
import { isInterpreterThread } from "./interp-worker.js";
import {
  CliExit,
  EXIT_OK,
  readInput,
  refuseBinaryOnTerminal,
  runTool,
  writeOutput,
  writeStderr,
} from "./io.js";
import { COMMANDS, TOP } from "./veldc-commands.js";

function defaultOutput(file: string): string {
  if (file === "-") return "-";
  return `${basename(file).replace(/\.veld$/, "")}.veldc`;
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) usageError("veldc", "give a command: build, run, check, dis or repl");
  if (command === "help") {
    // `veldc help [COMMAND]`, as `git help`: the text `--help` prints.
    const [topic, extra] = rest;
    if (extra !== undefined) usageError("veldc", `unexpected argument '${extra}'`);
    if (topic === undefined) throw new CliExit(EXIT_OK, helpText(TOP));
    if (!Object.hasOwn(COMMANDS, topic)) usageError("veldc", `unknown command '${topic}'`);
    throw new CliExit(EXIT_OK, helpText(COMMANDS[topic as keyof typeof COMMANDS]));
  }
  if (!Object.hasOwn(COMMANDS, command!)) {
    if (command!.startsWith("-")) parseCommand(TOP, argv); // --help, --version or a usage error
    const hint = /\.veldc?$/.test(command!) || existsSync(command!);
    usageError(
      "veldc",
      `unknown command '${command}'` + (hint ? `; to run the file: veldc run ${command}` : ""),
    );
  }
  switch (command as keyof typeof COMMANDS) {
    case "build": {
      const { values: v, positionals } = parseCommand(COMMANDS.build, rest);
      const file = positionals["FILE.veld"]!;
      if (v.O0 && v.O1) usageError("veldc build", "give -O0 or -O1, not both");
      const library = v.lib ? basename(file).replace(/\.veld$/, "") : undefined;
      if (library === "-") usageError("veldc build", "a library is built from a file, not stdin");
      // As veldas: stdin's bytecode goes to stdout, but never to a terminal.
      if (v.o === undefined && file === "-") refuseBinaryOnTerminal();
      const { bytes, module } = await compileFile(file, { ...v, library });
      if (v.stats) {
        const { moduleStats } = await import("./stats.js");
        writeStderr(moduleStats(module!, bytes!.length));
      }
      writeOutput(v.o ?? defaultOutput(file), bytes!, file);
      return EXIT_OK;
    }
    case "run": {
      const { values: v, positionals, rest: args } = parseCommand(COMMANDS.run, rest);
      const file = positionals.FILE!;
      const input = readInput(file);
      if (v.link?.length) {
        // Linked in memory with the libraries (semantics.md §9.4); the tree-walker runs source only.
        if (v.interp) usageError("veldc run", "--interp runs source; it cannot run with --link");
        const libraries = loadLibraries(v.link).map((l) => l.library);
        const bytes = isBytecode(input) ? input : (await compileFile(file, v, input)).bytes!;
        return execute(loadLinked(bytes, libraries), { ...v, args });
      }
      if (isBytecode(input)) return execute(loadBytecode(input), { ...v, args });
      if (v.interp) {
        const { shown, recorded } = sourceNames(file, v);
        const single = file === "-" || v["source-name"] !== undefined;
        const root = moduleRoot(file, recorded, v.I);
        const { runInterpreted } = await import("./interp-run.js");
        return runInterpreted(import.meta.url, {
          source: await decodeFile(input, shown),
          fileName: recorded,
          shownName: shown,
          args,
          maxDepth: v["max-depth"],
          ...(single ? {} : { searchPath: root.searchPath, baseDir: root.base }),
        });
      }
      const program = await compileForRun(file, { ...v, cache: !v["no-cache"] }, input);
      return execute(program, { ...v, args });
    }
    case "check": {
      const { values: v, positionals } = parseCommand(COMMANDS.check, rest);
      await compileFile(positionals["FILE.veld"]!, v);
      return EXIT_OK;
    }
    case "dis": {
      const { values: v, positionals } = parseCommand(COMMANDS.dis, rest);
      const file = positionals["FILE.veld"]!;
      const { bytes } = await compileFile(file, v);
      const { disassemble } = await import("../../assembler/index.js");
      writeOutput(v.o, disassemble(bytes!), file);
      return EXIT_OK;
    }
    case "repl": {
      const { values: v } = parseCommand(COMMANDS.repl, rest);
      const { runRepl } = await import("../repl/terminal.js");
      return runRepl(import.meta.url, { maxSteps: v["max-steps"], maxDepth: v["max-depth"] });
    }
  }
}

await runTool(async () => {
  if (isInterpreterThread()) return (await import("./interp-worker.js")).runInterpreterThread();
  if (!isMainThread) {
    // A REPL session thread (the REPL's module is loaded only by the REPL and its threads).
    const thread = await import("../repl/thread.js");
    if (thread.isReplThread()) return thread.runReplThread();
  }
  return main(process.argv.slice(2));
});
