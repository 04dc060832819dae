// Running an external runtime on one vector (spec/conformance.md §4): the command template's
// `{file}`, `{args}`, `{options}` and `{libs}` are substituted (shell-quoted) and the command runs under
// `sh -c` with empty stdin and a timeout that kills its whole process group.

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

/** Runs `command`; resolves with what it did, or `timedOut` after `timeoutMs`. */
export function runCommand(command: string, timeoutMs: number): Promise<Observed> {
  return new Promise((resolve) => {
    const child = spawn("sh", ["-c", command], {
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // The group already exited.
      }
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
      resolve(timedOut ? { ...observed, timedOut, timeoutMs } : observed);
    });
  });
}
