#!/usr/bin/env node
// veldas: assemble `.vasm` text into a `.veldc` file (spec/assembly.md §9, spec/cli.md §2).

import { assemble, renderDiagnostics } from "../../assembler/index.js";
import { decodeUtf8 } from "../../language/source.js";
import { parseCommand, type CommandSpec } from "./args.js";
import { paint } from "./colour.js";
import {
  CliExit,
  EXIT_INVALID_INPUT,
  EXIT_OK,
  readInput,
  refuseBinaryOnTerminal,
  runTool,
  writeOutput,
  writeStderr,
} from "./io.js";

const VELDAS = {
  name: "veldas",
  synopsis: "[options] FILE.vasm",
  about:
    "Assemble Veld assembly into a .veldc module. FILE may be '-' for stdin.\n" +
    "Output: -o FILE, or '-o -' for stdout. Without -o, FILE.vasm is written to\n" +
    "FILE.veldc next to it, and stdin input goes to stdout (never to a terminal).",
  positionals: ["FILE.vasm"],
  options: {
    o: {
      type: "string",
      flags: ["-o", "--output"],
      value: "FILE",
      describe: "output file ('-' = stdout)",
    },
    strip: { type: "boolean", describe: "omit debug info" },
    verify: {
      type: "boolean",
      negatable: true,
      describe: "verify the module before writing it (--no-verify skips this)",
    },
  },
} as const satisfies CommandSpec;

await runTool(async () => {
  const { values: argv, positionals } = parseCommand(VELDAS, process.argv.slice(2));
  const file = positionals["FILE.vasm"]!;
  const explicit = argv.o;
  const output = explicit ?? (file === "-" ? "-" : file.replace(/\.vasm$/, "") + ".veldc");
  if (output === "-" && explicit === undefined) refuseBinaryOnTerminal();
  if (!argv.verify) {
    writeStderr(
      paint("warning: --no-verify: the module is NOT verified; runtimes may reject it\n"),
    );
  }
  const name = file === "-" ? "<stdin>" : file;
  // The file is UTF-8 (spec/assembly.md §6): a bad byte is an error at its line and column,
  // never a U+FFFD silently put in a string.
  const { text, bad } = decodeUtf8(readInput(file));
  if (bad) {
    const { line, col } = bad.pos;
    const report = renderDiagnostics(
      [{ code: "A0101", message: bad.message, line, col }],
      name,
      text,
    );
    throw new CliExit(EXIT_INVALID_INPUT, report);
  }
  const result = assemble(text, name, { strip: argv.strip, noVerify: !argv.verify });
  if (!result.bytes) throw new CliExit(EXIT_INVALID_INPUT, result.report);
  writeOutput(output, result.bytes, file);
  return EXIT_OK;
});
