// Takes docs/playground.png: builds the playground, serves it on loopback, runs fib.veld in
// headless Chromium and shows the annotated listing at its first function.
// Usage: npx tsx tools/playground/screenshot.ts [out.png]

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildPlayground, launchChromium, serveStatic } from "./harness.js";

const out = process.argv[2] ?? fileURLToPath(new URL("../../docs/playground.png", import.meta.url));
const dir = await mkdtemp(join(tmpdir(), "veld-playground-"));
try {
  await buildPlayground(dir);
  const server = await serveStatic(dir);
  const browser = await launchChromium({ width: 1280, height: 760 });
  try {
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await page.selectOption("#example", { label: "fib.veld" });
    await page.click("#run");
    await page.waitForSelector("#run:not([disabled])");
    await page.click("#disassemble");
    // Scroll the listing past the string and constant tables to the code.
    await page.evaluate(`(() => {
      const pre = document.querySelector("#disassembly");
      const lines = pre.textContent.split("\\n");
      const at = lines.findIndex((l) => l.startsWith(".function"));
      pre.scrollTop = Math.max(0, at) * parseFloat(getComputedStyle(pre).lineHeight);
    })()`);
    await page.screenshot({ path: out });
    console.log(`wrote ${out}`);
  } finally {
    await browser.close();
    await server.close();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
