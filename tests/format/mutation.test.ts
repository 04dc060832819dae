// Robustness property (spec/format.md §9): any mutation of a valid file either loads as a
// valid module that re-encodes to exactly the same bytes (one encoding per module), or fails
// with a FormatError — never another exception. Half of the cases fix the checksum so the
// mutation reaches the structural checks behind it; the other half must be caught by the
// checksum itself (E_CHECKSUM) when the header is intact.
// Second property: one rule broken on purpose in a valid module must be reported with that
// rule's code, so a dropped or weakened verifier rule fails here rather than passing as
// "some FormatError".
// Shrinking: only the mutations shrink; the module is generated with fc.gen, whose shrink
// tree is too large to walk (shrinking it ran out of heap), so a failure reports the
// generated module and its shrunk mutations.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  FormatError,
  HEADER_SIZE,
  OPCODE_BY_CODE,
  OPCODE_BY_NAME,
  encode,
  readVerifiedModule,
  readModule,
  writeModule,
  type DebugInfo,
  type FormatErrorCode,
  type FunctionProto,
  type LocalVar,
  type Module,
} from "../../format/index.js";
import { variantTable } from "../../format/module.js";
import { arbitraryModule } from "../../tools/fuzz/arbitrary-module.js";
import { fixChecksum } from "./fixtures.js";

type Mutation =
  | { kind: "flip"; at: number; bit: number }
  | { kind: "set"; at: number; value: number }
  | { kind: "truncate"; at: number }
  | { kind: "splice"; at: number; remove: number; insert: Uint8Array }
  | { kind: "length"; field: number; value: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), bit: fc.nat(7) }),
  fc.record({ kind: fc.constant("set" as const), at: fc.nat(), value: fc.nat(255) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("splice" as const),
    at: fc.nat(),
    remove: fc.nat(8),
    insert: fc.uint8Array({ maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant("length" as const), field: fc.nat(), value: fc.nat(255) }),
);

/** Offsets of every count, length and size field of a file, from its layout. */
function lengthFields(bytes: Uint8Array): number[] {
  const l = readModule(bytes).layout;
  const fields = [11, ...l.sections.flatMap((s) => [s.entry + 2, s.offset])];
  for (const t of l.types) fields.push(t.memberCountAt, t.methodCountAt);
  for (const f of l.functions)
    fields.push(f.upvalueCountAt, f.childCountAt, f.constantCountAt, f.codeLengthAt);
  if (l.debug) {
    fields.push(l.debug.sourceHash, l.debug.functionCountAt);
    for (const f of l.debug.functions) fields.push(f.offset, f.localCountAt, f.upvalueNameCountAt);
  }
  return fields;
}

/** `fields` are the length fields of the unmutated file (earlier mutations may shift them). */
function mutate(bytes: Uint8Array, m: Mutation, fields: readonly number[]): Uint8Array {
  const at = bytes.length === 0 ? 0 : "at" in m ? m.at % bytes.length : 0;
  const out = bytes.slice();
  switch (m.kind) {
    case "flip":
      out[at] = out[at]! ^ (1 << m.bit);
      return out;
    case "set":
      out[at] = m.value;
      return out;
    case "truncate":
      return out.subarray(0, at);
    case "splice":
      return Uint8Array.of(...out.subarray(0, at), ...m.insert, ...out.subarray(at + m.remove));
    case "length": {
      const field = fields[m.field % fields.length]!;
      if (field < out.length) out[field] = m.value;
      return out;
    }
  }
}

describe("mutated files", () => {
  it("property: load a module that re-encodes identically, or throw a FormatError", () => {
    let rejected = 0;
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.noShrink(arbitraryModule({ maxFunctions: 3, maxCode: 8 })),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        (m, mutations, fix) => {
          const original = writeModule(m);
          let bytes = original;
          const fields = lengthFields(bytes);
          for (const mu of mutations) bytes = mutate(bytes, mu, fields);
          if (fix && bytes.length >= 24) bytes = fixChecksum(bytes.slice());
          // Damage after an intact header, checksum not recomputed: the checksum catches it.
          const checksumFirst =
            !fix &&
            bytes.length >= HEADER_SIZE &&
            !sameBytes(bytes, original) &&
            sameBytes(bytes.subarray(0, HEADER_SIZE), original.subarray(0, HEADER_SIZE));
          let loaded;
          try {
            loaded = readVerifiedModule(bytes);
          } catch (e) {
            if (!(e instanceof FormatError)) throw e;
            expect(e.offset).toBeGreaterThanOrEqual(0);
            expect(e.offset).toBeLessThanOrEqual(bytes.length);
            if (checksumFirst) expect(e.code).toBe("E_CHECKSUM");
            rejected++;
            return;
          }
          expect(checksumFirst).toBe(false);
          accepted++;
          expect(writeModule(loaded)).toEqual(bytes);
        },
      ),
      { numRuns: 4000 },
    );
    // Sanity: the property exercised both outcomes.
    expect(rejected).toBeGreaterThan(1000);
    expect(accepted).toBeGreaterThan(0);
  });
});

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * A rule of spec/format.md broken in an otherwise valid module: `apply` returns the broken
 * module (undefined when the module has nothing to break this way), `code` what must be
 * reported.
 */
interface RuleBreak {
  readonly name: string;
  readonly code: FormatErrorCode;
  readonly apply: (m: Module) => Module | undefined;
}

/** The module with debug info (added, empty, when it has none) and one more local in main. */
function withLocal(m: Module, local: (main: FunctionProto) => LocalVar): Module {
  const debug: DebugInfo = m.debug ?? {
    sourceFile: "m.veld",
    sourceHash: new Uint8Array(0),
    functions: m.functions.map((f) => ({
      lines: new Uint32Array(f.code.length),
      columns: new Uint32Array(f.code.length),
      locals: [],
      upvalueNames: [],
    })),
  };
  const [first, ...rest] = debug.functions;
  const main = m.functions[0]!;
  return {
    ...m,
    debug: {
      ...debug,
      functions: [{ ...first!, locals: [...first!.locals, local(main)] }, ...rest],
    },
  };
}

/** Function `i` replaced by `change(f)`; undefined when there is no function `i`. */
function withFunction(
  m: Module,
  i: number,
  change: (f: FunctionProto) => FunctionProto | undefined,
): Module | undefined {
  const f = m.functions[i];
  const changed = f && change(f);
  if (!changed) return undefined;
  return { ...m, functions: m.functions.map((g, j) => (j === i ? changed : g)) };
}

const UNASSIGNED_OPCODE = OPCODE_BY_CODE.findIndex((info) => info === undefined);
const LOADTRUE = OPCODE_BY_NAME.get("LOADTRUE")!;
const isTest = (word: number | undefined) =>
  word !== undefined && OPCODE_BY_CODE[word & 0xff]!.test;

/** Whether the word at `pc` is one of a SWITCHVARIANT's table JMPs (replacing it is E_SWITCH_TABLE). */
function inTable(m: Module, f: FunctionProto, pc: number): boolean {
  const variants = variantTable(m.types);
  return [...f.code].some((word, at) => {
    if (!OPCODE_BY_CODE[word & 0xff]!.table || at >= pc) return false;
    const t = m.types[variants[word >>> 16]!.type]!;
    return pc <= at + (t.kind === "enum" ? t.variants.length : 0) + 1;
  });
}

const RULE_BREAKS: readonly RuleBreak[] = [
  {
    name: "a debug local's range runs backwards",
    code: "E_DEBUG_LOCAL",
    apply: (m) =>
      withLocal(m, (f) => ({
        name: "x",
        register: 0,
        bank: 0,
        startPc: f.code.length,
        endPc: f.code.length - 1,
      })),
  },
  {
    name: "a debug local lives past the end of its function",
    code: "E_DEBUG_LOCAL",
    apply: (m) =>
      withLocal(m, (f) => ({
        name: "x",
        register: 0,
        bank: 0,
        startPc: 0,
        endPc: f.code.length + 1,
      })),
  },
  {
    name: "a debug local names a register outside the frame",
    code: "E_DEBUG_LOCAL",
    // A register index is a byte: a 256-register frame has no register outside it.
    apply: (m) =>
      m.functions[0]!.registers === 256
        ? undefined
        : withLocal(m, (f) => ({
            name: "x",
            register: f.registers,
            bank: 0,
            startPc: 0,
            endPc: 0,
          })),
  },
  {
    name: "a debug local names a bank other than R and F",
    code: "E_DEBUG_LOCAL",
    apply: (m) => withLocal(m, () => ({ name: "x", register: 0, bank: 2, startPc: 0, endPc: 0 })),
  },
  {
    name: "a function has more parameters than registers",
    code: "E_REGISTERS",
    apply: (m) =>
      withFunction(m, m.functions.length - 1, (f) =>
        m.functions.length > 1 && f.registers < 255 ? { ...f, params: f.registers + 1 } : undefined,
      ),
  },
  {
    name: "main has a parameter",
    code: "E_MAIN",
    apply: (m) => withFunction(m, 0, (f) => ({ ...f, params: 1 })),
  },
  {
    name: "a constant list refers past the pool",
    code: "E_CONSTANT_INDEX",
    apply: (m) =>
      withFunction(m, 0, (f) => ({ ...f, constants: [...f.constants, m.constants.length] })),
  },
  {
    name: "a constant list names a constant twice",
    code: "E_DUPLICATE_CONSTANT_REF",
    apply: (m) =>
      withFunction(m, 0, (f) =>
        f.constants.length > 0 ? { ...f, constants: [...f.constants, f.constants[0]!] } : undefined,
      ),
  },
  {
    name: "a child list names no function",
    code: "E_CHILD_INDEX",
    apply: (m) =>
      withFunction(m, 0, (f) => ({ ...f, children: [...f.children, m.functions.length] })),
  },
  {
    name: "a function name is not a string",
    code: "E_STRING_INDEX",
    apply: (m) => withFunction(m, 0, (f) => ({ ...f, name: m.strings.length })),
  },
  {
    name: "a string repeats",
    code: "E_DUPLICATE_STRING",
    apply: (m) => ({ ...m, strings: [...m.strings, m.strings[0]!] }),
  },
  {
    name: "a type has an unknown flag bit",
    code: "E_TYPE_FLAGS",
    apply: (m) =>
      m.types.length > 0
        ? { ...m, types: m.types.map((t, i) => (i === 0 ? { ...t, flags: t.flags | 0x80 } : t)) }
        : undefined,
  },
  {
    name: "a method names no global",
    code: "E_GLOBAL_INDEX",
    apply: (m) => {
      const t = m.types.findIndex((t) => t.methods.length > 0);
      if (t < 0) return undefined;
      const types = m.types.map((type, i) =>
        i === t
          ? {
              ...type,
              methods: type.methods.map((x, j) =>
                j === 0 ? { ...x, global: m.globals.length } : x,
              ),
            }
          : type,
      );
      return { ...m, types };
    },
  },
  {
    name: "an upvalue names a register outside its parent's frame",
    code: "E_UPVALUE",
    apply: (m) => {
      const child = m.functions.findIndex((f) => f.upvalues.some((u) => u.inStack));
      if (child < 0) return undefined;
      const parent = m.functions.find((f) => f.children.includes(child))!;
      return withFunction(m, child, (f) => ({
        ...f,
        upvalues: f.upvalues.map((u) => (u.inStack ? { ...u, index: parent.registers } : u)),
      }));
    },
  },
  {
    name: "an instruction has an unassigned opcode",
    code: "E_OPCODE",
    apply: (m) =>
      withFunction(m, 0, (f) => {
        const code = f.code.slice();
        code[0] = (code[0]! & ~0xff) | UNASSIGNED_OPCODE;
        return { ...f, code };
      }),
  },
  {
    name: "the last instruction falls through",
    code: "E_FALLTHROUGH",
    apply: (m) =>
      withFunction(m, 0, (f) => {
        if (isTest(f.code[f.code.length - 2]) || inTable(m, f, f.code.length - 1)) return undefined;
        const code = f.code.slice();
        code[code.length - 1] = encode(LOADTRUE, [0]);
        return { ...f, code };
      }),
  },
  {
    name: "a test is not followed by JMP",
    code: "E_TEST_JMP",
    apply: (m) =>
      withFunction(m, 0, (f) => {
        const at = [...f.code].findIndex(isTest);
        if (at < 0 || at + 1 === f.code.length - 1) return undefined;
        const code = f.code.slice();
        code[at + 1] = encode(LOADTRUE, [0]);
        return { ...f, code };
      }),
  },
];

describe("broken rules", () => {
  it("property: a module with one rule broken fails with that rule's code", () => {
    const applied = new Map<string, number>();
    fc.assert(
      fc.property(
        fc.noShrink(arbitraryModule({ maxFunctions: 3, maxCode: 8 })),
        fc.constantFrom(...RULE_BREAKS),
        (m, rule) => {
          const broken = rule.apply(m);
          if (broken === undefined) return;
          applied.set(rule.name, (applied.get(rule.name) ?? 0) + 1);
          let code: string | undefined;
          try {
            readVerifiedModule(writeModule(broken));
          } catch (e) {
            if (!(e instanceof FormatError)) throw e;
            code = e.code;
          }
          expect({ rule: rule.name, code }).toEqual({ rule: rule.name, code: rule.code });
        },
      ),
      { numRuns: 2000 },
    );
    // Sanity: every rule found modules to break.
    expect(RULE_BREAKS.filter((r) => (applied.get(r.name) ?? 0) < 10).map((r) => r.name)).toEqual(
      [],
    );
  });
});
