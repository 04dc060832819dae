// The command-line grammar of `veldc` (spec/cli.md): one table for the full CLI (veldc.ts) and
// the bin's fast `veldc run` path (veldc-run.ts), so both accept exactly the same arguments.

import type { CommandSpec, OptionSpec } from "./args.js";
import { RUN_OPTIONS } from "./execute.js";

/** Options of every command that compiles. */
const COMPILE = {
  I: {
    type: "strings",
    flags: ["-I"],
    value: "DIR",
    describe: "search DIR for imported modules, after the importing file's own (repeatable)",
  },
  link: {
    type: "strings",
    value: "LIB.veldc",
    describe:
      "a precompiled library the program imports by its module name (repeatable; spec/language.md §11.6)",
  },
  "source-name": {
    type: "string",
    value: "NAME",
    describe:
      "file name recorded in the debug section and diagnostics (default: FILE relative to the current directory)",
  },
} as const satisfies Record<string, OptionSpec>;
const O0 = { type: "boolean", flags: ["-O0"], describe: "no optimisation" } as const;

export const COMMANDS = {
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
      lib: {
        type: "boolean",
        describe:
          "build a library: FILE's pub items become its exports, its module name is FILE's base name",
      },
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
      "no-cache": {
        type: "boolean",
        describe: "compile even when the compile cache has this source (spec/cli.md)",
      },
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

export const TOP = {
  name: "veldc",
  synopsis: "<command> [options] …",
  about:
    "The Veld compiler: Veld source (.veld) → bytecode (.veldc).\n\nCommands:\n" +
    Object.entries(COMMANDS)
      .map(([name, c]) => `  ${name.padEnd(7)}${c.about.split("\n")[0]}`)
      .join("\n") +
    "\n\n'veldc <command> --help' (or 'veldc help <command>') describes a command.",
  options: {},
} satisfies CommandSpec;
