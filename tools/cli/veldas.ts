#!/usr/bin/env node
// veldas: assemble `.vasm` text into a `.veldc` file (spec/assembly.md §9, spec/cli.md §2).

import { assemble } from "../../assembler/index.js";
import {
  CliExit,
  EXIT_INVALID_INPUT,
  EXIT_OK,
  EXIT_USAGE,
  cli,
  readText,
  runTool,
  writeOutput,
  writeStderr,
} from "./common.js";

await runTool(async () => {
  const argv = await cli("veldas")
    .usage(
      "$0 FILE.vasm [-o FILE.veldc] [--strip] [--no-verify]\n\n" +
        "Assemble Veld assembly into a .veldc module. FILE may be '-' for stdin.\n" +
        "Output: -o FILE, or '-o -' for stdout. Without -o, FILE.vasm is written to\n" +
        "FILE.veldc next to it, and stdin input goes to stdout (never to a terminal).",
    )
    .command("$0 <file>", false)
    .positional("file", { type: "string", demandOption: true, describe: "input .vasm, or -" })
    .option("o", { alias: "output", type: "string", describe: "output file ('-' = stdout)" })
    .option("strip", { type: "boolean", default: false, describe: "omit debug info" })
    .option("verify", {
      type: "boolean",
      default: true,
      describe: "verify the module before writing it (--no-verify skips this)",
    })
    .parse();

  const file = argv.file as string;
  const explicit = argv.o;
  const output = explicit ?? (file === "-" ? "-" : file.replace(/\.vasm$/, "") + ".veldc");
  if (output === "-" && explicit === undefined && process.stdout.isTTY) {
    throw new CliExit(
      EXIT_USAGE,
      "error: refusing to write a binary module to a terminal; use -o FILE (or -o - to force)",
    );
  }
  if (!argv.verify) {
    writeStderr("warning: --no-verify: the module is NOT verified; runtimes may reject it\n");
  }
  const name = file === "-" ? "<stdin>" : file;
  const result = assemble(readText(file), name, { strip: argv.strip, noVerify: !argv.verify });
  if (!result.bytes) throw new CliExit(EXIT_INVALID_INPUT, result.report);
  writeOutput(output, result.bytes);
  return EXIT_OK;
});
