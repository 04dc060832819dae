// The runtime value model (spec/semantics.md §Values). Values are native JS values wherever
// possible so the VM's registers hold them without wrappers:
//   int   → a JS number that is a safe integer, or a bigint outside ±(2^53−1) (never inside)
//   float → a JS number that is not integer-valued (fractions, NaN, ±Infinity), or a VFloat
//           box for integer-valued floats (1.0, -0.0, 1e300)
//   bool → boolean · unit → undefined · str → string · char → VChar · array → Array
//   tuple → VTuple · struct → VStruct · enum → VEnum · function → Closure | NativeFn
//   range → VRange · error value → VError · map → VMap · set → VSet · Rng → VRng
//   iterator (internal) → VIter subclasses
// so `typeof x === "number" && Number.isInteger(x)` is "x is an int that fits a double".

import type { RtProto } from "./program.js";

export type Value =
  | number
  | bigint
  | string
  | boolean
  | undefined
  | VFloat
  | VChar
  | VTuple
  | VStruct
  | VEnum
  | Closure
  | NativeFn
  | VRange
  | VError
  | VMap
  | VSet
  | VRng
  | VIter
  | Value[];

/** An integer-valued float (1.0, -0.0, 1e300): boxed so it is not mistaken for an int. */
export class VFloat {
  constructor(readonly value: number) {}
}

export class VChar {
  constructor(readonly codePoint: number) {}
  private static readonly ascii: VChar[] = Array.from({ length: 128 }, (_, i) => new VChar(i));
  static of(codePoint: number): VChar {
    // Stryker disable next-line ConditionalExpression: `false` is equivalent (a fresh VChar instead of the shared one)
    return codePoint < 128 ? VChar.ascii[codePoint]! : new VChar(codePoint);
  }
}

export class VTuple {
  /** Its normal form as a map key once computed (runtime/collections.ts keyOf): tuples are immutable. */
  key: string | undefined = undefined;
  constructor(readonly items: Value[]) {}
}

export interface RtMethodTable {
  /** Method name → global slot holding the function (Module `methods`). */
  readonly methods: ReadonlyMap<string, number>;
}

export class RtStruct implements RtMethodTable {
  readonly slots = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly fieldNames: readonly string[],
    readonly methods: ReadonlyMap<string, number>,
  ) {
    fieldNames.forEach((f, i) => this.slots.set(f, i));
  }
}

export class RtEnum implements RtMethodTable {
  /** Shared instances of the payload-free variants (index = tag). */
  readonly units: (VEnum | undefined)[];
  constructor(
    readonly name: string,
    readonly variantNames: readonly string[],
    readonly arities: readonly number[],
    readonly methods: ReadonlyMap<string, number>,
    /** "Option" / "Result" when this is the prelude type the built-in methods apply to. */
    readonly prelude: "Option" | "Result" | undefined,
  ) {
    // Stryker disable next-line ConditionalExpression: `true` is equivalent (a variant with a payload never uses its unit)
    this.units = arities.map((n, tag) => (n === 0 ? new VEnum(this, tag, []) : undefined));
    this.yesTag = variantNames.indexOf(prelude === "Result" ? "Ok" : "Some");
  }
  /** Tag of Some/Ok for a prelude type (the other variant is None/Err). */
  readonly yesTag: number;
}

export class VStruct {
  constructor(
    readonly type: RtStruct,
    readonly fields: Value[],
  ) {}
}

export class VEnum {
  constructor(
    readonly type: RtEnum,
    readonly tag: number,
    readonly payload: readonly Value[],
  ) {}
}

/** A captured variable: `cell[index]` is the live register while open, a private box after. */
export class Upval {
  constructor(
    public cell: Value[],
    public index: number,
    /** Next open upvalue: the list runs from the highest register down (only meaningful while open). */
    public next: Upval | null,
  ) {}
}

export class Closure {
  constructor(
    readonly proto: RtProto,
    readonly upvals: Upval[],
  ) {}
}

/** The runtime services a native may use (implemented by the interpreter). */
export interface NativeContext {
  write(text: string): void;
  /** Calls a Veld or native function re-entrantly; Veld errors propagate as thrown. */
  callValue(fn: Value, args: readonly Value[]): Value;
  /** The program's arguments (std.env.args). */
  readonly args: readonly string[];
  now(): number;
  /** One line of input without its line break, or undefined at end of input. */
  readLine(): string | undefined;
  /** The prelude Option/Result types of the running program. */
  some(v: Value): VEnum;
  none(): VEnum;
  ok(v: Value): VEnum;
  err(v: Value): VEnum;
  /** Guards the growth of arrays and strings (LimitExceeded). */
  checkLength(n: number): void;
  /** Charges `steps` of native work to the step budget (spec/semantics.md §10.1). */
  charge(steps: number): void;
  /** Charges an allocation of `bytes` to the memory budget (spec/semantics.md §10.2). */
  alloc(bytes: number): void;
}

export type NativeImpl = (ctx: NativeContext, ...args: Value[]) => Value;

/**
 * A native that calls functions, as a resumable task (Lua's `lua_callk` continuations): a
 * state machine (a generator, or a class where speed matters) that yields each call it
 * needs as `[function, ...arguments]` and is resumed with the result. The
 * VM runs such a call as a frame of its own stack, so natives calling Veld calling natives
 * … never nest on the host stack (spec/semantics.md §10). A runner reads a yielded call
 * before it resumes the task, so a task may reuse one array for all its calls.
 */
export interface NativeTask {
  /** Resumes with the last call's result (undefined the first time): a call, or the end. */
  next(input: Value): IteratorResult<readonly Value[], Value>;
}
export type TaskImpl = (ctx: NativeContext, ...args: Value[]) => NativeTask;

export class NativeFn {
  constructor(
    readonly name: string,
    /** Exact argument count, or VARIADIC (the function checks its own count). */
    readonly arity: number,
    /** The native run to completion; a task's calls go through `ctx.callValue`. */
    readonly fn: NativeImpl,
    /** The same native as a task, for natives that call functions (the VM runs these). */
    readonly task?: TaskImpl,
    /** Applied to a task's result when it ends (a linear native's result charge). */
    readonly taskEnd?: TaskEnd,
    /** A method: its first argument is the receiver, which messages do not count. */
    readonly method = false,
  ) {}
}

/** ArityMismatch's message: `name` takes `takes` arguments and was called with `got`. */
export function arityMessage(name: string, takes: number, got: number): string {
  return `${name} takes ${takes} argument${takes === 1 ? "" : "s"}, got ${got}`;
}

/** ArityMismatch's message for native `f` called with `n` arguments, a receiver not counted. */
export function nativeArityMessage(f: NativeFn, n: number): string {
  const skip = f.method && n > 0 ? 1 : 0;
  return arityMessage(f.name, f.arity - skip, n - skip);
}

export type TaskEnd = (ctx: NativeContext, result: Value) => Value;

/** Runs a task to completion, making each call it asks for with `ctx.callValue`. */
export function runTask(ctx: NativeContext, t: NativeTask, end: TaskEnd | undefined): Value {
  let r = t.next(undefined);
  while (r.done !== true) {
    const c = r.value;
    r = t.next(ctx.callValue(c[0], c.slice(1)));
  }
  return end === undefined ? r.value : end(ctx, r.value);
}

export class VRange {
  constructor(
    readonly start: number | bigint,
    readonly end: number | bigint,
    readonly inclusive: boolean,
  ) {}
}

/** The value `catch e` binds: `e.kind`, `e.message`, `e.value`. */
export class VError {
  constructor(
    readonly kind: string,
    readonly message: string,
    readonly value: Value,
  ) {}
}

/**
 * A map key in normal form (runtime/collections.ts `keyOf`): keys equal under `==` have the
 * same normal form, so a JS Map keyed by it holds one entry per Veld key, in insertion order.
 */
export type Key = number | bigint | string | boolean | undefined;

/** A HashMap: shared by reference, iterated in insertion order (spec/semantics.md §11). */
export class VMap {
  /** Normal-form key → value, in insertion order. */
  readonly vals = new Map<Key, Value>();
  /** Normal-form key → the key as first inserted, only where that differs from its normal form. */
  readonly orig = new Map<Key, Value>();
  /** The key as the program inserted it. */
  keyAt(k: Key): Value {
    // Stryker disable next-line ConditionalExpression: `false` is equivalent (the lookup finds nothing either)
    return this.orig.size === 0 ? k : (this.orig.get(k) ?? k);
  }
}

/** A HashSet: normal-form key → the element as first inserted, in insertion order. */
export class VSet {
  constructor(readonly items = new Map<Key, Value>()) {}
}

/**
 * A random number generator of `std.random` (spec/library.md §15): xoshiro256** state, the
 * four 64-bit words s0..s3 as 32-bit halves, high half first (runtime/random.ts).
 */
export class VRng {
  readonly state = new Uint32Array(8);
}

/** Iterator state created by GETITER; never produced by Veld source directly. */
export abstract class VIter {}

// ---- number helpers -------------------------------------------------------------------

export const I64_MIN = -(2n ** 63n);
export const I64_MAX = 2n ** 63n - 1n;
const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);

export function isInt(v: Value): v is number | bigint {
  return typeof v === "number" ? Number.isInteger(v) : typeof v === "bigint";
}

export function isFloat(v: Value): boolean {
  return typeof v === "number" ? !Number.isInteger(v) : v instanceof VFloat;
}

/** The float value of a float value (caller checked isFloat). */
export function floatOf(v: Value): number {
  return typeof v === "number" ? v : (v as VFloat).value;
}

/** A float result in canonical form. */
export function mkFloat(x: number): number | VFloat {
  return Number.isInteger(x) ? new VFloat(x) : x;
}

/** An exact integer as a normalised int; undefined when it is outside i64. */
export function fromBig(b: bigint): number | bigint | undefined {
  if (b >= -SAFE_MAX && b <= SAFE_MAX) return Number(b);
  if (b < I64_MIN || b > I64_MAX) return undefined;
  return b;
}

/** A human name for a value's kind, used in TypeError messages. */
export function kindName(v: Value): string {
  switch (typeof v) {
    case "number":
      return Number.isInteger(v) ? "int" : "float";
    case "bigint":
      return "int";
    case "string":
      return "str";
    case "boolean":
      return "bool";
    case "undefined":
      return "()";
  }
  if (v instanceof VFloat) return "float";
  if (v instanceof VChar) return "char";
  if (Array.isArray(v)) return "array";
  if (v instanceof VTuple) return "tuple";
  if (v instanceof VStruct) return v.type.name;
  if (v instanceof VEnum) return v.type.name;
  if (v instanceof Closure || v instanceof NativeFn) return "function";
  if (v instanceof VRange) return "range";
  if (v instanceof VError) return "error";
  if (v instanceof VMap) return "HashMap";
  if (v instanceof VSet) return "HashSet";
  if (v instanceof VRng) return "Rng";
  return "iterator";
}
