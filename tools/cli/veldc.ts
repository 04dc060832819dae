#!/usr/bin/env node
// veldc: the Veld compiler. `build` writes a .veldc, `run` compiles in memory and runs it on
// the runtime, `check` only reports diagnostics, `dis` prints the compiled disassembly,
// `repl` is the interactive session (tools/repl/).
// Exit codes per spec/cli.md §2.

import { existsSync } from "node:fs";
import { basename, isAbsolute, relative, resolve, sep } from "node:path";
import { compileSource, type CompileResult } from "../../compiler/index.js";
import { decodeSource, renderDiagnostics } from "../../language/index.js";
import { disassemble } from "../../assembler/index.js";
import { MAGIC } from "../../format/container.js";
import { loadModule } from "../../runtime/index.js";
import { parseCommand, usageError, type CommandSpec, type OptionSpec } from "./args.js";
import {
  CliExit,
  EXIT_INVALID_INPUT,
  EXIT_OK,
  readInput,
  runTool,
  writeOutput,
  writeStderr,
} from "./io.js";
import { execute, loadBytecode, RUN_OPTIONS } from "./execute.js";
import { runInterpreted } from "./interp-run.js";
import { isInterpreterThread, runInterpreterThread } from "./interp-worker.js";
import { moduleStats } from "./stats.js";
import { runRepl } from "../repl/terminal.js";

/** Options of every command that compiles. */
const COMPILE = {
  "source-name": {
    type: "string",
    value: "NAME",
    describe:
      "file name recorded in the debug section and diagnostics (default: FILE relative to the current directory)",
  },
} as const satisfies Record<string, OptionSpec>;
const O0 = { type: "boolean", flags: ["-O0"], describe: "no optimisation" } as const;

const COMMANDS = {
  build: {
    name: "veldc build",
    synopsis: "[options] FILE.veld",
    about: "Compile FILE (or - for stdin) to .veldc.",
    positionals: ["FILE.veld"],
    options: {
      ...COMPILE,
      o: {
        type: "string",
        flags: ["-o", "--output"],
        value: "FILE",
        describe: "output file (- for stdout); default FILE.veldc in the current directory",
      },
      strip: { type: "boolean", describe: "omit debug info (line tables, local names)" },
      O0,
      O1: { type: "boolean", flags: ["-O1"], describe: "optimise (default)" },
      stats: {
        type: "boolean",
        describe: "print instructions, registers and constants per function to stderr",
      },
    },
  },
  run: {
    name: "veldc run",
    synopsis: "[options] FILE [args…]",
    about:
      "Compile FILE in memory and run it; a .veldc file (recognised by its magic) runs as it is.\n" +
      "Every word after the file is an argument for the program, options included.",
    positionals: ["FILE"],
    rest: true,
    options: {
      ...RUN_OPTIONS,
      ...COMPILE,
      O0,
      interp: {
        type: "boolean",
        describe: "run on the tree-walking reference interpreter instead of the VM",
      },
    },
  },
  check: {
    name: "veldc check",
    synopsis: "[options] FILE.veld",
    about: "Parse and compile FILE, report diagnostics only.",
    positionals: ["FILE.veld"],
    options: { ...COMPILE },
  },
  dis: {
    name: "veldc dis",
    synopsis: "[options] FILE.veld",
    about: "Compile FILE and print its disassembly.",
    positionals: ["FILE.veld"],
    options: {
      ...COMPILE,
      o: {
        type: "string",
        flags: ["-o", "--output"],
        value: "FILE",
        describe: "output file (default stdout)",
      },
      O0,
    },
  },
  repl: {
    name: "veldc repl",
    synopsis: "[options]",
    about: "Interactive session on the bytecode runtime (:help inside for commands).",
    options: {
      "max-steps": {
        type: "number",
        value: "N",
        describe: "instruction budget per input (LimitExceeded beyond)",
      },
      "max-depth": {
        type: "number",
        value: "N",
        describe: "call depth limit (StackOverflow beyond)",
      },
    },
  },
} as const satisfies Record<string, CommandSpec>;

const TOP = {
  name: "veldc",
  synopsis: "<command> [options] …",
  about:
    "The Veld compiler: Veld source (.veld) → bytecode (.veldc).\n\nCommands:\n" +
    Object.entries(COMMANDS)
      .map(([name, c]) => `  ${name.padEnd(7)}${c.about.split("\n")[0]}`)
      .join("\n") +
    "\n\n'veldc <command> --help' describes a command.",
  options: {},
} satisfies CommandSpec;

interface CompileFlags {
  strip?: boolean;
  O0?: boolean;
  "source-name"?: string;
}

/**
 * How `file` is named. Diagnostics show the path as given (or `--source-name`); the debug
 * section records `--source-name`, else the path relative to the working directory, or the
 * bare file name for a file outside it, so a build never ships the build machine's
 * directories (reproducible builds: the same tree gives the same bytes wherever it lives).
 */
function sourceNames(file: string, flags: CompileFlags): { shown: string; recorded: string } {
  const given = flags["source-name"];
  if (given !== undefined) return { shown: given, recorded: given };
  if (file === "-") return { shown: "<stdin>", recorded: "<stdin>" };
  const rel = relative(process.cwd(), resolve(file));
  const inside = rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
  return { shown: file, recorded: (inside ? rel : basename(file)).split(sep).join("/") };
}

/** A source file's text; a file too large or not UTF-8 is a diagnostic (exit 65). */
function decodeFile(bytes: Uint8Array, shown: string): string {
  const { source, diagnostics } = decodeSource(bytes);
  if (diagnostics.length > 0) {
    throw new CliExit(EXIT_INVALID_INPUT, renderDiagnostics(diagnostics, source, shown));
  }
  return source;
}

function compileFile(
  file: string,
  flags: CompileFlags = {},
  bytes = readInput(file),
): CompileResult & { source: string } {
  const { shown, recorded } = sourceNames(file, flags);
  const source = decodeFile(bytes, shown);
  const result = compileSource(source, {
    fileName: recorded,
    strip: flags.strip,
    optimize: flags.O0 ? 0 : 1,
  });
  if (result.diagnostics.length > 0) {
    throw new CliExit(EXIT_INVALID_INPUT, renderDiagnostics(result.diagnostics, source, shown));
  }
  return { ...result, source };
}

function defaultOutput(file: string): string {
  if (file === "-") return "-";
  return `${basename(file).replace(/\.veld$/, "")}.veldc`;
}

/** True when `bytes` start with the `.veldc` magic: `veldc run` then runs them as `veld` would. */
function isBytecode(bytes: Uint8Array): boolean {
  return MAGIC.every((b, i) => bytes[i] === b);
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) usageError("veldc", "give a command: build, run, check, dis or repl");
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
      const { bytes, module } = compileFile(file, v);
      if (v.stats) writeStderr(moduleStats(module!, bytes!.length));
      writeOutput(v.o ?? defaultOutput(file), bytes!);
      return EXIT_OK;
    }
    case "run": {
      const { values: v, positionals, rest: args } = parseCommand(COMMANDS.run, rest);
      const file = positionals.FILE!;
      const input = readInput(file);
      if (isBytecode(input)) return execute(loadBytecode(input), { ...v, args });
      if (v.interp) {
        const { shown, recorded } = sourceNames(file, v);
        return runInterpreted(import.meta.url, {
          source: decodeFile(input, shown),
          fileName: recorded,
          shownName: shown,
          args,
          maxDepth: v["max-depth"],
        });
      }
      const { module } = compileFile(file, v, input);
      return execute(loadModule(module!, { trusted: true }), { ...v, args });
    }
    case "check": {
      const { values: v, positionals } = parseCommand(COMMANDS.check, rest);
      compileFile(positionals["FILE.veld"]!, v);
      return EXIT_OK;
    }
    case "dis": {
      const { values: v, positionals } = parseCommand(COMMANDS.dis, rest);
      const { bytes } = compileFile(positionals["FILE.veld"]!, v);
      writeOutput(v.o, disassemble(bytes!));
      return EXIT_OK;
    }
    case "repl": {
      const { values: v } = parseCommand(COMMANDS.repl, rest);
      return runRepl({ maxSteps: v["max-steps"], maxDepth: v["max-depth"] });
    }
  }
}

await runTool(async () => {
  if (isInterpreterThread()) return runInterpreterThread();
  return main(process.argv.slice(2));
});
