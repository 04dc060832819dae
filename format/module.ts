// The in-memory model of a `.veldc` module (spec/format.md). It mirrors the container one to
// one: every table is explicit and ordered, so a Module has exactly one encoding and the
// writer, reader, assembler and disassembler all agree on it without re-deriving anything.

export const FORMAT_MAJOR = 1;
export const FORMAT_MINOR = 0;

/** Pool constants. Ints are exact i64 (bigint); floats keep their sign of zero. */
export type Constant =
  | { readonly kind: "int"; readonly value: bigint }
  | { readonly kind: "float"; readonly value: number }
  | { readonly kind: "str"; readonly string: number } // index into Module.strings
  | { readonly kind: "char"; readonly codePoint: number };

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
}

export interface DebugInfo {
  readonly sourceFile: string;
  readonly sourceHash: Uint8Array; // empty or 32 bytes (SHA-256 of the source)
  readonly functions: readonly FunctionDebug[]; // one per function, same order
}

export interface CustomSection {
  readonly name: string;
  readonly data: Uint8Array;
}

export interface Module {
  readonly strings: readonly string[];
  readonly constants: readonly Constant[];
  readonly types: readonly TypeDef[];
  readonly natives: readonly Native[];
  readonly globals: readonly Global[];
  readonly functions: readonly FunctionProto[]; // functions[0] is main
  readonly debug?: DebugInfo;
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
