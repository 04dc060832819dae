// The playground page: edit Veld source (CodeMirror 6 with Veld highlighting and inline
// diagnostics), compile it in the page (front end + compiler), run the bytes in a worker that
// holds only the runtime, and show the annotated disassembly and hex dump of the `.veldc`.
// "Open…" loads a `.veld` into the editor or runs a `.veldc` with the runtime alone. The
// program is kept across reloads (localStorage) and "Share" puts it in a link (share.ts). No
// server: every library here is bundled into static files.

import { basicSetup } from "codemirror";
import { EditorView, keymap } from "@codemirror/view";
import { EditorState } from "@codemirror/state";
import { indentWithTab } from "@codemirror/commands";
import { linter, lintGutter, type Diagnostic as EditorDiagnostic } from "@codemirror/lint";
import { compileSource } from "../../../compiler/index.js";
import { renderDiagnostics, type Diagnostic } from "../../../language/index.js";
import { disassemble, hexDump } from "../../../assembler/index.js";
import { EXAMPLES } from "./examples.js";
import {
  EOF,
  LENGTH,
  LINE_BYTES,
  READY,
  STATE,
  type RunMessage,
  type RunRequest,
} from "./protocol.js";
import { sharedProgram, shareHash } from "./share.js";
import { veldLanguage } from "./veld-mode.js";
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
  share: byId<HTMLButtonElement>("share"),
  fileName: byId<HTMLSpanElement>("file-name"),
  editor: byId<HTMLDivElement>("editor"),
  stdinRow: byId<HTMLFormElement>("stdin-row"),
  stdin: byId<HTMLInputElement>("stdin"),
  stdinEof: byId<HTMLButtonElement>("stdin-eof"),
  inputBox: byId<HTMLLabelElement>("input-box"),
  inputLines: byId<HTMLTextAreaElement>("input-lines"),
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

/** Where the page keeps the program between visits. */
const STORAGE_KEY = "veld-playground";

/** The diagnostics of the source as it is now, marked in the editor. */
function checkSource(view: EditorView): EditorDiagnostic[] {
  const source = view.state.doc.toString();
  let diagnostics: readonly Diagnostic[];
  try {
    diagnostics = compileSource(source, { fileName }).diagnostics;
  } catch {
    return [];
  }
  const length = view.state.doc.length;
  return diagnostics.map((d) => {
    const from = Math.min(d.span.start.offset, length);
    const to = Math.min(Math.max(d.span.end.offset, from), length);
    const message = `error[${d.code}]: ${d.message}${d.hint ? `\nhelp: ${d.hint}` : ""}`;
    return { from, to, severity: "error", message };
  });
}

const editor = new EditorView({
  parent: ui.editor,
  state: EditorState.create({
    doc: "",
    extensions: [
      basicSetup,
      veldLanguage,
      lintGutter(),
      linter(checkSource, { delay: 300 }),
      keymap.of([
        {
          key: "Mod-Enter",
          run: () => {
            void runSource();
            return true;
          },
        },
        indentWithTab,
      ]),
      EditorState.tabSize.of(2),
      EditorView.contentAttributes.of({ "aria-label": "Veld source" }),
      EditorView.updateListener.of((u) => {
        if (u.docChanged && !loading) edited();
      }),
    ],
  }),
});

/** True while the page itself replaces the text (not an edit by the user). */
let loading = false;

function source(): string {
  return editor.state.doc.toString();
}

function setSource(text: string, name: string): void {
  loading = true;
  editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: text } });
  loading = false;
  setFileName(name);
  save();
}

/** The pane title names what the editor holds, and what an opened module came from. */
function setFileName(name: string): void {
  fileName = name;
  ui.fileName.textContent = name;
  document.title = `${name} · Veld playground`;
}

function edited(): void {
  ui.fileName.textContent = fileName;
  // An edited program is no longer the one a shared link holds.
  if (location.hash) history.replaceState(null, "", location.pathname + location.search);
  save();
}

function save(): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ name: fileName, source: source() }));
  } catch {
    // Storage may be full or disabled: the program just isn't kept.
  }
}

function saved(): { name: string; source: string } | undefined {
  try {
    const value = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "null") as unknown;
    const v = value as { name?: unknown; source?: unknown } | null;
    if (v && typeof v.name === "string" && typeof v.source === "string")
      return { name: v.name, source: v.source };
  } catch {
    // A damaged entry is ignored.
  }
  return undefined;
}

for (const [i, ex] of EXAMPLES.entries()) ui.example.add(new Option(ex.fileName, String(i)));
ui.example.addEventListener("change", () => {
  const ex = EXAMPLES[Number(ui.example.value)];
  if (ex) setSource(ex.source, ex.fileName);
});

ui.share.addEventListener("click", async () => {
  const hash = await shareHash(fileName, source());
  history.replaceState(null, "", hash);
  const link = location.href;
  try {
    await navigator.clipboard.writeText(link);
    setStatus("link copied to the clipboard", "ok");
  } catch {
    setStatus("link in the address bar", "ok");
  }
});

// ---- output ----

function clearOutput(): void {
  ui.output.textContent = "";
  outputSize = 0;
}

function print(text: string, kind: "out" | "err" | "error" | "note" | "input" = "out"): void {
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
  const source = editor.state.doc.toString();
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

/** `1 step`, `2 steps`, `1,000 steps`. */
export function plural(n: number, noun: string): string {
  return `${n.toLocaleString("en")} ${noun}${n === 1 ? "" : "s"}`;
}

function stepBudget(): number {
  const n = Math.floor(Number(ui.maxSteps.value));
  return Number.isFinite(n) && n > 0 ? n : 50_000_000;
}

function setRunning(running: boolean): void {
  ui.run.disabled = running;
  ui.stop.disabled = !running;
  ui.open.disabled = running;
}

/**
 * What the run's `std.io.read_line` reads: lines typed while it runs when the page is
 * cross-origin isolated (the worker can wait on shared memory), else the Input box's lines.
 */
function programInput(): RunRequest["input"] {
  if (globalThis.crossOriginIsolated) {
    return {
      kind: "interactive",
      control: new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT),
      line: new SharedArrayBuffer(LINE_BYTES),
    };
  }
  const lines = ui.inputLines.value.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return { kind: "lines", lines };
}

/** Hands the waiting program a typed line, or end of input (undefined). */
function answer(input: RunRequest["input"], line: string | undefined): void {
  ui.stdinRow.hidden = true;
  if (input.kind !== "interactive") return;
  const control = new Int32Array(input.control);
  if (line === undefined) Atomics.store(control, STATE, EOF);
  else {
    const bytes = new TextEncoder().encode(line).subarray(0, LINE_BYTES);
    new Uint8Array(input.line).set(bytes);
    Atomics.store(control, LENGTH, bytes.length);
    Atomics.store(control, STATE, READY);
  }
  Atomics.notify(control, STATE);
}

/** Runs bytes in a fresh worker; resolves when the run ends or is stopped. */
function runBytes(bytes: Uint8Array, label: string): Promise<void> {
  clearOutput();
  setRunning(true);
  setStatus(`running ${label}…`, "busy");
  const w = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
  worker = w;
  const input = programInput();
  return new Promise((resolve) => {
    const finish = () => {
      answer(input, undefined);
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
      if (data.type === "read-line") {
        setStatus(`${label}: waiting for input`, "busy");
        ui.stdinRow.hidden = false;
        ui.stdin.focus();
        ui.stdinRow.onsubmit = (e) => {
          e.preventDefault();
          const line = ui.stdin.value;
          ui.stdin.value = "";
          print(line + "\n", "input");
          setStatus(`running ${label}…`, "busy");
          answer(input, line);
        };
        ui.stdinEof.onclick = () => answer(input, undefined);
        return;
      }
      if (data.report) print(data.report, "error");
      const stats = `${plural(data.steps, "step")} · ${data.ms.toFixed(1)} ms`;
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
    const request: RunRequest = { bytes, maxSteps: stepBudget(), input };
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

// Opening a `.veld` puts it in the editor; opening anything else runs it as a `.veldc` with
// the runtime alone: the compiler is not involved in that path.
ui.open.addEventListener("change", async () => {
  const file = ui.open.files?.[0];
  ui.open.value = "";
  if (!file || worker) return;
  if (file.name.endsWith(".veld")) {
    setSource(await file.text(), file.name);
    return;
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  artifact = { bytes, name: file.name };
  ui.fileName.textContent = file.name; // until the source is edited again
  showModule(artifact, "opened");
  await runBytes(bytes, file.name);
});

// Scripting and tests: the editor's text, and replacing it as an opened file would.
Object.assign(globalThis, {
  playground: { source, setSource, editor },
});

ui.inputBox.hidden = globalThis.crossOriginIsolated;

/** The program to start with: a shared link's, else the one kept from the last visit. */
async function start(): Promise<void> {
  const shared = await sharedProgram(location.hash);
  const kept = saved();
  const first = EXAMPLES[0];
  if (shared) setSource(shared.source, shared.name);
  else if (kept) setSource(kept.source, kept.name);
  else if (first) setSource(first.source, first.fileName);
  else setSource('println("Hello, Veld!")\n', fileName);
  editor.focus();
}
void start();
