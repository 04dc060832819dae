// The in-memory model of a `.veldc` module (spec/format.md). It mirrors the container one to
// one: every table is explicit and ordered, so a Module has exactly one encoding and the
// writer, reader, assembler and disassembler all agree on it without re-deriving anything.

import { OPCODE_BY_CODE, OPCODE_BY_NAME, RUNTIME_ERROR_KINDS_1_0, type Window } from "./opcodes.js";

export const FORMAT_MAJOR = 1;
/** The newest minor version this implementation reads and writes (format.md §3). */
export const FORMAT_MINOR = 2;

/**
 * The minor version a module is written with: the lowest that has every feature it uses
 * (format.md §3), so a file that needs nothing of 1.1 stays a 1.0 file, byte for byte: the
 * highest minor of its features. 1.1 added the DEBUG file table, the instructions whose row
 * says `minor: 1`, and the runtime error kinds from KeyNotFound on (RAISE's B operand); 1.2
 * the EXPORTS and IMPORTS sections (format.md §5.10–5.11).
 */
export function formatMinor(
  m: Pick<Module, "debug" | "functions"> & Partial<Pick<Module, "exports" | "imports">>,
): number {
  let minor = 0;
  if (m.exports !== undefined || m.imports !== undefined) minor = Math.max(minor, 2);
  if ((m.debug?.files?.length ?? 0) > 0) minor = Math.max(minor, 1);
  for (const f of m.functions) {
    for (const word of f.code) {
      const info = OPCODE_BY_CODE[word & 0xff];
      if (info?.minor !== undefined) minor = Math.max(minor, info.minor);
      if (info?.code === RAISE && ((word >>> 16) & 0xff) >= RUNTIME_ERROR_KINDS_1_0)
        minor = Math.max(minor, 1);
    }
  }
  return minor;
}

const RAISE = OPCODE_BY_NAME.get("RAISE")!.code;

/** Pool constants. Ints are exact i64 (bigint); floats keep their sign of zero. */
export type Constant =
  | { readonly kind: "int"; readonly value: bigint }
  | { readonly kind: "float"; readonly value: number }
  | { readonly kind: "str"; readonly string: number } // index into Module.strings
  | { readonly kind: "char"; readonly codePoint: number };

/**
 * The identity of a pool constant (spec/format.md: a pool holds each at most once): floats by
 * bit pattern, so 0.0 and -0.0 are two constants and so are NaNs of different payloads.
 */
/** Two views of 8 bytes: a float written to `f` reads back as its bit pattern from `u`. */
let floatBits: { f: Float64Array; u: BigUint64Array } | undefined;

export function constantKey(k: Constant): string {
  switch (k.kind) {
    case "int":
      return `i${k.value}`;
    case "float": {
      if (floatBits === undefined) {
        const f = new Float64Array(1);
        floatBits = { f, u: new BigUint64Array(f.buffer) };
      }
      floatBits.f[0] = k.value;
      return `f${floatBits.u[0]!.toString(16)}`;
    }
    case "str":
      return `s${k.string}`;
    case "char":
      return `c${k.codePoint}`;
  }
}

export interface StructType {
  readonly kind: "struct";
  readonly name: number; // string index
  readonly flags: number; // TYPE_FLAG_*
  readonly fields: readonly number[]; // string indexes, declaration order
  readonly methods: readonly Method[];
}

export interface EnumType {
  readonly kind: "enum";
  readonly name: number;
  readonly flags: number;
  readonly variants: readonly Variant[];
  readonly methods: readonly Method[];
}

export interface Variant {
  readonly name: number; // string index
  readonly arity: number; // payload element count
}

/** A method is a global slot holding the function value (main initialises it). */
export interface Method {
  readonly name: number; // string index
  readonly global: number;
}

export type TypeDef = StructType | EnumType;

/** The type is the prelude's Option or Result: the runtime gives it its built-in methods. */
export const TYPE_FLAG_PRELUDE = 1;

/** Arity of a native that accepts any number of arguments. */
export const VARIADIC = 255;

export interface Native {
  readonly name: number; // string index, e.g. "println" or "std.math.sqrt"
  readonly arity: number; // 0..254, or VARIADIC
}

export interface Global {
  readonly name: number; // string index
}

export interface UpvalueDesc {
  /** true: capture register `index` of the enclosing frame; false: its upvalue `index`. */
  readonly inStack: boolean;
  readonly index: number;
}

export interface FunctionProto {
  readonly name: number; // string index
  readonly params: number;
  readonly registers: number; // frame size, 1..256
  readonly upvalues: readonly UpvalueDesc[];
  readonly children: readonly number[]; // function indexes usable by CLOSURE
  readonly constants: readonly number[]; // indexes into Module.constants
  readonly code: Uint32Array;
}

export interface LocalVar {
  readonly name: string;
  readonly register: number;
  readonly bank: number; // 0: the value is R[register]; 1: F[register] (the float bank)
  readonly startPc: number; // first instruction where the local is live
  readonly endPc: number; // one past the last
}

export interface FunctionDebug {
  readonly lines: Uint32Array; // source line per instruction (1-based; 0 = unknown)
  readonly columns: Uint32Array; // source column per instruction (1-based; 0 = unknown)
  readonly locals: readonly LocalVar[];
  readonly upvalueNames: readonly string[]; // empty, or one per upvalue
  /** Index into the file table (0, the default, is `sourceFile`; format.md §5.8). */
  readonly file?: number;
}

export interface DebugInfo {
  readonly sourceFile: string;
  readonly sourceHash: Uint8Array; // empty or 32 bytes (SHA-256 of the source)
  readonly functions: readonly FunctionDebug[]; // one per function, same order
  /** The file table's files after `sourceFile` (files 1…n); absent or empty for one file. */
  readonly files?: readonly string[];
}

export interface CustomSection {
  readonly name: string;
  readonly data: Uint8Array;
}

/**
 * What an export or import names (format.md §5.10): a function or a constant lives in a
 * global slot, a struct or an enum is a type. The kind byte is the index in ITEM_KINDS.
 */
export type ItemKind = "function" | "constant" | "struct" | "enum";
export const ITEM_KINDS: readonly ItemKind[] = ["function", "constant", "struct", "enum"];

/** An item a library exports: its global slot (function, constant) or type index. */
export interface Export {
  readonly name: number; // string index
  readonly kind: ItemKind;
  readonly index: number; // global index (function, constant) or type index (struct, enum)
  /** The function's parameter count; present exactly for functions. */
  readonly arity?: number;
}

/** The EXPORTS section: the module's name and what it exports. */
export interface Exports {
  readonly module: number; // string index of the module's name
  readonly items: readonly Export[];
}

/**
 * An item a module imports from another module: the global slot that stands for it
 * (function, constant) or the type entry that states its expected shape (struct, enum).
 */
export interface Import {
  readonly module: number; // string index of the exporting module's name
  readonly name: number; // string index of the item's name
  readonly kind: ItemKind;
  readonly index: number;
  /** The function's parameter count; present exactly for functions. */
  readonly arity?: number;
}

export interface Module {
  readonly strings: readonly string[];
  readonly constants: readonly Constant[];
  readonly types: readonly TypeDef[];
  readonly natives: readonly Native[];
  readonly globals: readonly Global[];
  readonly functions: readonly FunctionProto[]; // functions[0] is main
  readonly debug?: DebugInfo;
  /** Present when the module is a library (format 1.2): its name and exports. */
  readonly exports?: Exports;
  /** Present when the module imports items of libraries (format 1.2). */
  readonly imports?: readonly Import[];
  readonly custom: readonly CustomSection[];
}

/** A variant's module-wide number: variants of all enums, in type-table order. */
export interface VariantRef {
  readonly type: number;
  readonly tag: number;
}

export function variantTable(types: readonly TypeDef[]): VariantRef[] {
  const table: VariantRef[] = [];
  types.forEach((t, type) => {
    if (t.kind === "enum") t.variants.forEach((_, tag) => table.push({ type, tag }));
  });
  return table;
}

/**
 * The highest register of an instruction's register window starting at R[a] with operand b
 * (format/opcodes.ts `Window`; spec/isa.md §2); a - 1 for an empty "B" window, undefined
 * when b names no struct type or variant.
 */
export function windowEnd(
  window: Window,
  a: number,
  b: number,
  types: readonly TypeDef[],
  variants: readonly VariantRef[],
): number | undefined {
  switch (window) {
    case "B+1":
      return a + b;
    case "B":
      return a + b - 1;
    case "2":
      return a + 1;
    case "fields": {
      const t = types[b];
      return t?.kind === "struct" ? a + t.fields.length : undefined;
    }
    case "arity": {
      const v = variants[b];
      const t = v === undefined ? undefined : types[v.type];
      return t?.kind === "enum" ? a + t.variants[v!.tag]!.arity : undefined;
    }
  }
}
