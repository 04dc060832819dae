#!/usr/bin/env node
// velddis: disassemble a `.veldc` file into canonical `.vasm` text, an annotated listing, an
// annotated hex dump or JSON (spec/assembly.md §9, spec/cli.md §2).

import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { hexDumpAnyway, moduleToJson, moduleToText } from "../../assembler/index.js";
import { FormatError } from "../../format/errors.js";
import type { Module } from "../../format/module.js";
import { readModule } from "../../format/reader.js";
import { verifyModule } from "../../format/verifier.js";
import { parseCommand, usageError, type CommandSpec } from "./args.js";
import {
  CliExit,
  EXIT_INVALID_INPUT,
  EXIT_OK,
  readInput,
  rejectedLine,
  runTool,
  writeOutput,
} from "./io.js";

const VELDDIS = {
  name: "velddis",
  synopsis: "[options] FILE.veldc",
  about:
    "Disassemble a .veldc module. FILE may be '-' for stdin. The default output is\n" +
    "canonical .vasm on stdout, which veldas turns back into the identical bytes.",
  positionals: ["FILE.veldc"],
  options: {
    o: {
      type: "string",
      flags: ["-o", "--output"],
      value: "FILE",
      describe: "output file ('-' = stdout)",
    },
    annotate: {
      type: "boolean",
      describe: "comment pcs, constants, jump targets, names and source lines",
    },
    hex: {
      type: "boolean",
      describe: "annotated hex dump of the file (of a damaged file: as far as it decodes)",
    },
    json: { type: "boolean", describe: "module structure as JSON" },
    debug: {
      type: "boolean",
      negatable: true,
      describe: "include debug info (--no-debug omits it)",
    },
    verify: {
      type: "boolean",
      negatable: true,
      describe: "reject modules that fail verification (--no-verify shows them anyway)",
    },
  },
} as const satisfies CommandSpec;

await runTool(async () => {
  const { values: argv, positionals } = parseCommand(VELDDIS, process.argv.slice(2));
  if ([argv.hex, argv.json, argv.annotate].filter(Boolean).length > 1) {
    usageError("velddis", "give at most one of --annotate, --hex and --json");
  }
  const file = positionals["FILE.veldc"]!;
  const bytes = readInput(file);
  const rejected = (err: FormatError) => {
    // The same line as veld's for the same file (spec/cli.md §3: lower-case hex, no padding).
    return new CliExit(EXIT_INVALID_INPUT, rejectedLine(err));
  };
  if (argv.hex) {
    // A hex dump is how one looks at a damaged file: show what can be shown, then fail.
    const { dump, problem } = hexDumpAnyway(bytes, argv.verify);
    writeOutput(argv.o, dump, file);
    if (problem !== undefined) throw rejected(problem);
    return EXIT_OK;
  }
  let module: Module;
  try {
    const read = readModule(bytes);
    module = read.module;
    if (argv.verify) verifyModule(module, read.layout);
  } catch (err) {
    if (!(err instanceof FormatError)) throw err;
    throw rejected(err);
  }

  let text: string;
  if (argv.json) text = JSON.stringify(moduleToJson(module), null, 2) + "\n";
  else {
    const sourceText = argv.annotate ? readSource(file, module) : undefined;
    text = moduleToText(module, {
      annotate: argv.annotate === true,
      debug: argv.debug,
      sourceText,
    });
  }
  writeOutput(argv.o, text, file);
  return EXIT_OK;
});

/** The module's source file, looked up next to the input, for annotated listings. */
function readSource(file: string, module: Module): string | undefined {
  const name = module.debug?.sourceFile;
  if (!name || file === "-") return undefined;
  const path = resolve(dirname(file), name);
  if (!existsSync(path)) return undefined;
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}
