// docs/embedding.md, Node: the page's worker and host run hostile programs in a Worker with
// resourceLimits; the host survives each and reports it, then runs a good program.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/index.js";
import { docFiles, runtimeBundle } from "./snippets.js";

interface Result {
  status: string;
  stdout?: string;
  kind?: string;
  reason?: string;
}
type RunUntrusted = (bytes: Uint8Array, options?: Record<string, unknown>) => Promise<Result>;

const dir = mkdtempSync(join(tmpdir(), "veld-embedding-"));
let runUntrusted: RunUntrusted;

function compiled(source: string): Uint8Array {
  const { bytes, diagnostics } = compileSource(source);
  if (!bytes) throw new Error(JSON.stringify(diagnostics));
  return bytes;
}

const GOOD = compiled('println("still here")\n');
const LOOP = compiled("var i = 0\nwhile true do\n  i += 1\nend\n");
const HOARD = compiled(
  'var a = []\nvar i = 0\nwhile true do\n  a.push("x".repeat(1000) + "{i}")\n  i += 1\nend\n',
);

beforeAll(async () => {
  const files = docFiles();
  writeFileSync(join(dir, "veld-runtime.mjs"), await runtimeBundle("esm"));
  for (const name of ["veld-worker.mjs", "run-untrusted.mjs"]) {
    const code = files.get(name);
    if (!code) throw new Error(`docs/embedding.md has no ${name}`);
    writeFileSync(join(dir, name), code.replace('"veld/runtime"', '"./veld-runtime.mjs"'));
  }
  const host = pathToFileURL(join(dir, "run-untrusted.mjs")).href;
  ({ runUntrusted } = (await import(/* @vite-ignore */ host)) as { runUntrusted: RunUntrusted });
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function stillWorks(): Promise<void> {
  expect(await runUntrusted(GOOD)).toMatchObject({ status: "ok", stdout: "still here\n" });
}

describe("docs/embedding.md in Node", () => {
  it("runs a program and returns its output", stillWorks, 30_000);

  it("terminates an endless loop without a step budget at the wall-clock limit", async () => {
    expect(await runUntrusted(LOOP, { timeoutMs: 1_000 })).toEqual({ status: "timeout" });
    await stillWorks();
  }, 30_000);

  it("stops the same loop at its step budget with LimitExceeded", async () => {
    const r = await runUntrusted(LOOP, { maxSteps: 100_000, timeoutMs: 20_000 });
    expect(r).toMatchObject({ status: "error", kind: "LimitExceeded" });
    await stillWorks();
  }, 30_000);

  it("survives a program that allocates until the worker's heap is exhausted", async () => {
    const r = await runUntrusted(HOARD, { heapMb: 32, timeoutMs: 60_000 });
    expect(r).toEqual({ status: "crashed", reason: "ERR_WORKER_OUT_OF_MEMORY" });
    await stillWorks();
  }, 90_000);

  it("reports a file the verifier rejects", async () => {
    const r = await runUntrusted(GOOD.subarray(0, 20));
    expect(r).toMatchObject({ status: "rejected", code: expect.stringMatching(/^E_[A-Z_]+$/) });
  }, 30_000);
});
