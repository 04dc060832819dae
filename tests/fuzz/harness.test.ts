// The campaign driver isolates what cannot be caught in-process: a shard process that hangs
// is killed by the watchdog and one that dies (here: a V8 heap limit) is observed; either way
// the input at fault is named, recorded with a reproducer, and the campaign goes on.

import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCampaign } from "../../tools/fuzz/driver.js";

const dir = mkdtempSync(join(tmpdir(), "veld-fuzz-harness-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function files(programs: Record<string, string>): string {
  const d = mkdtempSync(join(dir, "in-"));
  for (const [name, text] of Object.entries(programs)) writeFileSync(join(d, name), text);
  return d;
}

const OK = 'println("fine")\n';

describe("campaign driver", () => {
  it("kills a shard that stops answering and records the input as a hang", async () => {
    const out = join(dir, "out-hang");
    const report = await runCampaign({
      target: "files",
      files: files({ "a.veld": OK, "b.veld": "while true do\nend\n", "c.veld": OK }),
      seed: 1,
      runs: Infinity,
      jobs: 1,
      // a budget far beyond the watchdog: the loop runs until it is killed
      oracle: { maxSteps: 1e15, slowMs: 60_000 },
      hangMs: 1_500,
      out,
    });
    expect(report.inputs).toBe(3);
    expect(report.counts.ok).toBe(2);
    expect(report.counts.hang).toBe(1);
    const [finding] = [...report.findings.values()];
    expect(finding!.indexes).toEqual([1]);
    const [recorded] = readdirSync(join(out, "files"));
    expect(recorded).toMatch(/^hang-/);
    expect(readFileSync(join(out, "files", recorded!, "input-1.veld"), "utf8")).toContain("while");
  }, 120_000);

  it("observes a shard that dies and records the input as a crash", async () => {
    const grow = 'var a = []\nvar i = 0\nwhile true do\n  a.push("item {i}")\n  i += 1\nend\n';
    const report = await runCampaign({
      target: "files",
      files: files({ "a.veld": OK, "b.veld": grow, "c.veld": OK }),
      seed: 1,
      runs: Infinity,
      jobs: 1,
      oracle: { maxSteps: 1e15, slowMs: 600_000 },
      hangMs: 600_000,
      heapMb: 96,
    });
    expect(report.inputs).toBe(3);
    expect(report.counts.ok).toBe(2);
    expect(report.counts.crash).toBe(1);
    const [finding] = [...report.findings.values()];
    expect(finding!.indexes).toEqual([1]);
    expect(finding!.detail).toMatch(/heap/i);
  }, 180_000);
});
