// A REPL session on the bytecode runtime (docs/tools.md §veldc repl). Host-neutral (no Node
// built-ins) so a browser page can drive it too; tools/repl/terminal.ts is the Node front end.
//
// How state persists: every input is compiled incrementally (compiler/index.ts SessionInput)
// against the session's environment, which is the text of the earlier inputs' declarations
// (their function bodies and other statements blanked out, line structure kept): the
// resolver sees them and decides what every name means, the compiler emits code only for
// the new input, and the new module's tables extend the previous one's. Every top-level
// variable lives in a global slot of one array the session keeps across runs, so an input
// runs once and never again; functions defined earlier are the closures already in their
// slots. A declaration that an input repeats (a function, type or variable of the same
// name) is blanked in the earlier input: the new definition wins, in the same slot, so
// earlier functions that call it call the new one.

import { compileSource, type SessionInput } from "../../compiler/index.js";
import { disassemble } from "../../assembler/index.js";
import {
  lex,
  parse,
  renderDiagnostic,
  type Diagnostic,
  type Stmt,
  type Pattern,
} from "../../language/index.js";
import type { Module } from "../../format/module.js";
import {
  formatFloat,
  formatFrame,
  formatValue,
  loadModule,
  type Program,
  type RtProto,
  type RunOptions,
  type TraceFrame,
  type Value,
} from "../../runtime/index.js";
import { Closure, VChar, VEnum, VFloat, VStruct, VTuple } from "../../runtime/values.js";

/** Where the session writes: program output, and diagnostics/errors. */
export interface ReplOutput {
  write(text: string): void;
  writeErr(text: string): void;
}

export interface ReplOptions extends Omit<RunOptions, "globals"> {
  /** The host clock (milliseconds since the epoch) for `std.time.now`. */
  readonly now?: () => number;
  /** A line of program input for `read_line`; undefined is end of input (the default). */
  readonly readLine?: () => string | undefined;
}

export type EvalStatus = "ok" | "empty" | "diagnostics" | "error";

/** An accepted input: its name, its text as compiled and the declarations that still count. */
interface Entry {
  readonly name: string;
  readonly text: string;
  /** Its top-level statements. */
  readonly stmts: readonly Stmt[];
  /** Those of them the session's environment keeps (not replaced by a later definition). */
  readonly kept: Set<Stmt>;
  /** Columns moved on one line when the session bound the final expression's value. */
  readonly shift?: Shift;
}

/** An input as compiled, and as typed (when the session rewrote it to keep its value). */
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
  /** The module of the last input that ran: the next one's tables extend it. */
  private prior: Module | undefined;
  private program: Program | undefined;
  /** The session's global slots, shared by every input's program. */
  private globals: Value[] = [];
  /** The module each function prototype came from (for `:dis name`). */
  private readonly protoModules = new Map<RtProto, Module>();
  /** Whether the last character written was a newline (or nothing was written yet). */
  private atLineStart = true;

  constructor(
    private readonly out: ReplOutput,
    private readonly options: ReplOptions = {},
  ) {}

  /** Forgets every definition. */
  reset(): void {
    this.entries = [];
    this.prior = undefined;
    this.program = undefined;
    this.globals = [];
    this.protoModules.clear();
  }

  /**
   * Compiles and runs one complete input against the session. A final expression's value is
   * echoed in a form that tells kinds apart (unless it is `()`); diagnostics and runtime
   * errors go to writeErr. Definitions made before a runtime error stay.
   */
  eval(text: string, name = `<repl:${++this.counter}>`): EvalStatus {
    const parsed = parse(text, name);
    if (parsed.diagnostics.length > 0) {
      this.out.writeErr(renderAll(parsed.diagnostics, text, name));
      return "diagnostics";
    }
    const stmts = parsed.program.stmts;
    if (stmts.length === 0) return "empty";
    const last = stmts[stmts.length - 1]!;
    const shown = last.kind === "ExprStmt" ? showValue(text, last) : undefined;
    let source: Source = shown ?? { text };
    let compiled = this.compile(source, name);
    if (compiled.diagnostics && shown) {
      // Report (or run) the input as typed: diagnostics then point at what the user wrote.
      source = { text };
      compiled = this.compile(source, name);
    }
    if (compiled.diagnostics) {
      this.out.writeErr(compiled.diagnostics);
      return "diagnostics";
    }
    const module = compiled.module!;
    const program = loadModule(module, { trusted: true, prior: this.program });
    for (const p of program.linked.protos) this.protoModules.set(p, module);
    const result = program.run(this.host(), [], {
      ...this.options,
      globals: this.globals,
    });
    // The input ran (in full or in part): its tables and slots are the session's now.
    this.prior = module;
    this.program = program;
    const ran = parse(source.text, name).program.stmts;
    if (result.status === "error") {
      const e = result.error!;
      const lines = [`error[${e.kind}]: ${e.message}`];
      for (const f of e.frames) lines.push(`  at ${frameAt(f, compiled.placed)}`);
      this.newLine();
      this.out.writeErr(lines.join("\n") + "\n");
      // Keep what exists: declarations, and variables whose slots were assigned.
      this.commit(source, ran, name, (s) => s.kind !== "Let" || this.assigned(s.pattern, module));
      return "error";
    }
    this.commit(source, ran, name, () => true);
    if (source !== shown) return "ok";
    const value = this.globals[globalSlot(module, VALUE)!];
    if (value !== undefined) {
      this.newLine();
      this.write(`${reprValue(value)}\n`);
    }
    return "ok";
  }

  /**
   * The annotated bytecode of a session function (`:dis f`), or else of an expression
   * compiled as a function of the session.
   */
  disassemble(arg: string): string | undefined {
    const named = /^[A-Za-z_][A-Za-z0-9_]*$/.test(arg) ? this.functionNamed(arg) : undefined;
    if (named) {
      const listing = disassemble(named.module, { annotate: true, debug: false });
      return functionListing(listing, `F${named.index}`);
    }
    const name = "<dis>";
    const parsed = parse(arg, name);
    if (parsed.diagnostics.length > 0) {
      this.out.writeErr(renderAll(parsed.diagnostics, arg, name));
      return undefined;
    }
    const shift = { line: 1, from: DIS_PREFIX.length + 1, by: DIS_PREFIX.length };
    const compiled = this.compile({ text: `${DIS_PREFIX}${arg}\n)`, typed: arg, shift }, name);
    if (compiled.diagnostics) {
      this.out.writeErr(compiled.diagnostics);
      return undefined;
    }
    const module = compiled.module!;
    const listing = disassemble(module, { annotate: true, debug: false });
    const root = module.functions.findIndex((f) => module.strings[f.name] === DIS_FN);
    return functionListing(listing, `F${root}`);
  }

  /** The closure a session global holds, with the module and index of its prototype. */
  private functionNamed(name: string): { module: Module; index: number } | undefined {
    const slot = this.prior && globalSlot(this.prior, name);
    const value = slot === undefined ? undefined : this.globals[slot];
    if (!(value instanceof Closure)) return undefined;
    const module = this.protoModules.get(value.proto);
    return module && { module, index: value.proto.index };
  }

  private host() {
    return {
      write: (text: string) => this.write(text),
      writeErr: (text: string) => this.out.writeErr(text),
      now: this.options.now,
      readLine: this.options.readLine ?? (() => undefined),
    };
  }

  private write(text: string): void {
    if (text === "") return;
    this.atLineStart = text.endsWith("\n");
    this.out.write(text);
  }

  /** Ends a line of program output that has no newline, so what follows starts a line. */
  private newLine(): void {
    if (!this.atLineStart) this.write("\n");
  }

  /** Whether every variable `p` binds has a value in its global slot. */
  private assigned(p: Pattern, module: Module): boolean {
    return bindingNames(p).every((n) => {
      const slot = globalSlot(module, n);
      return slot !== undefined && this.globals[slot] !== undefined;
    });
  }

  /**
   * Makes an input that ran part of the environment: the declarations it repeats are blanked
   * in earlier inputs, and it is kept reduced to the statements `keep` accepts.
   */
  private commit(
    source: Source,
    stmts: readonly Stmt[],
    name: string,
    keep: (s: Stmt) => boolean,
  ): void {
    // A `let` shadowed later in the same input is out of sight (closures that captured it
    // hold its own slot), so the environment declares each name once.
    const later = new Set<string>();
    const kept = stmts
      .filter((s) => DECLARATIONS.has(s.kind) && keep(s))
      .reverse()
      .filter((s) => {
        const hidden = s.kind === "Let" && supersedes(later, s);
        declaredNames([s]).forEach((n) => later.add(n));
        return !hidden;
      })
      .reverse();
    const names = declaredNames(kept);
    for (const e of this.entries)
      for (const s of e.kept) if (supersedes(names, s)) e.kept.delete(s);
    this.entries.push({ name, text: source.text, stmts, kept: new Set(kept), shift: source.shift });
  }

  /** The composed program: the environment, each earlier input on its own lines, then the new one. */
  private compose(
    input: Source,
    name: string,
  ): { source: string; placed: Placed[]; liveFrom: number } {
    const parsed = parse(input.text, name).program.stmts;
    const names = declaredNames(parsed);
    let source = "";
    let line = 0;
    const placed: Placed[] = [];
    const add = (p: Omit<Placed, "offset" | "line"> & { original?: string }) => {
      placed.push({ ...p, offset: source.length, line });
      // Each input ends its last statement, so the next one can't continue it (`x` then `- 1`).
      const piece = p.text + separator(p.original ?? p.text, p.text);
      source += piece;
      line += lineBreaks(piece);
    };
    for (const e of this.entries) {
      // What the new input declares again is left out: its definition replaces the old one.
      add({
        original: e.text,
        name: e.name,
        text: environment(e.text, e.stmts, (s) => e.kept.has(s) && !supersedes(names, s)),
        shift: e.shift,
      });
    }
    const liveFrom = source.length;
    add({ ...input, name });
    return { source, placed, liveFrom };
  }

  private compile(
    input: Source,
    name: string,
  ): { module?: Module; diagnostics?: string; placed: Placed[] } {
    const { source, placed, liveFrom } = this.compose(input, name);
    const session: SessionInput = { prior: this.prior, liveFrom };
    const result = compileSource(source, { fileName: "<repl>", session });
    if (result.diagnostics.length === 0) return { module: result.module, placed };
    const rendered = result.diagnostics.map((d) => {
      const at = locate(placed, d.span.start.offset);
      return renderDiagnostic(relocate(d, at), at.typed ?? at.text, at.name);
    });
    return { diagnostics: rendered.join("\n\n") + "\n", placed };
  }
}

const DECLARATIONS = new Set<Stmt["kind"]>([
  "Let",
  "FnDecl",
  "StructDecl",
  "EnumDecl",
  "ImplDecl",
  "KindDecl",
  "ImportDecl",
  "TypeAlias",
]);

/** The names a pattern binds. */
function bindingNames(p: Pattern): string[] {
  const names: string[] = [];
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(visit);
    if (typeof n !== "object" || n === null) return;
    const node = n as { kind?: string; name?: string };
    if (node.kind === "BindingPat" && node.name !== undefined) names.push(node.name);
    for (const [key, value] of Object.entries(n)) if (key !== "span") visit(value);
  };
  visit(p);
  return names;
}

/** The top-level names statements declare: functions, types and variables. */
function declaredNames(stmts: readonly Stmt[]): Set<string> {
  const names = new Set<string>();
  for (const s of stmts) {
    if (s.kind === "Let") bindingNames(s.pattern).forEach((n) => names.add(n));
    else if (s.kind === "FnDecl" || s.kind === "StructDecl" || s.kind === "EnumDecl")
      names.add(s.name);
  }
  return names;
}

/** Whether a later declaration of `names` replaces statement `s` (an `impl` goes with its type). */
function supersedes(names: ReadonlySet<string>, s: Stmt): boolean {
  if (s.kind === "Let") return bindingNames(s.pattern).some((n) => names.has(n));
  if (s.kind === "FnDecl" || s.kind === "StructDecl" || s.kind === "EnumDecl")
    return names.has(s.name);
  if (s.kind === "ImplDecl") return names.has(s.typeName);
  return false;
}

/**
 * `text` as the environment of later inputs: only the statements `keep` accepts, and of
 * those no function bodies (the functions exist already; their code is never compiled
 * again). Everything left out becomes blank, newlines kept, so every line keeps its number
 * (stack frames of earlier functions name lines of this text).
 */
function environment(text: string, stmts: readonly Stmt[], keep: (s: Stmt) => boolean): string {
  const cuts: { start: number; end: number; by: string }[] = [];
  const bodyOf = (f: { body: unknown }) => {
    const body = f.body as { kind: string; span: Stmt["span"] } | null;
    if (body)
      cuts.push({
        start: body.span.start.offset,
        end: body.span.end.offset,
        by: body.kind === "Block" ? "" : "()",
      });
  };
  for (const s of stmts) {
    if (!DECLARATIONS.has(s.kind) || !keep(s)) {
      // With the `;` that ends it, so no empty statement is left behind.
      const end = s.span.end.offset;
      const semi = /^[ \t]*;/.exec(text.slice(end));
      cuts.push({ start: s.span.start.offset, end: semi ? end + semi[0].length : end, by: "" });
    } else if (s.kind === "FnDecl") bodyOf(s);
    else if (s.kind === "StructDecl" || s.kind === "ImplDecl") s.methods.forEach(bodyOf);
    // A variable's value is in its slot; its initializer is not checked again (it may name
    // what a later input redefined).
    else if (s.kind === "Let" && s.letKind !== "const")
      cuts.push({ start: s.value.span.start.offset, end: s.value.span.end.offset, by: "()" });
  }
  let out = "";
  let at = 0;
  for (const c of cuts.sort((a, b) => a.start - b.start)) {
    if (c.start < at) continue;
    out +=
      text.slice(at, c.start) +
      c.by +
      text
        .slice(c.start, c.end)
        .replace(/[^\r\n]/g, "")
        .replace(/\r?\n|\r/g, "\n");
    at = c.end;
  }
  return out + text.slice(at);
}

function globalSlot(module: Module, name: string): number | undefined {
  let slot: number | undefined;
  module.globals.forEach((g, i) => {
    if (module.strings[g.name] === name) slot = i;
  });
  return slot;
}

/** How many characters of a value the echo shows at most. */
const MAX_ECHO = 100_000;

/**
 * A value as the REPL echoes it: like the output format, but strings and chars quoted (with
 * escapes) and integral floats with `.0`, so `"42"`, `'4'`, `42` and `42.0` look different,
 * as node's and python's REPLs show them.
 */
export function reprValue(v: Value): string {
  let size = 0;
  const open: object[] = [];
  const go = (x: Value): string => {
    if (size > MAX_ECHO) return "…";
    const text = reprOne(x);
    size += text.length;
    return text;
  };
  const reprOne = (x: Value): string => {
    if (typeof x === "string") return quote(x, '"');
    if (x instanceof VChar) return quote(String.fromCodePoint(x.codePoint), "'");
    if (x instanceof VFloat || (typeof x === "number" && !Number.isInteger(x))) {
      const f = formatFloat(x instanceof VFloat ? x.value : x);
      return /^-?\d+$/.test(f) ? `${f}.0` : f;
    }
    const items = (xs: readonly Value[]) => xs.map(go).join(", ");
    if (
      typeof x !== "object" ||
      x === null ||
      !(Array.isArray(x) || x instanceof VTuple || x instanceof VStruct || x instanceof VEnum)
    )
      return formatValue(x);
    if (open.includes(x)) return "...";
    open.push(x);
    try {
      if (Array.isArray(x)) return `[${items(x)}]`;
      if (x instanceof VTuple)
        return x.items.length === 1 ? `(${go(x.items[0])},)` : `(${items(x.items)})`;
      if (x instanceof VStruct)
        return `${x.type.name}(${x.type.fieldNames.map((f, i) => `${f}: ${go(x.fields[i])}`).join(", ")})`;
      const name = `${x.type.name}.${x.type.variantNames[x.tag]}`;
      return x.payload.length > 0 ? `${name}(${items(x.payload)})` : name;
    } finally {
      open.pop();
    }
  };
  return go(v);
}

const ESCAPES: Record<string, string> = {
  "\n": "\\n",
  "\t": "\\t",
  "\r": "\\r",
  "\\": "\\\\",
  "\0": "\\0",
};

function quote(s: string, q: string): string {
  let out = q;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === q) out += "\\" + ch;
    else if (ESCAPES[ch] !== undefined) out += ESCAPES[ch];
    else if (code < 0x20 || code === 0x7f) out += `\\u{${code.toString(16)}}`;
    else out += ch;
  }
  return out + q;
}

/**
 * The input with its final expression's value kept in a session global, `let __repl_value =
 * (e)`, for the echo. The binding starts on the expression's own line, so only that line's
 * columns move and no line is added.
 */
function showValue(text: string, stmt: Extract<Stmt, { kind: "ExprStmt" }>): Source {
  const { start, end } = stmt.span;
  const prefix = `let ${VALUE} = (`;
  const shown =
    text.slice(0, start.offset) +
    prefix +
    text.slice(start.offset, end.offset) +
    ")" +
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

/**
 * What follows an input in the composed text: a `;`, so the next input can't continue its
 * last statement (`x` then `- 1`), unless it ends with one. The line count depends only on
 * the input as compiled (`original`), so blanking parts of it later moves no line.
 */
function separator(original: string, text: string): string {
  const lines = endsWithSemicolon(original) ? 1 : 2;
  if (text.trim() === "" || endsWithSemicolon(text)) return "\n".repeat(lines);
  return lines === 2 ? "\n;\n" : ";\n";
}

function endsWithSemicolon(text: string): boolean {
  const tokens = lex(text).tokens.filter((t) => t.kind !== "eof");
  return tokens.length > 0 && tokens[tokens.length - 1]!.kind === ";";
}

function lineBreaks(text: string): number {
  return text.split(/\r\n|\n|\r/).length - 1;
}

/** The listing of function `root` (e.g. `F3`) and the functions nested in it. */
function functionListing(listing: string, root: string): string {
  const blocks = new Map<string, string>();
  for (const m of listing.matchAll(/^\.function (F\d+) "[^"]*"\n[\s\S]*?^\.end$/gm)) {
    blocks.set(m[1]!, m[0]);
  }
  const out: string[] = [];
  const visit = (id: string) => {
    const block = blocks.get(id);
    if (!block) return;
    out.push(block);
    for (const c of block.matchAll(/^\s*\.child \S+ (F\d+)/gm)) visit(c[1]!);
  };
  visit(root);
  return out.join("\n\n") + "\n";
}
