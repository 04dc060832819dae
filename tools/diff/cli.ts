// `veld-conformance --diff 'CMD {file}' [--count N] [--seed S] [--timeout MS]`: the CLI side
// of diff.ts. Exit 0 when no program diverged, 1 when any did, 2 on usage errors.

import { CliExit, EXIT_OK, EXIT_RUNTIME_ERROR, EXIT_USAGE } from "../cli/io.js";
import { commandRunner, diffRuntimes, formatDiffReport } from "./diff.js";

export async function runDiffCli(
  template: string,
  flags: { count?: number; seed?: number; timeout?: number },
): Promise<number> {
  if (!template.includes("{file}")) {
    throw new CliExit(EXIT_USAGE, "error: the --diff template must contain {file}");
  }
  const count = flags.count ?? 100;
  const seed = flags.seed ?? 1;
  if (!(Number.isInteger(count) && count > 0)) {
    throw new CliExit(EXIT_USAGE, "error: --count must be a positive integer");
  }
  if (!(Number.isInteger(seed) && seed >= 0)) {
    throw new CliExit(EXIT_USAGE, "error: --seed must be a non-negative integer");
  }
  const timeout = flags.timeout ?? 10_000;
  if (!(Number.isInteger(timeout) && timeout > 0)) {
    throw new CliExit(EXIT_USAGE, "error: --timeout must be a positive integer");
  }
  const run = commandRunner(template, timeout);
  const tty = process.stderr.isTTY === true;
  const report = await diffRuntimes({
    // A command the shell cannot find or execute (126, 127) is a mistake in the template,
    // not a divergence of every program.
    theirs: async (file) => {
      const o = await run(file);
      if (o.exit === 126 || o.exit === 127) {
        if (tty) process.stderr.write("\r\x1b[K");
        throw new CliExit(
          EXIT_USAGE,
          `error: the runtime command could not be run (exit ${o.exit} from sh)` +
            (o.stderr ? `:\n${o.stderr}` : ""),
        );
      }
      return o;
    },
    count,
    seed,
    onProgram: (s, done, total) => {
      if (tty) process.stderr.write(`\r[${done}/${total}] seed ${s} `);
    },
  });
  if (tty) process.stderr.write("\r\x1b[K");
  process.stdout.write(formatDiffReport(report));
  return report.divergences.length > 0 ? EXIT_RUNTIME_ERROR : EXIT_OK;
}
