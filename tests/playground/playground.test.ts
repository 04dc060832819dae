// End-to-end test of the browser playground: builds it, serves the static files on loopback
// and drives Debian's Chromium with playwright-core. Every expectation about what the page
// shows is computed with the same libraries in Node (compile, run, render), so the test checks
// that the browser build behaves exactly like them, with no server and no outside requests.

import { spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { compileSource, type CompileOptions } from "../../compiler/index.js";
import { renderDiagnostics } from "../../language/index.js";
import { load } from "../../runtime/index.js";
import {
  CHROMIUM,
  buildPlayground,
  launchChromium,
  serveStatic,
  type Browser,
  type StaticServer,
} from "../../tools/playground/harness.js";

const ROOT = join(import.meta.dirname, "../..");
const EXAMPLES = join(ROOT, "examples");
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`playground e2e skipped: ${CHROMIUM} is missing (apt-get install chromium)`);
}

function compiled(source: string, fileName: string, options: CompileOptions = {}): Uint8Array {
  const { bytes, diagnostics } = compileSource(source, { fileName, ...options });
  if (!bytes) throw new Error(renderDiagnostics(diagnostics, source, fileName));
  return bytes;
}

/** What the page's output pane should show for a run: stdout, stderr, then the error report. */
function expectedRun(bytes: Uint8Array, maxSteps = 50_000_000): string {
  let out = "";
  const result = load(bytes).run(
    { write: (t) => (out += t), writeErr: (t) => (out += t), now: () => 0 },
    [],
    { maxSteps },
  );
  return out + (result.error?.report() ?? "");
}

/** Ask a name, greet, loop until `quit` (the interactive program). */
const GREET = `while true do
  print("name? ")
  let name = match std.io.read_line()
    Some(line) => line
    None => "quit"
  end
  if name == "quit" then break end
  println~("hello, {name}!")
end
println("bye")
`;

/** The page's scripting hook (tools/playground/src/main.ts), as seen inside the browser. */
// Predicates are functions, never strings: the page's CSP forbids eval, which string
// predicates need while they poll.
declare function playgroundApi(): { source(): string; setSource(text: string, name: string): void };
/** The page's DOM, for predicates that run in the page (the tests are typechecked without DOM). */
declare const document: { querySelector(selector: string): { textContent: string | null } | null };
declare const location: { hash: string };

describe.skipIf(!hasChromium)("playground in Chromium", () => {
  let outDir: string;
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  const foreign: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), "veld-playground-"));
    await buildPlayground(outDir);
    server = await serveStatic(outDir);
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on("request", (r) => {
      if (!r.url().startsWith(server.url)) foreign.push(r.url());
    });
    page.on("pageerror", (e) => pageErrors.push(e.message));
    // `playgroundApi()` inside page functions: the hook the page puts on globalThis.
    await browser.context.addInitScript(() => {
      (globalThis as unknown as { playgroundApi: () => unknown }).playgroundApi = () =>
        (globalThis as unknown as { playground: unknown }).playground;
    });
    await page.goto(server.url);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  const text = async (selector: string) => (await page.textContent(selector)) ?? "";
  /** Clicks a button and waits until a run it may have started has ended. */
  async function click(selector: string): Promise<void> {
    await page.click(selector);
    await page.waitForSelector("#run:not([disabled])", { timeout: 15_000 });
  }
  /** Replaces the editor's text, keeping the file name (as the page's own loads do). */
  async function setSource(source: string): Promise<void> {
    const name = await text("#file-name");
    await page.evaluate(([s, n]) => playgroundApi().setSource(s, n), [source, name] as const);
  }
  const editorText = () => page.evaluate(() => playgroundApi().source());

  it("bundles every example and starts with hello.veld", async () => {
    const files = readdirSync(EXAMPLES).filter((f) => f.endsWith(".veld"));
    const options = await page.$$eval("#example option", (os) => os.map((o) => o.textContent));
    expect([...options].sort()).toEqual([...files].sort());
    expect(options[0]).toBe("hello.veld");
    expect(await editorText()).toBe(readFileSync(join(EXAMPLES, "hello.veld"), "utf8"));
  });

  it("runs a typed program and prints its output", async () => {
    await setSource("");
    await page.click(".cm-content");
    await page.keyboard.type('let name = "browser"\nfor i in 1..=3 do\n');
    await page.keyboard.press("Tab");
    // The editor closes brackets and quotes itself: End steps past them.
    await page.keyboard.type('println~("{i}: hello, {name}');
    await page.keyboard.press("End");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.type("end\n");
    const source = await editorText();
    expect(source).toContain('  println~("{i}: hello, {name}")');
    await click("#run");
    expect(await text("#output")).toBe("1: hello, browser\n2: hello, browser\n3: hello, browser\n");
    expect(await text("#status")).toMatch(/finished/);
    const lineNumbers = await page.$$eval(".cm-lineNumbers .cm-gutterElement", (els) =>
      els.map((e) => e.textContent).filter((t) => t !== ""),
    );
    expect(lineNumbers.slice(-1)).toEqual(["5"]);
  });

  it("runs an example picked from the list", async () => {
    await page.selectOption("#example", { label: "fib.veld" });
    await click("#run");
    expect(await text("#output")).toBe(readFileSync(join(EXAMPLES, "fib.out"), "utf8"));
  });

  it("shows a runtime error as error[Kind] with the Veld stack", async () => {
    const source = "fn half(n) => 10 / n\n\nfn main() => half(0)\n\nprintln(main())\n";
    await setSource(source);
    await click("#run");
    const expected = expectedRun(compiled(source, "fib.veld"));
    expect(expected).toMatch(/^error\[DivisionByZero\]: .*\n {2}at half \(fib\.veld:1:/);
    expect(await text("#output")).toBe(expected);
    expect(await text("#status")).toMatch(/runtime error/);
  });

  it("renders compile diagnostics with carets", async () => {
    const source = "let x = 1\nprintln(x +)\n";
    await setSource(source);
    await click("#run");
    const { diagnostics } = compileSource(source, { fileName: "fib.veld" });
    expect(diagnostics.length).toBeGreaterThan(0);
    const output = await text("#output");
    expect(output).toBe(renderDiagnostics(diagnostics, source, "fib.veld") + "\n");
    expect(output).toMatch(/\n\s+\| +\^/);
    // The previous test's module is no longer listed.
    expect(await text("#disassembly")).toBe("");
    expect(await text("#module-info")).toBe("");
  });

  it("ends an endless loop with LimitExceeded at the step budget", async () => {
    await setSource("var n = 0\nwhile true do\n  n = n + 1\nend\n");
    await page.fill("#max-steps", "200000");
    const started = Date.now();
    await click("#run");
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await text("#output")).toMatch(/^error\[LimitExceeded\]: /);
    await page.fill("#max-steps", "50000000");
  });

  it("stops a long run on request and can run again", async () => {
    await setSource("var n = 0\nwhile true do\n  n = n + 1\nend\n");
    await page.fill("#max-steps", "1000000000000");
    await page.click("#run");
    expect(await page.isDisabled("#run")).toBe(true);
    await page.waitForTimeout(300);
    await click("#stop");
    expect(await text("#output")).toBe("\n[stopped]\n");
    expect(await text("#status")).toMatch(/stopped/);
    await page.fill("#max-steps", "50000000");
    await setSource('println("again")\n');
    await click("#run");
    expect(await text("#output")).toBe("again\n");
  });

  it("compiles and shows the annotated disassembly and the hex dump", async () => {
    const source = readFileSync(join(EXAMPLES, "closures.veld"), "utf8");
    await page.selectOption("#example", { label: "closures.veld" });
    await page.selectOption("#optimize", "0");
    await click("#disassemble");
    const bytes = compiled(source, "closures.veld", { optimize: 0 });
    expect(await text("#module-info")).toContain(`closures.veldc · ${bytes.length} bytes`);
    const listing = await text("#disassembly");
    expect(listing).toMatch(/^; Veld assembly/);
    expect(listing).toContain(".function");
    expect(await page.isVisible("#disassembly")).toBe(true);

    await page.click("#tab-hex");
    expect(await page.isVisible("#hex")).toBe(true);
    const firstBytes = [...bytes.subarray(0, 8)].map((b) => b.toString(16).padStart(2, "0"));
    expect(await text("#hex")).toContain(`000000: ${firstBytes.join(" ")}`);
    await page.click("#tab-disassembly");
  });

  it("downloads the same .veldc bytes the compiler makes in Node", async () => {
    const source = await editorText();
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
    expect(download.suggestedFilename()).toBe("closures.veldc");
    const saved = readFileSync((await download.path())!);
    expect(new Uint8Array(saved)).toEqual(compiled(source, "closures.veld", { optimize: 0 }));
    await page.selectOption("#optimize", "1");
  });

  it("opens a .veldc file and runs it with the runtime alone", async () => {
    const source = 'let xs = [3, 1, 2]\nprintln~("opened: {xs.len()} items")\nthrow "bad"\n';
    const bytes = compiled(source, "opened.veld", { strip: true });
    await setSource("this is not Veld (((");
    const sourceName = await text("#file-name");
    await page.setInputFiles("#open", {
      name: "opened.veldc",
      mimeType: "application/octet-stream",
      buffer: Buffer.from(bytes),
    });
    await page.waitForSelector("#run:not([disabled])");
    await page.waitForFunction(() =>
      document.querySelector("#status")?.textContent?.includes("opened"),
    );
    await page.waitForSelector("#status:not([data-kind='busy'])");
    const output = await text("#output");
    expect(output).toBe(expectedRun(bytes));
    expect(output).toMatch(/^opened: 3 items\nerror\[/);
    expect(await text("#module-info")).toContain(`opened.veldc · ${bytes.length} bytes · opened`);
    // The title names what was opened until the source is edited again.
    expect(await text("#file-name")).toBe("opened.veldc");
    await page.click(".cm-content");
    await page.keyboard.press("End");
    await page.keyboard.type(" ");
    expect(await text("#file-name")).toBe(sourceName);
  });

  it("reports a malformed .veldc with its format error", async () => {
    await page.setInputFiles("#open", {
      name: "junk.veldc",
      mimeType: "application/octet-stream",
      buffer: Buffer.from("definitely not a module"),
    });
    await page.waitForFunction(() =>
      document.querySelector("#status")?.textContent?.includes("junk"),
    );
    await page.waitForSelector("#status:not([data-kind='busy'])");
    expect(await text("#output")).toMatch(/^error\[E_[A-Z_]+\] at 0x[0-9a-f]+: /);
    expect(await text("#disassembly")).toMatch(/^cannot decode this file: error\[E_/);
  });

  it("highlights Veld with the lexer's keywords and marks diagnostics inline", async () => {
    await setSource('fn twice(x) => x * 2\nlet y = twice("a" +)\n');
    await page.waitForSelector(".cm-lintRange-error", { timeout: 10_000 });
    expect(await page.$$(".cm-lint-marker-error")).toHaveLength(1);
    // `fn` and `let` are coloured as keywords, unlike the names around them.
    const colours = (await page.evaluate(`Object.fromEntries(
      [...document.querySelectorAll(".cm-line span")].map((s) => [s.textContent, getComputedStyle(s).color]),
    )`)) as Record<string, string>;
    expect(colours["fn"]).toBeDefined();
    expect(colours["fn"]).toBe(colours["let"]);
    expect(colours["fn"]).not.toBe(colours["twice"]);
    expect(colours['"a"']).toBeDefined();
    await setSource('println("fixed")\n');
    await page.waitForFunction(() => !document.querySelector(".cm-lintRange-error"));
  });

  it("says 1 step, not 1 steps", async () => {
    await setSource("");
    await click("#run");
    expect(await text("#status")).toMatch(/finished · 1 step · /);
  });

  it("runs an interactive program: read_line reads lines typed in the page", async () => {
    await setSource(GREET);
    await page.click("#run");
    for (const name of ["Ada", "Bob", "quit"]) {
      await page.waitForSelector("#stdin-row:not([hidden])");
      await page.fill("#stdin", name);
      await page.press("#stdin", "Enter");
    }
    await page.waitForSelector("#run:not([disabled])", { timeout: 15_000 });
    const output = await text("#output");
    expect(output).toBe("name? Ada\nhello, Ada!\nname? Bob\nhello, Bob!\nname? quit\nbye\n");
    expect(await text("#status")).toMatch(/finished/);
  });

  it("without cross-origin isolation, read_line reads the Input box", async () => {
    const plain = await serveStatic(outDir, false);
    const other = await browser.context.newPage();
    try {
      await other.goto(plain.url, { timeout: 20_000 });
      await other.waitForSelector("#input-box:not([hidden])", { timeout: 15_000 });
      await other.evaluate((s) => playgroundApi().setSource(s, "greet.veld"), GREET);
      await other.fill("#input-lines", "Ada\nquit\n");
      await other.click("#run");
      await other.waitForSelector("#run:not([disabled])", { timeout: 15_000 });
      expect(await other.textContent("#output")).toBe("name? hello, Ada!\nname? bye\n");
    } finally {
      await other.close();
      await plain.close();
    }
  });

  it("keeps the program across reloads and shares it as a link", async () => {
    const source = 'println("kept ✓")\n';
    await page.selectOption("#example", { label: "fib.veld" });
    await setSource(source);
    await page.reload();
    await page.waitForSelector(".cm-content");
    expect(await editorText()).toBe(source);
    expect(await text("#file-name")).toBe("fib.veld");

    await page.click("#share");
    await page.waitForFunction(() => location.hash.startsWith("#code/"));
    const link = page.url();
    // With nothing kept in localStorage, the link alone brings the program back.
    await page.evaluate(`localStorage.clear()`);
    await page.goto("about:blank");
    await page.goto(link);
    await page.waitForFunction(() => playgroundApi()?.source().startsWith("println"));
    expect(await editorText()).toBe(source);
    expect(await text("#file-name")).toBe("fib.veld");
  });

  it("opens a .veld source into the editor under its name", async () => {
    await page.setInputFiles("#open", {
      name: "mine.veld",
      mimeType: "text/plain",
      buffer: Buffer.from('println("mine")\n'),
    });
    await page.waitForFunction(
      () => document.querySelector("#file-name")?.textContent === "mine.veld",
    );
    expect(await editorText()).toBe('println("mine")\n');
    await click("#run");
    expect(await text("#output")).toBe("mine\n");
  });

  it("`vite preview` prints its address and serves the page cross-origin isolated", async () => {
    const vite = join(ROOT, "node_modules/vite/bin/vite.js");
    const config = join(ROOT, "tools/playground/vite.config.ts");
    const child = spawn(
      process.execPath,
      [vite, "preview", "--config", config, "--outDir", outDir, "--port", "4319"],
      {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    try {
      let printed = "";
      const url = await new Promise<string>((ok, fail) => {
        const timer = setTimeout(() => fail(new Error(`no address printed: ${printed}`)), 30_000);
        const seen = (chunk: Buffer) => {
          printed += chunk.toString().replace(/\x1b\[[0-9;]*m/g, "");
          const m = /Local:\s+(http:\/\/\S+)/.exec(printed);
          if (m) (clearTimeout(timer), ok(m[1]!));
        };
        child.stdout.on("data", seen);
        child.stderr.on("data", seen);
      });
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("Veld playground");
      expect(response.headers.get("cross-origin-embedder-policy")).toBe("require-corp");
    } finally {
      child.kill();
    }
  });

  it("made no request outside its own origin and raised no page error", () => {
    expect(foreign).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
