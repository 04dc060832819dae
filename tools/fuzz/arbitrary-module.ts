// fast-check generator of random *valid* modules (they pass verifyModule), with random but
// valid code: every operand is drawn from its kind's legal range (format/opcodes.ts), windows
// fit the frame, tests are followed by JMP (never the last word), a SWITCHVARIANT by its table of
// JMPs, and every function ends with a terminator.
// Reusable by any area that consumes modules: `fc.assert(fc.property(arbitraryModule(), …))`.

import fc from "fast-check";
import { encode, fieldRange, operandFields } from "../../format/instruction.js";
import type {
  Constant,
  CustomSection,
  DebugInfo,
  Export,
  FunctionDebug,
  FunctionProto,
  Import,
  Module,
  TypeDef,
  UpvalueDesc,
} from "../../format/module.js";
import { TYPE_FLAG_PRELUDE, variantTable } from "../../format/module.js";
import {
  CAST_TARGETS,
  OPCODE_BY_CODE,
  OPCODES,
  OPCODE_BY_NAME,
  RUNTIME_ERROR_KINDS,
  type OpcodeInfo,
} from "../../format/opcodes.js";

type Gen = fc.GeneratorValue;

export interface ModuleShape {
  /** Upper bounds on table sizes; small defaults keep properties fast. */
  readonly maxStrings?: number;
  readonly maxFunctions?: number;
  readonly maxCode?: number;
}

export function arbitraryModule(shape: ModuleShape = {}): fc.Arbitrary<Module> {
  return fc.gen().map((g) => buildModule(g, shape));
}

const int = (g: Gen, min: number, max: number): number => g(fc.integer, { min, max });
const pick = <T>(g: Gen, items: readonly T[]): T => items[int(g, 0, items.length - 1)]!;
const text = (g: Gen): string => g(fc.string, { unit: "binary", maxLength: 6 });
/** Distinct indexes below `n`, at most `max` of them. */
const subset = (g: Gen, n: number, max: number): number[] =>
  n === 0 ? [] : g(() => fc.uniqueArray(fc.nat(n - 1), { maxLength: Math.min(n, max) }));

function buildModule(g: Gen, shape: ModuleShape): Module {
  const strings = g(() =>
    fc.uniqueArray(fc.string({ unit: "binary", maxLength: 8 }), {
      minLength: 1,
      maxLength: shape.maxStrings ?? 10,
    }),
  );
  const S = strings.length;
  const constants = buildConstants(g, S);
  const globals = Array.from({ length: int(g, 0, 4) }, () => ({ name: int(g, 0, S - 1) }));
  const types = buildTypes(g, S, globals.length);
  const natives = subset(g, S, 4).map((name) => ({ name, arity: int(g, 0, 255) }));
  const functions = buildFunctions(g, S, constants, types, globals.length, natives.length, shape);
  const custom: CustomSection[] = Array.from({ length: int(g, 0, 2) }, () => ({
    name: text(g),
    data: g(fc.uint8Array, { maxLength: 9 }),
  }));
  const m: Module = {
    strings,
    constants,
    types,
    natives,
    globals,
    functions,
    ...buildLinkage(g, strings, globals.length, types),
    custom,
  };
  return g(fc.boolean) ? { ...m, debug: buildDebug(g, functions) } : m;
}

/**
 * EXPORTS and IMPORTS (format 1.2) for a quarter of the modules each, within their rules: a
 * non-empty module name, distinct export names; distinct (module, item) pairs and slots,
 * imported types without methods or prelude flag, never the module's own name.
 */
function buildLinkage(
  g: Gen,
  strings: readonly string[],
  globals: number,
  types: readonly TypeDef[],
): Pick<Module, "exports" | "imports"> {
  const named = strings.flatMap((s, i) => (s === "" ? [] : [i]));
  if (named.length === 0) return {};
  const item = (kind: Export["kind"], types: readonly number[]) => {
    const index =
      kind === "function" || kind === "constant" ? int(g, 0, globals - 1) : pick(g, types);
    return kind === "function" ? { kind, index, arity: int(g, 0, 255) } : { kind, index };
  };
  const kinds = (ofType: (t: TypeDef) => boolean) => {
    const structs = types.flatMap((t, i) => (t.kind === "struct" && ofType(t) ? [i] : []));
    const enums = types.flatMap((t, i) => (t.kind === "enum" && ofType(t) ? [i] : []));
    const list: [Export["kind"], number[]][] = [];
    if (globals > 0) list.push(["function", []], ["constant", []]);
    if (structs.length > 0) list.push(["struct", structs]);
    if (enums.length > 0) list.push(["enum", enums]);
    return list;
  };
  const out: { -readonly [K in "exports" | "imports"]?: Module[K] } = {};
  const exportKinds = kinds(() => true);
  if (int(g, 0, 3) === 0) {
    const items =
      exportKinds.length === 0
        ? []
        : subset(g, strings.length, 3).map((name) => {
            const [kind, ts] = pick(g, exportKinds);
            return { name, ...item(kind, ts) };
          });
    out.exports = { module: pick(g, named), items };
  }
  const importKinds = kinds((t) => t.methods.length === 0 && (t.flags & TYPE_FLAG_PRELUDE) === 0);
  const from = named.filter((i) => i !== out.exports?.module);
  if (int(g, 0, 3) === 0 && importKinds.length > 0 && from.length > 0) {
    const pairs = new Set<string>();
    const slots = new Set<string>();
    const imports: Import[] = [];
    for (let n = int(g, 1, 3); n > 0; n--) {
      const module = pick(g, from);
      const name = int(g, 0, strings.length - 1);
      const [kind, ts] = pick(g, importKinds);
      const it = item(kind, ts);
      const slot = `${kind === "function" || kind === "constant" ? "g" : "t"}${it.index}`;
      if (pairs.has(`${module} ${name}`) || slots.has(slot)) continue;
      pairs.add(`${module} ${name}`);
      slots.add(slot);
      imports.push({ module, name, ...it });
    }
    out.imports = imports;
  }
  return out;
}

/** i64 bounds, the edges of exact doubles and of int32 (half of the int constants). */
const EDGE_INTS = [
  -(2n ** 63n),
  2n ** 63n - 1n,
  0n,
  -1n,
  2n ** 53n,
  2n ** 53n + 1n,
  -(2n ** 53n) - 1n,
  2n ** 31n - 1n,
  -(2n ** 31n),
];
/** NaN, both zeros, both infinities, subnormals, the largest double (half of the floats). */
const EDGE_FLOATS = [
  NaN,
  -0,
  0,
  Infinity,
  -Infinity,
  Number.MIN_VALUE,
  -Number.MAX_VALUE,
  2 ** 53 + 2,
];

function buildConstants(g: Gen, S: number): Constant[] {
  const constants: Constant[] = [];
  const seen = new Set<string>();
  for (let n = int(g, 0, 10); n > 0; n--) {
    let k: Constant;
    switch (int(g, 0, 3)) {
      case 0:
        k = {
          kind: "int",
          value: g(fc.boolean)
            ? pick(g, EDGE_INTS)
            : g(fc.bigInt, { min: -(2n ** 63n), max: 2n ** 63n - 1n }),
        };
        break;
      case 1:
        k = { kind: "float", value: g(fc.boolean) ? pick(g, EDGE_FLOATS) : g(fc.double) };
        break;
      case 2:
        k = { kind: "str", string: int(g, 0, S - 1) };
        break;
      default: {
        const cp = int(g, 0, 0x10ffff - 0x800);
        k = { kind: "char", codePoint: cp >= 0xd800 ? cp + 0x800 : cp };
      }
    }
    const key =
      k.kind === "float"
        ? `f${Object.is(k.value, -0) ? "-0" : k.value}`
        : JSON.stringify(k, (_, v) => (typeof v === "bigint" ? `${v}` : v));
    if (!seen.has(key)) constants.push(k);
    seen.add(key);
  }
  return constants;
}

function buildTypes(g: Gen, S: number, globals: number): TypeDef[] {
  return Array.from({ length: int(g, 0, 4) }, (): TypeDef => {
    const name = int(g, 0, S - 1);
    const flags = g(fc.boolean) ? TYPE_FLAG_PRELUDE : 0;
    const methods =
      globals === 0
        ? []
        : subset(g, S, 3).map((m) => ({ name: m, global: int(g, 0, globals - 1) }));
    if (g(fc.boolean)) return { kind: "struct", name, flags, fields: subset(g, S, 5), methods };
    const variants = subset(g, S, 4).map((v) => ({ name: v, arity: int(g, 0, 4) }));
    return { kind: "enum", name, flags, variants, methods };
  });
}

interface Shell {
  name: number;
  params: number;
  registers: number;
  upvalues: UpvalueDesc[];
  children: number[];
  constants: number[];
}

function buildFunctions(
  g: Gen,
  S: number,
  constants: readonly Constant[],
  types: readonly TypeDef[],
  globals: number,
  natives: number,
  shape: ModuleShape,
): FunctionProto[] {
  const n = int(g, 1, shape.maxFunctions ?? 4);
  const shells: Shell[] = [];
  for (let i = 0; i < n; i++) {
    const registers = g(fc.boolean) ? int(g, 1, 16) : int(g, 1, 256);
    const shell: Shell = {
      name: int(g, 0, S - 1),
      params: i === 0 ? 0 : int(g, 0, registers),
      registers,
      upvalues: [],
      children: [],
      constants: subset(g, constants.length, 8),
    };
    if (i > 0) {
      const parent = shells[int(g, 0, i - 1)]!;
      parent.children.push(i);
      for (let u = int(g, 0, 3); u > 0; u--) {
        const inStack = parent.upvalues.length === 0 || g(fc.boolean);
        const bound = inStack ? parent.registers : parent.upvalues.length;
        shell.upvalues.push({ inStack, index: int(g, 0, bound - 1) });
      }
    }
    shells.push(shell);
  }
  const ctx = { constants, types, variants: variantTable(types), globals, natives };
  return shells.map((s) => ({ ...s, code: buildCode(g, s, ctx, shape.maxCode ?? 12) }));
}

interface CodeContext {
  readonly constants: readonly Constant[];
  readonly types: readonly TypeDef[];
  readonly variants: ReturnType<typeof variantTable>;
  readonly globals: number;
  readonly natives: number;
}

const TERMINATORS = OPCODES.filter((op) => op.terminator);
const JMP = OPCODE_BY_NAME.get("JMP")!;

function buildCode(g: Gen, f: Shell, ctx: CodeContext, maxCode: number): Uint32Array {
  const length = int(g, 1, maxCode);
  const words: number[] = [];
  /** JMPs still owed to a SWITCHVARIANT's table. */
  let table = 0;
  for (let pc = 0; pc < length; pc++) {
    const previous = pc > 0 ? OPCODE_BY_CODE[words[pc - 1]! & 0xff]! : undefined;
    const pool = previous?.test || table > 0 ? [JMP] : pc === length - 1 ? TERMINATORS : OPCODES;
    let word: number | undefined;
    // Some opcodes cannot be formed in this function (no upvalues, no structs, ...): redraw.
    while (word === undefined) word = instruction(g, pick(g, pool), f, ctx, pc, length);
    words.push(word);
    if (table > 0) table--;
    else if (OPCODE_BY_CODE[word & 0xff]!.table) table = tableLength(ctx, word >>> 16);
  }
  return Uint32Array.from(words);
}

function instruction(
  g: Gen,
  info: OpcodeInfo,
  f: Shell,
  ctx: CodeContext,
  pc: number,
  length: number,
): number | undefined {
  // A test needs room for its JMP and, after it, the instruction a passing test goes on at.
  if (info.test && pc + 2 >= length) return undefined;
  const fields = operandFields(info);
  const ops: number[] = [];
  const below = (n: number): number | undefined => (n > 0 ? int(g, 0, n - 1) : undefined);
  const where = (kind: "str" | "num"): number | undefined => {
    const ok = f.constants
      .map((k, i) => [ctx.constants[k]!.kind, i] as const)
      .filter(([kk]) => (kind === "str" ? kk === "str" : kk === "int" || kk === "float"));
    return ok.length ? pick(g, ok)[1] : undefined;
  };
  for (const [i, kind] of info.operands.entries()) {
    const [min, max] = fieldRange(fields[i]!);
    let v: number | undefined;
    switch (kind) {
      case "reg":
      case "freg":
        v = below(f.registers);
        break;
      case "kst":
        v = below(f.constants.length);
        break;
      case "kstr":
        v = where("str");
        break;
      case "knum":
        v = where("num");
        break;
      case "imm":
      case "simm":
        v = int(g, min, max);
        break;
      case "bool":
        v = int(g, 0, 1);
        break;
      case "upval":
        v = below(f.upvalues.length);
        break;
      case "child":
        v = below(f.children.length);
        break;
      case "global":
        v = below(ctx.globals);
        break;
      case "native":
        v = below(ctx.natives);
        break;
      case "struct": {
        const structs = ctx.types.flatMap((t, ti) => (t.kind === "struct" ? [ti] : []));
        v = structs.length ? pick(g, structs) : undefined;
        break;
      }
      case "variant":
        // A switch names an enum's first variant, and its table must fit before the end.
        v = info.table
          ? pickOrNone(
              g,
              ctx.variants.flatMap((x, i) =>
                x.tag === 0 && pc + tableLength(ctx, i) < length ? [i] : [],
              ),
            )
          : below(ctx.variants.length);
        break;
      case "jump":
        v = int(g, 0, length - 1) - pc - 1;
        break;
      case "errkind":
        v = below(RUNTIME_ERROR_KINDS.length);
        break;
      case "cast":
        v = below(CAST_TARGETS.length);
        break;
    }
    if (v === undefined) return undefined;
    ops.push(v);
  }
  if (info.window && !fitWindow(g, info, ops, f.registers, ctx)) return undefined;
  return encode(info, ops);
}

/** The JMPs of a SWITCHVARIANT table on variant `v`'s enum: its variant count, plus one. */
function tableLength(ctx: CodeContext, v: number): number {
  const t = ctx.types[ctx.variants[v]!.type]!;
  return (t.kind === "enum" ? t.variants.length : 0) + 1;
}

const pickOrNone = (g: Gen, xs: readonly number[]): number | undefined =>
  xs.length > 0 ? pick(g, xs) : undefined;

/** Moves A (and B for count windows) so the register window fits; false when it cannot. */
function fitWindow(
  g: Gen,
  info: OpcodeInfo,
  ops: number[],
  registers: number,
  ctx: CodeContext,
): boolean {
  let extra: number;
  switch (info.window!) {
    case "B+1":
      ops[1] = int(g, 0, registers - 1 - ops[0]!);
      return true;
    case "B":
      if (ops[0]! >= registers) return false;
      ops[1] = int(g, 1, registers - ops[0]!);
      return ops[1] <= 255;
    case "2":
      extra = 1;
      break;
    case "fields": {
      const t = ctx.types[ops[1]!]!;
      extra = t.kind === "struct" ? t.fields.length : 0;
      break;
    }
    case "arity": {
      const v = ctx.variants[ops[1]!]!;
      const t = ctx.types[v.type]!;
      extra = t.kind === "enum" ? t.variants[v.tag]!.arity : 0;
      break;
    }
  }
  if (registers - 1 - extra < 0) return false;
  ops[0] = int(g, 0, registers - 1 - extra);
  return true;
}

function buildDebug(g: Gen, functions: readonly FunctionProto[]): DebugInfo {
  const fns = functions.map((f): FunctionDebug => {
    const n = f.code.length;
    const line = (): number => (g(fc.boolean) ? int(g, 0, 500) : g(fc.nat, { max: 0xffffffff }));
    const lines = Uint32Array.from({ length: n }, line);
    const columns = Uint32Array.from({ length: n }, line);
    const locals = Array.from({ length: int(g, 0, 3) }, () => {
      const startPc = int(g, 0, n);
      return {
        name: text(g),
        register: int(g, 0, f.registers - 1),
        bank: int(g, 0, 1),
        startPc,
        endPc: int(g, startPc, n),
      };
    });
    const upvalueNames = g(fc.boolean) ? f.upvalues.map(() => text(g)) : [];
    return { lines, columns, locals, upvalueNames };
  });
  const sourceHash = g(fc.boolean)
    ? g(fc.uint8Array, { minLength: 32, maxLength: 32 })
    : new Uint8Array(0);
  return { sourceFile: text(g), sourceHash, functions: fns };
}
