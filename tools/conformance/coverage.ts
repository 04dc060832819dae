// What a vector suite exercises, measured with our runtime as the probe (spec/conformance.md
// §7): every vector is loaded and run in this process with a step hook (`onStep`, installed
// only here, so ordinary runs pay nothing) that records each executed opcode, its operand
// forms and each native or built-in method it calls; load failures record their
// FormatError/LoadError code, uncaught errors their kind and the limit that fired.

import { readFileSync } from "node:fs";
import { FormatError, FORMAT_ERRORS } from "../../format/errors.js";
import { operandFields, fieldValue } from "../../format/instruction.js";
import {
  CAST_TARGETS,
  OPCODE_BY_CODE,
  OPCODE_BY_NAME,
  OPCODES,
  RUNTIME_ERROR_KINDS,
  type OperandKind,
} from "../../format/opcodes.js";
import {
  builtinMethodList,
  load,
  LoadError,
  NATIVE_SIGNATURES,
  type RtProto,
  type Value,
} from "../../runtime/index.js";
import { kindName, NativeFn } from "../../runtime/values.js";
import { runOptions } from "./in-process.js";
import { libraryBytes, type SuiteVector } from "./suite.js";

export const AREAS = ["opcode", "operand", "native", "method", "error", "code", "limit"] as const;
export type Area = (typeof AREAS)[number];

/** The operand forms worth a vector of their own, by operand kind (others have one form). */
const FORMS: Partial<Record<OperandKind, readonly string[]>> = {
  kst: ["int", "float", "str", "char"],
  knum: ["int", "float"],
  simm: ["negative", "zero", "positive"],
  jump: ["backward", "forward"],
  bool: ["0", "1"],
  cast: CAST_TARGETS,
  errkind: RUNTIME_ERROR_KINDS,
};

const FIELD_NAMES: Record<string, readonly string[]> = {
  ABC: ["A", "B", "C"],
  ABx: ["A", "Bx"],
  AsBx: ["A", "sBx"],
  sJ: ["sJ"],
};

/**
 * Which limit an uncaught LimitExceeded/StackOverflow came from, told by our runtime's
 * message (the probe's own wording; other runtimes' messages are free).
 */
const LIMITS: readonly {
  readonly name: string;
  readonly kind: string;
  readonly message: RegExp;
}[] = [
  { name: "max-steps", kind: "LimitExceeded", message: /^instruction budget/ },
  { name: "max-depth", kind: "StackOverflow", message: /^call depth/ },
  { name: "array-length", kind: "LimitExceeded", message: /^array longer/ },
  { name: "string-length", kind: "LimitExceeded", message: /^string too long/ },
  { name: "compare-depth", kind: "LimitExceeded", message: /nested too deeply/ },
];

/**
 * Items no vector can exercise, with the reason; spec/conformance.md §7 lists the same.
 * Everything else in the universe must be covered.
 */
export const EXCLUDED: Readonly<Record<string, string>> = {
  "code E_LINK_FALLTHROUGH":
    "the verifier rejects every such file first with E_FALLTHROUGH; only an unverified in-memory module reaches the linker's check",
  "code E_LINK_LIMIT":
    "needs linked tables of more than 65,536 globals, natives, types or variants, far beyond a hand-written vector; tests/runtime/link.test.ts links two libraries of 40,000 globals",
  "code E_SURROGATE": "concerns in-memory modules: no byte sequence decodes to a lone surrogate",
  "code E_INT_RANGE": "concerns in-memory modules: a decoded int constant is always in range",
};

/** Every item coverage is measured against, as `area name` strings per area. */
export function coverageUniverse(): Record<Area, string[]> {
  const operand: string[] = [];
  for (const info of OPCODES) {
    info.operands.forEach((kind, i) => {
      for (const form of FORMS[kind] ?? []) {
        operand.push(`${info.name} ${FIELD_NAMES[info.format]![i]}:${form}`);
      }
    });
  }
  return {
    opcode: OPCODES.map((o) => o.name),
    operand,
    native: NATIVE_SIGNATURES.map((n) => n.name),
    method: builtinMethodList().map((m) => m.name),
    error: [...RUNTIME_ERROR_KINDS],
    code: [
      ...FORMAT_ERRORS.map((e) => e.code),
      "E_LINK_NATIVE",
      "E_LINK_NATIVE_ARITY",
      "E_LINK_PRELUDE",
      "E_LINK_FALLTHROUGH",
      "E_LINK_MODULE",
      "E_LINK_EXPORT",
      "E_LINK_KIND",
      "E_LINK_ARITY",
      "E_LINK_SHAPE",
      "E_LINK_DUPLICATE",
      "E_LINK_CYCLE",
      "E_LINK_LIMIT",
    ],
    limit: LIMITS.map((l) => l.name),
  };
}

export interface AreaCoverage {
  readonly area: Area;
  readonly total: number;
  readonly covered: number;
  /** Items no vector exercises and no exclusion explains. */
  readonly missing: readonly string[];
  readonly excluded: readonly string[];
}

export interface CoverageReport {
  readonly areas: readonly AreaCoverage[];
  /** Every item seen, as `area name`, with the first vector that exercised it. */
  readonly firstSeen: ReadonlyMap<string, string>;
}

const CALLS = new Set(["CALL", "TAILCALL"].map((n) => OPCODE_BY_NAME.get(n)!.code));

/**
 * Per opcode number: the operands with forms worth counting, as [field, kind, item prefix]
 * (the table has gaps: numbers are explicit, format/opcodes.ts).
 */
const FORMED = OPCODE_BY_CODE.map((info) => {
  if (info === undefined) return [];
  const fields = operandFields(info);
  return info.operands.flatMap((kind, i) =>
    FORMS[kind] === undefined
      ? []
      : [[fields[i]!, kind, `${info.name} ${FIELD_NAMES[info.format]![i]}:`] as const],
  );
});

/**
 * Records what runs do. `onStep` is the hook the VM calls before every instruction: an
 * instruction's opcode and operand forms are static, so each one is decoded only on its
 * first execution; only the callee of a CALL is looked at every time.
 */
class Probe {
  readonly seen = new Map<string, string>();
  private readonly visited = new WeakMap<RtProto, Uint8Array>();
  private readonly callees = new WeakSet<NativeFn>();
  vector = "";

  mark(area: Area, name: string): void {
    const key = `${area} ${name}`;
    if (!this.seen.has(key)) this.seen.set(key, this.vector);
  }

  readonly onStep = (p: RtProto, pc: number, _d: number, regs: readonly Value[], base: number) => {
    const word = p.code[pc]!;
    const op = word & 0xff;
    if (CALLS.has(op)) {
      const callee = regs[base + ((word >>> 8) & 0xff)];
      if (callee instanceof NativeFn && !this.callees.has(callee)) {
        this.callees.add(callee);
        this.mark(NATIVE_NAMES.has(callee.name) ? "native" : "method", callee.name);
      }
    }
    let visited = this.visited.get(p);
    if (visited === undefined) this.visited.set(p, (visited = new Uint8Array(p.code.length)));
    if (visited[pc]) return;
    visited[pc] = 1;
    this.mark("opcode", OPCODE_BY_CODE[op]!.name);
    for (const [field, kind, prefix] of FORMED[op]!) {
      this.mark("operand", prefix + operandForm(kind, fieldValue(word, field), p));
    }
  };
}

const NATIVE_NAMES = new Set(NATIVE_SIGNATURES.map((n) => n.name));

function operandForm(kind: OperandKind, v: number, p: RtProto): string {
  switch (kind) {
    case "kst":
    case "knum":
      return kindName(p.k[v]);
    case "simm":
      return v < 0 ? "negative" : v === 0 ? "zero" : "positive";
    case "jump":
      return v < 0 ? "backward" : "forward";
    case "cast":
      return CAST_TARGETS[v]!;
    case "errkind":
      return RUNTIME_ERROR_KINDS[v]!;
    default:
      return String(v);
  }
}

/** Runs every vector of the suite in-process under the probe. */
export function measureCoverage(vectors: readonly SuiteVector[]): CoverageReport {
  const probe = new Probe();
  const host = { write: () => {}, writeErr: () => {}, now: () => 0 };
  for (const v of vectors) {
    probe.vector = v.name;
    let program;
    try {
      program = load(readFileSync(v.file), { modules: libraryBytes(v) });
    } catch (e) {
      if (!(e instanceof FormatError || e instanceof LoadError)) throw e;
      probe.mark("code", e.code);
      continue;
    }
    const result = program.run(host, v.expect.args ?? [], {
      ...runOptions(v.expect),
      onStep: probe.onStep,
    });
    const error = result.error;
    if (result.status !== "error" || !error) continue;
    probe.mark("error", error.kind);
    const limit = LIMITS.find((l) => l.kind === error.kind && l.message.test(error.message));
    if (limit) probe.mark("limit", limit.name);
  }
  const universe = coverageUniverse();
  const areas = AREAS.map((area): AreaCoverage => {
    const items = universe[area];
    const unseen = items.filter((n) => !probe.seen.has(`${area} ${n}`));
    const excluded = unseen.filter((n) => EXCLUDED[`${area} ${n}`] !== undefined);
    return {
      area,
      total: items.length,
      covered: items.length - unseen.length,
      missing: unseen.filter((n) => EXCLUDED[`${area} ${n}`] === undefined),
      excluded,
    };
  });
  return { areas, firstSeen: probe.seen };
}

/** The report `veld-conformance --coverage` prints. */
export function formatCoverage(report: CoverageReport): string {
  const lines = ["area      covered   total  excluded  missing"];
  for (const a of report.areas) {
    lines.push(
      `${a.area.padEnd(9)} ${String(a.covered).padStart(7)} ${String(a.total).padStart(7)} ` +
        `${String(a.excluded.length).padStart(9)} ${String(a.missing.length).padStart(8)}`,
    );
  }
  for (const a of report.areas) {
    for (const name of a.excluded)
      lines.push(`EXCLUDED ${a.area} ${name}: ${EXCLUDED[`${a.area} ${name}`]}`);
    for (const name of a.missing) lines.push(`MISSING ${a.area} ${name}`);
  }
  const missing = report.areas.reduce((n, a) => n + a.missing.length, 0);
  lines.push(missing === 0 ? "coverage complete" : `${missing} item(s) have no vector`);
  return lines.join("\n") + "\n";
}
