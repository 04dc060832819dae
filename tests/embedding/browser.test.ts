// docs/embedding.md, browser: the page's Web Worker and runUntrusted, with the runtime's
// browser bundle, in headless Chromium. A hostile program runs in the worker; the page
// survives, reports it, and runs a good program afterwards.

import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileSource } from "../../compiler/index.js";
import {
  CHROMIUM,
  launchChromium,
  serveStatic,
  type Browser,
  type StaticServer,
} from "../../tools/playground/harness.js";
import { docFiles, runtimeBundle } from "./snippets.js";

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`embedding browser test skipped: ${CHROMIUM} is missing (apt-get install chromium)`);
}

function compiled(source: string): number[] {
  const { bytes, diagnostics } = compileSource(source);
  if (!bytes) throw new Error(JSON.stringify(diagnostics));
  return [...bytes];
}

const GOOD = compiled('println("still here")\n');
const LOOP = compiled("var i = 0\nwhile true do\n  i += 1\nend\n");

describe.skipIf(!hasChromium)("docs/embedding.md in Chromium", () => {
  let dir: string;
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "veld-embedding-web-"));
    const files = docFiles();
    writeFileSync(join(dir, "veld-runtime.browser.global.js"), await runtimeBundle("iife"));
    for (const name of ["veld-web-worker.js", "run-untrusted.js"]) {
      const code = files.get(name);
      if (!code) throw new Error(`docs/embedding.md has no ${name}`);
      writeFileSync(join(dir, name), code);
    }
    writeFileSync(
      join(dir, "index.html"),
      '<!doctype html><meta charset="utf-8"><script src="run-untrusted.js"></script>\n',
    );
    server = await serveStatic(dir);
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(server.url);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const run = (bytes: number[], options: Record<string, unknown> = {}) =>
    page.evaluate(
      ([b, o]) =>
        (
          globalThis as unknown as {
            runUntrusted: (b: Uint8Array, o: object) => Promise<Record<string, unknown>>;
          }
        ).runUntrusted(new Uint8Array(b), o),
      [bytes, options] as const,
    );

  async function stillWorks(): Promise<void> {
    expect(await run(GOOD)).toMatchObject({ status: "ok", stdout: "still here\n" });
    // the page's own event loop is alive too
    expect(await page.evaluate(() => 6 * 7)).toBe(42);
  }

  it("runs a program in a Web Worker", stillWorks, 30_000);

  it("terminates an endless loop without a step budget; the page survives", async () => {
    expect(await run(LOOP, { timeoutMs: 1_000 })).toEqual({ status: "timeout" });
    await stillWorks();
  }, 30_000);

  it("stops the loop at its step budget with LimitExceeded", async () => {
    const r = await run(LOOP, { maxSteps: 100_000, timeoutMs: 20_000 });
    expect(r).toMatchObject({ status: "error", kind: "LimitExceeded" });
    await stillWorks();
    expect(pageErrors).toEqual([]);
  }, 30_000);
});
