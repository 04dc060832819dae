// The playground page: edit Veld source, compile it in the page (front end + compiler), run
// the bytes in a worker that holds only the runtime, and show the annotated disassembly and
// hex dump of the `.veldc`. "Open .veldc" runs a file with the runtime alone. No server: every
// library here is the portable code of this package, bundled into static files.

import { compileSource } from "../../../compiler/index.js";
import { renderDiagnostics } from "../../../language/index.js";
import { disassemble, hexDump } from "../../../assembler/index.js";
import { EXAMPLES } from "./examples.js";
import type { RunMessage, RunRequest } from "./protocol.js";
import "./style.css";

/** Output kept on screen; a chatty program's further output is dropped (the run goes on). */
const MAX_OUTPUT = 200_000;

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`playground: #${id} is missing from index.html`);
  return el as T;
}

const ui = {
  example: byId<HTMLSelectElement>("example"),
  compile: byId<HTMLButtonElement>("compile"),
  run: byId<HTMLButtonElement>("run"),
  disassemble: byId<HTMLButtonElement>("disassemble"),
  stop: byId<HTMLButtonElement>("stop"),
  optimize: byId<HTMLSelectElement>("optimize"),
  strip: byId<HTMLInputElement>("strip"),
  maxSteps: byId<HTMLInputElement>("max-steps"),
  download: byId<HTMLButtonElement>("download"),
  open: byId<HTMLInputElement>("open"),
  fileName: byId<HTMLSpanElement>("file-name"),
  gutter: byId<HTMLPreElement>("gutter"),
  source: byId<HTMLTextAreaElement>("source"),
  status: byId<HTMLSpanElement>("status"),
  output: byId<HTMLPreElement>("output"),
  tabDisassembly: byId<HTMLButtonElement>("tab-disassembly"),
  tabHex: byId<HTMLButtonElement>("tab-hex"),
  moduleInfo: byId<HTMLSpanElement>("module-info"),
  disassembly: byId<HTMLPreElement>("disassembly"),
  hex: byId<HTMLPreElement>("hex"),
};

/** The module the listing panes show: compiled from the editor or opened from disk. */
interface Artifact {
  readonly bytes: Uint8Array;
  /** Name of the source file (compiled) or of the opened `.veldc`. */
  readonly name: string;
  /** The source it was compiled from; absent for an opened file. */
  readonly source?: string;
  /** Options and source it was compiled with, to reuse it while nothing changed. */
  readonly key?: string;
}

let fileName = "playground.veld";
let artifact: Artifact | undefined;
let worker: Worker | undefined;
let outputSize = 0;

// ---- editor ----

let gutterLines = 0;

function updateGutter(): void {
  const lines = ui.source.value.split("\n").length;
  if (lines === gutterLines) return;
  gutterLines = lines;
  ui.gutter.textContent = Array.from({ length: lines }, (_, i) => i + 1).join("\n");
}

function setSource(text: string, name: string): void {
  ui.source.value = text;
  fileName = name;
  ui.fileName.textContent = name;
  updateGutter();
}

ui.source.addEventListener("input", updateGutter);
ui.source.addEventListener("scroll", () => {
  ui.gutter.scrollTop = ui.source.scrollTop;
});
ui.source.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    void runSource();
  } else if (e.key === "Tab" && !e.shiftKey) {
    e.preventDefault();
    ui.source.setRangeText("  ", ui.source.selectionStart, ui.source.selectionEnd, "end");
    updateGutter();
  }
});

for (const [i, ex] of EXAMPLES.entries()) ui.example.add(new Option(ex.fileName, String(i)));
ui.example.addEventListener("change", () => {
  const ex = EXAMPLES[Number(ui.example.value)];
  if (ex) setSource(ex.source, ex.fileName);
});

// ---- output ----

function clearOutput(): void {
  ui.output.textContent = "";
  outputSize = 0;
}

function print(text: string, kind: "out" | "err" | "error" | "note" = "out"): void {
  if (outputSize >= MAX_OUTPUT) return;
  let shown = text;
  if (outputSize + text.length > MAX_OUTPUT) {
    shown = text.slice(0, MAX_OUTPUT - outputSize) + "\n… output truncated\n";
  }
  outputSize += shown.length;
  const last = ui.output.lastElementChild;
  if (last instanceof HTMLSpanElement && last.className === kind) last.append(shown);
  else {
    const span = document.createElement("span");
    span.className = kind;
    span.textContent = shown;
    ui.output.append(span);
  }
  ui.output.scrollTop = ui.output.scrollHeight;
}

function setStatus(text: string, kind: "ok" | "error" | "busy" = "ok"): void {
  ui.status.textContent = text;
  ui.status.dataset.kind = kind;
}

// ---- compiling and listing ----

function compileKey(source: string): string {
  return `${ui.optimize.value}|${ui.strip.checked}|${fileName}|${source}`;
}

/** Compiles the editor's source (or reuses the last result); reports diagnostics itself. */
function compile(): Artifact | undefined {
  const source = ui.source.value;
  const key = compileKey(source);
  if (artifact?.key === key) return artifact;
  const start = performance.now();
  let result;
  try {
    result = compileSource(source, {
      fileName,
      strip: ui.strip.checked,
      optimize: ui.optimize.value === "0" ? 0 : 1,
    });
  } catch (e) {
    clearModule();
    clearOutput();
    print(`internal compiler error: ${e instanceof Error ? e.message : String(e)}\n`, "error");
    setStatus("compiler failed", "error");
    return undefined;
  }
  if (!result.bytes) {
    clearModule();
    clearOutput();
    print(renderDiagnostics(result.diagnostics, source, fileName) + "\n", "error");
    const n = result.diagnostics.length;
    setStatus(`${n} compile error${n === 1 ? "" : "s"}`, "error");
    return undefined;
  }
  const ms = performance.now() - start;
  artifact = { bytes: result.bytes, name: fileName, source, key };
  showModule(artifact, `compiled in ${ms.toFixed(1)} ms`);
  return artifact;
}

function showModule(a: Artifact, how: string): void {
  ui.moduleInfo.textContent = `${veldcName(a.name)} · ${a.bytes.length} bytes · ${how}`;
  ui.disassembly.textContent = listing(() =>
    disassemble(a.bytes, { annotate: true, sourceText: a.source }),
  );
  ui.hex.textContent = listing(() => hexDump(a.bytes));
}

/** Empties the listing panes, so they never show a module older than the source's errors. */
function clearModule(): void {
  artifact = undefined;
  ui.moduleInfo.textContent = "";
  ui.disassembly.textContent = "";
  ui.hex.textContent = "";
}

/** A listing, or why the bytes have none (an opened file may be malformed). */
function listing(make: () => string): string {
  try {
    return make();
  } catch (e) {
    const err = e as { code?: string; offset?: number; message?: string };
    const at = err.offset === undefined ? "" : ` at 0x${err.offset.toString(16)}`;
    return `cannot decode this file: error[${err.code ?? "?"}]${at}: ${err.message ?? String(e)}`;
  }
}

function veldcName(name: string): string {
  return name.replace(/\.(veld|veldc)$/, "") + ".veldc";
}

function selectTab(tab: "disassembly" | "hex"): void {
  ui.tabDisassembly.setAttribute("aria-selected", String(tab === "disassembly"));
  ui.tabHex.setAttribute("aria-selected", String(tab === "hex"));
  ui.disassembly.hidden = tab !== "disassembly";
  ui.hex.hidden = tab !== "hex";
}

// ---- running ----

function stepBudget(): number {
  const n = Math.floor(Number(ui.maxSteps.value));
  return Number.isFinite(n) && n > 0 ? n : 50_000_000;
}

function setRunning(running: boolean): void {
  ui.run.disabled = running;
  ui.stop.disabled = !running;
  ui.open.disabled = running;
}

/** Runs bytes in a fresh worker; resolves when the run ends or is stopped. */
function runBytes(bytes: Uint8Array, label: string): Promise<void> {
  clearOutput();
  setRunning(true);
  setStatus(`running ${label}…`, "busy");
  const w = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
  worker = w;
  return new Promise((resolve) => {
    const finish = () => {
      w.terminate();
      if (worker === w) worker = undefined;
      setRunning(false);
      resolve();
    };
    w.onmessage = ({ data }: MessageEvent<RunMessage>) => {
      if (data.type === "output") {
        print(data.text, data.stream);
        return;
      }
      if (data.report) print(data.report, "error");
      const stats = `${data.steps.toLocaleString("en")} steps · ${data.ms.toFixed(1)} ms`;
      if (data.status === "ok") setStatus(`${label}: finished · ${stats}`, "ok");
      else if (data.status === "error") setStatus(`${label}: runtime error · ${stats}`, "error");
      else setStatus(`${label}: could not be loaded`, "error");
      finish();
    };
    w.onerror = (e) => {
      print(`worker failed: ${e.message}\n`, "error");
      setStatus("worker failed", "error");
      finish();
    };
    ui.stop.onclick = () => {
      print("\n[stopped]\n", "note");
      setStatus(`${label}: stopped`, "error");
      finish();
    };
    const request: RunRequest = { bytes, maxSteps: stepBudget() };
    w.postMessage(request);
  });
}

async function runSource(): Promise<void> {
  if (worker) return;
  const a = compile();
  if (a) await runBytes(a.bytes, a.name);
}

ui.compile.addEventListener("click", () => {
  const before = artifact;
  const a = compile();
  if (!a) return;
  clearOutput();
  print(
    `compiled ${a.name} → ${a.bytes.length} bytes${a === before ? " (unchanged)" : ""}\n`,
    "note",
  );
  setStatus(`compiled · ${a.bytes.length} bytes`, "ok");
});
ui.run.addEventListener("click", () => void runSource());
ui.disassemble.addEventListener("click", () => {
  if (compile()) selectTab("disassembly");
});
ui.tabDisassembly.addEventListener("click", () => selectTab("disassembly"));
ui.tabHex.addEventListener("click", () => selectTab("hex"));
// A listing of compiled source follows the options; an opened file's listing stays.
for (const option of [ui.optimize, ui.strip]) {
  option.addEventListener("change", () => {
    if (artifact?.key) compile();
  });
}

// Saves the editor's program, compiled with the current options.
ui.download.addEventListener("click", () => {
  const a = compile();
  if (!a) return;
  const url = URL.createObjectURL(
    new Blob([a.bytes.slice()], { type: "application/octet-stream" }),
  );
  const link = document.createElement("a");
  link.href = url;
  link.download = veldcName(a.name);
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
});

// Opening a file runs it with the runtime alone: the compiler is not involved in this path.
ui.open.addEventListener("change", async () => {
  const file = ui.open.files?.[0];
  ui.open.value = "";
  if (!file || worker) return;
  const bytes = new Uint8Array(await file.arrayBuffer());
  artifact = { bytes, name: file.name };
  showModule(artifact, "opened");
  await runBytes(bytes, file.name);
});

const first = EXAMPLES[0];
if (first) setSource(first.source, first.fileName);
else setSource('println("Hello, Veld!")\n', fileName);
ui.source.focus();
