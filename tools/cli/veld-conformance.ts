#!/usr/bin/env node
// `veld-conformance --runtime 'CMD {file}' [DIR]`: runs any Veld runtime on the conformance
// vectors (spec/conformance.md) and reports per-area results and `N passed, M failed`.
// Exit 0 when every selected vector passes, 1 on any failure, 2 on usage errors.

import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { formatCoverage, measureCoverage } from "../conformance/coverage.js";
import { loadSuite } from "../conformance/suite.js";
import { runSuite, type Runtime } from "../conformance/run.js";
import { failureList, finalLine, jsonReport, summaryTable, totals } from "../conformance/report.js";
import { parseCommand, type CommandSpec } from "./args.js";
import {
  CliExit,
  EXIT_OK,
  EXIT_RUNTIME_ERROR,
  EXIT_USAGE,
  runTool,
  writeOutput,
  writeStderr,
  writeStdout,
} from "./io.js";

/** `--coverage`: no runtime to judge; every vector runs in-process under the probe. */
function coverage(dir: string, argv: { filter?: unknown; runtime?: unknown }): number {
  if (argv.runtime !== undefined) {
    throw new CliExit(
      EXIT_USAGE,
      "error: --coverage measures the suite with this package's runtime; drop --runtime",
    );
  }
  let vectors;
  try {
    vectors = loadSuite(dir, (argv.filter as string[] | undefined) ?? []);
  } catch (e) {
    throw new CliExit(EXIT_USAGE, `error: cannot read the suite: ${(e as Error).message}`);
  }
  const report = measureCoverage(vectors);
  writeStdout(formatCoverage(report));
  return report.areas.some((a) => a.missing.length > 0) ? EXIT_RUNTIME_ERROR : EXIT_OK;
}
import { runDiffCli } from "../diff/cli.js";

/** tools/cli/ and dist/cli/ both sit two levels below the package root. */
const DEFAULT_SUITE = fileURLToPath(new URL("../../test-vectors", import.meta.url));

const CONFORMANCE = {
  name: "veld-conformance",
  synopsis: "--runtime 'CMD {file}' [options] [DIR]",
  about:
    "Run a Veld runtime on every conformance vector of DIR (default: the package's test-vectors/).\n" +
    "{file} is the .veldc path, {args} the program arguments (appended when absent), {options}\n" +
    "the runtime options some vectors need (--max-steps N, --max-depth N, --max-memory N),\n" +
    "{libs} the libraries a vector links (--lib FILE each; spec/semantics.md §9.4).\n\n" +
    "veld-conformance --coverage [DIR]: what the vectors exercise (opcodes, operand forms,\n" +
    "natives, methods, error kinds, load error codes, limits), measured with this package's\n" +
    "runtime; exit 1 when anything has no vector.",
  optional: ["DIR"],
  options: {
    runtime: { type: "string", value: "CMD", describe: "command template, e.g. 'my-vm {file}'" },
    "in-process": { type: "boolean", describe: "judge this package's runtime in-process" },
    filter: { type: "strings", value: "GLOB", describe: "only vectors matching a glob" },
    jobs: { type: "number", value: "N", describe: "vectors run in parallel" },
    timeout: {
      type: "number",
      value: "MS",
      describe:
        "per-vector time limit (ms, default 10000), multiplied by a heavy vector's cost hint",
    },
    json: { type: "string", value: "FILE", describe: "write a JSON report to this file" },
    "check-offsets": {
      type: "boolean",
      negatable: true,
      describe: "compare the byte offset of rejected files (--no-check-offsets: codes only)",
    },
    verbose: { type: "boolean", describe: "list skipped vectors too" },
    coverage: {
      type: "boolean",
      describe: "report what the suite exercises (our runtime as the probe); exit 1 on gaps",
    },
    diff: {
      type: "string",
      value: "CMD",
      describe: "differential testing: generated programs on ours and on 'CMD {file}'",
    },
    count: { type: "number", value: "N", describe: "--diff: programs to generate (default 100)" },
    seed: { type: "number", value: "S", describe: "--diff: seed of the first program (default 1)" },
  },
} as const satisfies CommandSpec;

await runTool(async () => {
  const { values, positionals } = parseCommand(CONFORMANCE, process.argv.slice(2));
  const argv = { ...values, timeout: values.timeout ?? 10_000, dir: positionals.DIR };
  if (argv.coverage) return coverage((argv.dir as string | undefined) ?? DEFAULT_SUITE, argv);
  if (argv.diff !== undefined) return runDiffCli(argv.diff, argv);
  const template = argv.runtime as string | undefined;
  if ((template === undefined) === (argv["in-process"] !== true)) {
    throw new CliExit(
      EXIT_USAGE,
      "error: give exactly one of --runtime 'CMD {file}' or --in-process",
    );
  }
  if (template !== undefined && !template.includes("{file}")) {
    throw new CliExit(EXIT_USAGE, "error: the --runtime template must contain {file}");
  }
  for (const opt of ["jobs", "timeout"] as const) {
    const v = argv[opt];
    if (v !== undefined && !(Number.isInteger(v) && v > 0)) {
      throw new CliExit(EXIT_USAGE, `error: --${opt} must be a positive integer`);
    }
  }
  const dir = (argv.dir as string | undefined) ?? DEFAULT_SUITE;
  let vectors;
  try {
    vectors = loadSuite(dir, (argv.filter as string[] | undefined) ?? []);
  } catch (e) {
    throw new CliExit(EXIT_USAGE, `error: cannot read the suite: ${(e as Error).message}`);
  }
  if (vectors.length === 0) throw new CliExit(EXIT_USAGE, "error: no vector matches the filter");
  const runtime: Runtime = template
    ? { kind: "command", template, timeoutMs: argv.timeout as number }
    : { kind: "in-process" };
  const tty = process.stderr.isTTY === true;
  let failed = 0;
  const results = await runSuite(vectors, {
    runtime,
    jobs: (argv.jobs as number | undefined) ?? availableParallelism(),
    checkOffsets: argv["check-offsets"] !== false,
    onResult: (r, done, total) => {
      if (r.status === "fail") failed++;
      if (tty) writeStderr(`\r[${done}/${total}] ${failed} failed `);
    },
  });
  if (tty) writeStderr("\r\x1b[K");
  writeStdout(failureList(results));
  if (argv.verbose) {
    for (const r of results.filter((x) => x.status === "skip")) {
      writeStdout(`SKIP ${r.name}: ${r.problems.join("; ")}\n`);
    }
  }
  writeStdout(summaryTable(results));
  const t = totals(results);
  if (t.skipped > 0) writeStdout(`${t.skipped} skipped\n`);
  if (t.timedOut > 0) {
    writeStdout(`${t.timedOut} timed out (limit --timeout ${argv.timeout} ms × cost)\n`);
  }
  writeStdout(`${finalLine(results)}\n`);
  if (argv.json) {
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as {
      format: string;
    };
    const report = jsonReport(results, {
      runtime: template ?? "in-process",
      suite: dir,
      format: manifest.format,
    });
    writeOutput(argv.json as string, JSON.stringify(report, null, 2) + "\n");
  }
  return t.failed > 0 ? EXIT_RUNTIME_ERROR : EXIT_OK;
});
