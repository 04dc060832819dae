// Running an external runtime on one vector (spec/conformance.md §4): the command template's
// `{file}`, `{args}`, `{options}` and `{libs}` are substituted (shell-quoted) and the command runs under
// `sh -c` with empty stdin and a timeout that kills its whole process group. Its output is
// kept up to OUTPUT_LIMIT bytes a stream: a runtime that writes without end (`yes`) is
// stopped at that point instead of filling the runner's memory.

import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { observe, type Expectation, type Observed } from "./expectation.js";

export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`;
}

/** Why a template cannot run this vector, if it cannot (the vector is then skipped). */
export function unsupported(template: string, expect: Expectation): string | undefined {
  if (expect.options && !template.includes("{options}")) {
    return "needs runtime options but the command has no {options}";
  }
  if (expect.libs && !template.includes("{libs}")) {
    return "links libraries but the command has no {libs}";
  }
  return undefined;
}

/** The shell command for one vector. */
export function commandFor(template: string, file: string, expect: Expectation): string {
  const args = (expect.args ?? []).map(shellQuote).join(" ");
  const options = Object.entries(expect.options ?? {})
    .map(([k, v]) => `--${k} ${shellQuote(v)}`)
    .join(" ");
  const libs = (expect.libs ?? [])
    .map((l) => `--lib ${shellQuote(join(dirname(file), l))}`)
    .join(" ");
  let cmd = template
    .replaceAll("{file}", shellQuote(file))
    .replaceAll("{options}", options)
    .replaceAll("{libs}", libs);
  if (cmd.includes("{args}")) cmd = cmd.replaceAll("{args}", args);
  else if (args) cmd += ` ${args}`;
  return cmd;
}

/** The most a runtime may write to stdout (and the most kept of stderr), in bytes. */
export const OUTPUT_LIMIT = 16 * 1024 * 1024;

/**
 * Runs `command`; resolves with what it did, or `timedOut` after `timeoutMs`, or
 * `outputLimit` when its stdout passed `outputLimit` bytes (the command is then killed).
 */
export function runCommand(
  command: string,
  timeoutMs: number,
  outputLimit = OUTPUT_LIMIT,
): Promise<Observed> {
  return new Promise((resolve) => {
    const child = spawn("sh", ["-c", command], {
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let timedOut = false;
    let overflowed = false;
    const killGroup = () => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // The group already exited.
      }
    };
    child.stdout.on("data", (d: Buffer) => {
      if (overflowed) return;
      outBytes += d.length;
      if (outBytes > outputLimit) {
        overflowed = true;
        killGroup();
      } else out.push(d);
    });
    child.stderr.on("data", (d: Buffer) => {
      // Only the first lines are reported: the rest is read (so the command does not block
      // on a full pipe) and dropped.
      if (errBytes < outputLimit) err.push(d);
      errBytes += d.length;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    child.on("error", () => {
      clearTimeout(timer);
      resolve({ exit: 127, stdout: "" });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const observed = observe(
        code ?? (signal ? 128 : 1),
        Buffer.concat(out).toString("utf8"),
        Buffer.concat(err).toString("utf8"),
      );
      if (overflowed) resolve({ ...observed, outputLimit });
      else resolve(timedOut ? { ...observed, timedOut, timeoutMs } : observed);
    });
  });
}
