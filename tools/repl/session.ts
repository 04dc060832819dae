// A REPL session on the bytecode runtime (docs/tools.md §veldc repl). Host-neutral (no Node
// built-ins) so a browser page can drive it too; tools/repl/terminal.ts is the Node front end.
//
// How state persists: the session keeps the text of every accepted input and compiles them
// together with the new one as one program (so every construct — closures, structs, enums,
// shadowing — means exactly what it means in a file), then runs that program on a fresh VM.
// Earlier inputs are *replayed*, not repeated: their output is checked against what they
// printed the first time and swallowed, and the host's clock and input lines they consumed
// are served back from a recording, so the VM (deterministic apart from the host) rebuilds
// the same state without a visible side effect. The price is re-running earlier inputs.
// An input that stops with a runtime error (or ends the program with a top-level `return`) is
// not kept, except for its declarations (fn, struct, enum, impl, import), which have no
// effects of their own.

import { compileSource } from "../../compiler/index.js";
import { disassemble } from "../../assembler/index.js";
import { lex, parse, renderDiagnostic, type Diagnostic, type Stmt } from "../../language/index.js";
import type { Module } from "../../format/module.js";
import {
  formatFrame,
  loadModule,
  type Host,
  type RunOptions,
  type TraceFrame,
} from "../../runtime/index.js";

/** Where the session writes: program output, and diagnostics/errors. */
export interface ReplOutput {
  write(text: string): void;
  writeErr(text: string): void;
}

export interface ReplOptions extends RunOptions {
  /** The host clock (milliseconds since the epoch) for `std.time.now`. */
  readonly now?: () => number;
  /** A line of program input for `read_line`; undefined is end of input (the default). */
  readonly readLine?: () => string | undefined;
}

export type EvalStatus = "ok" | "empty" | "diagnostics" | "error";

/** What running an input produced: replaying it must reproduce exactly this. */
interface Recorded {
  /** Instructions the input executed. */
  readonly steps: number;
  readonly out: string;
  readonly err: string;
  readonly clock: readonly number[];
  readonly lines: readonly (string | undefined)[];
}

/** An accepted input: its text as compiled and its recording. */
interface Entry extends Source, Recorded {
  readonly name: string;
}

/** An input as compiled, and as typed (when the session rewrote it to print its value). */
interface Source {
  readonly text: string;
  readonly typed?: string;
  readonly shift?: Shift;
}

/** Where one input sits in the composed program text. */
interface Placed extends Source {
  readonly name: string;
  readonly offset: number;
  /** Lines of the composed text before this input's first line. */
  readonly line: number;
}

/** Columns from `from` on line `line` of an input were moved right by `by` characters. */
interface Shift {
  readonly line: number;
  readonly from: number;
  readonly by: number;
}

function unshift(shift: Shift | undefined, line: number, col: number): number {
  return shift && line === shift.line && col >= shift.from ? col - shift.by : col;
}

const VALUE = "__repl_value";
const DIS_FN = "__expr";
const DIS_PREFIX = `fn ${DIS_FN}() => (`;

/**
 * Whether `text` stops in the middle of a construct (an open `fn … end`, a trailing operator,
 * an unclosed bracket, string or block comment): the caller should read another line.
 */
export function isIncomplete(text: string): boolean {
  if (text.trim() === "") return false;
  return parse(text).diagnostics.some(
    (d) =>
      d.code === "E0202" || // missing `end`
      d.code === "E0103" || // unterminated block comment
      d.code === "E0102" || // unterminated string (strings may span lines)
      d.message.includes("end of input") ||
      d.message === "unclosed `(`" ||
      d.span.start.offset >= text.trimEnd().length,
  );
}

export class ReplSession {
  private entries: Entry[] = [];
  private counter = 0;

  constructor(
    private readonly out: ReplOutput,
    private readonly options: ReplOptions = {},
  ) {}

  /** Forgets every definition. */
  reset(): void {
    this.entries = [];
  }

  /**
   * Compiles and runs one complete input against the session. A final expression's value is
   * printed (unless it is `()`); diagnostics and runtime errors go to writeErr.
   */
  eval(text: string, name = `<repl:${++this.counter}>`): EvalStatus {
    const parsed = parse(text, name);
    if (parsed.diagnostics.length > 0) {
      this.out.writeErr(renderAll(parsed.diagnostics, text, name));
      return "diagnostics";
    }
    const stmts = parsed.program.stmts;
    if (stmts.length === 0) return "empty";

    // Compile the input as written first: its diagnostics then point at what the user typed.
    const checked = this.compile({ text }, name);
    if (checked.diagnostics) {
      this.out.writeErr(checked.diagnostics);
      return "diagnostics";
    }
    const last = stmts[stmts.length - 1]!;
    const shown = last.kind === "ExprStmt" ? showValue(text, last) : undefined;
    const withValue = shown ? this.compile(shown, name) : undefined;
    const [source, compiled] = withValue?.module ? [shown!, withValue] : [{ text }, checked];
    const run = this.run(compiled.module!, compiled.placed);
    // A top-level `return` ends the program: replayed, it would stop every later input.
    if (run.ok && stmts.some(returnsFromMain)) {
      this.keepDeclarations(text, stmts, name);
      return "ok";
    }
    if (run.ok) {
      // The value display is kept too: replaying it prints what the recording holds.
      this.entries.push({ name, ...source, ...run.recorded });
      return "ok";
    }
    this.keepDeclarations(text, stmts, name);
    return "error";
  }

  /** The annotated bytecode of an expression, compiled as a function of the session. */
  disassembleExpr(expr: string): string | undefined {
    const name = "<dis>";
    const parsed = parse(expr, name);
    if (parsed.diagnostics.length > 0) {
      this.out.writeErr(renderAll(parsed.diagnostics, expr, name));
      return undefined;
    }
    const shift = { line: 1, from: DIS_PREFIX.length + 1, by: DIS_PREFIX.length };
    const compiled = this.compile({ text: `${DIS_PREFIX}${expr}\n)`, typed: expr, shift }, name);
    if (compiled.diagnostics) {
      this.out.writeErr(compiled.diagnostics);
      return undefined;
    }
    return functionListing(disassemble(compiled.module!, { annotate: true, debug: false }));
  }

  /** The composed program: every accepted input, then the new one. */
  private compose(input: Source, name: string): { source: string; placed: Placed[] } {
    let source = "";
    let line = 0;
    const placed: Placed[] = [];
    for (const e of [...this.entries, { ...input, name }]) {
      const { text, typed, shift } = e;
      placed.push({ name: e.name, text, typed, shift, offset: source.length, line });
      // Each input ends its last statement, so the next one can't continue it (`x` then `- 1`).
      const piece = text + (endsWithSemicolon(text) ? "\n" : "\n;\n");
      source += piece;
      line += lineBreaks(piece);
    }
    return { source, placed };
  }

  private compile(
    input: Source,
    name: string,
  ): { module?: Module; diagnostics?: string; placed: Placed[] } {
    const { source, placed } = this.compose(input, name);
    const result = compileSource(source, { fileName: "<repl>" });
    if (result.diagnostics.length === 0) return { module: result.module, placed };
    const rendered = result.diagnostics.map((d) => {
      const at = locate(placed, d.span.start.offset);
      return renderDiagnostic(relocate(d, at), at.typed ?? at.text, at.name);
    });
    return { diagnostics: rendered.join("\n\n") + "\n", placed };
  }

  private run(module: Module, placed: readonly Placed[]): { ok: boolean; recorded: Recorded } {
    const replay = new Replay(this.entries, this.out, this.options);
    // The step budget is per input: replaying earlier inputs takes the steps it took before.
    const replayed = this.entries.reduce((n, e) => n + e.steps, 0);
    const limits =
      this.options.maxSteps === undefined
        ? this.options
        : { ...this.options, maxSteps: this.options.maxSteps + replayed };
    const result = loadModule(module, { trusted: true }).run(replay.host, [], limits);
    const recorded = { ...replay.recorded(), steps: result.steps - replayed };
    if (replay.diverged) {
      this.out.writeErr(
        "error: replaying earlier inputs gave different output; this input is not kept\n",
      );
      return { ok: false, recorded };
    }
    if (result.status === "error") {
      const e = result.error!;
      const lines = [`error[${e.kind}]: ${e.message}`];
      for (const f of e.frames) lines.push(`  at ${frameAt(f, placed)}`);
      this.out.writeErr(lines.join("\n") + "\n");
      return { ok: false, recorded };
    }
    return { ok: true, recorded };
  }

  /** After a runtime error: keep the input's effect-free declarations if they compile alone. */
  private keepDeclarations(text: string, stmts: readonly Stmt[], name: string): void {
    const decls = stmts
      .filter((s) => DECLARATIONS.has(s.kind))
      .map((s) => text.slice(s.span.start.offset, s.span.end.offset));
    if (decls.length === 0) return;
    const declText = decls.join("\n");
    if (this.compile({ text: declText }, name).module) {
      this.entries.push({ name, text: declText, steps: 0, out: "", err: "", clock: [], lines: [] });
    }
  }
}

/** Whether a statement holds a `return` outside any function or lambda (it ends main). */
function returnsFromMain(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(returnsFromMain);
  if (typeof node !== "object" || node === null) return false;
  const kind = (node as { kind?: unknown }).kind;
  if (kind === "Return") return true;
  if (kind === "FnDecl" || kind === "Lambda") return false;
  return Object.entries(node).some(([key, value]) => key !== "span" && returnsFromMain(value));
}

const DECLARATIONS = new Set<Stmt["kind"]>([
  "FnDecl",
  "StructDecl",
  "EnumDecl",
  "ImplDecl",
  "KindDecl",
  "ImportDecl",
  "TypeAlias",
]);

/**
 * The host of one run: swallows (and checks) the output earlier inputs already produced,
 * answers their clock and input reads from the recording, and records the new input's.
 */
class Replay {
  diverged = false;
  private outPos = 0;
  private errPos = 0;
  private clockPos = 0;
  private linePos = 0;
  private readonly prevOut: string;
  private readonly prevErr: string;
  private readonly prevClock: number[];
  private readonly prevLines: (string | undefined)[];
  private newOut = "";
  private newErr = "";
  private readonly newClock: number[] = [];
  private readonly newLines: (string | undefined)[] = [];
  readonly host: Host;

  constructor(entries: readonly Entry[], out: ReplOutput, options: ReplOptions) {
    this.prevOut = entries.map((e) => e.out).join("");
    this.prevErr = entries.map((e) => e.err).join("");
    this.prevClock = entries.flatMap((e) => e.clock);
    this.prevLines = entries.flatMap((e) => e.lines);
    this.host = {
      write: (text) => {
        const fresh = this.skip(text, "out");
        if (fresh) ((this.newOut += fresh), out.write(fresh));
      },
      writeErr: (text) => {
        const fresh = this.skip(text, "err");
        if (fresh) ((this.newErr += fresh), out.writeErr(fresh));
      },
      now: () => {
        if (this.clockPos < this.prevClock.length) return this.prevClock[this.clockPos++]!;
        const t = options.now ? options.now() : Date.now();
        this.newClock.push(t);
        return t;
      },
      readLine: () => {
        if (this.linePos < this.prevLines.length) return this.prevLines[this.linePos++];
        const line = options.readLine?.();
        this.newLines.push(line);
        return line;
      },
    };
  }

  /** The part of `text` past the replayed output; flags a mismatch with the recording. */
  private skip(text: string, stream: "out" | "err"): string {
    const prev = stream === "out" ? this.prevOut : this.prevErr;
    const pos = stream === "out" ? this.outPos : this.errPos;
    const n = Math.min(text.length, prev.length - pos);
    if (n > 0 && text.slice(0, n) !== prev.slice(pos, pos + n)) this.diverged = true;
    if (stream === "out") this.outPos += n;
    else this.errPos += n;
    return text.slice(n);
  }

  recorded(): Omit<Recorded, "steps"> {
    return { out: this.newOut, err: this.newErr, clock: this.newClock, lines: this.newLines };
  }
}

/**
 * The input with its final expression bound and printed: `let __repl_value = (e)` and a
 * println unless it is `()`. The binding starts on the expression's own line, so only that
 * line's columns move.
 */
function showValue(text: string, stmt: Extract<Stmt, { kind: "ExprStmt" }>): Source {
  const { start, end } = stmt.span;
  const prefix = `let ${VALUE} = (`;
  const shown =
    text.slice(0, start.offset) +
    prefix +
    text.slice(start.offset, end.offset) +
    `)\nif ${VALUE} != () then std.io.println(${VALUE}) end` +
    text.slice(end.offset);
  const shift = { line: start.line, from: start.col + prefix.length, by: prefix.length };
  return { text: shown, typed: text, shift };
}

function locate(placed: readonly Placed[], offset: number): Placed {
  let at = placed[0]!;
  for (const p of placed) if (p.offset <= offset) at = p;
  return at;
}

/** A stack frame with its position in the input (as typed) that holds it. */
function frameAt(f: TraceFrame, placed: readonly Placed[]): string {
  if (f.line === undefined || f.line <= 0) return formatFrame(f);
  // The input holding composed line L is the first whose successor starts at L or later.
  const at = placed.find((_, i) => i + 1 === placed.length || placed[i + 1]!.line >= f.line!)!;
  const line = f.line - at.line;
  return `${f.function} (${at.name}:${line}:${unshift(at.shift, line, f.column ?? 0)})`;
}

/** A diagnostic of the composed text moved into its input's own (typed) coordinates. */
function relocate(d: Diagnostic, at: Placed): Diagnostic {
  const move = (p: Diagnostic["span"]["start"]) => {
    const line = p.line - at.line;
    const col = unshift(at.shift, line, p.col);
    return { line, col, offset: Math.max(0, p.offset - at.offset) };
  };
  return { ...d, span: { start: move(d.span.start), end: move(d.span.end) } };
}

function renderAll(ds: readonly Diagnostic[], text: string, name: string): string {
  return ds.map((d) => renderDiagnostic(d, text, name)).join("\n\n") + "\n";
}

function endsWithSemicolon(text: string): boolean {
  const tokens = lex(text).tokens.filter((t) => t.kind !== "eof");
  return tokens.length > 0 && tokens[tokens.length - 1]!.kind === ";";
}

function lineBreaks(text: string): number {
  return text.split(/\r\n|\n|\r/).length - 1;
}

/** The listing of `__expr` and the functions nested in it, from a whole-module listing. */
function functionListing(listing: string): string {
  const blocks = new Map<string, { name: string; text: string }>();
  for (const m of listing.matchAll(/^\.function (F\d+) "([^"]*)"\n[\s\S]*?^\.end$/gm)) {
    blocks.set(m[1]!, { name: m[2]!, text: m[0] });
  }
  const root = [...blocks].find(([, b]) => b.name === DIS_FN);
  if (!root) return listing;
  const out: string[] = [];
  const visit = (id: string) => {
    const block = blocks.get(id);
    if (!block) return;
    out.push(block.text);
    for (const c of block.text.matchAll(/^\s*\.child \S+ (F\d+)/gm)) visit(c[1]!);
  };
  visit(root[0]);
  return out.join("\n\n") + "\n";
}
