// Differential testing of another runtime (tools/diff/, `veld-conformance --diff`): a runtime
// broken on purpose diverges, the divergence is reported with its first difference and a
// minimized program that still shows it; a faithful runtime does not diverge.

import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/index.js";
import { runInProcess } from "../../tools/conformance/in-process.js";
import {
  diffRuntimes,
  firstDifference,
  formatDiffReport,
  minimize,
  type Runner,
} from "../../tools/diff/diff.js";

const ROOT = join(import.meta.dirname, "../..");
const tmp = mkdtempSync(join(tmpdir(), "veld-diff-test-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Our runtime in-process, its stdout passed through `alter`. */
const altered =
  (alter: (stdout: string) => string): Runner =>
  async (file) => {
    const o = runInProcess(readFileSync(file));
    return { ...o, stdout: alter(o.stdout) };
  };

/** Our runtime's stdout for `source`, or undefined when it does not compile. */
const stdoutOf = (source: string) => {
  const bytes = compileSource(source).bytes;
  return bytes && runInProcess(bytes).stdout;
};

describe("differential testing against another runtime", () => {
  it("finds and minimizes the divergences of a runtime that prints true as false", async () => {
    const report = await diffRuntimes({
      theirs: altered((s) => s.replaceAll("true", "false")),
      count: 20,
      seed: 1,
    });
    expect(report.programs).toBe(20);
    expect(report.divergences.length).toBeGreaterThan(0);
    for (const d of report.divergences) {
      expect(d.kind).toBe("stdout");
      expect(d.first).toMatch(/^stdout line \d+: ours ".*true.*", theirs ".*false.*"$/);
      // The minimized program still diverges, and is far smaller than the generated one.
      const lines = d.source.trimEnd().split("\n").length;
      expect(lines).toBeLessThan(d.originalLines / 3);
      expect(stdoutOf(d.source)).toContain("true");
    }
    const text = formatDiffReport(report);
    expect(text).toMatch(/^DIVERGENCE seed \d+: stdout line/m);
    expect(text).toMatch(/^20 programs, 20 compared, \d+ diverged$/m);
  });

  it("a faithful runtime does not diverge", async () => {
    const report = await diffRuntimes({ theirs: altered((s) => s), count: 10, seed: 100 });
    expect(report.divergences).toEqual([]);
  });

  it("names the first difference: stdout line, then exit status, then error kind", () => {
    const ok = { exit: 0, stdout: "a\nb\n" };
    expect(firstDifference(ok, ok)).toEqual({});
    expect(firstDifference(ok, { exit: 0, stdout: "a\nb" }).first).toBe(
      'stdout line 2: ours "b\\n", theirs "b"',
    );
    expect(firstDifference(ok, { exit: 0, stdout: "a\n" }).first).toBe(
      'stdout line 2: ours "b\\n", theirs (end)',
    );
    expect(firstDifference(ok, { exit: 1, stdout: "a\nb\n", error: "TypeError" })).toEqual({
      kind: "exit",
      first: "exit status: ours 0, theirs 1",
    });
    const trap = { exit: 1, stdout: "", error: "TypeError" };
    expect(firstDifference(trap, { ...trap, error: "Panic" }).first).toBe(
      "error kind: ours TypeError, theirs Panic",
    );
    expect(firstDifference(trap, { ...trap, timedOut: true }).kind).toBe("timeout");
  });

  it("minimizes by chunks, runs of lines and block frames", async () => {
    const chunks = [
      "let a = 1",
      "try\n  if a > 0 then\n    println(42)\n  end\ncatch e\nend",
      "println(2)",
    ];
    const min = await minimize(chunks, async (s) => stdoutOf(s)?.includes("42") === true);
    expect(
      min
        .trim()
        .split("\n")
        .map((l) => l.trim()),
    ).toEqual(["println(42)"]);
  });

  it("veld-conformance --diff runs a command and exits 1 on a divergence", () => {
    // A wrapper around our own veld that rewrites every `true` it prints.
    const broken = join(tmp, "broken-veld.sh");
    writeFileSync(
      broken,
      `#!/bin/sh\nnode --import tsx ${JSON.stringify(join(ROOT, "tools/cli/veld.ts"))} "$@" | sed s/true/false/g\n`,
    );
    chmodSync(broken, 0o755);
    // Seed 2 prints `true` early (see the in-process test above); one program keeps it short.
    const r = spawnSync(
      "node",
      [
        "--import",
        "tsx",
        "tools/cli/veld-conformance.ts",
        "--diff",
        `${broken} {file}`,
        "--count",
        "1",
        "--seed",
        "2",
      ],
      { cwd: ROOT, encoding: "utf8", timeout: 600_000 },
    );
    expect(r.stdout).toMatch(
      /^DIVERGENCE seed 2: stdout line \d+: ours "true\\n", theirs "false\\n"$/m,
    );
    expect(r.stdout).toMatch(/minimized from \d+ to \d+ lines/);
    expect(r.stdout).toMatch(/^1 programs, 1 compared, 1 diverged$/m);
    expect(r.status).toBe(1);
    const usage = spawnSync(
      "node",
      ["--import", "tsx", "tools/cli/veld-conformance.ts", "--diff", "no-file-placeholder"],
      { cwd: ROOT, encoding: "utf8", timeout: 120_000 },
    );
    expect(usage.stderr).toMatch(/must contain \{file\}/);
    expect(usage.status).toBe(2);
  }, 600_000);

  it("a runtime command the shell cannot run is a usage error, not a divergence per program", () => {
    const diff = (template: string) =>
      spawnSync(
        "node",
        ["--import", "tsx", "tools/cli/veld-conformance.ts", "--diff", template, "--count", "5"],
        { cwd: ROOT, encoding: "utf8", timeout: 120_000 },
      );
    const missing = diff("no-such-veld-runtime {file}");
    expect(missing.stdout).toBe("");
    expect(missing.stderr).toMatch(
      /^error: the runtime command could not be run \(exit 127 from sh\):\n.*no-such-veld-runtime.*not found/,
    );
    expect(missing.status).toBe(2);
    const notExecutable = join(tmp, "not-executable.sh");
    writeFileSync(notExecutable, "#!/bin/sh\n");
    chmodSync(notExecutable, 0o644);
    expect(diff(`${notExecutable} {file}`)).toMatchObject({ stdout: "", status: 2 });
  }, 120_000);
});
