// Argument parsing for the tools built on yargs: strict, `-` kept as a positional, usage
// errors exit 2. Re-exports the process plumbing of io.ts so a tool needs one import.

import yargs, { type Argv } from "yargs";
import { hideBin } from "yargs/helpers";
import { EXIT_USAGE, writeStderr } from "./io.js";

export * from "./io.js";

/**
 * yargs-parser turns a lone `-` positional into "" (and rejects it under strict mode), so `-`
 * is swapped for a placeholder before parsing and swapped back by a middleware.
 */
const STDIO_PLACEHOLDER = "\u0000-";

/** A yargs parser with the project's conventions: strict, exit 2 on usage errors. */
export function cli(name: string, argv = hideBin(process.argv)): Argv {
  return yargs(argv.map((arg) => (arg === "-" ? STDIO_PLACEHOLDER : arg)))
    .middleware((parsed) => {
      for (const key of Object.keys(parsed)) {
        if (parsed[key] === STDIO_PLACEHOLDER) parsed[key] = "-";
      }
    }, true)
    .scriptName(name)
    .strict()
    .help()
    .alias("h", "help")
    .version(false)
    .option("debug-internal", {
      type: "boolean",
      describe: "show JS stack traces of internal errors",
      hidden: true,
    })
    .parserConfiguration({ "halt-at-non-option": false, "short-option-groups": false })
    .fail((msg, err) => {
      if (err) throw err;
      writeStderr(`error: ${msg}\nTry '${name} --help'.\n`);
      process.exit(EXIT_USAGE);
    });
}
