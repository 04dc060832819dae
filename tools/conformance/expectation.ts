// What a conformance vector expects and how an observed run is judged against it
// (spec/conformance.md §2–§3). The expectation file `NAME.expect.json` is the contract for every
// runtime: outcome class, exit status, exact stdout, and the error kind or FormatError code —
// never the message wording.

/** The WebAssembly spec suite's outcome classes (spec/conformance.md §2). */
export const OUTCOMES = ["ok", "trap", "exhaustion", "malformed", "invalid"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const EXIT_FOR_OUTCOME: Readonly<Record<Outcome, number>> = {
  ok: 0,
  trap: 1,
  exhaustion: 1,
  malformed: 65,
  invalid: 65,
};

/** Runtime options a vector needs, as the `veld` CLI spells them (values are strings). */
export const VECTOR_OPTIONS = ["max-steps", "max-depth", "max-memory"] as const;
export type VectorOption = (typeof VECTOR_OPTIONS)[number];

export interface Expectation {
  readonly outcome: Outcome;
  readonly exit: number;
  readonly stdout: string;
  /** Runtime error kind (trap, exhaustion) or FormatError/LoadError code (malformed, invalid). */
  readonly error?: string;
  /**
   * Instead of `error`: every code that is right, for a damaged file that breaks several
   * verifier rules at once (verifiers may check in any order).
   */
  readonly errors?: readonly string[];
  /** Byte offset of the offending item as "0x1c" (malformed, invalid; informative). */
  readonly offset?: string;
  /** Program arguments. */
  readonly args?: readonly string[];
  /** Runtime options the vector needs (`{"max-steps": "1000"}`). */
  readonly options?: Readonly<Partial<Record<VectorOption, string>>>;
  /**
   * Precompiled libraries the program is linked with (spec/semantics.md §9.4): `.veldc`
   * paths relative to the directory of the vector's `.veldc`, given to the runtime in order.
   */
  readonly libs?: readonly string[];
  /**
   * How heavy the vector is, for a runner's time limit: about `cost` × COST_UNIT instructions
   * of our VM. Absent (1) for all but the heavy vectors; a runner allows `--timeout × cost`.
   */
  readonly cost?: number;
  /** What the vector tests (scripted malformed variants say how the bytes were damaged). */
  readonly description?: string;
}

/** Instructions (of our VM) per unit of a vector's `cost`. */
export const COST_UNIT = 250_000;

/** The cost hint of a run of `steps` instructions: undefined below 2 units. */
export function costOf(steps: number): number | undefined {
  const cost = Math.ceil(steps / COST_UNIT);
  return cost >= 2 ? cost : undefined;
}

/** What a runtime did with one vector. */
export interface Observed {
  readonly exit: number;
  readonly stdout: string;
  /** X of a first stderr line `error[X]…`, when there is one. */
  readonly error?: string;
  /** The `at 0x…` offset of that line, when printed. */
  readonly offset?: string;
  /** The first lines of standard error, for the failure report. */
  readonly stderr?: string;
  /** The command was killed after `timeoutMs`. */
  readonly timedOut?: boolean;
  readonly timeoutMs?: number;
  /** The command was killed when its stdout passed this many bytes (`stdout` is a prefix). */
  readonly outputLimit?: number;
  /** Instructions executed (our runtime in-process only: the source of the cost hint). */
  readonly steps?: number;
}

/** Parses and checks an expectation file; throws Error naming the problem. */
export function parseExpectation(text: string): Expectation {
  const raw = JSON.parse(text) as Record<string, unknown>;
  const fail = (what: string): never => {
    throw new Error(`bad expectation: ${what}`);
  };
  if (typeof raw !== "object" || raw === null) fail("not an object");
  const outcome = raw.outcome as Outcome;
  if (!OUTCOMES.includes(outcome)) fail(`unknown outcome ${String(raw.outcome)}`);
  if (raw.exit !== EXIT_FOR_OUTCOME[outcome]) fail(`exit ${String(raw.exit)} for ${outcome}`);
  if (typeof raw.stdout !== "string") fail("stdout is not a string");
  if (raw.error !== undefined && typeof raw.error !== "string") fail("error is not a string");
  if (raw.errors !== undefined && !(isStringArray(raw.errors) && raw.errors.length > 1)) {
    fail("errors is not an array of two or more codes");
  }
  if (raw.errors !== undefined && raw.error !== undefined) fail("both error and errors");
  if ((outcome === "trap" || outcome === "exhaustion") && raw.error === undefined) {
    fail(`${outcome} without an error kind`);
  }
  if (raw.args !== undefined && !isStringArray(raw.args)) fail("args is not a string array");
  if (raw.libs !== undefined && !isStringArray(raw.libs)) fail("libs is not a string array");
  if (raw.cost !== undefined && !(Number.isInteger(raw.cost) && (raw.cost as number) >= 1)) {
    fail(`cost ${String(raw.cost)} is not a positive integer`);
  }
  if (raw.options !== undefined) {
    const options = raw.options as Record<string, unknown>;
    for (const [k, v] of Object.entries(options)) {
      if (!VECTOR_OPTIONS.includes(k as VectorOption) || typeof v !== "string") {
        fail(`option ${k}`);
      }
    }
  }
  return raw as unknown as Expectation;
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === "string");
}

/** Serialises with a fixed key order, so generated files are byte-stable (absent fields are
 * left out: JSON.stringify skips undefined values). */
export function formatExpectation(e: Expectation): string {
  const ordered = {
    outcome: e.outcome,
    exit: e.exit,
    stdout: e.stdout,
    error: e.error,
    errors: e.errors,
    offset: e.offset,
    args: e.args,
    options: e.options,
    libs: e.libs,
    cost: e.cost,
    description: e.description,
  };
  return JSON.stringify(ordered, null, 2) + "\n";
}

const ERROR_LINE = /^error\[([A-Za-z0-9_]+)\](?: at (0x[0-9a-fA-F]+))?/;

/** Lines of standard error kept for the failure report. */
export const STDERR_LINES = 5;

/** Builds an Observed from a process's exit status and output streams. */
export function observe(exit: number, stdout: string, stderr: string): Observed {
  const lines = stderr.split("\n");
  const m = ERROR_LINE.exec(lines[0]!);
  const head = lines.slice(0, STDERR_LINES).join("\n").trimEnd();
  return {
    exit,
    stdout,
    ...(head ? { stderr: head } : {}),
    ...(m ? { error: m[1]! } : {}),
    ...(m?.[2] ? { offset: m[2].toLowerCase() } : {}),
  };
}

export interface JudgeOptions {
  /** Require the `at 0x…` offset of malformed/invalid vectors (default true). */
  readonly checkOffsets?: boolean;
}

/** Every way the observed run differs from the expectation; empty means the vector passed. */
export function judge(e: Expectation, o: Observed, options: JudgeOptions = {}): string[] {
  if (o.timedOut) {
    return [`timed out: no exit within ${o.timeoutMs ?? "the"} ms (raise it with --timeout)`];
  }
  if (o.outputLimit !== undefined) {
    return [`output limit: stopped after more than ${o.outputLimit} bytes on stdout`];
  }
  const problems: string[] = [];
  if (o.exit !== e.exit) problems.push(`exit ${o.exit}, expected ${e.exit} (${e.outcome})`);
  if (o.stdout !== e.stdout)
    problems.push(`stdout differs: ${firstDifference(e.stdout, o.stdout)}`);
  if (e.error !== undefined && o.error !== e.error) {
    problems.push(
      o.error === undefined
        ? `no 'error[${e.error}]' line on stderr`
        : `error[${o.error}], expected error[${e.error}]`,
    );
  }
  if (e.errors !== undefined && !e.errors.some((c) => c === o.error)) {
    const one = e.errors.map((c) => `error[${c}]`).join(" or ");
    problems.push(
      o.error === undefined ? `no ${one} line on stderr` : `error[${o.error}], expected ${one}`,
    );
  }
  if (options.checkOffsets !== false && e.offset !== undefined && o.offset !== e.offset) {
    problems.push(`offset ${o.offset ?? "missing"}, expected ${e.offset}`);
  }
  return problems;
}

function firstDifference(expected: string, actual: string): string {
  let i = 0;
  while (i < expected.length && i < actual.length && expected[i] === actual[i]) i++;
  const line = expected.slice(0, i).split("\n").length;
  const show = (s: string) => JSON.stringify(s.slice(i, i + 40));
  return `line ${line}: expected ${show(expected)}, got ${show(actual)}`;
}
