// Runs a fuzz target over an index range in forked worker processes (shard.ts), with a
// wall-clock watchdog, and collects outcome counts and findings. Most inputs run in-process
// inside a shard; a shard that dies (crash, OOM) or goes quiet for longer than the hang limit
// is killed and its unfinished inputs re-run one by one ("verbose") so that the input at
// fault is named and recorded as `crash` or `hang`. Findings are grouped by signature and
// written to the output directory with reproducer files.

import { FUZZ_DEFAULTS } from "./defaults.js";
import { fork, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./corpus.js";
import {
  BAD_CLASSES,
  GOOD_CLASSES,
  signature,
  type OracleOptions,
  type OutcomeClass,
} from "./oracle.js";
import { encodeInput, extensionOf, type SerializedInput } from "./serialize.js";
import type { ShardJob, ShardMessage } from "./shard.js";
import { FILES_ENV, filesUnder, makeInput, targetNamed } from "./targets.js";

export interface CampaignOptions {
  readonly target: string;
  readonly seed: number;
  /** Number of inputs (indexes 0 … runs-1); Infinity with a time limit. */
  readonly runs: number;
  /** Stop handing out inputs after this many seconds. */
  readonly timeSeconds?: number;
  readonly jobs: number;
  readonly oracle: OracleOptions;
  /** A shard silent for longer than this is killed and its input recorded as a hang. */
  readonly hangMs: number;
  /** Where findings go; nothing is written when absent. */
  readonly out?: string;
  /** Directory of the `files` target. */
  readonly files?: string;
  /** Heap limit of each shard process (MB). */
  readonly heapMb?: number;
  readonly onProgress?: (r: TargetReport) => void;
}

export interface Finding {
  readonly signature: string;
  readonly cls: OutcomeClass;
  readonly detail: string;
  readonly stack?: string;
  /** Every index that produced it (the first few are kept as reproducers). */
  readonly indexes: number[];
  readonly input: SerializedInput;
  minimized?: SerializedInput;
}

export interface TargetReport {
  readonly target: string;
  readonly seed: number;
  inputs: number;
  readonly counts: Record<OutcomeClass, number>;
  readonly findings: Map<string, Finding>;
  seconds: number;
}

const CHUNK = 400;

export async function runCampaign(o: CampaignOptions): Promise<TargetReport> {
  targetNamed(o.target);
  const counts = Object.fromEntries([...GOOD_CLASSES, ...BAD_CLASSES].map((c) => [c, 0])) as Record<
    OutcomeClass,
    number
  >;
  const report: TargetReport = {
    target: o.target,
    seed: o.seed,
    inputs: 0,
    counts,
    findings: new Map(),
    seconds: 0,
  };
  if (o.files) process.env[FILES_ENV] = o.files;
  const runs = o.target === "files" ? Math.min(o.runs, filesUnder(o.files ?? ".").length) : o.runs;
  const start = performance.now();
  const deadline = o.timeSeconds !== undefined ? start + o.timeSeconds * 1000 : Infinity;
  let next = 0;
  /** Ranges whose inputs must be re-run one by one after a shard died in them. */
  const retry: [number, number][] = [];

  /** Indexes already recorded: a range re-run after a crash reports its findings again. */
  const recorded = new Set<number>();
  const record = (f: Omit<Finding, "signature" | "indexes">, index: number): void => {
    if (recorded.has(index)) return;
    recorded.add(index);
    counts[f.cls]++;
    const sig = signature(f);
    const known = report.findings.get(sig);
    if (known) {
      known.indexes.push(index);
      known.minimized ??= f.minimized;
    } else report.findings.set(sig, { ...f, signature: sig, indexes: [index] });
    if (o.out) writeFinding(o.out, o.target, o.seed, report.findings.get(sig)!, index, f);
  };

  const nextJob = (): { from: number; to: number; verbose: boolean } | undefined => {
    const r = retry.shift();
    if (r) return { from: r[0], to: r[1], verbose: true };
    if (next >= runs || performance.now() >= deadline) return undefined;
    const from = next;
    next = Math.min(runs, next + CHUNK);
    return { from, to: next, verbose: false };
  };

  const shard = (): Promise<void> =>
    new Promise((resolve) => {
      let child: ChildProcess | undefined;
      let job: { from: number; to: number; verbose: boolean } | undefined;
      let done = 0;
      let current = -1;
      let stderr = "";
      let timer: NodeJS.Timeout | undefined;
      let killedForHang = false;

      const arm = (): void => {
        clearTimeout(timer);
        const limit = job?.verbose ? o.hangMs : o.hangMs * 3;
        timer = setTimeout(() => {
          killedForHang = true;
          child?.kill("SIGKILL");
        }, limit);
      };
      const give = (): void => {
        job = nextJob();
        if (!job) {
          clearTimeout(timer);
          child?.kill();
          resolve();
          return;
        }
        done = job.from;
        current = -1;
        if (child) post();
        else spawn();
      };
      /** Hands the job to a ready shard; the watchdog counts from here. */
      const post = (): void => {
        const msg: ShardJob = { target: o.target, seed: o.seed, oracle: o.oracle, ...job! };
        child!.send(msg);
        arm();
      };
      const spawn = (): void => {
        stderr = "";
        killedForHang = false;
        const c = fork(join(import.meta.dirname, "shard.ts"), [], {
          cwd: ROOT,
          execArgv: ["--import", "tsx", `--max-old-space-size=${o.heapMb ?? FUZZ_DEFAULTS.heapMb}`],
          stdio: ["ignore", "ignore", "pipe", "ipc"],
        });
        child = c;
        c.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
        c.on("message", (m: ShardMessage) => {
          if (c !== child) return;
          if (m.type === "ready") return post();
          arm();
          if (m.type === "start") current = m.index;
          else if (m.type === "progress") {
            done = m.done;
            for (const [k, v] of Object.entries(m.counts)) {
              if (!BAD_CLASSES.includes(k as never)) counts[k as OutcomeClass] += v;
            }
            report.inputs += Object.values(m.counts).reduce((a, b) => a + b, 0);
            o.onProgress?.(report);
          } else if (m.type === "finding") {
            record(
              {
                cls: m.cls,
                detail: m.detail,
                stack: m.stack,
                input: m.input,
                minimized: m.minimized,
              },
              m.index,
            );
          } else if (m.type === "end") give();
        });
        c.on("exit", (code, sig) => {
          if (c !== child) return;
          child = undefined;
          if (!job) return;
          const j = job;
          if (j.verbose) {
            // the input announced last is the one that killed (or hung) the shard; a shard
            // that died before announcing one died on the first
            if (current < done) current = done;
            const input = encodeInput(makeInput(targetNamed(o.target), o.seed, current));
            const cls = killedForHang ? "hang" : "crash";
            const detail = killedForHang
              ? `no answer within ${o.hangMs} ms`
              : `shard exited with ${sig ?? `code ${code}`}: ${lastLine(stderr)}`;
            record({ cls, detail, stack: stderr.trim() || undefined, input }, current);
            report.inputs++;
            if (current + 1 < j.to) retry.unshift([current + 1, j.to]);
          } else if (done < j.to) {
            retry.unshift([done, j.to]);
          }
          clearTimeout(timer);
          give();
        });
      };
      give();
    });

  await Promise.all(Array.from({ length: Math.max(1, o.jobs) }, shard));
  report.seconds = (performance.now() - start) / 1000;
  return report;
}

function lastLine(text: string): string {
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("at ") && !/^[-=]+$/.test(l));
  return (lines.find((l) => /FATAL|out of memory|Error/i.test(l)) ?? lines.at(-1) ?? "").slice(
    0,
    200,
  );
}

/** Reproducers kept per signature. */
const KEEP = 3;

function writeFinding(
  out: string,
  target: string,
  seed: number,
  f: Finding,
  index: number,
  latest: { input: SerializedInput; minimized?: SerializedInput },
): void {
  const id = createHash("sha1").update(f.signature).digest("hex").slice(0, 10);
  const dir = join(out, target, `${f.cls}-${id}`);
  mkdirSync(dir, { recursive: true });
  if (f.indexes.length <= KEEP) {
    const ext = extensionOf(latest.input.kind);
    const data = latest.input.text ?? Buffer.from(latest.input.base64 ?? "", "base64");
    writeFileSync(join(dir, `input-${index}${ext}`), data);
  }
  if (latest.minimized && f.minimized === latest.minimized) {
    writeFileSync(
      join(dir, `minimized${extensionOf(latest.minimized.kind)}`),
      latest.minimized.text ?? "",
    );
  }
  const summary = {
    signature: f.signature,
    class: f.cls,
    detail: f.detail,
    target,
    seed,
    indexes: f.indexes.slice(0, 50),
    count: f.indexes.length,
    note: f.input.note,
    optimize: f.input.optimize,
    reproduce: `npm run fuzz -- repro ${target} --seed ${seed} --index ${f.indexes[0]}`,
    stack: f.stack,
  };
  writeFileSync(join(dir, "finding.json"), JSON.stringify(summary, null, 2) + "\n");
}
