// The second execution tier (docs/architecture.md §The compiled tier): a hot function's
// bytecode compiled to one JavaScript function with `new Function`, dispatching once per basic
// block instead of once per instruction. It works on the interpreter's own state (the
// register array at `base`, the float bank, globals, upvalues, the local step budget), so the
// interpreter can take over at any instruction with nothing to rebuild.
//
// Only fast paths are compiled. Whatever else an instruction may meet (another kind of value,
// an int leaving int32, an index out of bounds, an inline-cache miss, an opcode not compiled
// here such as CALL or RETURN) makes the compiled code return that instruction's pc before it
// has changed anything: the interpreter executes it, with its own errors, messages and traces.
// Compiled code therefore never throws and never allocates what the memory budget does not
// see. Steps: a block is charged whole on entry; when the budget cannot pay for it, the block
// is left to the interpreter, which counts one instruction at a time (refills, interrupts and
// exhaustion at the exact instruction); an exit inside a block gives back what it did not run.

import { Op } from "../format/op.js";
import { CAST_TARGETS } from "../format/opcodes.js";
import { SLOT_BYTES, slotsBytes } from "./cost.js";
import {
  isPlainKey,
  MAP_ENTRY_BYTES,
  mapIndex,
  mapSet,
  MAX_ENTRIES,
  newPlainEntry,
} from "./collections.js";
import { InternalError } from "./errors.js";
import { ArrayIter, makeIter, MapIter, RangeIter, StrIter } from "./iterators.js";
import { equal, intRem, less } from "./ops.js";
import type { LinkedProgram, RtProto } from "./program.js";
import { scalarAt } from "./text.js";
import {
  Closure,
  mkFloat,
  NativeFn,
  type NativeTask,
  VChar,
  VEnum,
  VFloat,
  VMap,
  VStruct,
  VTuple,
  type RtStruct,
  type Upval,
  type Value,
} from "./values.js";

/**
 * A compiled function: runs the frame at `base` (call depth `depth`) from `pc` and returns
 * the pc where the interpreter goes on in that frame (at once when `pc` starts no compiled
 * block), RETURNED when the frame returned (only a call from compiled code, `nest` > 0, runs
 * its RETURN), or RELOAD when compiled code pushed frames the interpreter must go on in:
 * the innermost is at `vm.depth`, its pc in `vm.fPc`. The step budget is read from and
 * written back to `vm.budget`.
 */
export type JitCode = (
  vm: unknown,
  R: Value[],
  F: Float64Array,
  base: number,
  pc: number,
  U: Upval[],
  G: Value[],
  depth: number,
  nest: number,
) => number;

/** JitCode's answer: the frame returned (its value is in its caller's register). */
export const RETURNED = -1;
/** JitCode's answer: go on in the frame at vm.depth, at its saved pc. */
export const RELOAD = -2;
/**
 * JitCode's answer: as RELOAD, but the instruction before the saved pc threw `vm.thrown`
 * (a native, a map insertion), having done what it does in the interpreter before it throws:
 * the interpreter throws it there, as if it had run the instruction itself.
 */
export const THROWN = -3;
/**
 * Calls from compiled code to compiled code nest on the host stack; `nest` sums their sizes in
 * code words (at least NEST_UNIT each, since a frame's size grows with its function's code), and
 * a call that would take it past MAX_NEST is left to the interpreter. Short functions nest 48
 * deep; a 1,000-word one 3 deep.
 */
const NEST_UNIT = 64;
const MAX_NEST = 48 * NEST_UNIT;
const nestCost = (p: RtProto): number => (p.code.length < NEST_UNIT ? NEST_UNIT : p.code.length);
/** callJ's and tailJ's answer: nothing done, the interpreter runs the instruction. */
const EXIT_HERE = -4;

/** Helpers of the interpreter that compiled code calls too (runtime/vm.ts). */
export interface JitEnv {
  /** ADD … MOD off their fast paths (0 +, 1 −, 2 ×, 3 ÷, 4 %), as the interpreter runs them. */
  readonly arith: (vm: never, op: number, x: Value, y: Value) => Value;
  readonly loadF: (n: number) => Value;
  readonly builtinKind: (o: Value) => number;
  /** The natives CALL runs inline (arr.push(v), arr.len(), arr.pop(), an Option's unwrap()). */
  readonly ARRAY_PUSH: unknown;
  readonly ARRAY_LEN: unknown;
  readonly ARRAY_POP: unknown;
  readonly OPTION_UNWRAP: unknown;
  /** m.has(k), m.get_or(k, d), m.set(k, v) with a plain key, as the interpreter runs them. */
  readonly MAP_HAS: unknown;
  readonly MAP_GET_OR: unknown;
  readonly MAP_SET: unknown;
}

/** eq(x, y) of the interpreter where it cannot throw: 1 or 0; -1 leaves it to the interpreter. */
function eqJ(x: Value, y: Value): number {
  if (x === y) return 1;
  // Stryker disable next-line ConditionalExpression,StringLiteral: a shortcut: equal() answers 0 for two different ints too
  if (typeof x === "number" && typeof y === "number") return 0;
  if (typeof x !== "object" || typeof y !== "object" || x instanceof VChar)
    return equal(x, y) ? 1 : 0;
  return -1;
}

/** Kinds `less` orders without an error: two numbers, two strings or two chars. */
function ordered(x: Value, y: Value): boolean {
  if (typeof x === "string") return typeof y === "string";
  if (x instanceof VChar) return y instanceof VChar;
  const nx = typeof x === "number" || typeof x === "bigint" || x instanceof VFloat;
  return nx && (typeof y === "number" || typeof y === "bigint" || y instanceof VFloat);
}

function ltJ(x: Value, y: Value): number {
  return ordered(x, y) ? (less(x, y, false) ? 1 : 0) : -1;
}

function leJ(x: Value, y: Value): number {
  return ordered(x, y) ? (less(x, y, true) ? 1 : 0) : -1;
}

/** The VM as compiled code and its helpers see it (the fields runtime/vm.ts declares). */
type VmState = any;

/**
 * CALL R[a], a closure (compiled code tests that; anything else goes to callN), with n
 * arguments, the frame at `depth` going on at `next`: a compiled closure's frame is pushed as
 * the interpreter pushes it and its code runs here (RETURNED when it returned; when it left
 * a frame to the interpreter, RELOAD or THROWN, this frame's pc saved); a closure not
 * compiled, of another arity or too deep is EXIT_HERE, before any change.
 */
function callJ(
  vm: VmState,
  R: Value[],
  F: Float64Array,
  G: Value[],
  a: number,
  n: number,
  depth: number,
  nest: number,
  next: number,
): number {
  const f = R[a] as Closure;
  const p = f.proto;
  const j = p.jit;
  const d = depth + 1;
  const nb = a + 1;
  const end = nb + p.registers;
  if (
    typeof j !== "function" ||
    p.params !== n ||
    nest + nestCost(p) > MAX_NEST ||
    d >= vm.maxDepth ||
    d >= vm.fBase.length ||
    end > R.length
  )
    return EXIT_HERE;
  vm.fPc[depth] = next;
  for (let i = nb + n; i < end; i++) R[i] = undefined;
  if (p.usesFloats) F.fill(0, nb, end);
  vm.fBase[d] = nb;
  vm.fCl[d] = f;
  if (d > vm.peak) vm.peak = d;
  const r = j(vm, R, F, nb, 0, f.upvals, G, d, nest + nestCost(p));
  if (r >= 0) {
    vm.fPc[d] = r;
    vm.depth = d;
    return RELOAD;
  }
  return r;
}

/**
 * CALL R[a] of a native that calls functions (a task: map, filter, fold, sort …) with n
 * arguments, the frame at `depth` going on at `next`: as the interpreter's CALL runs it (the
 * task, its frames and its errors are the interpreter's: runTasks, continueTasks), except that
 * a callback whose function is compiled runs here, nested; RETURNED when the task ended (its
 * result in R[a]). When a callback cannot run here (not compiled yet, too deep on the host
 * stack), or leaves its frame to the interpreter, the answer is RELOAD (or THROWN) with the
 * interpreter's state at that point: the interpreter goes on in the callback's frame, and the
 * task with it.
 */
export function taskJ(
  vm: VmState,
  R: Value[],
  F: Float64Array,
  G: Value[],
  a: number,
  n: number,
  depth: number,
  nest: number,
  next: number,
): number {
  const f = R[a] as NativeFn;
  vm.fPc[depth] = next;
  vm.depth = depth;
  // A native the task calls may re-enter the VM (an embedder's callValue), which sets jitStop.
  const stop = vm.jitStop;
  let t: { gen: NativeTask; depth: number; dest: number; end: NativeFn["taskEnd"] };
  try {
    t = { gen: vm.startTask(f, a + 1, n), depth: depth + 1, dest: a, end: f.taskEnd };
    vm.tasks.push(t);
    // Stryker disable next-line UnaryOperator: the task has a destination register, so no entry frame (-1: none) is looked at
    vm.runTasks(t, undefined, -1);
  } catch (e) {
    return thrown(vm, e, depth, next);
  }
  vm.jitStop = stop;
  return tasksJ(vm, t, R, F, G, depth, nest);
}

/**
 * Goes on with task `t` (the innermost, called by the frame at `depth`), whose callback's
 * frame is pushed at vm.depth with its pc 0, or which has ended (vm.depth is `depth`): see
 * taskJ.
 */
export function tasksJ(
  vm: VmState,
  t: { readonly gen: NativeTask },
  R: Value[],
  F: Float64Array,
  G: Value[],
  depth: number,
  nest: number,
): number {
  // A native the task calls may re-enter the VM (an embedder's callValue), which sets jitStop.
  const stop = vm.jitStop;
  const inner = nest + NEST_UNIT;
  for (;;) {
    vm.jitStop = stop;
    const d = vm.depth;
    if (d === depth) return RETURNED;
    // A callback's frame is pushed at d, its pc 0: run it here if it is compiled.
    const cl = vm.fCl[d] as Closure;
    const p = cl.proto;
    const j = p.jit;
    const cost = inner + nestCost(p);
    if (typeof j !== "function" || cost > MAX_NEST || vm.fregs !== F) return RELOAD;
    const base = vm.fBase[d] as number;
    for (;;) {
      const r = j(vm, R, F, base, 0, cl.upvals, G, d, cost);
      if (r >= 0) {
        vm.fPc[d] = r;
        vm.depth = d;
        return RELOAD;
      }
      if (r !== RETURNED) return r;
      // The callback returned (retJ): the task goes on as after the interpreter's RETURN of
      // the task's frame, and what it throws is thrown there.
      vm.depth = depth;
      vm.top = base - 1;
      let s: IteratorResult<readonly Value[], Value>;
      try {
        s = t.gen.next(R[base - 1]);
      } catch (e) {
        return thrown(vm, e, d, vm.retPc + 1);
      }
      if (
        s.done === true ||
        s.value[0] !== cl ||
        s.value.length - 1 !== p.params ||
        vm.fCl[d] !== cl
      ) {
        try {
          // Stryker disable next-line UnaryOperator: as in taskJ (a destination register: the entry is not looked at)
          vm.continueTasks(t, s, -1);
        } catch (e) {
          return thrown(vm, e, d, vm.retPc + 1);
        }
        break;
      }
      // The same closure again (map, filter, fold …): its frame is reused in place, as the
      // interpreter reuses it.
      refillFrame(R, F, base, cl, s.value);
      vm.depth = d;
    }
  }
}

/**
 * A task's callback frame at `base` made ready for the call `c` (the closure `cl` it holds
 * already, then the arguments): arguments in place, its other registers cleared, as a new
 * frame's are. The interpreter and tasksJ reuse a callback's frame this way.
 */
export function refillFrame(
  R: Value[],
  F: Float64Array,
  base: number,
  cl: Closure,
  c: readonly Value[],
): void {
  const p = cl.proto;
  const n = c.length - 1;
  const end = base + p.registers;
  R[base - 1] = cl;
  for (let i = 0; i < n; i++) R[base + i] = c[i + 1];
  for (let i = base + n; i < end; i++) R[i] = undefined;
  if (p.usesFloats) F.fill(0, base, end);
}

/**
 * CALL of what is not a closure (see callJ): a task goes to taskJ (one helper at each call
 * site keeps the generated CALL short), a native runs here.
 */
function callN(
  vm: VmState,
  R: Value[],
  F: Float64Array,
  G: Value[],
  a: number,
  n: number,
  depth: number,
  nest: number,
  next: number,
  top: number,
): number {
  const f = R[a];
  if (!(f instanceof NativeFn)) return EXIT_HERE;
  if (f.task !== undefined) return taskJ(vm, R, F, G, a, n, depth, nest, next);
  const env = vmEnv!;
  // arr.push(v), arr.len() and the map natives as the interpreter's CALL runs them.
  if (f === env.ARRAY_PUSH && n === 2) {
    const arr = R[a + 1];
    if (!Array.isArray(arr) || arr.length >= vm.maxArray || vm.memLeft < SLOT_BYTES)
      return EXIT_HERE;
    vm.memLeft -= SLOT_BYTES;
    arr.push(R[a + 2]);
    R[a] = undefined;
    return RETURNED;
  }
  if (f === env.ARRAY_LEN && n === 1) {
    const arr = R[a + 1];
    if (!Array.isArray(arr)) return EXIT_HERE;
    R[a] = arr.length;
    return RETURNED;
  }
  if (f === env.MAP_HAS || f === env.MAP_GET_OR || f === env.MAP_SET) {
    const m = R[a + 1];
    const key = R[a + 2];
    // Another key (a tuple, a char …) takes the native call below.
    if (m instanceof VMap && isPlainKey(key) && f.arity === n) {
      const vals = m.vals;
      if (f === env.MAP_HAS) R[a] = vals.has(key);
      else if (f === env.MAP_GET_OR) {
        const v = vals.get(key);
        R[a] = v !== undefined || vals.has(key) ? v : R[a + 3];
      } else {
        const size = vals.size;
        vals.set(key, R[a + 3]);
        if (vals.size !== size) {
          try {
            newPlainEntry(vm, m, key);
          } catch (e) {
            return thrown(vm, e, depth, next);
          }
        }
        R[a] = undefined;
      }
      return RETURNED;
    }
  }
  vm.fPc[depth] = next;
  vm.top = top;
  vm.depth = depth;
  // A native may re-enter the VM (an embedder's callValue), whose execute sets jitStop and
  // may grow the register file, replacing the float bank this code holds: the interpreter
  // then goes on after the call.
  const stop = vm.jitStop;
  const bank = vm.fregs;
  try {
    R[a] = vm.callNative(f, a + 1, n);
  } catch (e) {
    return thrown(vm, e, depth, next);
  }
  vm.jitStop = stop;
  return vm.fregs === bank ? RETURNED : RELOAD;
}

/** slowJ()'s answer when what it ran threw (the exception is in vm.thrown). */
const THREW = { threw: true };
/** slowJ()'s operations besides the arithmetic codes 0–4 of JitEnv.arith. */
const SLOW_MAP_NEXT = 5;
const SLOW_ITER = 6;
const SLOW_ENTRY = 7;
const SLOW_MAP_INDEX = 8;
const SLOW_MAP_SET = 9;
const SLOW_CONCAT = 10;

/**
 * The interpreter's code for the cases compiled code leaves to it without leaving the
 * instruction: arithmetic off the fast paths (op 0–4), a map iterator's next (x), GETITER's
 * makeIter (x), a new map entry's limits and memory (map x, key y; answers x), GETINDEX and
 * SETINDEX of map x, key y (value z) past the shortcuts for ints and strs. Answers THREW,
 * the exception in vm.thrown, when that code throws.
 */
function slowJ(vm: VmState, op: number, x: Value, y: Value, z?: Value): Value | typeof THREW {
  try {
    switch (op) {
      case SLOW_MAP_NEXT:
        return (x as MapIter).next(vm);
      case SLOW_ITER:
        return makeIter(x, (o, n) => vm.userMethod(o, n));
      case SLOW_ENTRY:
        newPlainEntry(vm, x as VMap, y as number | string);
        return x;
      case SLOW_MAP_INDEX:
        return mapIndex(x as VMap, y);
      case SLOW_MAP_SET:
        mapSet(vm, x as VMap, y, z);
        return x;
      case SLOW_CONCAT:
        return vm.concat(x as number, y as number);
      default:
        return vmEnv!.arith(vm as never, op, x, y);
    }
  } catch (e) {
    vm.thrown = e;
    return THREW;
  }
}

/** THROWN: the instruction before `next` in frame `depth` threw `e`. */
function thrown(vm: VmState, e: unknown, depth: number, next: number): number {
  vm.fPc[depth] = next;
  vm.depth = depth;
  vm.thrown = e;
  return THROWN;
}

/**
 * TAILCALL R[base + A] with n arguments (see callJ): the frame is replaced as the interpreter
 * replaces it; the callee's code runs here in a frame compiled code called, else the
 * interpreter goes on in it (RELOAD). A native that calls no functions is called as the
 * interpreter calls it (not by CALL's shortcuts), and the frame returns its result.
 */
function tailJ(
  vm: VmState,
  R: Value[],
  F: Float64Array,
  G: Value[],
  base: number,
  A: number,
  n: number,
  depth: number,
  nest: number,
  next: number,
  top: number,
): number {
  const f = R[base + A];
  if (f instanceof NativeFn && f.task === undefined) {
    if (nest === 0 && depth === vm.jitStop) return EXIT_HERE;
    vm.fPc[depth] = next;
    vm.top = top;
    vm.depth = depth;
    let v: Value;
    const stop = vm.jitStop;
    try {
      v = vm.callNative(f, base + A + 1, n);
    } catch (e) {
      return thrown(vm, e, depth, next);
    }
    vm.jitStop = stop;
    return retJ(vm, R, base, depth, v, nest, next - 1);
  }
  if (!(f instanceof Closure)) return EXIT_HERE;
  const p = f.proto;
  const j = p.jit;
  const end = base + p.registers;
  if (typeof j !== "function" || p.params !== n || nest + nestCost(p) > MAX_NEST || end > R.length)
    return EXIT_HERE;
  retire(vm, base, depth);
  for (let i = 0; i <= n; i++) R[base - 1 + i] = R[base + A + i];
  for (let i = base + n; i < end; i++) R[i] = undefined;
  if (p.usesFloats) F.fill(0, base, end);
  vm.fCl[depth] = f;
  const r = nest === 0 ? 0 : j(vm, R, F, base, 0, f.upvals, G, depth, nest + nestCost(p));
  if (r >= 0) {
    vm.fPc[depth] = r;
    vm.depth = depth;
    return RELOAD;
  }
  return r;
}

/** RETURN: the interpreter's frame pop (see instruction()). */
function retJ(
  vm: VmState,
  R: Value[],
  base: number,
  depth: number,
  v: Value,
  nest: number,
  pc: number,
): number {
  retire(vm, base, depth);
  R[base - 1] = v;
  if (nest > 0) {
    vm.retPc = pc;
    return RETURNED;
  }
  return resume(vm, depth - 1, nestCost(vm.fCl[depth].proto));
}

/**
 * A frame the interpreter entered (nest 0) returned to frame `d`: its callers go on in their
 * compiled code here, one after another, each nested at `nest` (its return answers RETURNED),
 * down to the frame whose return is the interpreter's (vm.jitStop) or one not compiled; then
 * RELOAD there. So a recursion deeper than MAX_NEST, whose frames the interpreter entered one
 * by one, unwinds at the speed of compiled code.
 */
function resume(vm: VmState, d: number, nest: number): number {
  for (; d > vm.jitStop; d--) {
    const cl = vm.fCl[d] as Closure;
    const p = cl.proto;
    const j = p.jit;
    if (typeof j !== "function") break;
    const r = j(
      vm,
      vm.regs,
      vm.fregs,
      vm.fBase[d],
      vm.fPc[d],
      cl.upvals,
      vm.globals,
      d,
      nest + nestCost(p),
    );
    if (r >= 0) {
      // (Not vm.depth before: its callees' natives set it to theirs.)
      vm.fPc[d] = r;
      vm.depth = d;
      return RELOAD;
    }
    if (r !== RETURNED) return r;
  }
  vm.depth = d;
  return RELOAD;
}

/** Closes the frame's upvalues and drops its handlers (RETURN, TAILCALL). */
function retire(vm: VmState, base: number, depth: number): void {
  if (vm.openUp !== null && vm.openUp.index >= base) vm.closeUpvals(base);
  while (vm.hCount > 0 && vm.hDepth[vm.hCount - 1] >= depth) vm.hCount--;
}

/** What generated code refers to by name. */
const SHARED = {
  VFloat,
  intRem,
  VStruct,
  VEnum,
  VMap,
  VChar,
  ArrayIter,
  StrIter,
  RangeIter,
  MapIter,
  VTuple,
  NativeFn,
  Closure,
  mkFloat,
  makeIter,
  isPlainKey,
  scalarAt,
  eqJ,
  ltJ,
  leJ,
  SAFE: Number.MAX_SAFE_INTEGER,
};

/** The interpreter's helpers (one object: runtime/vm.ts's JIT_ENV), for callJ. */
let vmEnv: JitEnv | undefined;

/**
 * Longer functions stay interpreted: V8 gives a generated function's frame a slot per block
 * constant, so a long one (a top-level script of 20,000 calls) would exhaust the host stack on
 * entry, where the interpreter's frame is small; hot code is short.
 */
export const MAX_COMPILED_CODE = 1_000;

/** False once the host refused `new Function` (a strict Content-Security-Policy page). */
let available = true;

/** Whether the host lets the runtime compile (false after `new Function` threw once). */
export function jitAvailable(): boolean {
  return available;
}

// Opcodes by how they end a block.
const enum Kind {
  /** Not compiled: the compiled code returns its pc to the interpreter. */
  None,
  /** Straight-line: the next instruction follows. */
  Plain,
  /** A fused test: the next word is its JMP; goes on at pc + 2 or pc + 2 + offset. */
  Fused,
  /** JMP: always to pc + 1 + (ins >> 8). */
  Jump,
  /** RETURN, RETURNUNIT, TAILCALL: the frame ends. */
  Return,
  /** CALL: straight-line, and where the interpreter resumes the frame after a return. */
  Call,
  /** FORPREP, FORLOOP, ITERNEXT: pc + 1 or pc + 1 + (ins >> 16). */
  Branch16,
  /** SWITCHVARIANT: to the target of one of the JMPs of the table that follows it. */
  Switch,
}

const KIND = new Uint8Array(256);
for (const o of [
  Op.MOVE,
  Op.LOADK,
  Op.LOADI,
  Op.LOADF,
  Op.LOADTRUE,
  Op.LOADFALSE,
  Op.GETGLOBAL,
  Op.SETGLOBAL,
  Op.GETNATIVE,
  Op.GETUPVAL,
  Op.SETUPVAL,
  Op.CLOSURE,
  Op.ADD,
  Op.ADDK,
  Op.SUB,
  Op.SUBK,
  Op.MUL,
  Op.MULK,
  Op.DIV,
  Op.DIVK,
  Op.MOD,
  Op.MODK,
  Op.ADDI,
  Op.SEQ,
  Op.SNE,
  Op.SLT,
  Op.SLE,
  Op.SELF,
  Op.GETINDEX,
  Op.SETINDEX,
  Op.NEWSTRUCT,
  Op.GETFIELD,
  Op.SETFIELD,
  Op.NEWENUM,
  Op.GETPAYLOAD,
  Op.FMOVE,
  Op.FLOADK,
  Op.FUNBOX,
  Op.FBOX,
  Op.FADD,
  Op.FADDK,
  Op.FSUB,
  Op.FSUBK,
  Op.FMUL,
  Op.FMULK,
  Op.FDIV,
  Op.FDIVK,
  Op.FNEG,
  Op.FSQRT,
  Op.GETITER,
  Op.NEWARRAY,
  Op.NEWTUPLE,
  Op.GETTUPLE,
  Op.GETFIELDF,
  Op.SETFIELDF,
  Op.CONCAT,
])
  KIND[o] = Kind.Plain;
for (const o of [
  Op.EQ,
  Op.LT,
  Op.LE,
  Op.EQK,
  Op.EQI,
  Op.LTI,
  Op.LEI,
  Op.GTI,
  Op.GEI,
  Op.LTK,
  Op.LEK,
  Op.GTK,
  Op.GEK,
  Op.TEST,
  Op.TESTVARIANT,
  Op.FLT,
  Op.FLE,
  Op.FLTK,
  Op.FLEK,
  Op.FGTK,
  Op.FGEK,
])
  KIND[o] = Kind.Fused;
KIND[Op.JMP] = Kind.Jump;
KIND[Op.CALL] = Kind.Call;
KIND[Op.TAILCALL] = Kind.Return;
KIND[Op.RETURN] = Kind.Return;
KIND[Op.RETURNUNIT] = Kind.Return;
for (const o of [Op.FORPREP, Op.FORPREPI, Op.FORLOOP, Op.ITERNEXT]) KIND[o] = Kind.Branch16;
KIND[Op.SWITCHVARIANT] = Kind.Switch;
KIND[Op.CAST] = Kind.Plain;

/** How the instruction `ins` ends a block: CAST is compiled for its float targets only. */
function kindOf(ins: number): Kind {
  const op = ins & 255;
  if (op === Op.CAST && floatCast(ins) === undefined) return Kind.None;
  return KIND[op] as Kind;
}

/** The float target ("f64" or "f32") of the CAST `ins`, else undefined. */
function floatCast(ins: number): string | undefined {
  const t = CAST_TARGETS[ins >>> 24];
  return t === "f64" || t === "f32" ? t : undefined;
}

/** The jump table's length after the SWITCHVARIANT `ins`: the enum's variants and one more. */
function switchEntries(program: LinkedProgram, ins: number): number {
  return program.variantType[ins >>> 16]!.arities.length + 1;
}

/** The targets of the jump table after the SWITCHVARIANT at `pc`: one per variant, then the rest. */
function switchTargets(code: Int32Array, pc: number, entries: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < entries; i++) out.push(pc + 2 + i + (code[pc + 1 + i]! >> 8));
  return out;
}

/** Block entries a profiling version runs (fewer with RunOptions.jit "eager", for the tests). */
const PROFILE_BLOCKS = 1000;
const PROFILE_BLOCKS_EAGER = 16;
/** Entries into one block left out after which the function is compiled again. */
const COLD_ENTRIES = 100;
const COLD_ENTRIES_EAGER = 2;
/** Versions with blocks left out after which every block is compiled. */
const MAX_ROUNDS = 3;
/** JitProfile.seen: a block that ran; one left out of the code; one left out that ran since. */
const RAN = 1;
const LEFT_OUT = 2;
const HIT = 3;

/**
 * Which blocks of a function have run. V8 optimizes a generated function with the type
 * feedback its blocks gathered, and deoptimizes it when a block that had never run (no
 * feedback) first runs, to optimize it again later: the functions of a program whose blocks
 * started running one after the other were optimized up to seven times each. So a hot
 * function is first compiled to a profiling version, which marks each block it enters
 * (`seen[start] = RAN`) and counts down `left[0]`; when that is spent (before V8 optimizes it),
 * it returns at the next block start and is compiled again with only the blocks that ran.
 * Entering a block left out returns to the interpreter at that block's start (as when the
 * budget cannot pay for it), which runs it; a block left out that is entered COLD_ENTRIES
 * times is put back, with the others that ran since, in a new version; after MAX_ROUNDS
 * versions every block is compiled.
 */
export class JitProfile {
  /** Per pc: RAN, LEFT_OUT or HIT at a block's start, else 0. */
  readonly seen: Uint8Array;
  /** Block entries the profiling version may still run (read by generated code); < 0: spent. */
  readonly left = new Int32Array(1);
  /** Whether the function's code is its profiling version. */
  profiling = true;
  /** Per block left out: how often it was entered since the code was made. */
  readonly hits: Int32Array;
  /** Versions made with blocks left out after the first. */
  rounds = 0;
  constructor(length: number, eager: boolean) {
    this.seen = new Uint8Array(length);
    this.hits = new Int32Array(length);
    this.left[0] = eager ? PROFILE_BLOCKS_EAGER : PROFILE_BLOCKS;
  }
}

/**
 * Compiles `p` when it gets hot: its profiling version (see JitProfile). Answers null when
 * the host refuses `new Function` (and from then on for every function: the interpreter
 * alone runs).
 */
export function compileHot(
  p: RtProto,
  program: LinkedProgram,
  env: JitEnv,
  eager: boolean,
): JitCode | null {
  p.jitProfile = new JitProfile(p.code.length, eager);
  return compile(p, program, env, p.jitProfile);
}

/**
 * Whether `p`'s code may run anything from `pc`: false where a version with only the blocks
 * that ran (see JitProfile) has no block, where it would return `pc` at once. The interpreter
 * then does not call it (a call would count towards V8 optimizing that version again) and
 * goes straight to retune.
 */
export function jitRuns(p: RtProto, pc: number): boolean {
  const prof = p.jitProfile;
  return prof === undefined || prof.profiling || prof.seen[pc] === RAN;
}

/**
 * After `p`'s code returned `pc` >= 0 to the interpreter: compiles it again when its profiling
 * is over, or when a block left out is entered often (see JitProfile).
 */
export function retune(
  p: RtProto,
  pc: number,
  program: LinkedProgram,
  env: JitEnv,
  eager: boolean,
): void {
  const prof = p.jitProfile!;
  if (prof.profiling) {
    if (prof.left[0]! >= 0) return;
    prof.profiling = false;
  } else {
    const seen = prof.seen[pc];
    if (seen !== LEFT_OUT && seen !== HIT) return;
    // The block runs after all: it is in the next version, made when it is entered often.
    prof.seen[pc] = HIT;
    if (++prof.hits[pc]! < (eager ? COLD_ENTRIES_EAGER : COLD_ENTRIES)) return;
    prof.hits.fill(0);
    if (++prof.rounds >= MAX_ROUNDS) {
      p.jitProfile = undefined;
      p.jit = compile(p, program, env, undefined);
      return;
    }
  }
  p.jit = compile(p, program, env, prof);
}

/**
 * Compiles `p` (every block without `prof`; with it, the profiling version or the blocks that
 * ran), or answers null when the host refuses `new Function`.
 */
function compile(
  p: RtProto,
  program: LinkedProgram,
  env: JitEnv,
  prof: JitProfile | undefined,
): JitCode | null {
  if (!available || p.code.length > MAX_COMPILED_CODE) return null;
  vmEnv = env;
  const src = generate(p, program, prof);
  const all: Record<string, unknown> = {
    ...SHARED,
    ...env,
    callJ,
    callN,
    slowJ,
    THREW,
    tailJ,
    retJ,
  };
  const names = Object.keys(all);
  let make: (...args: unknown[]) => JitCode;
  try {
    make = new Function(
      ...names,
      "k",
      "kf",
      "icT",
      "icS",
      "VT",
      "TY",
      "CH",
      "P",
      "L",
      "ME",
      src,
    ) as typeof make;
  } catch {
    available = false;
    return null;
  }
  return make(
    ...names.map((n) => all[n]),
    p.k,
    p.kf,
    p.icType,
    p.icSlot,
    program.variantType,
    program.types,
    p.children,
    prof?.seen,
    prof?.left,
    p,
  );
}

// Register locals (docs/architecture.md §The compiled tier). Within a block, the registers its
// instructions read and write are JS locals (`r7`, float registers `f7`): loaded from R (or F)
// at the block's start when read before written, stored back where the block goes on
// (only those written, and of those only the ones live there), before whatever reads the
// register array itself (a call's window, NEWARRAY's elements) and at every exit to the
// interpreter (all written ones). A temporary that dies in its block is never stored: its
// value, a float read from an array say, needs no HeapNumber. Registers a closure captures
// stay in R (an open upvalue reads and writes them there). A loop's blocks share their
// locals (see loops()).

/** Registers as keys: R[n] is n, F[n] is FLOAT_KEY + n. */
const FLOAT_KEY = 256;
const KEYS = 512;
const WORDS = KEYS / 32;

/**
 * What an instruction compiled here does with registers: `reads` and `writes` through its
 * locals (`writes` on every path to the next instruction, so they need no load), `maybe`
 * written on some paths only (loaded first), `window` read from R itself; `call`: it reads
 * R itself and ends its block (CALL, TAILCALL).
 */
interface Use {
  readonly reads: number[];
  readonly writes: number[];
  readonly maybe: number[];
  readonly window: number[];
  readonly call: boolean;
}

const range = (lo: number, n: number): number[] => Array.from({ length: n }, (_, i) => lo + i);

/** The Use of `ins` (compiled opcodes only; see KIND). */
function use(program: LinkedProgram, ins: number): Use {
  const A = (ins >>> 8) & 255;
  const B = (ins >>> 16) & 255;
  const C = ins >>> 24;
  const Bx = ins >>> 16;
  const fA = FLOAT_KEY + A;
  const fB = FLOAT_KEY + B;
  const fC = FLOAT_KEY + C;
  const u = (reads: number[], writes: number[], window: number[] = [], maybe: number[] = []) => ({
    reads,
    writes,
    maybe,
    window,
    call: false,
  });
  switch (ins & 255) {
    case Op.MOVE:
    case Op.ADDI:
    case Op.ADDK:
    case Op.SUBK:
    case Op.MULK:
    case Op.DIVK:
    case Op.MODK:
    case Op.GETITER:
    case Op.GETFIELD:
    case Op.GETTUPLE:
    case Op.GETPAYLOAD:
    case Op.CAST:
      return u([B], [A]);
    case Op.LOADK:
    case Op.LOADI:
    case Op.LOADF:
    case Op.LOADTRUE:
    case Op.LOADFALSE:
    case Op.GETGLOBAL:
    case Op.GETNATIVE:
    case Op.GETUPVAL:
    case Op.CLOSURE:
      return u([], [A]);
    case Op.SETGLOBAL:
    case Op.SETUPVAL:
    case Op.EQK:
    case Op.EQI:
    case Op.LTI:
    case Op.LEI:
    case Op.GTI:
    case Op.GEI:
    case Op.LTK:
    case Op.LEK:
    case Op.GTK:
    case Op.GEK:
    case Op.TEST:
    case Op.TESTVARIANT:
    case Op.SWITCHVARIANT:
    case Op.RETURN:
      return u([A], []);
    case Op.ADD:
    case Op.SUB:
    case Op.MUL:
    case Op.DIV:
    case Op.MOD:
    case Op.SEQ:
    case Op.SNE:
    case Op.SLT:
    case Op.SLE:
    case Op.GETINDEX:
      return u([B, C], [A]);
    case Op.EQ:
    case Op.LT:
    case Op.LE:
      return u([A, B], []);
    case Op.SETINDEX:
      return u([A, B, C], []);
    case Op.SETFIELD:
      return u([A, C], []);
    case Op.JMP:
    case Op.RETURNUNIT:
      return u([], []);
    case Op.CALL:
    case Op.TAILCALL:
      // The callee's frame starts at A + 1: it clobbers the registers above the arguments.
      return { reads: [A], writes: [], maybe: [], window: range(A + 1, B), call: true };
    case Op.FORPREP:
    case Op.FORPREPI:
    case Op.FORLOOP:
      return u([A, A + 1], [], [], [A, A + 1]);
    case Op.ITERNEXT:
      return u([A], [], [], [A + 1]);
    case Op.SELF:
      return u([B], [A, A + 1]);
    case Op.NEWSTRUCT:
      return u([], [A], range(A + 1, (program.types[Bx] as RtStruct).fieldNames.length));
    case Op.NEWENUM: {
      const v = ins >>> 16;
      return u([], [A], range(A + 1, program.variantType[v]!.arities[program.variantTag[v]!]!));
    }
    case Op.NEWARRAY:
    case Op.NEWTUPLE:
      return u([], [A], range(A + 1, B));
    case Op.CONCAT:
      return u([], [A], range(A, B));
    case Op.FMOVE:
    case Op.FNEG:
    case Op.FSQRT:
    case Op.FADDK:
    case Op.FSUBK:
    case Op.FMULK:
    case Op.FDIVK:
      return u([fB], [fA]);
    case Op.FLOADK:
      return u([], [fA]);
    case Op.FUNBOX:
    case Op.GETFIELDF:
      return u([B], [fA]);
    case Op.FBOX:
      return u([fB], [A]);
    case Op.FADD:
    case Op.FSUB:
    case Op.FMUL:
    case Op.FDIV:
      return u([fB, fC], [fA]);
    case Op.FLT:
    case Op.FLE:
      return u([fA, fB], []);
    case Op.FLTK:
    case Op.FLEK:
    case Op.FGTK:
    case Op.FGEK:
      return u([fA], []);
    case Op.SETFIELDF:
      return u([A, fC], []);
  }
  // Stryker disable next-line StringLiteral: an assertion on the generator (every opcode KIND compiles has a Use above)
  throw new InternalError(`opcode ${ins & 255} has no register use`);
}

/** Where the compiled instruction at `pc` may go on (none for one not compiled here). */
function successors(program: LinkedProgram, code: Int32Array, i: number): number[] {
  const ins = code[i]!;
  switch (KIND[ins & 255]) {
    case Kind.Plain:
    case Kind.Call:
      return [i + 1];
    case Kind.Fused:
      return [i + 2, i + 2 + (code[i + 1]! >> 8)];
    case Kind.Jump:
      return [i + 1 + (ins >> 8)];
    case Kind.Branch16:
      return [i + 1, i + 1 + (ins >> 16)];
    case Kind.Switch:
      return switchTargets(code, i, switchEntries(program, ins));
  }
  return [];
}

/** Loops the compiled tier runs with their registers in locals: up to this many instructions. */
const MAX_LOOP = 200;

/**
 * The loops of a function's blocks (not in a profiling version): per block index, the index
 * of the last block of the loop it starts, or -1. A loop is a run of blocks whose last one
 * may jump back to the first, with no call or return in it (a call reads and writes R
 * itself) but for the CALLs of `inlined` (a native run inline, see inlineNative: in a loop
 * it runs on the locals, and anything else leaves the loop for the interpreter at the CALL);
 * the innermost are taken first, and loops do not overlap.
 */
function loops(
  program: LinkedProgram,
  code: Int32Array,
  blocks: readonly { start: number; pcs: number[] }[],
  profiling: boolean,
  inlined: ReadonlySet<number>,
): Int32Array {
  const end = new Int32Array(blocks.length).fill(-1);
  if (profiling) return end;
  const index = new Map(blocks.map((blk, i) => [blk.start, i]));
  const far = new Map<number, number>();
  blocks.forEach((blk, j) => {
    for (const t of successors(program, code, blk.pcs[blk.pcs.length - 1]!)) {
      const i = index.get(t);
      if (i !== undefined && i <= j) far.set(i, Math.max(far.get(i) ?? -1, j));
    }
  });
  const taken = new Uint8Array(blocks.length);
  const size = (i: number, j: number) =>
    blocks.slice(i, j + 1).reduce((sum, blk) => sum + blk.pcs.length, 0);
  for (const [i, j] of [...far].sort((x, y) => x[1] - x[0] - (y[1] - y[0]))) {
    if (size(i, j) > MAX_LOOP) continue;
    let ok = true;
    for (let k = i; k <= j; k++) {
      const blk = blocks[k]!;
      const last = blk.pcs[blk.pcs.length - 1]!;
      const kind = KIND[code[last]! & 255];
      if (taken[k] === 1 || (kind === Kind.Call && !inlined.has(last)) || kind === Kind.Return)
        ok = false;
    }
    if (!ok) continue;
    taken.fill(1, i, j + 1);
    end[i] = j;
  }
  return end;
}

const has = (set: Uint32Array, k: number): boolean => (set[k >>> 5]! & (1 << (k & 31))) !== 0;
const add = (set: Uint32Array, k: number): void => {
  set[k >>> 5] = set[k >>> 5]! | (1 << (k & 31));
};

/**
 * The registers live before each instruction of `p` (index len: the end of the code), by a
 * backward dataflow over its instructions. Conservative: an instruction not compiled here
 * reads every register; a call reads its window; registers a closure
 * captures and those live where a TRY's handler starts are live everywhere.
 */
function liveness(p: RtProto, program: LinkedProgram, captured: Set<number>): Uint32Array[] {
  const known = LIVENESS.get(p);
  // Stryker disable next-line ConditionalExpression: `false` computes the same sets again on every call (the cache only saves the time)
  if (known !== undefined) return known;
  const code = p.code;
  // The words of R's and F's keys below the function's register count: no instruction names
  // another (the verifier's bound), so the bits of the other words are never read.
  const used: number[] = [];
  for (let w = 0; w * 32 < p.registers; w++) used.push(w, FLOAT_KEY / 32 + w);
  const len = code.length - 1;
  const all = new Uint32Array(WORDS).fill(~0);
  const live = Array.from({ length: len + 1 }, () => new Uint32Array(WORDS));
  live[len] = all;
  // Per compiled instruction: where it goes on, the registers it writes and those it reads.
  const succ: number[][] = [];
  const kill: Uint32Array[] = [];
  const gen: Uint32Array[] = [];
  const handlers: number[] = [];
  for (let i = 0; i < len; i++) {
    const ins = code[i]!;
    if ((ins & 255) === Op.TRY) handlers.push(i + 1 + (ins >> 16));
    succ.push(successors(program, code, i));
    const k = new Uint32Array(WORDS);
    const g = new Uint32Array(WORDS);
    if (KIND[ins & 255] === Kind.None) live[i] = all;
    else {
      const u = use(program, ins);
      for (const key of u.writes) add(k, key);
      for (const key of [...u.reads, ...u.window]) add(g, key);
    }
    kill.push(k);
    gen.push(g);
  }
  const base = new Uint32Array(WORDS);
  for (const k of captured) add(base, k);
  const out = new Uint32Array(WORDS);
  for (let changed = true; changed;) {
    changed = false;
    out.set(base);
    for (const h of handlers) for (const w of used) out[w] = out[w]! | live[h]![w]!;
    base.set(out);
    for (let i = len - 1; i >= 0; i--) {
      const into = live[i]!;
      if (into === all) continue;
      out.set(base);
      for (const s of succ[i]!) {
        const l = s >= 0 && s <= len ? live[s]! : all;
        for (const w of used) out[w] = out[w]! | l[w]!;
      }
      const k = kill[i]!;
      const g = gen[i]!;
      for (const w of used) out[w] = (out[w]! & ~k[w]!) | g[w]!;
      for (const w of used)
        if (into[w] !== out[w]) {
          into.set(out);
          changed = true;
          break;
        }
    }
  }
  LIVENESS.set(p, live);
  return live;
}

/** liveness() per function: it depends on the code alone, the same for every version. */
const LIVENESS = new WeakMap<RtProto, Uint32Array[]>();

/**
 * Leaves compiled code for the interpreter at `pc`, giving back `refund` steps charged and
 * not run, after `stores` (the block's register locals not yet in R and F). Every exit goes
 * through the one statement at the end of the function, and assigns only locals on its way
 * there besides those stores: its type feedback is gathered by whichever exit runs first, so
 * an exit first taken after V8 optimized the function does not deoptimize it ("insufficient
 * type feedback"), nor every frame of it on the host stack. The stores are the exception:
 * each is a keyed store of its own, so an exit with stores first taken after V8 optimized the
 * function may deoptimize it once (none of the bench programs does, `--trace-deopt`).
 */
function leave(pc: number, refund: number, stores = ""): string {
  // Stryker disable next-line ConditionalExpression: `false` writes `e = 0`, the value e has until the way out sets it
  return `{ ${stores}${refund === 0 ? "" : `e = ${refund}; `}pc = ${pc}; break out; }`;
}

/**
 * The JS source of `p`'s compiled function (the body of the factory `compile` builds): every
 * block without `prof`; with it, the profiling version while `prof.profiling`, else the blocks
 * that ran (the others marked LEFT_OUT).
 */
export function generate(p: RtProto, program: LinkedProgram, prof?: JitProfile): string {
  const code = p.code;
  const len = code.length - 1; // without END_OF_CODE
  const leader = new Uint8Array(len + 1);
  const mark = (t: number) => {
    if (t >= 0 && t <= len) leader[t] = 1;
  };
  mark(0);
  for (let i = 0; i < len; i++) {
    const ins = code[i]!;
    switch (kindOf(ins)) {
      case Kind.None:
      case Kind.Return:
      case Kind.Call:
        mark(i + 1);
        break;
      case Kind.Jump:
        mark(i + 1 + (ins >> 8));
        mark(i + 1);
        break;
      case Kind.Fused:
        // Its JMP word (i + 1) starts a block only when something jumps to it.
        mark(i + 2);
        mark(i + 2 + (code[i + 1]! >> 8));
        break;
      case Kind.Switch:
        mark(i + 1);
        for (const t of switchTargets(code, i, switchEntries(program, ins))) mark(t);
        break;
      case Kind.Branch16:
        mark(i + 1);
        mark(i + 1 + (ins >> 16));
        break;
    }
  }

  const captured = new Set<number>();
  for (let i = 0; i < len; i++)
    if ((code[i]! & 255) === Op.CLOSURE)
      for (const d of p.children[code[i]! >>> 16]!.upvalDesc) if (d & 1) captured.add(d >> 1);
  const live = liveness(p, program, captured);
  const cached = (k: number) => k >= FLOAT_KEY || !captured.has(k);
  // The blocks: their instructions, and where the last falls through to (-1: never).
  const infos: { start: number; pcs: number[]; next: number }[] = [];
  const profiling = prof !== undefined && prof.profiling;
  for (let s = 0; s < len; s++) {
    if (leader[s] !== 1 || kindOf(code[s]!) === Kind.None) continue;
    if (prof !== undefined && !profiling) {
      if (prof.seen[s] === 0 || prof.seen[s] === LEFT_OUT) {
        prof.seen[s] = LEFT_OUT;
        continue;
      }
      prof.seen[s] = RAN;
    }
    const pcs: number[] = [];
    let i = s;
    let next = -1;
    for (;;) {
      const ins = code[i]!;
      const kind = kindOf(ins);
      pcs.push(i);
      if (kind === Kind.Jump || kind === Kind.Return || kind === Kind.Switch) break;
      if (kind === Kind.Fused) {
        next = i + 2;
        break;
      }
      if (kind === Kind.Branch16) {
        next = i + 1;
        break;
      }
      i++;
      if (i >= len || leader[i] === 1 || kindOf(code[i]!) === Kind.None) {
        next = i;
        break;
      }
    }
    infos.push({ start: s, pcs, next });
  }
  const starts = new Set(infos.map((blk) => blk.start));
  // The CALLs that run a native inline (see inlineNative): in a loop, they are no call.
  const inlined = new Set<number>();
  if (!profiling)
    for (let i = 0; i < len; i++) {
      const ins = code[i]!;
      if ((ins & 255) === Op.CALL && nativeAt(p, i, (ins >>> 8) & 255, ins >>> 16) !== undefined)
        inlined.add(i);
    }
  // The Use of the instruction at `pc`, in a loop or not: a CALL run inline in a loop reads
  // the callee and its arguments through their locals and writes its result.
  const useAt = (pc: number, inLoop: boolean): Use => {
    const ins = code[pc]!;
    if (!inLoop || !inlined.has(pc)) return use(program, ins);
    const A = (ins >>> 8) & 255;
    return { reads: range(A, 1 + (ins >>> 16)), writes: [A], maybe: [], window: [], call: false };
  };
  const loopEnd = loops(program, code, infos, profiling, inlined);

  const out: string[] = [];
  const stores = (keys: Iterable<number>, at?: Uint32Array) =>
    [...keys]
      .filter((k) => at === undefined || has(at, k))
      .map((k) =>
        k < FLOAT_KEY
          ? `R[base + ${k}] = r${k}; `
          : `F[base + ${k - FLOAT_KEY}] = f${k - FLOAT_KEY}; `,
      )
      .join("");
  const local = (k: number) => {
    if (k >= FLOAT_KEY) return `f${k - FLOAT_KEY}`;
    return captured.has(k) ? `R[base + ${k}]` : `r${k}`;
  };
  const declare = (load: Set<number>, fresh: Set<number>) => {
    const names = [...load, ...fresh]
      .sort((x, y) => x - y)
      .map((k) => {
        if (!load.has(k)) return local(k);
        return `${local(k)} = ${k < FLOAT_KEY ? `R[base + ${k}]` : `F[base + ${k - FLOAT_KEY}]`}`;
      });
    return names.length === 0 ? [] : [`let ${names.join(", ")};`];
  };
  // Where a block goes on at `t` from outside a loop (or from no loop): another block
  // (through the switch) or an instruction the interpreter runs.
  const goOut = (t: number) => (starts.has(t) ? `pc = ${t}; continue out;` : leave(t, 0));

  /**
   * The JS of block `bi`: alone (`loop` undefined: its locals are its own, loaded where read
   * first) or in a loop (the locals are the loop's, all loaded on entry; those the loop
   * writes, `loop.dirty`, are stored on every way out of it).
   */
  const block = (
    bi: number,
    load: Set<number>,
    fresh: Set<number>,
    loop?: { dirty: Set<number>; blocks: Set<number> },
  ): string[] => {
    const { start: s, pcs, next } = infos[bi]!;
    const n = pcs.length;
    const dirty = new Set(loop?.dirty);
    const body = [`if (b < ${n}) ${leave(s, 0, stores(dirty, live[s]))}`, `b -= ${n};`];
    if (profiling) body.unshift(`if (--L[0] < 0) ${leave(s, 0)}`, `P[${s}] = ${RAN};`);
    const touch = (k: number, write: boolean) => {
      if (cached(k) && !load.has(k) && !fresh.has(k)) (write ? fresh : load).add(k);
    };
    // Where the block goes on at `t` with `written` not stored yet.
    const go = (t: number, written: Set<number>) =>
      loop?.blocks.has(t) === true
        ? `lpc = ${t}; continue loop;`
        : stores(written, live[t]) + goOut(t);
    pcs.forEach((pc, j) => {
      const u = useAt(pc, loop !== undefined);
      for (const k of u.reads) touch(k, false);
      for (const k of u.maybe) touch(k, false);
      for (const k of u.writes) touch(k, true);
      let pre = "";
      for (const k of u.window) if (dirty.delete(k)) pre += stores([k]);
      if (u.call) {
        // A call reads R itself (its window) and ends the block (never in a loop).
        pre += stores(dirty, live[pc]);
        dirty.clear();
      }
      const written = new Set([...dirty, ...[...u.writes, ...u.maybe].filter(cached)]);
      const text = instruction(
        p,
        program,
        pc,
        leave(pc, n - j, stores(dirty)),
        n - j - 1,
        stores(dirty),
        local,
        u,
      ).replace(/pc = (\d+); continue;/g, (_, t: string) => go(Number(t), written));
      body.push(pre + text);
      for (const k of [...u.writes, ...u.maybe]) if (cached(k)) dirty.add(k);
    });
    if (next >= 0) {
      if (infos[bi + 1]?.start !== next || (loop !== undefined && !loop.blocks.has(next)))
        body.push(go(next, dirty));
      else if (loop === undefined)
        // Falls into the next case (a loop's entry takes its block from pc).
        body.push(`${stores(dirty, live[next])}pc = ${next};`);
    }
    return body;
  };

  for (let bi = 0; bi < infos.length; bi++) {
    const load = new Set<number>();
    const fresh = new Set<number>();
    const last = loopEnd[bi]!;
    if (last < 0) {
      const body = block(bi, load, fresh);
      const decl = declare(load, fresh);
      body.splice(profiling ? 4 : 2, 0, ...decl);
      out.push(`case ${infos[bi]!.start}: {`, ...body, "}");
      continue;
    }
    // A loop: blocks bi … last, the last jumping back to the first. It is entered at any of
    // its blocks through the function's switch, loads every register it names, and goes from
    // block to block in a switch of its own, its registers kept in locals.
    const dirty = new Set<number>();
    const blocks = new Set<number>();
    for (let k = bi; k <= last; k++) {
      blocks.add(infos[k]!.start);
      for (const pc of infos[k]!.pcs) {
        const u = useAt(pc, true);
        for (const key of [...u.writes, ...u.maybe]) if (cached(key)) dirty.add(key);
      }
    }
    const inner: string[] = [];
    for (let k = bi; k <= last; k++)
      inner.push(
        `case ${infos[k]!.start}: {`,
        ...block(k, load, new Set(), { dirty, blocks }),
        "}",
      );
    const all = new Set([...load, ...dirty]);
    out.push(
      [...blocks].map((s) => `case ${s}:`).join(" ") + " {",
      ...declare(all, new Set()),
      `let lpc = pc;`,
      `loop: for (;;) switch (lpc) {`,
      ...inner,
      `default: break out;`,
      `}`,
      `}`,
    );
    bi = last;
  }
  return (
    // Stryker disable next-line StringLiteral: the code means the same without it (it declares every name it assigns and reads no `this`)
    `"use strict";\n` +
    `return function veld_${p.index}(vm, R, F, base, pc, U, G, depth, nest) {\n` +
    `let b = vm.budget, e = 0, q = 0;\n` +
    `out: for (;;) switch (pc) {\n${out.join("\n")}\n` +
    `default: break out;\n}\n` +
    // A CALL's EXIT_HERE: the interpreter runs the CALL at q (charged, not run).
    `const x = pc === ${EXIT_HERE}; vm.budget = b + e + (x ? 1 : 0); return x ? q : pc;\n};`
  );
}

/**
 * For a CALL of R[A] with n arguments whose callee a SELF before it loaded (straight-line
 * code, calls for its arguments included): when that SELF's inline cache holds one of the
 * natives CALL runs inline (JitEnv), its name in JitEnv.
 */
function nativeAt(p: RtProto, pc: number, A: number, n: number): string | undefined {
  const env = vmEnv!; // set by compile(), which calls generate()
  let f: unknown;
  for (let i = pc - 1; i >= 0 && f === undefined; i--) {
    const ins = p.code[i]!;
    const op = ins & 255;
    if (op === Op.SELF && ((ins >>> 8) & 255) === A) f = p.icSlot[i]! < 0 ? p.icType[i] : null;
    else if (KIND[op] !== Kind.Plain && KIND[op] !== Kind.Call) return undefined;
  }
  if (!(f instanceof NativeFn) || f.arity !== n) return undefined;
  if (f === env.MAP_HAS) return "MAP_HAS";
  if (f === env.MAP_GET_OR) return "MAP_GET_OR";
  if (f === env.MAP_SET) return "MAP_SET";
  if (f === env.ARRAY_PUSH) return "ARRAY_PUSH";
  if (f === env.ARRAY_LEN) return "ARRAY_LEN";
  if (f === env.ARRAY_POP) return "ARRAY_POP";
  if (f === env.OPTION_UNWRAP) return "OPTION_UNWRAP";
  return undefined;
}

/**
 * Map `m` (its entries in `vals`) gets plain key `x` set to `v`; a new entry is charged inline
 * while the entry limit and the budget's current chunk allow it, else by newPlainEntry (its
 * error, its refill).
 */
function putEntry(
  vals: string,
  m: string,
  x: string,
  v: string,
  guard: (v: string, call: string) => string,
): string {
  return (
    `const n = ${vals}.size; ${vals}.set(${x}, ${v}); if (${vals}.size !== n) { ` +
    `if (n < ${MAX_ENTRIES} && vm.memLeft >= ${MAP_ENTRY_BYTES}) vm.memLeft -= ${MAP_ENTRY_BYTES}; ` +
    `else { ${guard("", `slowJ(vm, ${SLOW_ENTRY}, ${m}, ${x})`)} } }`
  );
}

/**
 * The code that runs the native `name` (see nativeAt) as callN does, its callee and arguments
 * in `r(0)`, `r(1)` …: `exit` where callN leaves it to the interpreter; `guard` for a new map
 * entry's limits and memory, which may throw. The CALL tests the callee's identity first, so
 * a cache that changed only costs the shortcut.
 */
function inlineNative(
  name: string,
  r: (x: number) => string,
  exit: string,
  guard: (v: string, call: string) => string,
): string {
  const map = (body: string) =>
    `const m = ${r(1)}, x = ${r(2)}; if (m instanceof VMap && isPlainKey(x)) { const vals = m.vals; ${body} } else ${exit}`;
  switch (name) {
    case "MAP_HAS":
      return map(`${r(0)} = vals.has(x);`);
    case "MAP_GET_OR":
      return map(`const v = vals.get(x); ${r(0)} = v !== undefined || vals.has(x) ? v : ${r(3)};`);
    case "MAP_SET":
      return map(`${putEntry("vals", "m", "x", r(3), guard)} ${r(0)} = undefined;`);
    case "ARRAY_PUSH":
      return (
        `const o = ${r(1)}; if (Array.isArray(o) && o.length < vm.maxArray && vm.memLeft >= ${SLOT_BYTES}) ` +
        `{ vm.memLeft -= ${SLOT_BYTES}; o.push(${r(2)}); ${r(0)} = undefined; } else ${exit}`
      );
    // Some(last) made as the VM's some() makes it (the memory tested first: no throw); an
    // empty array's None and another receiver are the interpreter's.
    case "ARRAY_POP":
      return (
        `const o = ${r(1)}; if (Array.isArray(o) && o.length > 0 && vm.memLeft >= ${slotsBytes(1)}) ` +
        `${r(0)} = vm.some(o.pop()); else ${exit}`
      );
    // Some(v)'s v; None's error and another receiver are the interpreter's.
    case "OPTION_UNWRAP":
      return (
        `const o = ${r(1)}; if (o instanceof VEnum && o.type.prelude === "Option" && o.tag === o.type.yesTag) ` +
        `${r(0)} = o.payload[0]; else ${exit}`
      );
    default:
      return `const o = ${r(1)}; if (Array.isArray(o)) ${r(0)} = o.length; else ${exit}`;
  }
}

/**
 * Constant `i` of `p` in generated code: a number as a literal (V8 then folds the kind tests on
 * it and divides by a known divisor), anything else read from the pool.
 */
function konst(p: RtProto, i: number): string {
  const v = p.k[i];
  // Stryker disable next-line ConditionalExpression: `false` reads numbers from the pool too (the same values; V8 folds less); `true` makes a string constant a name, which every test with one kills
  return typeof v === "number" ? literal(v) : `k[${i}]`;
}

/** Float constant `i` of `p` (the float bank's pool), as konst. */
function fkonst(p: RtProto, i: number): string {
  return literal(p.kf[i]!);
}

/** A number as a JS expression (NaN and ±Infinity name the globals; -0 keeps its sign). */
function literal(v: number): string {
  return Object.is(v, -0) ? "(-0)" : `(${v})`;
}

/**
 * The JS of the instruction at `pc`; `exit` hands it to the interpreter; `after` is how many
 * instructions of its block follow it (charged already).
 */
function instruction(
  p: RtProto,
  program: LinkedProgram,
  pc: number,
  exit: string,
  after: number,
  stores: string,
  local: (key: number) => string,
  u: Use,
): string {
  const code = p.code;
  const ins = code[pc]!;
  const A = (ins >>> 8) & 255;
  const B = (ins >>> 16) & 255;
  const C = ins >>> 24;
  const Bx = ins >>> 16;
  // Registers by their locals (see use()): only those the instruction's Use names.
  const named = (k: number) => {
    // Stryker disable next-line ConditionalExpression: the generator's check of itself (no template names a register outside its Use), `false` never throws; `true` throws always, which every test kills
    if (!u.reads.includes(k) && !u.writes.includes(k) && !u.maybe.includes(k))
      // Stryker disable next-line StringLiteral: the message of an internal error no program reaches (above)
      throw new InternalError(`opcode ${ins & 255}: register ${k} is not in its use`);
    return local(k);
  };
  const r = (x: number) => named(x);
  const f = (x: number) => named(FLOAT_KEY + x);
  // R[A] where A is a register the Use names (a name no template may reach otherwise).
  // Stryker disable next-line StringLiteral: the name of no register, which no template uses
  const ra = [...u.reads, ...u.writes, ...u.maybe].includes(A) ? local(A) : "noRegister";
  // For the fused tests: where the jump goes, and the branch taken when `cond` is `flag`.
  const fusedTarget = () => pc + 2 + (code[pc + 1]! >> 8);
  const jumpIf = (cond: string) => `if (${cond}) { pc = ${fusedTarget()}; continue; }`;
  const flag = C !== 0;
  // A compare by lt/le/eq: numbers inline, two chars by code point (a scanner's `c <= '9'`),
  // two strings' equality (a `match` on strings), other kinds by cmp (-1: the interpreter
  // decides). `chars`, `strs`: whether an operand may be one (not when one is a number; `strs`
  // only for `eq`).
  const compare = (x: string, y: string, op: "<" | "<=" | "eq", chars = true, strs = true) => {
    const num = op === "eq" ? `x === y` : `x ${op} y`;
    const cp = op === "eq" ? `x.codePoint === y.codePoint` : `x.codePoint ${op} y.codePoint`;
    const slow = op === "eq" ? "eqJ" : op === "<" ? "ltJ" : "leJ";
    return (
      `{ const x = ${x}, y = ${y}; if (typeof x === "number" && typeof y === "number") { ` +
      jumpIf(flag ? num : `!(${num})`) +
      (chars
        ? ` } else if (x instanceof VChar && y instanceof VChar) { ${jumpIf(flag ? cp : `!(${cp})`)}`
        : "") +
      (strs && op === "eq"
        ? ` } else if (typeof x === "string" && typeof y === "string") { ${jumpIf(flag ? num : `!(${num})`)}`
        : "") +
      ` } else { const t = ${slow}(x, y); if (t < 0) ${exit} ` +
      jumpIf(`t === ${flag ? 1 : 0}`) +
      ` } }`
    );
  };
  const memory = (bytes: number) => `if (vm.memLeft < ${bytes}) ${exit} vm.memLeft -= ${bytes};`;
  // `v = call`, where call is a helper of slowJ: it may throw as the interpreter's code throws
  // (after the same effects), and answers THREW: the interpreter then throws it at this
  // instruction (THROWN), with what it had counted. (No try/catch in generated code: it
  // would make V8's optimizing compiles of it much dearer.)
  const guard = (v: string, call: string) =>
    `vm.budget = b + ${after}; const t = ${call}; if (t === THREW) { ${stores}` +
    `vm.fPc[depth] = ${pc + 1}; vm.depth = depth; return ${THROWN}; } ${v === "" ? "" : `${v} = t; `}b = vm.budget - ${after};`;
  // ADD … MOD: int32 and float operands (boxed ones too) inline, everything else (i64
  // overflow, strings, errors) by the interpreter's own code (`arith` of runtime/vm.ts).
  const y = (k: boolean) => (k ? konst(p, C) : r(C));
  // A number or a boxed float as a float; NaN for any other kind (the slow path decides).
  // Stryker disable next-line ArrowFunction: `undefined` makes the quotient or result NaN, and the slow path (the interpreter's arithmetic) gives the same value
  const floatOf = (v: string) =>
    `(typeof ${v} === "number" ? ${v} : ${v} instanceof VFloat ? ${v}.value : NaN)`;
  const arith = (yv: string, op: "+" | "-" | "*", code: number) =>
    `{ const x = ${r(B)}, y = ${yv}; let slow = true; ` +
    `if (typeof x === "number" && typeof y === "number") { const r = x ${op} y; ` +
    (op === "*"
      ? `if ((x | 0) === x && (y | 0) === y && r <= SAFE && r >= -SAFE) { ${ra} = r + 0; slow = false; } `
      : `if ((x | 0) === x && (y | 0) === y) { ${ra} = r; slow = false; } `) +
    `else if (!Number.isInteger(x) || !Number.isInteger(y)) { ${ra} = Number.isInteger(r) ? new VFloat(r) : r; slow = false; } ` +
    // Ints beyond int32: exact while the result is within ±(2^53 - 1) (a result beyond it
    // rounds to at least 2^53), else the interpreter's i64 arithmetic.
    `else if (r <= SAFE && r >= -SAFE) { ${ra} = r${op === "*" ? " + 0" : ""}; slow = false; } } ` +
    `else { const r = ${floatOf("x")} ${op} ${floatOf("y")}; ` +
    `if (r === r) { ${ra} = Number.isInteger(r) ? new VFloat(r) : r; slow = false; } } ` +
    `if (slow) { ${guard(ra, `slowJ(vm, ${code}, x, y)`)} } }`;
  switch (ins & 255) {
    case Op.MOVE:
      return `${ra} = ${r(B)};`;
    case Op.LOADK:
      return `${ra} = ${konst(p, Bx)};`;
    case Op.LOADI:
      return `${ra} = ${ins >> 16};`;
    case Op.LOADF:
      return `${ra} = loadF(${ins >> 16});`;
    case Op.LOADTRUE:
      return `${ra} = true;`;
    case Op.LOADFALSE:
      return `${ra} = false;`;
    case Op.GETGLOBAL:
      return `${ra} = G[${Bx}];`;
    case Op.SETGLOBAL:
      return `G[${Bx}] = ${ra};`;
    case Op.GETNATIVE:
      return `${ra} = vm.natives[${Bx}];`;
    case Op.GETUPVAL:
      return `{ const u = U[${B}]; ${ra} = u.cell[u.index]; }`;
    case Op.SETUPVAL:
      return `{ const u = U[${B}]; u.cell[u.index] = ${ra}; }`;
    case Op.CLOSURE: {
      const desc = p.children[Bx]!.upvalDesc;
      const ups = Array.from(desc, (d, i) =>
        d & 1 ? `ups[${i}] = vm.findUpval(base + ${d >> 1});` : `ups[${i}] = U[${d >> 1}];`,
      );
      return (
        `{ ${memory(slotsBytes(desc.length))} const ups = new Array(${desc.length}); ` +
        `${ups.join(" ")} ${ra} = new Closure(CH[${Bx}], ups); }`
      );
    }
    case Op.ADD:
    case Op.ADDK:
      return arith(y((ins & 255) === Op.ADDK), "+", 0);
    case Op.SUB:
    case Op.SUBK:
      return arith(y((ins & 255) === Op.SUBK), "-", 1);
    case Op.MUL:
    case Op.MULK:
      return arith(y((ins & 255) === Op.MULK), "*", 2);
    case Op.DIV:
    case Op.DIVK:
      return (
        `{ const x = ${r(B)}, y = ${y((ins & 255) === Op.DIVK)}; ` +
        // Two ints within ±2^53 divide and truncate to the exact quotient (runtime/ops.ts div).
        `if (typeof x === "number" && typeof y === "number" && Number.isInteger(x) && Number.isInteger(y) && y !== 0) ` +
        `${ra} = Math.trunc(x / y) + 0; else { ` +
        // A float quotient inline: not two ints (i64 division) and not by zero.
        `const fy = ${floatOf("y")}, r = ${floatOf("x")} / fy; ` +
        `if (r === r && fy !== 0 && !(Number.isInteger(x) && Number.isInteger(y))) ${ra} = Number.isInteger(r) ? new VFloat(r) : r; ` +
        `else { ${guard(ra, "slowJ(vm, 3, x, y)")} } } }`
      );
    case Op.MOD:
    case Op.MODK:
      return (
        `{ const x = ${r(B)}, y = ${y((ins & 255) === Op.MODK)}; ` +
        // Two ints within ±2^53: the interpreter's remainder (V8 inlines the small function).
        `if (typeof x === "number" && typeof y === "number" && Number.isInteger(x) && Number.isInteger(y) && y !== 0) ` +
        `${ra} = intRem(x, y); else { ${guard(ra, "slowJ(vm, 4, x, y)")} } }`
      );
    case Op.ADDI:
      return (
        `{ const x = ${r(B)}; if (typeof x === "number" && (x | 0) === x) ${ra} = x + ${ins >> 24}; ` +
        `else if (typeof x === "number" && Number.isInteger(x) && Math.abs(x + ${ins >> 24}) <= SAFE) ${ra} = x + ${ins >> 24}; else ${exit} }`
      );
    case Op.SEQ:
    case Op.SNE: {
      const not = (ins & 255) === Op.SNE ? "!" : "";
      return `{ const t = eqJ(${r(B)}, ${r(C)}); if (t < 0) ${exit} ${ra} = ${not}(t === 1); }`;
    }
    case Op.SLT:
    case Op.SLE:
      return `{ const t = ${(ins & 255) === Op.SLT ? "ltJ" : "leJ"}(${r(B)}, ${r(C)}); if (t < 0) ${exit} ${ra} = t === 1; }`;
    case Op.EQ:
      return compare(ra, r(B), "eq");
    case Op.LT:
      return compare(ra, r(B), "<");
    case Op.LE:
      return compare(ra, r(B), "<=");
    case Op.EQK:
      return compare(ra, konst(p, B), "eq", p.k[B] instanceof VChar, typeof p.k[B] === "string");
    case Op.LTK:
      return compare(ra, konst(p, B), "<", p.k[B] instanceof VChar);
    case Op.LEK:
      return compare(ra, konst(p, B), "<=", p.k[B] instanceof VChar);
    case Op.GTK:
      return compare(konst(p, B), ra, "<", p.k[B] instanceof VChar);
    case Op.GEK:
      return compare(konst(p, B), ra, "<=", p.k[B] instanceof VChar);
    case Op.EQI:
      return compare(ra, `${(ins << 8) >> 24}`, "eq", false, false);
    case Op.LTI:
      return compare(ra, `${(ins << 8) >> 24}`, "<", false);
    case Op.LEI:
      return compare(ra, `${(ins << 8) >> 24}`, "<=", false);
    case Op.GTI:
      return compare(`${(ins << 8) >> 24}`, ra, "<", false);
    case Op.GEI:
      return compare(`${(ins << 8) >> 24}`, ra, "<=", false);
    case Op.TEST:
      return `{ const x = ${ra}; if (typeof x !== "boolean") ${exit} ${jumpIf(`x === ${B !== 0}`)} }`;
    case Op.TESTVARIANT: {
      const v = ins >>> 16;
      const tag = program.variantTag[v]!;
      return `{ const x = ${ra}; ${jumpIf(`!(x instanceof VEnum && x.tag === ${tag} && x.type === VT[${v}])`)} }`;
    }
    case Op.SWITCHVARIANT: {
      // One step with the table's JMP it takes, as in the interpreter.
      const v = ins >>> 16;
      const targets = switchTargets(code, pc, switchEntries(program, ins));
      const cases = targets
        .slice(0, -1)
        .map((t, i) => `case ${i}: pc = ${t}; continue;`)
        .join(" ");
      return (
        `{ const x = ${ra}; switch (x instanceof VEnum && x.type === VT[${v}] ? x.tag : -1) ` +
        `{ ${cases} default: pc = ${targets[targets.length - 1]}; continue; } }`
      );
    }
    case Op.JMP:
      return `pc = ${pc + 1 + (ins >> 8)}; continue;`;
    case Op.RETURN:
    case Op.RETURNUNIT:
      // The interpreter returns from the frame its `execute` started or a task's callback
      // (vm.jitStop); from the others the frame is popped here. Called by compiled code,
      // its caller goes on (RETURNED); else the interpreter resumes the caller (RELOAD).
      // (jitStop is read first, so that its load has type feedback whichever way a call came.)
      return (
        `if (depth === vm.jitStop && nest === 0) ${exit} vm.budget = b; ` +
        `return retJ(vm, R, base, depth, ${(ins & 255) === Op.RETURN ? ra : "undefined"}, nest, ${pc});`
      );
    case Op.TAILCALL:
      return (
        `vm.budget = b; ` +
        `{ const r = tailJ(vm, R, F, G, base, ${A}, ${B}, depth, nest, ${pc + 1}, base + ${p.registers}); ` +
        `if (r === ${EXIT_HERE}) ${exit} return r; }`
      );
    case Op.CALL: {
      // A recursive call (the callee is this function) is made here (callJ written out), so
      // that its call site has feedback of its own for the code it calls: V8 calls it
      // directly. (Every call made so would make V8's optimizing compiles much dearer: it
      // inlines callees at each site.)
      const self = (cost: number) =>
        `const j = ME.jit, d = depth + 1, nb = base + ${A + 1}, end = nb + ${p.registers}, c = nest + ${cost}; ` +
        `if (typeof j === "function" && c <= ${MAX_NEST} && d < vm.maxDepth && d < vm.fBase.length && end <= R.length) { ` +
        `vm.fPc[depth] = ${pc + 1}; ` +
        `for (let i = nb + ${B}; i < end; i++) R[i] = undefined; ` +
        (p.usesFloats ? `F.fill(0, nb, end); ` : "") +
        `vm.fBase[d] = nb; vm.fCl[d] = f; if (d > vm.peak) vm.peak = d; ` +
        `r = j(vm, R, F, nb, 0, f.upvals, G, d, c); if (r >= 0) { vm.fPc[d] = r; vm.depth = d; r = ${RELOAD}; } } else r = ${EXIT_HERE}; `;
      const call =
        `{ vm.budget = b; const f = ${ra}; let r; if (f instanceof Closure) { ` +
        // (Not in the top-level script, which nothing calls again.)
        (p.params === B && p !== program.protos[0]
          ? `if (f.proto === ME) { ${self(nestCost(p))}} else `
          : "") +
        `r = callJ(vm, R, F, G, base + ${A}, ${B}, depth, nest, ${pc + 1}); } ` +
        `else r = callN(vm, R, F, G, base + ${A}, ${B}, depth, nest, ${pc + 1}, base + ${p.registers}); ` +
        `b = vm.budget; if (r !== ${RETURNED}) { e = ${after}; q = ${pc}; pc = r; break out; } }`;
      const name = nativeAt(p, pc, A, B);
      if (name === undefined) return call;
      // In a loop (no call in its Use), on the locals, and anything else is the interpreter's.
      if (!u.call)
        return `if (${ra} === ${name}) { ${inlineNative(name, (x) => r(A + x), exit, guard)} } else ${exit}`;
      const inR = (x: number) => `R[base + ${A + x}]`;
      return `if (${ra} === ${name}) { ${inlineNative(name, inR, exit, guard)} } else ${call}`;
    }
    case Op.FORPREP:
    case Op.FORPREPI: {
      const c = (ins & 255) === Op.FORPREPI ? "l - s" : "l - s - 1";
      return (
        `{ const s = ${ra}, l = ${r(A + 1)}; ` +
        `if (typeof s === "number" && typeof l === "number" && (s | 0) === s && (l | 0) === l) { ` +
        `const c = ${c}; if (c < 0) { pc = ${pc + 1 + (ins >> 16)}; continue; } ${r(A + 1)} = c; } else ${exit} }`
      );
    }
    case Op.FORLOOP:
      return (
        `{ const c = ${r(A + 1)}; if (typeof c === "number" && Number.isInteger(c)) { if (c > 0) { ` +
        `const v = ${ra}; if (typeof v === "number" && ((v | 0) === v || (Number.isInteger(v) && v < SAFE))) { ` +
        `${r(A + 1)} = c - 1; ${ra} = v + 1; pc = ${pc + 1 + (ins >> 16)}; continue; } ${exit} } } else ${exit} }`
      );
    case Op.ITERNEXT:
      return (
        `{ const it = ${ra}; if (it instanceof ArrayIter) { if (it.i < it.items.length) ` +
        `${r(A + 1)} = it.items[it.i++]; else { pc = ${pc + 1 + (ins >> 16)}; continue; } } ` +
        `else if (it instanceof StrIter || it instanceof RangeIter) { const v = it.next(); ` +
        `if (v === undefined) { pc = ${pc + 1 + (ins >> 16)}; continue; } ${r(A + 1)} = v; } ` +
        `else if (it instanceof MapIter) { let v; ` +
        `${guard("v", `slowJ(vm, ${SLOW_MAP_NEXT}, it, undefined)`)} if (it.done) { pc = ${pc + 1 + (ins >> 16)}; continue; } ${r(A + 1)} = v; } else ${exit} }`
      );
    case Op.GETITER:
      return (
        `{ const v = ${r(B)}; if (Array.isArray(v)) ${ra} = new ArrayIter(v); ` +
        `else { ${guard(ra, `slowJ(vm, ${SLOW_ITER}, v, undefined)`)} } }`
      );
    case Op.SELF:
      return (
        // One exit for both kinds of cache (each exit stores the block's live registers).
        `{ const o = ${r(B)}; const ic = icS[${pc}]; ` +
        `if (ic >= 0 ? (o instanceof VStruct || o instanceof VEnum) && icT[${pc}] === o.type : ` +
        `ic === -8 ? o instanceof VMap : ic === -1 ? Array.isArray(o) : ic === builtinKind(o)) ` +
        `{ ${r(A + 1)} = o; ${ra} = ic >= 0 ? G[ic] : icT[${pc}]; } else ${exit} }`
      );
    case Op.GETINDEX:
      return (
        `{ const o = ${r(B)}, i = ${r(C)}; ` +
        `if (Array.isArray(o) && typeof i === "number" && i >>> 0 === i && i < o.length) ${ra} = o[i]; ` +
        `else if (o instanceof VMap && isPlainKey(i)) { const v = o.vals.get(i); if (v !== undefined) ${ra} = v; else ${exit} } ` +
        `else if (o instanceof VMap) { ${guard(ra, `slowJ(vm, ${SLOW_MAP_INDEX}, o, i)`)} } ` +
        `else if (typeof o === "string" && typeof i === "number" && i >>> 0 === i) { ` +
        `const cp = scalarAt(o, i); if (cp >= 0) ${ra} = VChar.of(cp); else ${exit} } else ${exit} }`
      );
    case Op.SETINDEX:
      return (
        `{ const o = ${ra}, i = ${r(B)}; ` +
        `if (Array.isArray(o) && typeof i === "number" && i >>> 0 === i && i < o.length) o[i] = ${r(C)}; ` +
        `else if (o instanceof VMap && isPlainKey(i)) { const vals = o.vals; ${putEntry("vals", "o", "i", r(C), guard)} } ` +
        `else if (o instanceof VMap) { ${guard("", `slowJ(vm, ${SLOW_MAP_SET}, o, i, ${r(C)})`)} } else ${exit} }`
      );
    case Op.NEWSTRUCT: {
      const n = (program.types[Bx] as RtStruct).fieldNames.length;
      return (
        `{ ${memory(slotsBytes(n))} ` +
        `${ra} = new VStruct(TY[${Bx}], R.slice(base + ${A + 1}, base + ${A + 1 + n})); }`
      );
    }
    case Op.GETFIELD:
      return `{ const o = ${r(B)}; if (o instanceof VStruct && icT[${pc}] === o.type) ${ra} = o.fields[icS[${pc}]]; else ${exit} }`;
    case Op.SETFIELD:
      return `{ const o = ${ra}; if (o instanceof VStruct && icT[${pc}] === o.type) o.fields[icS[${pc}]] = ${r(C)}; else ${exit} }`;
    case Op.NEWENUM: {
      const v = ins >>> 16;
      const tag = program.variantTag[v]!;
      const n = program.variantType[v]!.arities[tag]!;
      if (n === 0) return `${ra} = VT[${v}].units[${tag}];`;
      return (
        `{ ${memory(slotsBytes(n))} ` +
        `${ra} = new VEnum(VT[${v}], ${tag}, R.slice(base + ${A + 1}, base + ${A + 1 + n})); }`
      );
    }
    case Op.NEWARRAY:
      return (
        `{ if (vm.maxArray < ${B}) ${exit} ` +
        `${memory(slotsBytes(B))} ${ra} = R.slice(base + ${A + 1}, base + ${A + 1 + B}); }`
      );
    case Op.CONCAT:
      return `{ ${guard(ra, `slowJ(vm, ${SLOW_CONCAT}, base + ${A}, ${B})`)} }`;
    case Op.NEWTUPLE:
      return B === 0
        ? `${ra} = undefined;`
        : `{ ${memory(slotsBytes(B))} ${ra} = new VTuple(R.slice(base + ${A + 1}, base + ${A + 1 + B})); }`;
    case Op.GETTUPLE:
      return `{ const o = ${r(B)}; if (o instanceof VTuple && ${C} < o.items.length) ${ra} = o.items[${C}]; else ${exit} }`;
    case Op.GETPAYLOAD:
      return `{ const o = ${r(B)}; if (o instanceof VEnum && ${C} < o.payload.length) ${ra} = o.payload[${C}]; else ${exit} }`;
    case Op.CAST: {
      // A number to a float (the int → float of `x as f64`), as cast() makes it; others exit.
      const x = floatCast(ins) === "f32" ? "Math.fround(x)" : "x";
      return `{ const x = ${r(B)}; if (typeof x === "number") ${ra} = mkFloat(${x}); else ${exit} }`;
    }
    case Op.FMOVE:
      return `${f(A)} = ${f(B)};`;
    case Op.FLOADK:
      return `${f(A)} = ${fkonst(p, Bx)};`;
    case Op.FUNBOX:
      return (
        `{ const x = ${r(B)}; if (typeof x === "number") ${f(A)} = x; ` +
        `else if (x instanceof VFloat) ${f(A)} = x.value; else ${exit} }`
      );
    case Op.FBOX:
      return `${ra} = mkFloat(${f(B)});`;
    case Op.FADD:
      return `${f(A)} = ${f(B)} + ${f(C)};`;
    case Op.FADDK:
      return `${f(A)} = ${f(B)} + ${fkonst(p, C)};`;
    case Op.FSUB:
      return `${f(A)} = ${f(B)} - ${f(C)};`;
    case Op.FSUBK:
      return `${f(A)} = ${f(B)} - ${fkonst(p, C)};`;
    case Op.FMUL:
      return `${f(A)} = ${f(B)} * ${f(C)};`;
    case Op.FMULK:
      return `${f(A)} = ${f(B)} * ${fkonst(p, C)};`;
    case Op.FDIV:
    case Op.FDIVK: {
      const y = (ins & 255) === Op.FDIV ? f(C) : fkonst(p, C);
      return `{ const y = ${y}; if (y === 0) ${exit} ${f(A)} = ${f(B)} / y; }`;
    }
    case Op.FNEG:
      return `${f(A)} = -${f(B)};`;
    case Op.FSQRT:
      return `${f(A)} = Math.sqrt(${f(B)});`;
    case Op.FLT:
      return jumpIf(`(${f(A)} < ${f(B)}) === ${flag}`);
    case Op.FLE:
      return jumpIf(`(${f(A)} <= ${f(B)}) === ${flag}`);
    case Op.FLTK:
      return jumpIf(`(${f(A)} < ${fkonst(p, B)}) === ${flag}`);
    case Op.FLEK:
      return jumpIf(`(${f(A)} <= ${fkonst(p, B)}) === ${flag}`);
    case Op.FGTK:
      return jumpIf(`(${f(A)} > ${fkonst(p, B)}) === ${flag}`);
    case Op.FGEK:
      return jumpIf(`(${f(A)} >= ${fkonst(p, B)}) === ${flag}`);
    case Op.GETFIELDF:
      return (
        `{ const o = ${r(B)}; if (o instanceof VStruct && icT[${pc}] === o.type) { ` +
        `const v = o.fields[icS[${pc}]]; if (typeof v === "number") ${f(A)} = v; ` +
        `else if (v instanceof VFloat) ${f(A)} = v.value; else ${exit} } else ${exit} }`
      );
    case Op.SETFIELDF:
      return `{ const o = ${ra}; if (o instanceof VStruct && icT[${pc}] === o.type) o.fields[icS[${pc}]] = mkFloat(${f(C)}); else ${exit} }`;
  }
  // KIND lists exactly the opcodes above.
  // Stryker disable next-line StringLiteral: the message of an internal error no program reaches (KIND lists exactly the opcodes above)
  throw new InternalError(`opcode ${ins & 255} is not compiled`);
}
