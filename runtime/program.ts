// Linking a verified Module into the structures the VM runs (spec/semantics.md §Loading):
// code copied into runtime-owned Int32Arrays (so changing the caller's bytes or Module after
// loading cannot change verified code), constants as runtime values, struct/enum types with
// name→slot maps, natives resolved by name from the registry, and the prelude Option/Result.

import {
  TYPE_FLAG_PRELUDE,
  VARIADIC,
  type Module,
  type Native,
  type TypeDef,
} from "../format/module.js";
import { OPCODES } from "../format/opcodes.js";
import { LoadError } from "./errors.js";
import type { JitCode, JitProfile } from "./jit.js";
import { lookupNative } from "./natives/registry.js";
import { fromBig, mkFloat, NativeFn, RtEnum, RtStruct, VChar, type Value } from "./values.js";

export interface RtProto {
  readonly index: number;
  readonly name: string;
  readonly params: number;
  readonly registers: number;
  /** The function's code followed by one END_OF_CODE word. */
  readonly code: Int32Array;
  readonly k: Value[];
  /** K[i] as a binary64 for the float bank's K operands (NaN where K[i] is not a number). */
  readonly kf: Float64Array;
  /** Uses the float bank: its F registers are zeroed on entry (spec/isa.md §1). */
  readonly usesFloats: boolean;
  readonly children: RtProto[];
  /** Upvalue descriptors: (index << 1) | inStack. */
  readonly upvalDesc: Int32Array;
  /** Per-instruction inline caches of GETFIELD/SETFIELD/SELF: type seen and its slot. */
  readonly icType: unknown[];
  readonly icSlot: Int32Array;
  readonly lines: Uint32Array | undefined;
  readonly columns: Uint32Array | undefined;
  /** The source file of the function (format.md §5.8's file table), when there is debug info. */
  readonly file: string | undefined;
  /** Its compiled code (runtime/jit.ts); null when it cannot be compiled, undefined before. */
  jit: JitCode | null | undefined;
  /** Entries counted until it is compiled: calls, returns into it, backward jumps. */
  heat: number;
  /** Which of its blocks ran, while its compiled code has only those (runtime/jit.ts). */
  jitProfile: JitProfile | undefined;
}

export interface LinkedProgram {
  readonly module: Module;
  readonly protos: readonly RtProto[];
  readonly natives: readonly NativeFn[];
  readonly types: readonly (RtStruct | RtEnum)[];
  readonly globalCount: number;
  /** Module-wide variant number → enum type and tag. */
  readonly variantType: readonly RtEnum[];
  readonly variantTag: Int32Array;
  readonly option: PreludeEnum;
  readonly result: PreludeEnum;
}

/** The prelude Option (tags of Some/None) or Result (tags of Ok/Err). */
export interface PreludeEnum {
  readonly type: RtEnum;
  readonly yes: number;
  readonly no: number;
}

const NO_UPVALUES = new Int32Array(0);

/**
 * The word after every function's code: an opcode no table entry has, so if the VM ever ran
 * past the end (which the verifier rules out) it stops with an InternalError instead of
 * decoding whatever lies beyond.
 */
export const END_OF_CODE = 0xff;
/** 1 for the opcodes with a float-register operand. */
const FLOAT_OPS = new Uint8Array(256);
for (const o of OPCODES) if (o.operands.includes("freg")) FLOAT_OPS[o.code] = 1;

/**
 * Links `m`. With `prior` (a REPL session: `m`'s tables extend the prior program's, so its
 * type i is the prior's type i), the prior's type objects are kept, with the methods `m` has
 * for them, so values made by the earlier program still match and call methods in this one.
 */
export function linkModule(m: Module, prior?: LinkedProgram): LinkedProgram {
  const str = (i: number) => m.strings[i]!;
  checkPreludeFlags(m, str);
  const types = m.types.map((t, i) => {
    const linked = linkType(t, str);
    const old = prior?.types[i];
    if (old === undefined || old.name !== linked.name) return linked;
    const methods = old.methods as Map<string, number>;
    for (const [name, slot] of linked.methods) methods.set(name, slot);
    return old;
  });
  const variantType: RtEnum[] = [];
  const tags: number[] = [];
  types.forEach((t) => {
    if (t instanceof RtEnum) t.arities.forEach((_, tag) => (variantType.push(t), tags.push(tag)));
  });
  const consts: Value[] = m.constants.map((c) => {
    switch (c.kind) {
      case "int":
        return fromBig(c.value);
      case "float":
        return mkFloat(c.value);
      case "str":
        return str(c.string);
      case "char":
        return VChar.of(c.codePoint);
    }
  });
  // Every function's code (plus its END_OF_CODE word) and inline-cache slots are views of
  // one array each (one allocation, not one per function).
  let codeWords = 0;
  for (let i = 0; i < m.functions.length; i++) codeWords += m.functions[i]!.code.length;
  const icSlots = new Int32Array(codeWords);
  const codeCopy = new Int32Array(codeWords + m.functions.length);
  const codeBits = new Uint32Array(codeCopy.buffer); // same element type as f.code: a memcpy
  let icAt = 0;
  let codeAt = 0;
  const protos: RtProto[] = [];
  for (let index = 0; index < m.functions.length; index++) {
    const f = m.functions[index]!;
    const length = f.code.length;
    codeBits.set(f.code, codeAt);
    const code = codeCopy.subarray(codeAt, (codeAt += length + 1));
    code[length] = END_OF_CODE;
    // Stryker disable next-line ConditionalExpression: equivalent (a new empty array instead of the shared one)
    const upvalDesc = f.upvalues.length === 0 ? NO_UPVALUES : new Int32Array(f.upvalues.length);
    for (let j = 0; j < f.upvalues.length; j++) {
      const u = f.upvalues[j]!;
      upvalDesc[j] = (u.index << 1) | (u.inStack ? 1 : 0);
    }
    const kf = new Float64Array(f.constants.length);
    for (let j = 0; j < kf.length; j++) {
      const kc = m.constants[f.constants[j]!]!;
      // Stryker disable next-line ConditionalExpression: equivalent (a str or char constant has no `value`; Number(undefined) and undefined both store NaN)
      kf[j] = kc.kind === "int" ? Number(kc.value) : kc.kind === "float" ? kc.value : NaN;
    }
    let usesFloats = false;
    // Stryker disable next-line EqualityOperator: equivalent (code[length] is END_OF_CODE, no float opcode)
    for (let pc = 0; pc < length && !usesFloats; pc++)
      usesFloats = FLOAT_OPS[code[pc]! & 0xff] === 1;
    const dbg = m.debug?.functions[index];
    protos.push({
      index,
      name: str(f.name),
      params: f.params,
      registers: f.registers,
      code,
      k: genericArray(f.constants.map((c) => consts[c]!)),
      kf,
      usesFloats,
      children: [],
      upvalDesc,
      icType: new Array<unknown>(length).fill(undefined),
      icSlot: icSlots.subarray(icAt, (icAt += length)),
      lines: dbg?.lines,
      columns: dbg?.columns,
      file: dbg?.file ? m.debug!.files![dbg.file - 1] : m.debug?.sourceFile,
      jit: undefined,
      heat: 0,
      jitProfile: undefined,
    });
  }
  for (let i = 0; i < protos.length; i++) {
    const { children } = m.functions[i]!;
    const linked = protos[i]!.children;
    for (let j = 0; j < children.length; j++) linked.push(protos[children[j]!]!);
  }
  const natives = m.natives.map((n, i) => checkNative(m, n, i));
  return {
    module: m,
    protos,
    natives,
    types,
    globalCount: m.globals.length,
    variantType,
    variantTag: Int32Array.from(tags),
    option: prelude(types, "Option", "Some", "None", [1, 0]),
    result: prelude(types, "Result", "Ok", "Err", [1, 1]),
  };
}

/**
 * `values` in an array of V8's generic element kind, whatever they hold: every function's
 * constant pool then has one kind (not small ints in one, floats in another), so the
 * interpreter's constant loads do not deoptimize `execute` ("wrong map", "lost precision").
 */
function genericArray(values: Value[]): Value[] {
  // A string first makes the kind generic; removed at once.
  // Stryker disable next-line ArrayDeclaration,StringLiteral: only V8's element kind changes, which no program can tell
  const out: Value[] = [""];
  out.pop();
  for (const v of values) out.push(v);
  return out;
}

/** The registry's native for NATIVES entry `i` of `m` (E_LINK_NATIVE, E_LINK_NATIVE_ARITY). */
export function checkNative(m: Module, n: Native, i: number): NativeFn {
  const name = m.strings[n.name]!;
  const impl = lookupNative(name);
  if (impl === undefined) {
    throw new LoadError("E_LINK_NATIVE", `native ${i} '${name}' is not provided by this runtime`);
  }
  if (impl.arity !== VARIADIC && impl.arity !== n.arity) {
    throw new LoadError(
      "E_LINK_NATIVE_ARITY",
      `native '${name}' takes ${impl.arity} arguments, the module declares ${n.arity}`,
    );
  }
  return impl;
}

/**
 * TYPE_FLAG_PRELUDE marks only the prelude's own types: at most one enum named `Option` and
 * one named `Result` (spec/semantics.md §9). A flagged struct, a flagged enum of another name
 * or a second flagged Option/Result is E_LINK_PRELUDE; the shapes are checked by prelude().
 */
function checkPreludeFlags(m: Module, str: (i: number) => string): void {
  const seen = new Set<string>();
  m.types.forEach((t, i) => {
    if ((t.flags & TYPE_FLAG_PRELUDE) === 0) return;
    const name = str(t.name);
    const why =
      t.kind !== "enum"
        ? "a struct"
        : name !== "Option" && name !== "Result"
          ? "not named Option or Result"
          : seen.has(name)
            ? `a second prelude ${name}`
            : undefined;
    if (why !== undefined) {
      throw new LoadError("E_LINK_PRELUDE", `type ${i} '${name}' is flagged prelude but is ${why}`);
    }
    seen.add(name);
  });
}

function linkType(t: TypeDef, str: (i: number) => string): RtStruct | RtEnum {
  const methods = new Map(t.methods.map((mt) => [str(mt.name), mt.global]));
  if (t.kind === "struct") return new RtStruct(str(t.name), t.fields.map(str), methods);
  const name = str(t.name);
  // checkPreludeFlags let only an enum named Option or Result carry the flag.
  const prelude = (t.flags & TYPE_FLAG_PRELUDE) !== 0 ? (name as "Option" | "Result") : undefined;
  return new RtEnum(
    name,
    t.variants.map((v) => str(v.name)),
    t.variants.map((v) => v.arity),
    methods,
    prelude,
  );
}

/**
 * The module's prelude Option/Result, or a runtime-owned copy when the module has none
 * (then only natives create its values; the program cannot name or match them).
 */
function prelude(
  types: readonly (RtStruct | RtEnum)[],
  name: "Option" | "Result",
  yes: string,
  no: string,
  arities: [number, number],
): PreludeEnum {
  const t = types.find((x): x is RtEnum => x instanceof RtEnum && x.prelude === name);
  if (t === undefined) {
    return { type: new RtEnum(name, [yes, no], arities, new Map(), name), yes: 0, no: 1 };
  }
  const y = t.variantNames.indexOf(yes);
  const n = t.variantNames.indexOf(no);
  // A missing variant (index -1) has no arity (undefined), never the one required.
  if (t.arities[y] !== arities[0] || t.arities[n] !== arities[1]) {
    throw new LoadError(
      "E_LINK_PRELUDE",
      `prelude type ${name} must have variants ${yes}(${arities[0]}) and ${no}(${arities[1]})`,
    );
  }
  return { type: t, yes: y, no: n };
}
