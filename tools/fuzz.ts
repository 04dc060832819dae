// `npm run fuzz -- <command>`: the fuzz harness (docs/fuzzing.md).
//
//   list                          the targets
//   run <target|all>…             fuzz targets: --runs N (per target), --seed S, --time S
//                                 (per target), --jobs J, --out DIR, --json FILE
//   campaign                      every target, --runs N each (default 20,000) and a
//                                 Markdown summary table (the one in docs/fuzzing.md)
//   run files --files DIR         every .veldc / .veld / .vasm under DIR once, isolated
//   repro <target> --index I      re-run one input (same --seed) in-process and print it
//   repro <file>                  run a reproducer (.veldc / .veld / .vasm)
//   differential                  the VM against the tree-walking interpreter
//
// Oracle options: --max-steps (per input, default 100,000), --slow-ms (default 5,000),
// --hang-ms (default 20,000), --heap-mb (of each shard process, default 1024). Exit 0 when nothing was found, 1 otherwise, 2 on usage errors.

import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { parseArgs } from "node:util";
import { differential } from "./fuzz/differential.js";
import { FUZZ_DEFAULTS } from "./fuzz/defaults.js";
import { runCampaign, type TargetReport } from "./fuzz/driver.js";
import {
  BAD_CLASSES,
  GOOD_CLASSES,
  runInput,
  type Input,
  type OracleOptions,
} from "./fuzz/oracle.js";
import { CAMPAIGN_TARGETS, FILES_ENV, TARGETS, makeInput, targetNamed } from "./fuzz/targets.js";

const HELP = `usage: npm run fuzz -- <command> [options]
  list                          the targets
  run <target|all>…             fuzz targets: --runs N (per target), --seed S, --time S
                                (per target), --jobs J, --out DIR, --json FILE
  campaign                      every target, --runs N each and a Markdown summary table
  run files --files DIR         every .veldc / .veld / .vasm under DIR once, isolated
  repro <target> --index I      re-run one input (same --seed) in-process and print it
  repro <file>                  run a reproducer (.veldc / .veld / .vasm)
  differential                  the VM against the tree-walking interpreter
oracle options: --max-steps N, --slow-ms N, --hang-ms N, --heap-mb N (docs/fuzzing.md)
exit 0 when nothing was found, 1 otherwise, 2 on usage errors`;

const { values, positionals } = parseCommandLine();

function parseCommandLine() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        help: { type: "boolean", short: "h" },
        runs: { type: "string" },
        seed: { type: "string", default: String(FUZZ_DEFAULTS.seed) },
        time: { type: "string" },
        jobs: { type: "string", default: String(FUZZ_DEFAULTS.jobs) },
        index: { type: "string" },
        out: { type: "string", default: join(tmpdir(), "veld-fuzz-findings") },
        json: { type: "string" },
        files: { type: "string" },
        write: { type: "string" },
        "max-steps": { type: "string", default: String(FUZZ_DEFAULTS.maxSteps) },
        "slow-ms": { type: "string", default: String(FUZZ_DEFAULTS.slowMs) },
        "hang-ms": { type: "string", default: String(FUZZ_DEFAULTS.hangMs) },
        "heap-mb": { type: "string", default: String(FUZZ_DEFAULTS.heapMb) },
      },
    });
  } catch (e) {
    usage((e as Error).message);
  }
}

if (values.help) {
  console.log(HELP);
  process.exit(0);
}

function num(name: keyof typeof values, fallback?: number): number {
  const raw = values[name];
  if (raw === undefined) {
    if (fallback === undefined) usage(`--${name} is required`);
    return fallback;
  }
  const v = Number(raw);
  if (!Number.isFinite(v) || v < 0) usage(`--${name} must be a non-negative number`);
  return v;
}

function usage(message: string): never {
  console.error(
    `error: ${message}\nusage: npm run fuzz -- list | run <target|all>… | campaign | repro … | differential`,
  );
  process.exit(2);
}

if (values.files) process.env[FILES_ENV] = values.files;
const oracle: OracleOptions = { maxSteps: num("max-steps"), slowMs: num("slow-ms") };
const seed = num("seed");
const [command, ...rest] = positionals;

function describeOutcome(input: Input): number {
  const o = runInput(input, oracle);
  console.log(
    `input: ${input.kind}${input.optimize !== undefined ? ` -O${input.optimize}` : ""}: ${input.note}`,
  );
  console.log(`outcome: ${o.cls}${o.detail ? ` (${o.detail})` : ""} in ${o.ms.toFixed(1)} ms`);
  if (o.stack) console.log(o.stack);
  return BAD_CLASSES.includes(o.cls as never) ? 1 : 0;
}

async function fuzzTargets(names: string[], runsDefault: number): Promise<TargetReport[]> {
  const time = values.time !== undefined ? num("time") : undefined;
  const runs = num("runs", time !== undefined ? Infinity : runsDefault);
  const reports: TargetReport[] = [];
  for (const target of names) {
    let last = 0;
    const report = await runCampaign({
      target,
      seed,
      runs,
      timeSeconds: time,
      jobs: Math.max(1, num("jobs")),
      oracle,
      hangMs: num("hang-ms"),
      out: values.out,
      files: values.files,
      heapMb: num("heap-mb"),
      onProgress: (r) => {
        const now = performance.now();
        if (now - last < 5000) return;
        last = now;
        const bad = BAD_CLASSES.reduce((a, c) => a + r.counts[c], 0);
        console.error(`  ${target}: ${r.inputs} inputs, ${bad} bad, ${r.findings.size} signatures`);
      },
    });
    reports.push(report);
    printReport(report);
  }
  return reports;
}

function printReport(r: TargetReport): void {
  const rate = r.inputs / Math.max(r.seconds, 1e-9);
  const counts = [...GOOD_CLASSES, ...BAD_CLASSES]
    .filter((c) => r.counts[c] > 0)
    .map((c) => `${c} ${r.counts[c]}`)
    .join(", ");
  console.log(
    `${r.target} (seed ${r.seed}): ${r.inputs} inputs in ${r.seconds.toFixed(1)} s (${rate.toFixed(0)}/s): ${counts}`,
  );
  for (const f of r.findings.values()) {
    console.log(`  ${f.indexes.length} × ${f.signature}`);
    console.log(`      e.g. index ${f.indexes[0]}: ${f.input.note.slice(0, 160)}`);
  }
}

function summaryTable(reports: TargetReport[]): string {
  const cols = [...GOOD_CLASSES, ...BAD_CLASSES];
  const head = `| target | inputs | inputs/s | ${cols.join(" | ")} | signatures |`;
  const sep = `|${" --- |".repeat(cols.length + 4)}`;
  const row = (
    name: string,
    inputs: number,
    rate: string,
    counts: (c: string) => number,
    sigs: number,
  ) => `| ${name} | ${inputs} | ${rate} | ${cols.map(counts).join(" | ")} | ${sigs} |`;
  const lines = reports.map((r) =>
    row(
      r.target,
      r.inputs,
      (r.inputs / r.seconds).toFixed(0),
      (c) => r.counts[c as never],
      r.findings.size,
    ),
  );
  const total = reports.reduce((a, r) => a + r.inputs, 0);
  lines.push(
    row(
      "**total**",
      total,
      "",
      (c) => reports.reduce((a, r) => a + r.counts[c as never], 0),
      reports.reduce((a, r) => a + r.findings.size, 0),
    ),
  );
  return [head, sep, ...lines].join("\n");
}

function writeJson(reports: TargetReport[]): void {
  if (!values.json) return;
  const data = reports.map((r) => ({
    target: r.target,
    seed: r.seed,
    inputs: r.inputs,
    seconds: r.seconds,
    counts: r.counts,
    findings: [...r.findings.values()].map((f) => ({
      signature: f.signature,
      count: f.indexes.length,
      firstIndex: f.indexes[0],
      note: f.input.note,
      stack: f.stack,
    })),
  }));
  writeFileSync(values.json, JSON.stringify(data, null, 2) + "\n");
}

const found = (reports: TargetReport[]): number =>
  reports.reduce((a, r) => a + r.findings.size, 0) > 0 ? 1 : 0;

switch (command) {
  case "list":
    for (const t of TARGETS) console.log(`${t.name.padEnd(8)} ${t.description}`);
    break;
  case "run": {
    if (rest.length === 0) usage("name a target or `all`");
    const names = rest.includes("all") ? CAMPAIGN_TARGETS.map((t) => t.name) : rest;
    names.forEach((n) => targetNamed(n));
    const reports = await fuzzTargets(names, FUZZ_DEFAULTS.runs);
    writeJson(reports);
    if (reports.some((r) => r.findings.size > 0)) console.log(`findings written to ${values.out}`);
    process.exitCode = found(reports);
    break;
  }
  case "campaign": {
    const reports = await fuzzTargets(
      CAMPAIGN_TARGETS.map((t) => t.name),
      FUZZ_DEFAULTS.campaignRuns,
    );
    console.log(`\n${summaryTable(reports)}`);
    writeJson(reports);
    if (reports.some((r) => r.findings.size > 0)) console.log(`findings written to ${values.out}`);
    process.exitCode = found(reports);
    break;
  }
  case "repro": {
    const [what] = rest;
    if (!what) usage("repro needs a target and --index, or a file");
    let input: Input;
    if (values.index !== undefined) {
      input = makeInput(targetNamed(what), seed, num("index"));
    } else {
      const kind = extname(what).slice(1);
      if (kind !== "veldc" && kind !== "veld" && kind !== "vasm")
        usage(`unknown file kind ${what}`);
      const data =
        kind === "veldc" ? new Uint8Array(readFileSync(what)) : readFileSync(what, "utf8");
      input = { kind, data, note: what };
    }
    if (values.write) writeFileSync(values.write, input.data);
    process.exitCode = describeOutcome(input);
    break;
  }
  case "differential": {
    const out = join(tmpdir(), "veld-fuzz-failures");
    process.exitCode =
      differential(num("runs", FUZZ_DEFAULTS.differentialRuns), seed, out) > 0 ? 1 : 0;
    break;
  }
  default:
    usage(command ? `unknown command ${command}` : "missing command");
}
