// Kind signatures of natives and built-in methods (spec/semantics.md §9.3). Every native is
// declared with the kinds of its parameters (a method's first parameter is its receiver);
// one checker enforces them before the implementation runs, so an implementation may trust
// its arguments. A bytecode program can call any native with any values (SELF, then a
// register overwritten before CALL), so the check is what keeps a wrong kind a Veld
// `TypeError` instead of a host exception or a write into a shared host object.

import { VARIADIC } from "../../format/module.js";
import { HEADER_BYTES, slotsBytes, workSize, workSteps } from "../cost.js";
import { trap } from "../errors.js";
import { utf8Length } from "../text.js";
import {
  Closure,
  isFloat,
  isInt,
  kindName,
  NativeFn,
  runTask,
  VChar,
  VEnum,
  VMap,
  VRange,
  VRng,
  VSet,
  VTuple,
  type NativeContext,
  type NativeImpl,
  type TaskImpl,
  type Value,
} from "../values.js";

/**
 * A parameter kind. `text` is a str or a char (a char stands for its one-scalar string);
 * `num` is an int or a float; `fn` is anything callable; a trailing `?` marks an optional
 * parameter (only at the end: the native is then variadic).
 */
export type Kind =
  | "any"
  | "int"
  | "float"
  | "num"
  | "bool"
  | "str"
  | "text"
  | "char"
  | "array"
  | "fn"
  | "option"
  | "result"
  | "range"
  | "map"
  | "set"
  | "rng"
  | "tuple";
export type Param = Kind | `${Kind}?`;

const TESTS: Record<Kind, (v: Value) => boolean> = {
  any: () => true,
  int: isInt,
  float: isFloat,
  num: (v) => isInt(v) || isFloat(v),
  bool: (v) => typeof v === "boolean",
  str: (v) => typeof v === "string",
  text: (v) => typeof v === "string" || v instanceof VChar,
  char: (v) => v instanceof VChar,
  array: (v) => Array.isArray(v),
  fn: (v) => v instanceof Closure || v instanceof NativeFn,
  option: (v) => v instanceof VEnum && v.type.prelude === "Option",
  result: (v) => v instanceof VEnum && v.type.prelude === "Result",
  range: (v) => v instanceof VRange,
  map: (v) => v instanceof VMap,
  set: (v) => v instanceof VSet,
  rng: (v) => v instanceof VRng,
  tuple: (v) => v instanceof VTuple,
};

/** Whether v is of kind k (a trailing `?` is ignored). */
export function kindMatches(p: Param, v: Value): boolean {
  return TESTS[p.replace("?", "") as Kind](v);
}

const KIND_NAMES: Record<Kind, string> = {
  any: "any value",
  int: "an int",
  float: "a float",
  num: "a number",
  bool: "a bool",
  str: "a str",
  text: "a str or char",
  char: "a char",
  array: "an array",
  fn: "a function",
  option: "an Option",
  result: "a Result",
  range: "a range",
  map: "a HashMap",
  set: "a HashSet",
  rng: "an Rng",
  tuple: "a tuple",
};

function wrongKind(name: string, method: boolean, i: number, k: Kind, v: Value): never {
  const what = method && i === 0 ? "its receiver" : `argument ${method ? i : i + 1}`;
  trap("TypeError", `${name} expects ${what} to be ${KIND_NAMES[k]}, got ${kindName(v)}`);
}

const SIGNATURES = new WeakMap<NativeFn, readonly Param[]>();

/** The declared parameter kinds of a native (a method's receiver first). */
export function signatureOf(f: NativeFn): readonly Param[] | undefined {
  return SIGNATURES.get(f);
}

/**
 * How a native's work is charged (spec/semantics.md §10.1): `const` natives cost only their
 * CALL; `linear` ones also pay for the work size of their arguments when called and for
 * their str or array result (steps and memory) when they return.
 */
export type Cost = "const" | "linear";

/** Set by `prepay` until its native returns: that native's result is already paid for. */
let prepaid = false;

/**
 * Pays for a linear native's result before building it: `units` of work (the result's work
 * size) and `bytes` of memory (the result and any new values inside it). The native must
 * then return exactly the result it paid for.
 */
export function prepay(ctx: NativeContext, units: number, bytes: number): void {
  ctx.charge(workSteps(units));
  ctx.alloc(bytes);
  prepaid = true;
}

function linear(impl: NativeImpl, arity: number): NativeImpl {
  // Unrolled for the common counts: rest parameters and spreads are slow paths in V8.
  switch (arity) {
    case 1:
      return (ctx, a) => {
        ctx.charge(workSteps(workSize(a)));
        prepaid = false;
        return paid(ctx, impl(ctx, a));
      };
    case 2:
      return (ctx, a, b) => {
        ctx.charge(workSteps(workSize(a) + workSize(b)));
        prepaid = false;
        return paid(ctx, impl(ctx, a, b));
      };
    case 3:
      return (ctx, a, b, c) => {
        ctx.charge(workSteps(workSize(a) + workSize(b) + workSize(c)));
        prepaid = false;
        return paid(ctx, impl(ctx, a, b, c));
      };
    default:
      return (ctx, ...args) => {
        let w = 0;
        for (let i = 0; i < args.length; i++) w += workSize(args[i]);
        ctx.charge(workSteps(w));
        prepaid = false;
        return paid(ctx, impl(ctx, ...args));
      };
  }
}

/** `linear` for a task: the charge for the arguments; `paid` is its TaskEnd. */
function linearTask(impl: TaskImpl): TaskImpl {
  return (ctx, ...args) => {
    let w = 0;
    for (let i = 0; i < args.length; i++) w += workSize(args[i]);
    ctx.charge(workSteps(w));
    prepaid = false;
    return impl(ctx, ...args);
  };
}

/**
 * Charges a linear native's result unless it prepaid it. The flag is only ever set between
 * a `prepay` and the return of the same native (natives that prepay call no functions after
 * it), so one module-level flag serves nested calls too.
 */
function paid(ctx: NativeContext, r: Value): Value {
  if (prepaid) {
    prepaid = false;
    return r;
  }
  if (typeof r === "string") {
    const n = utf8Length(r);
    ctx.charge(workSteps(n));
    ctx.alloc(HEADER_BYTES + n);
  } else if (Array.isArray(r)) {
    ctx.charge(workSteps(r.length));
    ctx.alloc(slotsBytes(r.length));
  }
  return r;
}

/** The implementation of a native that calls functions: a task (values.ts `NativeTask`). */
export class Resumable {
  constructor(readonly impl: TaskImpl) {}
}

/**
 * A NativeFn that checks its argument count (when some parameters are optional) and every
 * argument's kind before it runs `impl`. `method` numbers the arguments after a receiver.
 * A Resumable implementation gives the NativeFn its `task` (checked and charged the same).
 */
export function defineNative(
  name: string,
  params: readonly Param[],
  impl: NativeImpl | Resumable,
  cost: Cost,
  method = false,
): NativeFn {
  let f: NativeFn;
  if (impl instanceof Resumable) {
    const body = cost === "linear" ? linearTask(impl.impl) : impl.impl;
    // The kind checks return what the task function returns: the generator.
    const c = checked(name, params, body as unknown as NativeImpl, method);
    const task = c.fn as unknown as TaskImpl;
    const end = cost === "linear" ? paid : undefined;
    const run: NativeImpl = (ctx, ...args) => runTask(ctx, task(ctx, ...args), end);
    f = new NativeFn(name, c.arity, run, task, end, method);
  } else {
    const body = cost === "linear" ? linear(impl, optional(params) ? -1 : params.length) : impl;
    f = checked(name, params, body, method);
  }
  SIGNATURES.set(f, params);
  return f;
}

const optional = (params: readonly Param[]) => params.some((p) => p.endsWith("?"));

function checked(name: string, params: readonly Param[], impl: NativeImpl, method: boolean) {
  const native = (arity: number, fn: NativeImpl) =>
    new NativeFn(name, arity, fn, undefined, undefined, method);
  const kinds = params.map((p) => p.replace("?", "") as Kind);
  const tests = kinds.map((k) => TESTS[k]);
  const max = params.length;
  const min = params.findIndex((p) => p.endsWith("?"));
  if (min >= 0) {
    if (params.slice(min).some((p) => !p.endsWith("?")))
      throw new Error(`${name}: a required parameter follows an optional one`);
    const skip = method ? 1 : 0; // the receiver is not counted in messages
    return native(VARIADIC, (ctx: NativeContext, ...args: Value[]) => {
      if (args.length < min || args.length > max) {
        trap(
          "ArityMismatch",
          `${name} takes ${min - skip} to ${max - skip} arguments, got ${args.length - skip}`,
        );
      }
      for (let i = 0; i < args.length; i++) {
        if (!tests[i]!(args[i])) wrongKind(name, method, i, kinds[i]!, args[i]);
      }
      return impl(ctx, ...args);
    });
  }
  // Fixed arity (the caller checked the count): unrolled for the common small counts.
  const [t0, t1, t2] = tests;
  switch (max) {
    case 0:
      return native(0, impl);
    case 1:
      return native(1, (ctx, a) => {
        if (!t0!(a)) wrongKind(name, method, 0, kinds[0]!, a);
        return impl(ctx, a);
      });
    case 2:
      return native(2, (ctx, a, b) => {
        if (!t0!(a)) wrongKind(name, method, 0, kinds[0]!, a);
        if (!t1!(b)) wrongKind(name, method, 1, kinds[1]!, b);
        return impl(ctx, a, b);
      });
    case 3:
      return native(3, (ctx, a, b, c) => {
        if (!t0!(a)) wrongKind(name, method, 0, kinds[0]!, a);
        if (!t1!(b)) wrongKind(name, method, 1, kinds[1]!, b);
        if (!t2!(c)) wrongKind(name, method, 2, kinds[2]!, c);
        return impl(ctx, a, b, c);
      });
    default:
      throw new Error(`${name}: more than 3 fixed parameters need their own unrolling`);
  }
}
