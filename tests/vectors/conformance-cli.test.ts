// veld-conformance end to end: our `veld` passes; runtimes that are wrong in each way the
// suite exists to catch (accepting malformed files, corrupting output, hanging) fail with the
// reason, and the exit status is 1.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FORMAT_MAJOR, FORMAT_MINOR } from "../../format/module.js";

const ROOT = join(import.meta.dirname, "../..");
const tmp = mkdtempSync(join(tmpdir(), "veld-conf-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const VELD = "node --import tsx tools/cli/veld.ts";

function conformance(...args: string[]) {
  const r = spawnSync("node", ["--import", "tsx", "tools/cli/veld-conformance.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SMALL = ["isa/add/int", "isa/div/by-zero", "malformed/magic-first-byte"];
const filter = (names: string[]) => names.flatMap((n) => ["--filter", n]);

describe("veld-conformance", () => {
  it("our veld passes, options included", () => {
    const json = join(tmp, "report.json");
    const r = conformance(
      "--runtime",
      `${VELD} {options} {libs} {file}`,
      ...filter([...SMALL, "limits/resources/step-budget", "programs/hanoi", "link/load/chain"]),
      "--jobs",
      "2",
      "--json",
      json,
    );
    expect(r.stdout).toMatch(/^6 passed, 0 failed$/m);
    expect(r.stdout).toMatch(/^limits\s+1\s+0\s+0$/m);
    expect(r.status).toBe(0);
    const report = JSON.parse(readFileSync(json, "utf8"));
    expect(report.totals).toEqual({ passed: 6, failed: 0, skipped: 0, timedOut: 0 });
    expect(report.format).toBe(`${FORMAT_MAJOR}.${FORMAT_MINOR}`);
  });

  it("catches a runtime that accepts malformed files", () => {
    const r = conformance("--runtime", `${VELD} {file} || true`, ...filter(SMALL));
    expect(r.stdout).toMatch(
      /FAIL malformed\/magic-first-byte \(\d+ ms\)\n {2}exit 0, expected 65/,
    );
    expect(r.stdout).toMatch(/FAIL isa\/div\/by-zero/);
    expect(r.stdout).toMatch(/^1 passed, 2 failed$/m);
    expect(r.status).toBe(1);
  });

  it("catches a runtime that corrupts its output", () => {
    const r = conformance("--runtime", `${VELD} {file} | tr 0-9 a-j`, ...filter(["isa/add/int"]));
    expect(r.stdout).toMatch(/stdout differs: line 1: expected "5\\n", got "f\\n"/);
    expect(r.status).toBe(1);
  });

  it("catches a runtime that drops the final newline", () => {
    // `$(…)` strips trailing newlines; everything else about the run is right.
    const r = conformance("--runtime", `printf %s "$(${VELD} {file})"`, ...filter(["isa/add/int"]));
    expect(r.stdout).toMatch(/stdout differs: line 1: expected "\\n", got ""/);
    expect(r.stdout).toMatch(/^0 passed, 1 failed$/m);
    expect(r.status).toBe(1);
  });

  it("shows the failing runtime's stderr and the vector's duration", () => {
    const r = conformance(
      "--runtime",
      "echo 'vm.js:12 TypeError: op is undefined' >&2; exit 70 # {file}",
      ...filter(["isa/add/int"]),
    );
    expect(r.stdout).toMatch(
      /^FAIL isa\/add\/int \(\d+ ms\)\n {2}exit 70, expected 0 \(ok\)\n[^]* {2}stderr:\n {2}\| vm\.js:12 TypeError: op is undefined\n/m,
    );
  });

  it("times out a runtime that hangs, and kills it", () => {
    const start = Date.now();
    const r = conformance("--runtime", "sleep 30 # {file}", "--timeout", "300", ...filter(SMALL));
    expect(r.stdout).toMatch(/TIMEOUT after \d+ ms, limit 300 ms/);
    expect(r.stdout).toMatch(/timed out: no exit within 300 ms/);
    expect(r.stdout).toMatch(/^3 timed out \(limit --timeout 300 ms × cost\)$/m);
    expect(r.stdout).toMatch(/^0 passed, 3 failed$/m);
    expect(r.status).toBe(1);
    expect(Date.now() - start).toBeLessThan(20_000);
  });

  it("skips vectors needing options the template cannot pass", () => {
    const r = conformance(
      "--runtime",
      `${VELD} {file}`,
      ...filter(["limits/resources/step-budget"]),
    );
    expect(r.stdout).toMatch(/^1 skipped$/m);
    expect(r.stdout).toMatch(/^0 passed, 0 failed$/m);
    expect(r.status).toBe(0);
  });

  it("in-process mode runs a whole area", () => {
    const r = conformance("--in-process", "--filter", "semantics");
    expect(r.stdout).toMatch(/^semantics\s+\d+\s+0\s+0$/m);
    expect(r.status).toBe(0);
  });

  it("usage errors exit 2", () => {
    expect(conformance().status).toBe(2);
    expect(conformance("--runtime", "veld").stderr).toMatch(/\{file\}/);
    expect(conformance("--in-process", "/nonexistent").status).toBe(2);
    expect(conformance("--in-process", "--filter", "nothing/here").status).toBe(2);
    expect(conformance("--in-process", "--jobs", "0").status).toBe(2);
  });
});
