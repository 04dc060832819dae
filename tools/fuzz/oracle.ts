// The oracle every fuzz target shares (issue: untrusted bytecode can never hurt its host).
// An input is `.veldc` bytes, `.veld` source or `.vasm` text; it is taken through the same
// path as the CLIs (compile / assemble, load, run with a step budget) and its outcome is put
// in a class. The good classes are the Veld outcomes and their exit codes: `ok` (0), `error`
// (1: a Veld runtime error), `limit` (1: LimitExceeded / StackOverflow), `rejected` (65: a
// source or assembly diagnostic, a structured load error). Everything else is a finding:
// `exit70` (a JS exception escaped: the CLI would exit 70 and print a JS stack), `jsleak` (a
// Veld error or diagnostic whose text is a JS engine message), `miscompile` (the compiler or
// assembler produced bytes the loader rejects), `slow` (finished, but took longer than the
// wall-clock budget although the step budget bounds it), and — observed by the driver, not
// here — `hang` (killed by the watchdog) and `crash` (the process died: V8 FATAL, OOM).

import { assemble } from "../../assembler/index.js";
import { compileSource } from "../../compiler/index.js";
import { FormatError, opcodeOf, readModule } from "../../format/index.js";
import { LoadError, load, type RunOptions } from "../../runtime/index.js";

export type InputKind = "veldc" | "veld" | "vasm";

export interface Input {
  readonly kind: InputKind;
  /** Bytes for `veldc`, text for `veld` / `vasm`. */
  readonly data: Uint8Array | string;
  /** What the target did to make it (e.g. `flip byte 213 of isa/add/int.veldc`). */
  readonly note: string;
  /** Compiler optimisation level for `veld` inputs. */
  readonly optimize?: 0 | 1;
}

export const GOOD_CLASSES = ["ok", "error", "limit", "rejected"] as const;
export const BAD_CLASSES = [
  "exit70",
  "jsleak",
  "miscompile",
  "unsound",
  "slow",
  "hang",
  "crash",
] as const;
export type GoodClass = (typeof GOOD_CLASSES)[number];
export type BadClass = (typeof BAD_CLASSES)[number];
export type OutcomeClass = GoodClass | BadClass;

export interface Outcome {
  readonly cls: OutcomeClass;
  /** Error kind, load error code or diagnostic code plus message; empty for ok. */
  readonly detail: string;
  /** The JS stack of an escaped exception. */
  readonly stack?: string;
  readonly ms: number;
}

export interface OracleOptions {
  /** Instruction budget of every run. */
  readonly maxSteps: number;
  /** An input that finishes but takes longer than this is `slow`. */
  readonly slowMs: number;
}

export const DEFAULT_ORACLE: OracleOptions = { maxSteps: 100_000, slowMs: 5_000 };

/** Text a JS engine writes (messages, stack frames), which must never reach a Veld user. */
const JS_TEXT =
  /is not a function|Cannot read propert|Cannot set propert|is not iterable|is not defined|Invalid array length|Invalid string length|Maximum call stack|Invalid code point|\((?:file:\/\/|node:)|\.(?:[cm]?js|ts):\d+:\d+\)/;

export function isBad(cls: OutcomeClass): cls is BadClass {
  return (BAD_CLASSES as readonly string[]).includes(cls);
}

export function runInput(input: Input, options: OracleOptions = DEFAULT_ORACLE): Outcome {
  const start = performance.now();
  let o: Omit<Outcome, "ms">;
  try {
    o = classify(input, options);
  } catch (e) {
    o = escaped(e);
  }
  const ms = performance.now() - start;
  if (!isBad(o.cls) && ms > options.slowMs) {
    return { cls: "slow", detail: `${o.cls} after ${Math.round(ms)} ms: ${o.detail}`, ms };
  }
  return { ...o, ms };
}

function escaped(e: unknown): Omit<Outcome, "ms"> {
  const err = e instanceof Error ? e : new Error(String(e));
  const cause = (err as { cause?: unknown }).cause;
  const stack = cause instanceof Error ? (cause.stack ?? "") : (err.stack ?? "");
  return { cls: "exit70", detail: `${err.name}: ${err.message}`, stack };
}

function classify(input: Input, options: OracleOptions): Omit<Outcome, "ms"> {
  let bytes: Uint8Array;
  if (input.kind === "veldc") {
    bytes = input.data as Uint8Array;
  } else if (input.kind === "veld") {
    const r = compileSource(input.data as string, {
      fileName: "fuzz.veld",
      optimize: input.optimize ?? 1,
    });
    if (!r.bytes) return diagnostics(r.diagnostics);
    bytes = r.bytes;
  } else {
    const r = assemble(input.data as string, "fuzz.vasm");
    if (!r.bytes) return diagnostics(r.diagnostics);
    bytes = r.bytes;
  }
  let program;
  try {
    program = load(bytes);
  } catch (e) {
    if (!(e instanceof FormatError || e instanceof LoadError)) throw e;
    const detail = `${e.code}: ${e.message}`;
    // The compiler must only emit loadable files; the assembler verifies, so its output must
    // pass every format rule, but what a .vasm imports is linked against a runtime's natives
    // (a wrong declared arity is that program's LoadError, not the assembler's fault).
    if (input.kind === "veld" || (input.kind === "vasm" && e instanceof FormatError)) {
      return { cls: "miscompile", detail };
    }
    if (JS_TEXT.test(e.message)) return { cls: "jsleak", detail };
    return { cls: "rejected", detail: e.code };
  }
  const off = fallsOffTheEnd(bytes);
  if (off) return { cls: "unsound", detail: off };
  const run: RunOptions = { maxSteps: options.maxSteps };
  const result = program.run({ write: () => {}, writeErr: () => {}, now: () => 0 }, [], run);
  if (result.status === "ok") return { cls: "ok", detail: "" };
  const err = result.error!;
  if (JS_TEXT.test(err.message)) return { cls: "jsleak", detail: `${err.kind}: ${err.message}` };
  const limit = err.kind === "LimitExceeded" || err.kind === "StackOverflow";
  return { cls: limit ? "limit" : "error", detail: err.kind };
}

/**
 * Whether a verified function can reach `pc == length` (spec/format.md: no path of a
 * verified function may): its last instruction falls through, or a test instruction skips
 * over it. A VM would then execute past the code.
 */
function fallsOffTheEnd(bytes: Uint8Array): string | undefined {
  const { module } = readModule(bytes);
  for (const [i, f] of module.functions.entries()) {
    const n = f.code.length;
    const last = opcodeOf(f.code[n - 1]!);
    if (last && !last.terminator) return `function ${i} ends in ${last.name}`;
    const before = n >= 2 ? opcodeOf(f.code[n - 2]!) : undefined;
    if (before?.test) return `function ${i}: ${before.name} skips its last instruction`;
  }
  return undefined;
}

interface AnyDiagnostic {
  readonly code?: string;
  readonly message: string;
  readonly line?: number;
  readonly span?: { readonly start: { readonly line: number } };
}

function diagnostics(list: readonly AnyDiagnostic[]): Omit<Outcome, "ms"> {
  const d = list[0];
  if (!d) return { cls: "exit70", detail: "no output and no diagnostic" };
  const detail = `${d.code ?? "diagnostic"}: ${d.message}`;
  const line = d.span?.start.line ?? d.line;
  if (JS_TEXT.test(d.message)) return { cls: "jsleak", detail };
  if (line === undefined || !(line >= 1))
    return { cls: "jsleak", detail: `no position: ${detail}` };
  return { cls: "rejected", detail: d.code ?? "diagnostic" };
}

/**
 * A key that groups findings of one root cause: the class, the message with numbers and
 * quoted text blanked, and the innermost frame of our own code in the JS stack.
 */
export function signature(o: Pick<Outcome, "cls" | "detail" | "stack">): string {
  const msg = o.detail
    .replace(/"[^"]*"|'[^']*'/g, "_")
    .replace(/\d+(\.\d+)?/g, "N")
    .slice(0, 160);
  const frame = o.stack
    ?.split("\n")
    .find((l) => /\/(runtime|format|compiler|assembler|language)\//.test(l))
    ?.replace(/^\s*at\s+/, "")
    .replace(
      /\(?(?:file:\/\/)?\/.*\/((?:runtime|format|compiler|assembler|language)\/[^:]+):\d+:\d+\)?/,
      "($1)",
    );
  return frame ? `${o.cls} | ${msg} | ${frame}` : `${o.cls} | ${msg}`;
}
