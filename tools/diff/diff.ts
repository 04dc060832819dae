// Differential testing of another runtime (`veld-conformance --diff 'CMD {file}'`,
// spec/conformance.md §7): a seeded corpus of generated programs (generator.ts) is compiled
// by our compiler and run on our runtime (in-process) and on the other one; the first
// difference of each program in exit status, stdout or error kind is reported, with the
// program minimized by dropping chunks, then lines, while the same kind of difference stays.
// Such a difference is a behaviour the vectors do not pin yet.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileSource } from "../../compiler/index.js";
import type { Expectation, Observed } from "../conformance/expectation.js";
import { runInProcess } from "../conformance/in-process.js";
import { commandFor, runCommand } from "../conformance/process.js";
import { generateProgram } from "./generator.js";

/** Runs a `.veldc` file on the other runtime. */
export type Runner = (file: string) => Promise<Observed>;

/** The generated programs take no arguments and need no runtime options. */
const PLAIN_RUN: Expectation = { outcome: "ok", exit: 0, stdout: "" };

export function commandRunner(template: string, timeoutMs: number): Runner {
  return (file) => runCommand(commandFor(template, file, PLAIN_RUN), timeoutMs);
}

export interface DiffOptions {
  readonly theirs: Runner;
  readonly count: number;
  readonly seed: number;
  /** Other-runtime runs one program's minimization may spend (each is a process). */
  readonly minimizeRuns?: number;
  readonly onProgram?: (seed: number, done: number, total: number) => void;
}

/** Which field differs first: exit status, stdout, or the error kind. */
export type DifferenceKind = "exit" | "stdout" | "error" | "timeout";

export interface Divergence {
  readonly seed: number;
  readonly kind: DifferenceKind;
  /** The first difference, in words (`stdout line 2: ours "1", theirs "-1"`). */
  readonly first: string;
  /** The minimized program and its line count before minimization. */
  readonly source: string;
  readonly originalLines: number;
  readonly ours: Observed;
  readonly theirs: Observed;
}

export interface DiffReport {
  readonly programs: number;
  /** Programs not compared: ours ran out of its step budget (the generator failed to bound it). */
  readonly skipped: number;
  readonly divergences: readonly Divergence[];
}

/** Our step budget per program; beyond it the program is not compared. */
const STEPS = 5_000_000;
const DEFAULT_MINIMIZE_RUNS = 200;

export async function diffRuntimes(options: DiffOptions): Promise<DiffReport> {
  const dir = mkdtempSync(join(tmpdir(), "veld-diff-"));
  let skipped = 0;
  const divergences: Divergence[] = [];
  try {
    let file = 0;
    /** Compiles and runs `source` on both sides; undefined when it is not comparable. */
    const compare = async (source: string) => {
      const bytes = compileSource(source, { fileName: "program.veld" }).bytes;
      if (!bytes) return undefined;
      const ours = runInProcess(bytes, { options: { "max-steps": String(STEPS) } });
      if (ours.error === "LimitExceeded") return undefined;
      const path = join(dir, `p${file++}.veldc`);
      writeFileSync(path, bytes);
      const theirs = await options.theirs(path);
      rmSync(path, { force: true });
      const d = firstDifference(ours, theirs);
      return { ours, theirs, ...d };
    };
    for (let i = 0; i < options.count; i++) {
      const seed = options.seed + i;
      options.onProgram?.(seed, i, options.count);
      const chunks = generateProgram(seed);
      const seen = await compare(chunks.join("\n"));
      if (seen === undefined) {
        skipped++;
        continue;
      }
      if (seen.kind === undefined) continue;
      const kind = seen.kind;
      let budget = options.minimizeRuns ?? DEFAULT_MINIMIZE_RUNS;
      const stillDiverges = async (source: string) => {
        if (budget <= 0) return false;
        budget--;
        return (await compare(source))?.kind === kind;
      };
      const source = await minimize(chunks, stillDiverges);
      const final = (await compare(source)) ?? seen;
      divergences.push({
        seed,
        kind,
        first: final.first ?? seen.first!,
        source,
        originalLines: chunks.join("\n").split("\n").length,
        ours: final.ours,
        theirs: final.theirs,
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { programs: options.count, skipped, divergences };
}

/** The first field in which two runs differ, described; `kind` undefined when they agree. */
export function firstDifference(
  ours: Observed,
  theirs: Observed,
): { kind?: DifferenceKind; first?: string } {
  if (theirs.timedOut) return { kind: "timeout", first: "theirs timed out" };
  const lines = (s: string) => s.split(/(?<=\n)/);
  const a = lines(ours.stdout);
  const b = lines(theirs.stdout);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      const show = (l: string | undefined) => (l === undefined ? "(end)" : JSON.stringify(l));
      return {
        kind: "stdout",
        first: `stdout line ${i + 1}: ours ${show(a[i])}, theirs ${show(b[i])}`,
      };
    }
  }
  if (ours.exit !== theirs.exit) {
    return { kind: "exit", first: `exit status: ours ${ours.exit}, theirs ${theirs.exit}` };
  }
  if (ours.error !== theirs.error) {
    const show = (e: string | undefined) => e ?? "none";
    return {
      kind: "error",
      first: `error kind: ours ${show(ours.error)}, theirs ${show(theirs.error)}`,
    };
  }
  return {};
}

/**
 * Greedy delta debugging while `keeps` holds: drops chunks; then, to a fixpoint, runs of
 * lines (halving the run length down to one) and block frames — a line that opens a
 * deeper-indented block, with the lines at its own indentation that continue and close it
 * (`catch e`, `else`, `end`), keeping the block's body.
 */
export async function minimize(
  chunks: readonly string[],
  keeps: (source: string) => Promise<boolean>,
): Promise<string> {
  const attempt = async (candidate: string[]) =>
    candidate.length > 0 && (await keeps(candidate.join("\n")));
  let parts = [...chunks];
  for (let i = parts.length - 1; i >= 0; i--) {
    const candidate = [...parts.slice(0, i), ...parts.slice(i + 1)];
    if (await attempt(candidate)) parts = candidate;
  }
  let lines = parts.join("\n").split("\n");
  for (let changed = true; changed;) {
    changed = false;
    for (let run = Math.max(1, lines.length >> 1); run >= 1; run >>= 1) {
      for (let at = lines.length - run; at >= 0; at--) {
        const candidate = [...lines.slice(0, at), ...lines.slice(at + run)];
        if (await attempt(candidate)) {
          lines = candidate;
          changed = true;
          at = Math.min(at, lines.length - run + 1);
        }
      }
    }
    for (let at = lines.length - 1; at >= 0; at--) {
      const frame = blockFrame(lines, at);
      if (frame === undefined) continue;
      const candidate = lines.filter((_, i) => !frame.has(i));
      if (await attempt(candidate)) {
        lines = candidate;
        changed = true;
      }
    }
  }
  return lines.join("\n") + "\n";
}

const indentOf = (line: string) => line.length - line.trimStart().length;

/** Line numbers of the block opened at `at` that sit at its indentation, through its `end`. */
function blockFrame(lines: readonly string[], at: number): Set<number> | undefined {
  const indent = indentOf(lines[at]!);
  if (at + 1 >= lines.length || indentOf(lines[at + 1]!) <= indent) return undefined;
  const frame = new Set([at]);
  for (let i = at + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "" || indentOf(line) > indent) continue;
    if (indentOf(line) < indent) return undefined;
    frame.add(i);
    if (line.trim() === "end") return frame;
    if (!/^(catch|else|finally)\b/.test(line.trim())) return undefined;
  }
  return undefined;
}

/** The report `veld-conformance --diff` prints. */
export function formatDiffReport(report: DiffReport): string {
  const out: string[] = [];
  for (const d of report.divergences) {
    const lines = d.source.trimEnd().split("\n");
    out.push(
      `DIVERGENCE seed ${d.seed}: ${d.first}`,
      `  minimized from ${d.originalLines} to ${lines.length} lines:`,
      ...lines.map((l) => `    ${l}`),
      "",
    );
  }
  const compared = report.programs - report.skipped;
  out.push(
    `${report.programs} programs, ${compared} compared, ${report.divergences.length} diverged` +
      (report.skipped > 0 ? ` (${report.skipped} skipped: beyond our step budget)` : ""),
  );
  return out.join("\n") + "\n";
}
