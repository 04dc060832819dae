// The register VM (spec/semantics.md §Execution; opcode effects in format/opcodes.ts). Built
// for V8: code is an Int32Array decoded with shifts, one switch in one function, pc/base/
// code/constants in locals, registers of all frames in one growing JS Array (Lua register
// windows: a callee's R0 is the caller's R[A+1]), frames in parallel typed arrays, no JS
// recursion for Veld→Veld calls. Natives that call functions run as tasks beside the frames
// (see Task), so they do not recurse either; only `callValue` (the embedding API) re-enters.
//
// Case labels are numeric literals (V8 builds a jump table only for constant cases); the
// comment after each is the opcode name and tests/runtime/opcodes.test.ts checks them.

import { VARIADIC } from "../format/module.js";
import { Op } from "../format/op.js";
import { RUNTIME_ERROR_KINDS, CAST_TARGETS } from "../format/opcodes.js";
import { foldTrace, InternalError, Trap, trap, VeldError, type TraceFrame } from "./errors.js";
import { formatValue } from "./format.js";
import { isPlainKey, mapIndex, mapSet, newMap, newPlainEntry } from "./collections.js";
import { ArrayIter, makeIter, MapIter, ProtoIter, RangeIter, StrIter } from "./iterators.js";
import { builtinMethod, optionMethod } from "./natives/methods.js";
import {
  add,
  div,
  equal,
  inRangePattern,
  less,
  mod,
  mul,
  neg,
  pow,
  str,
  sub,
  toFloat,
} from "./ops.js";
import { END_OF_CODE, type LinkedProgram, type RtProto } from "./program.js";
import {
  compileHot,
  jitRuns,
  refillFrame,
  RETURNED,
  retune,
  taskJ,
  tasksJ,
  THROWN,
} from "./jit.js";
import { concatTooLong, scalarAt, utf8Length } from "./text.js";
import { cast } from "./cast.js";
import { HEADER_BYTES, SLOT_BYTES, slotsBytes } from "./cost.js";
import {
  Closure,
  fromBig,
  kindName,
  mkFloat,
  NativeFn,
  nativeArityMessage,
  arityMessage,
  type RtStruct,
  Upval,
  VChar,
  VEnum,
  VError,
  VFloat,
  VMap,
  VRange,
  VRng,
  VSet,
  VStruct,
  VTuple,
  type NativeContext,
  type NativeTask,
  type TaskEnd,
  type Value,
} from "./values.js";

export interface Host {
  write(text: string): void;
  writeErr(text: string): void;
  now?(): number;
  readLine?(): string | undefined;
}

export interface RunOptions {
  /** Instruction budget; exceeding it is LimitExceeded (not catchable). */
  maxSteps?: number;
  /** Maximum Veld call depth; deeper is StackOverflow. Default 200,000. */
  maxDepth?: number;
  /** Longest array the program may build; longer is LimitExceeded. Default 2^26. */
  maxArrayLength?: number;
  /**
   * Allocation budget in bytes, by the size rule of spec/semantics.md §10.2; exceeding it is
   * LimitExceeded (not catchable). Unlimited by default.
   */
  maxMemory?: number;
  /**
   * The global slots to run with, kept by the caller between programs (a REPL session whose
   * programs extend one another's tables): the VM reads and writes this array, growing it to
   * the program's global count. A fresh array by default.
   */
  globals?: Value[];
  /**
   * Polled every INTERRUPT_STEPS instructions (and at budget refills); true stops the program
   * with an uncatchable LimitExceeded "interrupted" (a REPL's Ctrl-C).
   */
  interrupt?: () => boolean;
  /**
   * The compiled tier (runtime/jit.ts): on by default; false runs the interpreter alone,
   * "eager" compiles every function at its first entry (tests). It is not observable:
   * output, errors, traces, step counts and budgets are the interpreter's. Off with onStep.
   */
  jit?: boolean | "eager";
  /** Called before every instruction (makes the VM slow: for --trace and --stats). */
  onStep?: (
    proto: RtProto,
    pc: number,
    depth: number,
    regs: readonly Value[],
    base: number,
  ) => void;
}

/** An enum value with one payload value (Some, Ok, Err); compiled `pop` charges the same. */
const ENUM1 = slotsBytes(1);

/** An uncatchable LimitExceeded: a budget of the host, which `catch` must not swallow. */
function fatal(message: string): Trap {
  const t = new Trap(new VError("LimitExceeded", message, undefined));
  t.fatal = true;
  return t;
}

/** Thrown by HALT to end the program from any depth. */
const HALT = { halt: true };

// ---- native tasks (Lua 5.2's lua_callk) ----------------------------------------------
// A native that calls functions (map, sort with a comparator, Option.map, a user iterator's
// next() …) is a state machine (values.ts NativeTask) the VM runs beside its frames: when it
// yields a call, the VM pushes the callee's frame above the native's caller (depth + 1) and
// goes on in its loop; when that frame returns, the VM resumes the task with the result
// instead of continuing a Veld caller. Nesting is then bounded by maxDepth, not the host
// stack. `execute` keeps `stop`, the depth whose return needs a look (its entry frame or the
// innermost task's callback frame), so an ordinary RETURN still costs one comparison.

/** A native running as a task, and where its result goes. */
interface Task {
  readonly gen: NativeTask;
  /** Depth of its callback frames: its caller's depth + 1. */
  readonly depth: number;
  /** Register (absolute) for its result; -1: its caller's frame returns it (TAILCALL). */
  readonly dest: number;
  /** Applied to the result when the task ends (NativeFn.taskEnd). */
  readonly end: TaskEnd | undefined;
}

/** stepTask's answer when the task asked for a call and the callee's frame is pushed. */
const PUSHED = { pushed: true };

/** A user iterator's next(): its Some's payload, or HALT when it returns None. */
function* userNext(it: ProtoIter, option: LinkedProgram["option"]): NativeTask {
  const r = yield [it.fn, it.target];
  if (r instanceof VEnum && r.type === option.type)
    return r.tag === option.yes ? r.payload[0] : (HALT as Value);
  trap("TypeError", `next() must return an Option, got ${kindName(r)}`);
}

/**
 * Registers of all active frames together (spec/semantics.md §10): a call whose frame would
 * end beyond this is StackOverflow. A power of two, so growRegs (doubling from 1024) reaches
 * it exactly and the check costs the call path nothing: it runs only when the file grows.
 */
export const MAX_REGISTER_FILE = 2 ** 23;
/** Active `TRY` handlers of all frames together; one more is StackOverflow. */
export const MAX_HANDLERS = 2 ** 20;

/** Steps handed out per refill: keeps the local budget counter a small integer. */
const CHUNK = 1 << 30;
/**
 * Bytes of the memory budget handed out at a time (see memRefill): keeps `memLeft` a small
 * integer, which V8 keeps untagged; arithmetic on an unlimited budget's Infinity was a fifth
 * of a compiled push loop's instructions.
 */
const MEM_CHUNK = 1 << 29;
/** Steps between two polls of RunOptions.interrupt. */
export const INTERRUPT_STEPS = 1 << 16;
const MAX_TRACE = 50;
/** Entries (calls, returns into it, backward jumps) after which a function is compiled. */
export const JIT_THRESHOLD = 100;
const SAFE = Number.MAX_SAFE_INTEGER;

export class Vm implements NativeContext {
  readonly globals: Value[];
  // Built by push so V8 keeps the array packed (no hole checks on register loads).
  private readonly regs: Value[] = packedArray(1024);
  /** The float bank: F[i] of a frame is fregs[base + i], beside regs (spec/isa.md §1). */
  private fregs = new Float64Array(1024);
  // Frame d: base register, saved pc (while it is not running), closure. Returning from the
  // frame an `execute` call started (its `entry`) returns from that call.
  private fBase = new Int32Array(256);
  private fPc = new Int32Array(256);
  // Stryker disable next-line ArrayDeclaration: only sized ahead, like fBase and fPc; an unsized array grows on each write to the same entries
  private fCl: Closure[] = new Array<Closure>(256);
  /** Depth of the running frame; `execute` keeps it in a local and syncs it here before
   *  anything that may re-enter (natives, iterators) and when it returns or throws. */
  private depth = -1;
  /** First register above the running frame (where callValue puts a re-entrant call). */
  private top = 0;
  /** Open upvalues, highest register first. */
  private openUp: Upval | null = null;
  // Exception handlers: frame depth, catch pc, error register.
  private hDepth = new Int32Array(16);
  private hPc = new Int32Array(16);
  private hReg = new Int32Array(16);
  private hCount = 0;
  /** The running native tasks, innermost last (see Task). */
  // Stryker disable next-line ArrayDeclaration: a non-task at the bottom is never reached: stopFor and dropTasks read only a top whose depth is above theirs (`undefined > d` is false), and stepTask pops only its own task
  private readonly tasks: Task[] = [];
  /** What the entry frame of `execute` returned when a task ended it (see runTasks). */
  private entryResult: Value = undefined;
  // Step accounting (see refill).
  private budget: number;
  private chunk: number;
  private consumed = 0;
  private remaining: number;
  private readonly maxDepth: number;
  private readonly maxArray: number;
  /** Bytes left of the memory budget's current chunk (spec/semantics.md §10.2; see memRefill). */
  private memLeft: number;
  /**
   * Bytes of the memory budget handed out to `memLeft` so far, overdrafts included: a small
   * integer, where the budget less it would lose the chunk's bytes to rounding past 2^53.
   */
  private memHanded: number;
  private readonly maxMemory: number;
  /** The last string charged and its UTF-8 length: `s = s + t` in a loop measures only t. */
  private lastStr: string | undefined = undefined;
  private lastBytes = 0;
  private readonly onStep: RunOptions["onStep"];
  private readonly interrupt: RunOptions["interrupt"];
  private readonly natives: readonly NativeFn[];
  /** The depth whose return compiled code leaves to the interpreter (execute's `stop`; read by compiled code). */
  // Stryker disable next-line UnaryOperator: runCompiled sets it before any compiled code runs, and only compiled code reads it
  jitStop = -1;
  /** What an instruction compiled code ran threw (see runCompiled). */
  private thrown: unknown = undefined;
  /**
   * The pc of the RETURN (or TAILCALL) by which a frame compiled code called last returned to
   * it (written by compiled code: a native's callback that returns to runtime/jit.ts's taskJ).
   */
  retPc = 0;
  /** Entries before a function is compiled; -1: the compiled tier is off. */
  private readonly jitAfter: number;

  constructor(
    readonly program: LinkedProgram,
    private readonly host: Host,
    readonly args: readonly string[],
    options: RunOptions,
  ) {
    this.globals = options.globals ?? [];
    while (this.globals.length < program.globalCount) this.globals.push(undefined);
    this.maxDepth = options.maxDepth ?? 200_000;
    this.maxArray = options.maxArrayLength ?? 2 ** 26;
    this.maxMemory = options.maxMemory ?? Infinity;
    this.memLeft = Math.min(MEM_CHUNK, this.maxMemory);
    this.memHanded = this.memLeft;
    this.onStep = options.onStep;
    this.interrupt = options.interrupt;
    this.natives = program.natives;
    this.jitAfter =
      options.jit === false || this.onStep ? -1 : options.jit === "eager" ? 0 : JIT_THRESHOLD;
    const max = options.maxSteps ?? Infinity;
    this.chunk = this.onStep ? 0 : Math.min(max, this.interrupt ? INTERRUPT_STEPS : CHUNK);
    this.remaining = max - this.chunk;
    this.budget = this.chunk;
  }

  get steps(): number {
    return this.consumed + this.chunk - this.budget;
  }

  /** Bytes charged to the memory budget so far. */
  get allocated(): number {
    return this.maxMemory === Infinity ? 0 : this.memHanded - this.memLeft;
  }

  get peakDepth(): number {
    return this.peak + 1;
  }
  private peak = 0;

  // ---- NativeContext ----------------------------------------------------------------

  write(text: string): void {
    this.host.write(text);
  }
  now(): number {
    return this.host.now ? this.host.now() : Date.now();
  }
  readLine(): string | undefined {
    return this.host.readLine?.();
  }
  some(v: Value): VEnum {
    const o = this.program.option;
    this.alloc(ENUM1);
    return new VEnum(o.type, o.yes, [v]);
  }
  none(): VEnum {
    const o = this.program.option;
    return o.type.units[o.no]!;
  }
  ok(v: Value): VEnum {
    const r = this.program.result;
    this.alloc(ENUM1);
    return new VEnum(r.type, r.yes, [v]);
  }
  err(v: Value): VEnum {
    const r = this.program.result;
    this.alloc(ENUM1);
    return new VEnum(r.type, r.no, [v]);
  }
  checkLength(n: number): void {
    if (n > this.maxArray) trap("LimitExceeded", `array longer than ${this.maxArray} elements`);
  }

  /** Native work: `steps` more steps, taken exactly from what the budget has left. */
  charge(steps: number): void {
    if (steps <= 0) return;
    this.budget -= steps;
    if (this.budget >= 0) return;
    const need = -this.budget;
    if (need > this.remaining) {
      this.consumed += this.chunk + this.remaining;
      this.chunk = 0;
      this.budget = 0;
      this.remaining = 0;
      throw fatal("instruction budget exhausted");
    }
    this.remaining -= need;
    this.consumed += need;
    this.budget = 0;
  }

  alloc(bytes: number): void {
    if ((this.memLeft -= bytes) < 0) this.memRefill();
  }

  /**
   * The current chunk ran out (`memLeft` < 0): covers the overdraft from the rest of the
   * budget and hands out the next chunk, or LimitExceeded when the rest cannot cover it.
   */
  private memRefill(): void {
    const need = -this.memLeft;
    if (need > this.maxMemory - this.memHanded) {
      this.memLeft = 0;
      this.memHanded = this.maxMemory;
      throw fatal(`memory budget of ${this.maxMemory} bytes exhausted`);
    }
    this.memHanded += need;
    this.memLeft = Math.min(MEM_CHUNK, this.maxMemory - this.memHanded);
    this.memHanded += this.memLeft;
  }

  /** CONCAT of the `n` registers from `a` (compiled code's too): the string, charged. */
  concat(a: number, n: number): string {
    const regs = this.regs;
    let s = str(regs[a]);
    // Stryker disable next-line ConditionalExpression: without a memory budget the byte count is never read (counting them anyway changes nothing)
    let bytes = this.maxMemory === Infinity ? 0 : this.bytesOf(s);
    for (let i = 1; i < n; i++) {
      const t = str(regs[a + i]);
      if (concatTooLong(s, t)) trap("LimitExceeded", "string too long");
      // Stryker disable next-line ConditionalExpression: as above
      if (this.maxMemory !== Infinity) bytes += utf8Length(t);
      s += t;
    }
    // Stryker disable next-line ConditionalExpression: a charge against no budget never runs out, and the last-string cache is read only under a budget
    if (this.maxMemory !== Infinity) {
      this.alloc(HEADER_BYTES + bytes);
      this.lastStr = s;
      this.lastBytes = bytes;
    }
    return s;
  }

  /** Charges the string `r = x + y` that a string ADD built. */
  allocConcat(r: string, x: Value, y: Value): void {
    if (this.maxMemory === Infinity) return;
    const bytes =
      // Stryker disable next-line StringLiteral: `typeof v === ""` is false, and utf8Length(r) measures the same bytes
      typeof x === "string" && typeof y === "string"
        ? this.bytesOf(x) + this.bytesOf(y)
        : utf8Length(r);
    this.lastStr = r;
    this.lastBytes = bytes;
    this.alloc(HEADER_BYTES + bytes);
  }

  private bytesOf(s: string): number {
    return s === this.lastStr ? this.lastBytes : utf8Length(s);
  }

  /** Runs main to completion; returns normally or throws a Trap/InternalError. */
  runMain(): void {
    // Stryker disable next-line ArrayDeclaration: main has no upvalues (the verifier's E_MAIN), so its upvalue list is never read
    const main = new Closure(this.program.protos[0]!, []);
    if (main.proto.params !== 0) trap("ArityMismatch", "main must take no parameters");
    this.regs[0] = main;
    this.top = 0;
    try {
      this.callValue(main, []);
    } catch (e) {
      if (e !== HALT) throw e;
    }
  }

  callValue(fn: Value, args: readonly Value[]): Value {
    if (fn instanceof NativeFn) return this.callNativeArgs(fn, args);
    if (!(fn instanceof Closure)) trap("TypeError", `cannot call ${kindName(fn)}`);
    const p = fn.proto;
    if (p.params !== args.length) arity(p, args.length);
    const savedTop = this.top;
    const fb = savedTop + 1;
    const end = fb + p.registers;
    if (end > this.regs.length) this.growRegs(end);
    const regs = this.regs;
    regs[savedTop] = fn;
    for (let i = 0; i < args.length; i++) regs[fb + i] = args[i];
    for (let i = fb + args.length; i < end; i++) regs[i] = undefined;
    if (p.usesFloats) this.fregs.fill(0, fb, end);
    const d = this.pushFrame(fn, fb);
    this.fPc[d] = 0;
    try {
      return this.execute(d);
    } finally {
      this.top = savedTop;
    }
  }

  /** Room for frame d: StackOverflow beyond maxDepth, else grows the frame arrays. */
  private checkFrames(d: number): void {
    if (d >= this.maxDepth) trap("StackOverflow", `call depth exceeds ${this.maxDepth}`);
    if (d >= this.fBase.length) this.growFrames();
  }

  private pushFrame(fn: Closure, base: number): number {
    const d = this.depth + 1;
    this.checkFrames(d);
    this.fBase[d] = base;
    this.fCl[d] = fn;
    this.depth = d;
    if (d > this.peak) this.peak = d;
    return d;
  }

  private callNativeArgs(f: NativeFn, args: readonly Value[]): Value {
    if (f.arity !== VARIADIC && f.arity !== args.length) nativeArity(f, args.length);
    return f.fn(this, ...args);
  }

  /** Calls native f with the n arguments in regs[a..a+n-1]. */
  private callNative(f: NativeFn, a: number, n: number): Value {
    if (f.arity !== VARIADIC && f.arity !== n) nativeArity(f, n);
    const r = this.regs;
    switch (n) {
      case 0:
        return f.fn(this);
      case 1:
        return f.fn(this, r[a]);
      case 2:
        return f.fn(this, r[a], r[a + 1]);
      // Stryker disable next-line ConditionalExpression: emptied, the case falls to `default`, which passes the same three arguments
      case 3:
        return f.fn(this, r[a], r[a + 1], r[a + 2]);
      default:
        return f.fn(this, ...r.slice(a, a + n));
    }
  }

  /** Starts native f's task with the n arguments in regs[a..a+n-1]. */
  private startTask(f: NativeFn, a: number, n: number): NativeTask {
    if (f.arity !== VARIADIC && f.arity !== n) nativeArity(f, n);
    const r = this.regs;
    const task = f.task!;
    switch (n) {
      case 1:
        return task(this, r[a]);
      case 2:
        return task(this, r[a], r[a + 1]);
      // Stryker disable next-line ConditionalExpression: emptied, the case falls to `default`, which passes the same three arguments
      case 3:
        return task(this, r[a], r[a + 1], r[a + 2]);
      default:
        return task(this, ...r.slice(a, a + n));
    }
  }

  /**
   * Goes on with task t, the innermost, whose last step answered `r`, in its caller's frame
   * (this.depth, pc saved, registers below this.top) until it asks to call a Veld function,
   * whose frame it pushes (answer PUSHED), or ends (answer: its result; t is removed). A
   * native it asks to call runs at once.
   */
  private stepTask(t: Task, r: IteratorResult<readonly Value[], Value>): Value {
    for (;;) {
      if (r.done === true) {
        this.tasks.pop();
        return t.end === undefined ? r.value : t.end(this, r.value);
      }
      const c = r.value;
      const fn = c[0];
      if (!(fn instanceof Closure)) {
        r = t.gen.next(this.callValue(fn, c.slice(1)));
        continue;
      }
      const p = fn.proto;
      const n = c.length - 1;
      if (p.params !== n) arity(p, n);
      const fb = this.top + 1;
      const end = fb + p.registers;
      if (end > this.regs.length) this.growRegs(end);
      const regs = this.regs;
      regs[fb - 1] = fn;
      for (let i = 0; i < n; i++) regs[fb + i] = c[i + 1];
      for (let i = fb + n; i < end; i++) regs[i] = undefined;
      if (p.usesFloats) this.fregs.fill(0, fb, end);
      this.fPc[this.pushFrame(fn, fb)] = 0;
      return PUSHED as Value;
    }
  }

  /**
   * Runs `task` (the innermost) with `input` in the frame at this.depth, whose pc is saved,
   * until a callback's frame is pushed or the task ends and its result is placed (see
   * continueTasks); true means the entry frame returned (the value is in entryResult).
   */
  private runTasks(task: Task, input: Value, entry: number): boolean {
    const depth = this.depth;
    this.top = this.fBase[depth]! + this.fCl[depth]!.proto.registers;
    return this.continueTasks(task, task.gen.next(input), entry);
  }

  /**
   * Goes on with `task` (the innermost), whose step in the frame at this.depth (pc saved,
   * this.top above its registers) answered `r`, until a callback's frame is pushed or the
   * task ends and its result is placed: in its destination register, as ITERNEXT's jump
   * (HALT), or as its frame's return value when the task was that frame's TAILCALL, which
   * may resume the task below. Afterwards `execute` goes on at this.depth and its saved pc;
   * true means the entry frame returned (the value is in entryResult).
   */
  private continueTasks(
    task: Task,
    r: IteratorResult<readonly Value[], Value>,
    entry: number,
  ): boolean {
    for (;;) {
      const depth = this.depth;
      const base = this.fBase[depth]!;
      const v = this.stepTask(task, r);
      if (v === PUSHED) return false;
      if (v === HALT) {
        const pc = this.fPc[depth]!;
        this.fPc[depth] = pc + (this.fCl[depth]!.proto.code[pc - 1]! >> 16);
        return false;
      }
      if (task.dest >= 0) {
        this.regs[task.dest] = v;
        return false;
      }
      if (this.openUp !== null && this.openUp.index >= base) this.closeUpvals(base);
      while (this.hCount > 0 && this.hDepth[this.hCount - 1]! >= depth) this.hCount--;
      this.regs[base - 1] = v;
      this.depth = depth - 1;
      if (depth === entry) {
        this.entryResult = v;
        return true;
      }
      if (depth !== this.stopFor(entry)) return false;
      task = this.tasks[this.tasks.length - 1]!;
      const below = this.depth;
      this.top = this.fBase[below]! + this.fCl[below]!.proto.registers;
      r = task.gen.next(v);
    }
  }

  /** The depth whose return `execute(entry)` must look at: entry's or a task's callbacks'. */
  private stopFor(entry: number): number {
    const n = this.tasks.length;
    return n > 0 && this.tasks[n - 1]!.depth > entry ? this.tasks[n - 1]!.depth : entry;
  }

  /** Forgets the tasks whose callback frames are above `depth` (an error unwound them). */
  private dropTasks(depth: number): void {
    const tasks = this.tasks;
    while (tasks.length > 0 && tasks[tasks.length - 1]!.depth > depth) tasks.pop();
  }

  private growRegs(n: number): void {
    if (n > MAX_REGISTER_FILE)
      trap("StackOverflow", `the frames need more than ${MAX_REGISTER_FILE} registers`);
    const regs = this.regs;
    let len = regs.length;
    while (len < n) len *= 2;
    // Grow in place: natives and outer `execute` calls hold this same array.
    for (let i = regs.length; i < len; i++) regs.push(undefined);
    // The float bank is re-read from `this` by each F instruction, so it may be replaced.
    const f = new Float64Array(len);
    f.set(this.fregs);
    this.fregs = f;
  }

  private growFrames(): void {
    const n = this.fBase.length * 2;
    const grow = <T extends Int32Array | Uint8Array>(a: T, b: T): T => (b.set(a), b);
    this.fBase = grow(this.fBase, new Int32Array(n));
    this.fPc = grow(this.fPc, new Int32Array(n));
    this.fCl.length = n;
  }

  private pushHandler(depth: number, pc: number, reg: number): void {
    const i = this.hCount;
    if (i === this.hDepth.length) {
      if (i >= MAX_HANDLERS) trap("StackOverflow", `more than ${MAX_HANDLERS} active try blocks`);
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.hDepth = grow(this.hDepth);
      this.hPc = grow(this.hPc);
      this.hReg = grow(this.hReg);
    }
    this.hDepth[i] = depth;
    this.hPc[i] = pc;
    this.hReg[i] = reg;
    this.hCount = i + 1;
  }

  private findUpval(level: number): Upval {
    let prev: Upval | null = null;
    let u = this.openUp;
    while (u !== null && u.index > level) {
      prev = u;
      u = u.next;
    }
    if (u !== null && u.index === level) return u;
    const n = new Upval(this.regs, level, u);
    if (prev === null) this.openUp = n;
    else prev.next = n;
    return n;
  }

  /** Close every open upvalue at register `level` or above: it gets its own cell. */
  private closeUpvals(level: number): void {
    let u = this.openUp;
    const regs = this.regs;
    while (u !== null && u.index >= level) {
      // [undefined] then a store keeps every cell a generic (PACKED_ELEMENTS) array like
      // `regs`, so the GETUPVAL/SETUPVAL element access stays monomorphic.
      // Stryker disable next-line ArrayDeclaration: `[]` then the store makes the same one-element cell (only V8's element kind differs)
      const cell: Value[] = [undefined];
      cell[0] = regs[u.index];
      u.cell = cell;
      u.index = 0;
      const next = u.next;
      u.next = null;
      u = next;
    }
    this.openUp = u;
  }

  /** Called when the local step budget runs out: refill, or LimitExceeded, or trace. */
  private refill(pc: number, depth: number): number {
    this.consumed += this.chunk;
    if (this.remaining <= 0) {
      this.chunk = -1; // the refused instruction already decremented the budget to -1
      throw fatal("instruction budget exhausted");
    }
    if (this.interrupt?.()) {
      this.chunk = -1;
      throw fatal("interrupted");
    }
    const c = this.onStep ? 1 : Math.min(this.remaining, this.interrupt ? INTERRUPT_STEPS : CHUNK);
    this.remaining -= c;
    this.chunk = c;
    if (this.onStep) {
      const cl = this.fCl[depth]!;
      this.onStep(cl.proto, pc, depth, this.regs, this.fBase[depth]!);
    }
    return c - 1;
  }

  /**
   * The Veld stack at a trap. With no `try` active anywhere the error is uncaught, and the
   * whole stack is folded (foldTrace: recursion counted, `<main>` kept); otherwise the error
   * will most likely be caught, and only the innermost MAX_TRACE frames are read.
   */
  private captureTrace(depth: number, pc: number): TraceFrame[] {
    const count = this.hCount === 0 ? depth + 1 : Math.min(depth + 1, MAX_TRACE);
    return foldTrace(count, (i) => {
      const d = depth - i;
      const p = this.fCl[d]!.proto;
      const at = d === depth ? pc : this.fPc[d]! - 1;
      const line = p.lines?.[at];
      return line
        ? // Stryker disable next-line OptionalChaining: a function has columns whenever it has lines (program.ts takes both from one debug entry)
          { function: p.name, file: p.file, line, column: p.columns?.[at] ?? 0, pc: at }
        : { function: p.name, pc: at };
    });
  }

  /** Method `name` of a struct/enum from its type's methods table. */
  userMethod(o: VStruct | VEnum, name: string): Value | undefined {
    const slot = o.type.methods.get(name);
    return slot === undefined ? undefined : this.globals[slot];
  }

  private method(o: Value, name: string): Value {
    if (o instanceof VStruct || o instanceof VEnum) {
      const m = this.userMethod(o, name);
      if (m !== undefined) return m;
    }
    const b = builtinMethod(o, name);
    if (b === undefined) trap("UndefinedField", `${kindName(o)} has no method '${name}'`);
    return b;
  }

  private fieldSlot(o: VStruct, name: string): number {
    const slot = o.type.slots.get(name);
    if (slot === undefined) trap("UndefinedField", `${o.type.name} has no field '${name}'`);
    return slot;
  }

  private getFieldSlow(o: Value, name: string): Value {
    if (o instanceof VError) {
      if (name === "kind") return o.kind;
      if (name === "message") return o.message;
      if (name === "value") return o.value;
      trap("UndefinedField", `error values have no field '${name}'`);
    }
    trap("TypeError", `cannot read field '${name}' of ${kindName(o)}`);
  }

  /** The next value of a non-array iterator, or HALT as the "done" marker. */
  private iterNext(it: Value): Value | typeof HALT {
    if (it instanceof StrIter || it instanceof RangeIter) {
      const v = it.next();
      return v === undefined ? HALT : v;
    }
    if (it instanceof MapIter) {
      const v = it.next(this);
      return it.done ? HALT : v;
    }
    trap("TypeError", `${kindName(it)} is not an iterator`);
  }

  private index(o: Value, i: Value): Value {
    if (o instanceof VMap) return mapIndex(o, i);
    // Number.isInteger is false for every non-number (here and below: no typeof test first).
    if (!Number.isInteger(i)) {
      if (typeof i === "bigint") trap("IndexOutOfBounds", `index ${i} out of bounds`);
      trap("TypeError", `index must be an int, got ${kindName(i)}`);
    }
    if (Array.isArray(o)) {
      trap("IndexOutOfBounds", `index ${i} out of bounds for length ${o.length}`);
    }
    if (typeof o === "string") {
      const cp = (i as number) < 0 ? -1 : scalarAt(o, i as number);
      if (cp < 0) trap("IndexOutOfBounds", `index ${i} out of bounds for a string`);
      return VChar.of(cp);
    }
    trap("TypeError", `cannot index ${kindName(o)}`);
  }

  private setIndex(o: Value, i: Value, v: Value): void {
    if (o instanceof VMap) return mapSet(this, o, i, v);
    if (!Array.isArray(o)) trap("TypeError", `cannot assign to an index of ${kindName(o)}`);
    if (!Number.isInteger(i)) {
      if (typeof i === "bigint") trap("IndexOutOfBounds", `index ${i} out of bounds`);
      trap("TypeError", `index must be an int, got ${kindName(i)}`);
    }
    trap("IndexOutOfBounds", `index ${i} out of bounds for length ${o.length}`);
  }

  /** Loop count of FORPREP/FORPREPI beyond the fast path; -1 to skip the loop. */
  private forCount(s: Value, l: Value, inclusive: boolean): number | bigint {
    if (!Number.isInteger(s) && typeof s !== "bigint") forType(s, l);
    if (!Number.isInteger(l) && typeof l !== "bigint") forType(s, l);
    const c = BigInt(l as number | bigint) - BigInt(s as number | bigint) - (inclusive ? 0n : 1n);
    if (c < 0n) return -1;
    return c <= BigInt(SAFE) ? Number(c) : c; // may exceed i64: internal only
  }

  /**
   * The opcodes that are rare in hot loops, kept out of `execute` so V8 compiles the
   * dispatch loop faster and smaller. Writes R[A] like `execute` would; returns how many
   * instructions to skip (the TEST* opcodes skip their jump when they pass).
   */
  private coldOp(ins: number, a: number, base: number, k: Value[]): number {
    const regs = this.regs;
    switch (ins & 255) {
      case Op.LOADUNIT: {
        const end = a + ((ins >>> 16) & 255);
        for (let i = a; i <= end; i++) regs[i] = undefined;
        return 0;
      }
      case Op.POW:
        regs[a] = pow(regs[base + ((ins >>> 16) & 255)], regs[base + (ins >>> 24)]);
        return 0;
      case Op.POWK:
        regs[a] = pow(regs[base + ((ins >>> 16) & 255)], k[ins >>> 24]);
        return 0;
      case Op.NEG:
        regs[a] = neg(regs[base + ((ins >>> 16) & 255)]);
        return 0;
      case Op.NEWMAP:
        regs[a] = newMap(this);
        return 0;
      case Op.NOT: {
        const x = regs[base + ((ins >>> 16) & 255)];
        if (typeof x !== "boolean") notBool("!", x);
        regs[a] = !x;
        return 0;
      }
      case Op.CONCAT:
        regs[a] = this.concat(a, (ins >>> 16) & 255);
        return 0;
      case Op.TESTSTRUCT: {
        const x = regs[a];
        if (x instanceof VStruct && x.type === this.program.types[ins >>> 16]) return 1;
        return 0;
      }
      case Op.TESTTUPLE: {
        // `()` is the tuple of 0 elements (NEWTUPLE A 0 makes it)
        const x = regs[a];
        const n = (ins >>> 16) & 255;
        if (n === 0 ? x === undefined : x instanceof VTuple && x.items.length === n) return 1;
        return 0;
      }
      case Op.NEWARRAY: {
        const n = (ins >>> 16) & 255;
        // Stryker disable next-line ConditionalExpression,EqualityOperator: checkLength tests the same bound; this only skips the call
        if (n > this.maxArray) this.checkLength(n);
        this.alloc(slotsBytes(n));
        regs[a] = regs.slice(a + 1, a + 1 + n);
        return 0;
      }
      case Op.APPEND: {
        const arr = regs[a];
        const n = (ins >>> 16) & 255;
        if (!Array.isArray(arr)) trap("TypeError", `cannot append to ${kindName(arr)}`);
        // Stryker disable next-line ConditionalExpression,EqualityOperator: checkLength tests the same bound; this only skips the call
        if (arr.length + n > this.maxArray) this.checkLength(arr.length + n);
        this.alloc(SLOT_BYTES * n);
        for (let i = 1; i <= n; i++) arr.push(regs[a + i]);
        return 0;
      }
      case Op.NEWTUPLE: {
        const n = (ins >>> 16) & 255;
        if (n > 0) this.alloc(slotsBytes(n));
        regs[a] = n === 0 ? undefined : new VTuple(regs.slice(a + 1, a + 1 + n));
        return 0;
      }
      case Op.NEWRANGE: {
        const s = regs[a];
        const e = regs[a + 1];
        // Number.isInteger is false for every non-number: no typeof test before it.
        const okS = Number.isInteger(s) || typeof s === "bigint";
        const okE = Number.isInteger(e) || typeof e === "bigint";
        if (!okS || !okE)
          trap("TypeError", `range bounds must be ints, got ${kindName(s)} and ${kindName(e)}`);
        regs[a] = new VRange(
          s as number | bigint,
          e as number | bigint,
          ((ins >>> 16) & 255) !== 0,
        );
        return 0;
      }
      case Op.CAST: {
        const r = cast(regs[base + ((ins >>> 16) & 255)], CAST_TARGETS[ins >>> 24]!);
        // Stryker disable next-line ConditionalExpression: a charge against no budget never runs out
        const budgeted = this.maxMemory !== Infinity;
        if (typeof r === "string" && budgeted) this.alloc(HEADER_BYTES + utf8Length(r));
        regs[a] = r;
        return 0;
      }
      case Op.THROW: {
        const v = regs[a];
        throw new Trap(v instanceof VError ? v : new VError("Thrown", formatValue(v), v));
      }
      case Op.TESTRANGE:
        return inRangePattern(regs[a], k[(ins >>> 16) & 255], k[ins >>> 24]) ? 1 : 0;
      case Op.RAISE: {
        const kind = RUNTIME_ERROR_KINDS[(ins >>> 16) & 255]!;
        throw new Trap(new VError(kind, str(regs[a]), undefined));
      }
      default:
        throw new InternalError(
          ins === END_OF_CODE
            ? "ran past the end of a function's code (the verifier should reject it)"
            : `opcode ${ins & 255} reached the VM (the verifier should reject it)`,
        );
    }
    return 0;
  }

  // ---- the compiled tier (runtime/jit.ts) ---------------------------------------------

  /**
   * Runs frame `depth` (at `base`) in its function's compiled code from `pc`, compiling the
   * function once it is hot; returns the pc where the interpreter goes on (`pc` itself when
   * there is no compiled code or `pc` starts no compiled block), or RELOAD: go on in the
   * frame at this.depth and its saved pc (compiled code called functions that left their
   * frames to the interpreter, or returned from frame `depth`, or replaced it by a tail
   * call), or THROWN: the same, after the instruction before that pc threw this.thrown.
   * Steps are in this.budget. `stop` is execute's: that frame's return is the interpreter's.
   */
  private runCompiled(
    p: RtProto,
    base: number,
    pc: number,
    upvals: Upval[],
    depth: number,
    stop: number,
  ): number {
    // Which code runs where is not observable (RunOptions.jit): the mutants below that only
    // change when or how a function is compiled, or keep a frame in the interpreter, give the
    // same output, errors, traces, steps and bytes (tests/runtime/jit-differential.test.ts).
    let j = p.jit;
    if (j === undefined) {
      if (++p.heat <= this.jitAfter) return pc;
      // Stryker disable next-line ConditionalExpression,EqualityOperator: eager only skips profiling (see above)
      j = p.jit = compileHot(p, this.program, JIT_ENV, this.jitAfter === 0);
    }
    // Stryker disable next-line ConditionalExpression: `true` keeps the frame in the interpreter (see above); `false` calls null, which the CSP test in tests/runtime/jit.test.ts would kill
    if (j === null) return pc;
    // Stryker disable next-line ConditionalExpression,BooleanLiteral,BlockStatement: compiled code entered at a pc it has no block for returns that pc at once (see above)
    if (!jitRuns(p, pc)) {
      // Stryker disable next-line ConditionalExpression,EqualityOperator: see above
      retune(p, pc, this.program, JIT_ENV, this.jitAfter === 0);
      return pc;
    }
    this.jitStop = stop;
    const r = j(this, this.regs, this.fregs, base, pc, upvals, this.globals, depth, 0);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: recompiling sooner, later or never (see above)
    if (r >= 0 && p.jitProfile !== undefined)
      // Stryker disable next-line ConditionalExpression,EqualityOperator: see above
      retune(p, r, this.program, JIT_ENV, this.jitAfter === 0);
    return r;
  }

  // ---- the interpreter loop ---------------------------------------------------------

  /** Runs from frame `entry` (already pushed) until it returns; returns its value. */
  private execute(entry: number): Value {
    const regs = this.regs;
    const globals = this.globals;
    const { variantType, variantTag } = this.program;
    let depth = this.depth;
    let cl = this.fCl[depth]!;
    let proto = cl.proto;
    let code = proto.code;
    let k = proto.k;
    let upvals = cl.upvals;
    let base = this.fBase[depth]!;
    let pc = this.fPc[depth]!;
    let budget = this.budget;
    // Set while a native runs: if it throws, the budget it charged is in this.budget.
    let inNative = false;
    /** The value the running frame returns (RETURN, RETURNUNIT, TAILCALL of a native). */
    let result: Value;
    /** The depth whose return is not an ordinary one: entry's, or the innermost task's. */
    let stop: number;
    /** Set by the instructions that `break ret` to go on in compiled code (see runCompiled). */
    let entering = false;
    const jitAfter = this.jitAfter;
    for (;;) {
      // Set here, not in the handler below, so that it is not live into the handler (which
      // would keep it in a stack slot across every call of the loop).
      stop = this.stopFor(entry);
      try {
        for (;;) {
          const ins = code[pc++]!;
          if (--budget < 0) budget = this.refill(pc - 1, depth);
          const a = base + ((ins >>> 8) & 255);
          // Every instruction but a return ends its case with `break` and goes on at
          // `continue`; the returns `break ret` to the frame pop below the switch. So do
          // calls and backward jumps, `entering` set: they go on in compiled code, if any.
          ret: {
            switch (ins & 255) {
              case Op.MOVE:
                regs[a] = regs[base + ((ins >>> 16) & 255)];
                break;
              case Op.LOADK:
                regs[a] = k[ins >>> 16];
                break;
              case Op.LOADI:
                regs[a] = ins >> 16;
                break;
              case Op.LOADF:
                regs[a] = loadF(ins >> 16);
                break;
              case Op.LOADTRUE:
                regs[a] = true;
                break;
              case Op.LOADFALSE:
                regs[a] = false;
                break;
              case Op.GETGLOBAL:
                regs[a] = globals[ins >>> 16];
                break;
              case Op.SETGLOBAL:
                globals[ins >>> 16] = regs[a];
                break;
              case Op.GETNATIVE:
                regs[a] = this.natives[ins >>> 16];
                break;
              case Op.GETUPVAL: {
                const u = upvals[(ins >>> 16) & 255]!;
                regs[a] = u.cell[u.index];
                break;
              }
              case Op.SETUPVAL: {
                const u = upvals[(ins >>> 16) & 255]!;
                u.cell[u.index] = regs[a];
                break;
              }
              case Op.CLOSE:
                this.closeUpvals(a);
                break;
              case Op.CLOSURE: {
                const p = proto.children[ins >>> 16]!;
                const desc = p.upvalDesc;
                const ups = new Array<Upval>(desc.length);
                for (let i = 0; i < desc.length; i++) {
                  const d = desc[i]!;
                  ups[i] = d & 1 ? this.findUpval(base + (d >> 1)) : upvals[d >> 1]!;
                }
                if ((this.memLeft -= slotsBytes(desc.length)) < 0) this.memRefill();
                regs[a] = new Closure(p, ups);
                break;
              }
              case Op.ADD:
              case Op.ADDK: {
                const x = regs[base + ((ins >>> 16) & 255)];
                const y = (ins & 255) === 14 ? regs[base + (ins >>> 24)] : k[ins >>> 24];
                if (typeof x === "number" && typeof y === "number") {
                  const r = x + y;
                  if ((x | 0) === x && (y | 0) === y) regs[a] = r;
                  else if (!Number.isInteger(x) || !Number.isInteger(y))
                    regs[a] = Number.isInteger(r) ? new VFloat(r) : r;
                  else regs[a] = add(x, y);
                } else {
                  const r = floatOp(x, y, 0);
                  if (r === r) regs[a] = Number.isInteger(r) ? new VFloat(r) : r;
                  else {
                    const v = add(x, y);
                    if (typeof v === "string") this.allocConcat(v, x, y);
                    regs[a] = v;
                  }
                }
                break;
              }
              case Op.SUB:
              case Op.SUBK: {
                const x = regs[base + ((ins >>> 16) & 255)];
                const y = (ins & 255) === 16 ? regs[base + (ins >>> 24)] : k[ins >>> 24];
                if (typeof x === "number" && typeof y === "number") {
                  const r = x - y;
                  if ((x | 0) === x && (y | 0) === y) regs[a] = r;
                  else if (!Number.isInteger(x) || !Number.isInteger(y))
                    regs[a] = Number.isInteger(r) ? new VFloat(r) : r;
                  else regs[a] = sub(x, y);
                } else {
                  const r = floatOp(x, y, 1);
                  regs[a] = r !== r ? sub(x, y) : Number.isInteger(r) ? new VFloat(r) : r;
                }
                break;
              }
              case Op.MUL:
              case Op.MULK: {
                const x = regs[base + ((ins >>> 16) & 255)];
                const y = (ins & 255) === 18 ? regs[base + (ins >>> 24)] : k[ins >>> 24];
                if (typeof x === "number" && typeof y === "number") {
                  const r = x * y;
                  if ((x | 0) === x && (y | 0) === y && r <= SAFE && r >= -SAFE) regs[a] = r + 0;
                  else if (!Number.isInteger(x) || !Number.isInteger(y))
                    regs[a] = Number.isInteger(r) ? new VFloat(r) : r;
                  else regs[a] = mul(x, y);
                } else {
                  const r = floatOp(x, y, 2);
                  regs[a] = r !== r ? mul(x, y) : Number.isInteger(r) ? new VFloat(r) : r;
                }
                break;
              }
              case Op.DIV:
              case Op.DIVK: {
                const x = regs[base + ((ins >>> 16) & 255)];
                const y = (ins & 255) === 20 ? regs[base + (ins >>> 24)] : k[ins >>> 24];
                if (typeof x === "number" && typeof y === "number" && y !== 0) {
                  // Two int32s: i64 division truncates (MIN / -1 = 2^31 is exact here).
                  if ((x | 0) === x && (y | 0) === y) regs[a] = Math.trunc(x / y) + 0;
                  else if (!Number.isInteger(x) || !Number.isInteger(y)) {
                    const r = x / y;
                    regs[a] = Number.isInteger(r) ? new VFloat(r) : r;
                  } else regs[a] = div(x, y);
                } else if (x instanceof VFloat && typeof y === "number" && y !== 0) {
                  // An integral float (`1.0 / n`): a float divided by a float or an int.
                  const r = x.value / y;
                  regs[a] = Number.isInteger(r) ? new VFloat(r) : r;
                } else {
                  const r = floatOp(x, y, 3);
                  regs[a] = r !== r ? div(x, y) : Number.isInteger(r) ? new VFloat(r) : r;
                }
                break;
              }
              case Op.MOD:
              case Op.MODK: {
                const x = regs[base + ((ins >>> 16) & 255)];
                const y = (ins & 255) === 22 ? regs[base + (ins >>> 24)] : k[ins >>> 24];
                // JS % on int32 operands is exact and takes the dividend's sign (i64 remainder).
                if (
                  typeof x === "number" &&
                  typeof y === "number" &&
                  (x | 0) === x &&
                  (y | 0) === y &&
                  y !== 0
                )
                  regs[a] = (x % y) + 0;
                else regs[a] = mod(x, y);
                break;
              }
              case Op.ADDI: {
                const x = regs[base + ((ins >>> 16) & 255)];
                const y = ins >> 24;
                regs[a] = typeof x === "number" && (x | 0) === x ? x + y : add(x, y);
                break;
              }
              case Op.SEQ:
                regs[a] = eq(regs[base + ((ins >>> 16) & 255)], regs[base + (ins >>> 24)]);
                break;
              case Op.SNE:
                regs[a] = !eq(regs[base + ((ins >>> 16) & 255)], regs[base + (ins >>> 24)]);
                break;
              case Op.SLT:
                regs[a] = lt(regs[base + ((ins >>> 16) & 255)], regs[base + (ins >>> 24)]);
                break;
              case Op.SLE:
                regs[a] = le(regs[base + ((ins >>> 16) & 255)], regs[base + (ins >>> 24)]);
                break;
              // Fused compare-and-branch, one shape: a test, its k flag, and the next word its
              // JMP. A test that differs from k skips the JMP, else the JMP is taken. The offset
              // is read on both outcomes, so no path lacks type feedback and optimized code
              // doesn't deopt the first time a branch flips. (The tail as a helper function,
              // even inlined, measured ~10% more machine instructions on a loop.)
              case Op.EQ: {
                const jump = code[pc]! >> 8;
                pc +=
                  eq(regs[a], regs[base + ((ins >>> 16) & 255)]) !== (ins >>> 24 !== 0)
                    ? 1
                    : jump + 1;
                if (jump < 0) {
                  entering = true;
                  break ret;
                }
                break;
              }
              case Op.LT: {
                const jump = code[pc]! >> 8;
                pc +=
                  lt(regs[a], regs[base + ((ins >>> 16) & 255)]) !== (ins >>> 24 !== 0)
                    ? 1
                    : jump + 1;
                if (jump < 0) {
                  entering = true;
                  break ret;
                }
                break;
              }
              case Op.LE: {
                const jump = code[pc]! >> 8;
                pc +=
                  le(regs[a], regs[base + ((ins >>> 16) & 255)]) !== (ins >>> 24 !== 0)
                    ? 1
                    : jump + 1;
                if (jump < 0) {
                  entering = true;
                  break ret;
                }
                break;
              }
              case Op.EQK: {
                const jump = code[pc]! >> 8;
                pc += eq(regs[a], k[(ins >>> 16) & 255]) !== (ins >>> 24 !== 0) ? 1 : jump + 1;
                if (jump < 0) {
                  entering = true;
                  break ret;
                }
                break;
              }
              case Op.EQI: {
                const jump = code[pc]! >> 8;
                pc += eq(regs[a], (ins << 8) >> 24) !== (ins >>> 24 !== 0) ? 1 : jump + 1;
                if (jump < 0) {
                  entering = true;
                  break ret;
                }
                break;
              }
              case Op.LTI: {
                const jump = code[pc]! >> 8;
                pc += lt(regs[a], (ins << 8) >> 24) !== (ins >>> 24 !== 0) ? 1 : jump + 1;
                if (jump < 0) {
                  entering = true;
                  break ret;
                }
                break;
              }
              case Op.LEI: {
                const jump = code[pc]! >> 8;
                pc += le(regs[a], (ins << 8) >> 24) !== (ins >>> 24 !== 0) ? 1 : jump + 1;
                if (jump < 0) {
                  entering = true;
                  break ret;
                }
                break;
              }
              case Op.GTI: {
                const jump = code[pc]! >> 8;
                pc += lt((ins << 8) >> 24, regs[a]) !== (ins >>> 24 !== 0) ? 1 : jump + 1;
                if (jump < 0) {
                  entering = true;
                  break ret;
                }
                break;
              }
              case Op.GEI: {
                const jump = code[pc]! >> 8;
                pc += le((ins << 8) >> 24, regs[a]) !== (ins >>> 24 !== 0) ? 1 : jump + 1;
                if (jump < 0) {
                  entering = true;
                  break ret;
                }
                break;
              }
              case Op.LTK: {
                const jump = code[pc]! >> 8;
                pc += lt(regs[a], k[(ins >>> 16) & 255]) !== (ins >>> 24 !== 0) ? 1 : jump + 1;
                if (jump < 0) {
                  entering = true;
                  break ret;
                }
                break;
              }
              case Op.LEK: {
                const jump = code[pc]! >> 8;
                pc += le(regs[a], k[(ins >>> 16) & 255]) !== (ins >>> 24 !== 0) ? 1 : jump + 1;
                if (jump < 0) {
                  entering = true;
                  break ret;
                }
                break;
              }
              case Op.GTK: {
                const jump = code[pc]! >> 8;
                pc += lt(k[(ins >>> 16) & 255], regs[a]) !== (ins >>> 24 !== 0) ? 1 : jump + 1;
                if (jump < 0) {
                  entering = true;
                  break ret;
                }
                break;
              }
              case Op.GEK: {
                const jump = code[pc]! >> 8;
                pc += le(k[(ins >>> 16) & 255], regs[a]) !== (ins >>> 24 !== 0) ? 1 : jump + 1;
                if (jump < 0) {
                  entering = true;
                  break ret;
                }
                break;
              }
              case Op.TEST: {
                const x = regs[a];
                if (typeof x !== "boolean") notBool("a condition", x);
                const jump = code[pc]! >> 8;
                pc += x !== (((ins >>> 16) & 255) !== 0) ? 1 : jump + 1;
                if (jump < 0) {
                  entering = true;
                  break ret;
                }
                break;
              }
              case Op.JMP:
                pc += ins >> 8;
                if (ins < 0) {
                  entering = true;
                  break ret;
                }
                break;
              case Op.FORPREP:
              case Op.FORPREPI: {
                const s = regs[a];
                const l = regs[a + 1];
                const incl = (ins & 255) === 49;
                if (
                  typeof s === "number" &&
                  typeof l === "number" &&
                  (s | 0) === s &&
                  (l | 0) === l
                ) {
                  const c = incl ? l - s : l - s - 1;
                  if (c < 0) pc += ins >> 16;
                  else regs[a + 1] = c;
                } else {
                  const c = this.forCount(s, l, incl);
                  if (c === -1) pc += ins >> 16;
                  else regs[a + 1] = c;
                }
                break;
              }
              case Op.FORLOOP: {
                // Only hand-written bytecode can hold a non-int here (a float, inf): TypeError.
                const c = regs[a + 1];
                if (typeof c === "number" && Number.isInteger(c)) {
                  if (c > 0) {
                    regs[a + 1] = c - 1;
                    const v = regs[a];
                    regs[a] =
                      Number.isInteger(v) && (v as number) < SAFE ? (v as number) + 1 : forNext(v);
                    pc += ins >> 16;
                    entering = true;
                    break ret;
                  }
                } else if (typeof c === "bigint") {
                  if (c > 0n) {
                    const n = c - 1n;
                    regs[a + 1] = n <= BigInt(SAFE) ? Number(n) : n;
                    regs[a] = forNext(regs[a]);
                    pc += ins >> 16;
                  }
                } else trap("TypeError", "FORLOOP without a FORPREP: the loop count is not an int");
                break;
              }
              case Op.GETITER: {
                const v = regs[base + ((ins >>> 16) & 255)];
                regs[a] = Array.isArray(v)
                  ? new ArrayIter(v)
                  : makeIter(v, (o, n) => this.userMethod(o, n));
                break;
              }
              case Op.ITERNEXT: {
                const it = regs[a];
                if (it instanceof ArrayIter) {
                  if (it.i < it.items.length) regs[a + 1] = it.items[it.i++];
                  else pc += ins >> 16;
                } else if (it instanceof ProtoIter) {
                  // A native that calls functions runs as a task (see Task).
                  this.fPc[depth] = pc;
                  this.depth = depth;
                  inNative = true;
                  this.budget = budget;
                  const t: Task = {
                    gen: userNext(it, this.program.option),
                    depth: depth + 1,
                    dest: a + 1,
                    end: undefined,
                  };
                  this.tasks.push(t);
                  if (this.runTasks(t, undefined, entry)) return this.entryResult;
                  budget = this.budget;
                  inNative = false;
                  depth = this.depth;
                  stop = this.stopFor(entry);
                  cl = this.fCl[depth]!;
                  proto = cl.proto;
                  code = proto.code;
                  k = proto.k;
                  upvals = cl.upvals;
                  base = this.fBase[depth]!;
                  pc = this.fPc[depth]!;
                } else {
                  this.fPc[depth] = pc;
                  this.top = base + proto.registers;
                  this.depth = depth;
                  inNative = true;
                  this.budget = budget;
                  const v = this.iterNext(it);
                  budget = this.budget;
                  inNative = false;
                  if (v === HALT) pc += ins >> 16;
                  else regs[a + 1] = v as Value;
                }
                break;
              }
              case Op.CALL: {
                const f = regs[a];
                const n = (ins >>> 16) & 255;
                if (f instanceof Closure) {
                  const p = f.proto;
                  if (p.params !== n) arity(p, n);
                  this.fPc[depth] = pc;
                  const nb = a + 1;
                  const end = nb + p.registers;
                  if (end > regs.length) this.growRegs(end);
                  for (let i = nb + n; i < end; i++) regs[i] = undefined;
                  if (p.usesFloats) this.fregs.fill(0, nb, end);
                  const d = depth + 1;
                  // Stryker disable next-line ConditionalExpression: checkFrames tests the same itself (the guard only skips the call)
                  if (d >= this.fBase.length || d >= this.maxDepth) this.checkFrames(d);
                  this.fBase[d] = nb;
                  this.fCl[d] = f;
                  if (d > this.peak) this.peak = d;
                  depth = d;
                  cl = f;
                  proto = p;
                  code = p.code;
                  k = p.k;
                  upvals = f.upvals;
                  base = nb;
                  pc = 0;
                  entering = true;
                  break ret;
                } else if (f instanceof NativeFn) {
                  // arr.push(v) and arr.len() without the generic native call.
                  // Stryker disable next-line ConditionalExpression,BlockStatement: the general native call below gives the same result, charges and errors (the fast path only skips it)
                  if (f === ARRAY_PUSH && n === 2) {
                    const arr = regs[a + 1];
                    // Stryker disable next-line ConditionalExpression,BlockStatement: the general native call below gives the same result, charges and errors (the fast path only skips it); it also hides `true`, which jit-edges' "push, len and has called through callN" kills
                    if (Array.isArray(arr) && arr.length < this.maxArray) {
                      if ((this.memLeft -= SLOT_BYTES) < 0) this.memRefill();
                      arr.push(regs[a + 2]);
                      regs[a] = undefined;
                      break;
                    }
                  } else if (f === ARRAY_LEN && n === 1) {
                    const arr = regs[a + 1];
                    // Stryker disable next-line ConditionalExpression,BlockStatement: the general native call below gives the same result, charges and errors (the fast path only skips it); it also hides `true`, which jit-edges' "push, len and has called through callN" kills
                    if (Array.isArray(arr)) {
                      regs[a] = arr.length;
                      break;
                    }
                  } else if (f === MAP_HAS || f === MAP_GET_OR || f === MAP_SET) {
                    // m.has(k), m.get_or(k, d), m.set(k, v) with a plain key: the map's own
                    // lookup, as GETINDEX/SETINDEX do (const natives: the CALL is their cost).
                    const m = regs[a + 1];
                    const key = regs[a + 2];
                    // Stryker disable next-line ConditionalExpression,BlockStatement: the general native call below gives the same result, charges and errors (the fast path only skips it); it also hides `true`, which jit-edges' "push, len and has called through callN" kills
                    if (m instanceof VMap && isPlainKey(key) && f.arity === n) {
                      const vals = m.vals;
                      if (f === MAP_HAS) regs[a] = vals.has(key);
                      else if (f === MAP_GET_OR) {
                        const v = vals.get(key);
                        regs[a] = v !== undefined || vals.has(key) ? v : regs[a + 3];
                      } else {
                        const size = vals.size;
                        vals.set(key, regs[a + 3]);
                        if (vals.size !== size) newPlainEntry(this, m, key);
                        regs[a] = undefined;
                      }
                      break;
                    }
                  }
                  if (f.task !== undefined) {
                    if (jitAfter >= 0) {
                      // The task as below, its compiled callbacks called directly (taskJ).
                      this.budget = budget;
                      const r = taskJ(this, regs, this.fregs, globals, a, n, depth, 0, pc);
                      budget = this.budget;
                      if (r === RETURNED) break;
                      pc = r;
                      entering = true;
                      break ret;
                    }
                    // A native that calls functions runs as a task (see Task).
                    this.fPc[depth] = pc;
                    this.depth = depth;
                    inNative = true;
                    this.budget = budget;
                    const t: Task = {
                      gen: this.startTask(f, a + 1, n),
                      depth: depth + 1,
                      dest: a,
                      end: f.taskEnd,
                    };
                    this.tasks.push(t);
                    if (this.runTasks(t, undefined, entry)) return this.entryResult;
                    budget = this.budget;
                    inNative = false;
                    depth = this.depth;
                    stop = this.stopFor(entry);
                    cl = this.fCl[depth]!;
                    proto = cl.proto;
                    code = proto.code;
                    k = proto.k;
                    upvals = cl.upvals;
                    base = this.fBase[depth]!;
                    pc = this.fPc[depth]!;
                    break;
                  }
                  this.fPc[depth] = pc;
                  this.top = base + proto.registers;
                  this.depth = depth;
                  inNative = true;
                  this.budget = budget;
                  regs[a] = this.callNative(f, a + 1, n);
                  budget = this.budget;
                  inNative = false;
                  entering = true;
                  break ret;
                } else {
                  trap("TypeError", `cannot call ${kindName(f)}`);
                }
                break;
              }
              case Op.TAILCALL: {
                const f = regs[a];
                const n = (ins >>> 16) & 255;
                if (f instanceof Closure) {
                  const p = f.proto;
                  if (p.params !== n) arity(p, n);
                  // Stryker disable next-line ConditionalExpression: closeUpvals tests the same itself (the guard only skips the call)
                  if (this.openUp !== null && this.openUp.index >= base) this.closeUpvals(base);
                  // Stryker disable next-line ConditionalExpression,EqualityOperator: hDepth[-1] is undefined, never >= depth
                  while (this.hCount > 0 && this.hDepth[this.hCount - 1]! >= depth) this.hCount--;
                  for (let i = 0; i <= n; i++) regs[base - 1 + i] = regs[a + i];
                  const end = base + p.registers;
                  if (end > regs.length) this.growRegs(end);
                  for (let i = base + n; i < end; i++) regs[i] = undefined;
                  if (p.usesFloats) this.fregs.fill(0, base, end);
                  this.fCl[depth] = f;
                  cl = f;
                  proto = p;
                  code = p.code;
                  k = p.k;
                  upvals = f.upvals;
                  pc = 0;
                  entering = true;
                  break ret;
                }
                if (!(f instanceof NativeFn)) trap("TypeError", `cannot call ${kindName(f)}`);
                if (f.task !== undefined) {
                  // A native that calls functions runs as a task (see Task).
                  this.fPc[depth] = pc;
                  this.depth = depth;
                  inNative = true;
                  this.budget = budget;
                  const t: Task = {
                    gen: this.startTask(f, a + 1, n),
                    depth: depth + 1,
                    dest: -1,
                    end: f.taskEnd,
                  };
                  this.tasks.push(t);
                  if (this.runTasks(t, undefined, entry)) return this.entryResult;
                  budget = this.budget;
                  inNative = false;
                  depth = this.depth;
                  stop = this.stopFor(entry);
                  cl = this.fCl[depth]!;
                  proto = cl.proto;
                  code = proto.code;
                  k = proto.k;
                  upvals = cl.upvals;
                  base = this.fBase[depth]!;
                  pc = this.fPc[depth]!;
                  break;
                }
                this.fPc[depth] = pc;
                this.top = base + proto.registers;
                this.depth = depth;
                inNative = true;
                this.budget = budget;
                result = this.callNative(f, a + 1, n);
                budget = this.budget;
                inNative = false;
                break ret; // and return its result, as RETURN does
              }
              case Op.SELF: {
                const o = regs[base + ((ins >>> 16) & 255)];
                regs[a + 1] = o;
                // Inline cache: a struct or enum type → global slot of its method, or
                // (negative slot) a built-in receiver kind → the built-in method in icType.
                // A map's kind (-8) is tested directly: builtinKind reaches maps late.
                const ic = proto.icSlot[pc - 1]!;
                // Stryker disable next-line ConditionalExpression,BlockStatement: a cache that misses more only takes the slow path, to the same method
                if (ic >= 0) {
                  if (
                    // Stryker disable next-line ConditionalExpression,LogicalOperator: a cache that misses more only takes the slow path, to the same method
                    (o instanceof VStruct || o instanceof VEnum) &&
                    proto.icType[pc - 1] === o.type
                  ) {
                    regs[a] = globals[ic];
                    break;
                  }
                } else if (ic === -8 ? o instanceof VMap : ic === builtinKind(o)) {
                  regs[a] = proto.icType[pc - 1] as NativeFn;
                  break;
                }
                const name = k[ins >>> 24] as string;
                const slot =
                  // Stryker disable next-line ConditionalExpression,LogicalOperator: a cache that misses more only takes the slow path, to the same method
                  o instanceof VStruct || o instanceof VEnum ? o.type.methods.get(name) : undefined;
                // Stryker disable next-line ConditionalExpression,BlockStatement: a cache that misses more only takes the slow path, to the same method
                if (slot !== undefined) {
                  proto.icType[pc - 1] = (o as VStruct | VEnum).type;
                  proto.icSlot[pc - 1] = slot;
                }
                const m = this.method(o, name);
                const kind = builtinKind(o);
                // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,BlockStatement: a cache that misses more only takes the slow path, to the same method (a struct or enum type is cached above)
                if (kind < 0 && slot === undefined) {
                  proto.icType[pc - 1] = m;
                  proto.icSlot[pc - 1] = kind;
                }
                regs[a] = m;
                break;
              }
              case Op.RETURN:
              case Op.RETURNUNIT: {
                result = (ins & 255) === 56 ? regs[a] : undefined;
                break ret;
              }
              case Op.HALT:
                this.budget = budget;
                throw HALT;
              case Op.GETINDEX: {
                const o = regs[base + ((ins >>> 16) & 255)];
                const i = regs[base + (ins >>> 24)];
                if (Array.isArray(o) && typeof i === "number" && i >>> 0 === i && i < o.length)
                  regs[a] = o[i];
                else if (o instanceof VMap && isPlainKey(i)) {
                  const v = o.vals.get(i);
                  // Stryker disable next-line ConditionalExpression: mapIndex looks the key up again, to the same value
                  regs[a] = v !== undefined ? v : mapIndex(o, i);
                } else regs[a] = this.index(o, i);
                break;
              }
              case Op.SETINDEX: {
                const o = regs[a];
                const i = regs[base + ((ins >>> 16) & 255)];
                if (Array.isArray(o) && typeof i === "number" && i >>> 0 === i && i < o.length) {
                  o[i] = regs[base + (ins >>> 24)];
                } else if (o instanceof VMap && isPlainKey(i)) {
                  const vals = o.vals;
                  const n = vals.size;
                  vals.set(i, regs[base + (ins >>> 24)]);
                  if (vals.size !== n) newPlainEntry(this, o, i);
                } else this.setIndex(o, i, regs[base + (ins >>> 24)]);
                break;
              }
              case Op.NEWSTRUCT: {
                const t = this.program.types[ins >>> 16] as RtStruct;
                if ((this.memLeft -= slotsBytes(t.fieldNames.length)) < 0) this.memRefill();
                regs[a] = new VStruct(t, regs.slice(a + 1, a + 1 + t.fieldNames.length));
                break;
              }
              case Op.GETFIELD: {
                const o = regs[base + ((ins >>> 16) & 255)];
                if (o instanceof VStruct) {
                  // Stryker disable next-line ConditionalExpression: a cache that misses more only takes the slow path, to the same slot
                  if (proto.icType[pc - 1] === o.type) regs[a] = o.fields[proto.icSlot[pc - 1]!];
                  else {
                    const slot = this.fieldSlot(o, k[ins >>> 24] as string);
                    proto.icType[pc - 1] = o.type;
                    proto.icSlot[pc - 1] = slot;
                    regs[a] = o.fields[slot];
                  }
                } else regs[a] = this.getFieldSlow(o, k[ins >>> 24] as string);
                break;
              }
              case Op.SETFIELD: {
                const o = regs[a];
                const v = regs[base + (ins >>> 24)];
                if (!(o instanceof VStruct)) {
                  trap(
                    "TypeError",
                    `cannot set field '${k[(ins >>> 16) & 255] as string}' of ${kindName(o)}`,
                  );
                }
                // Stryker disable next-line ConditionalExpression: a cache that misses more only takes the slow path, to the same slot
                if (proto.icType[pc - 1] === o.type) o.fields[proto.icSlot[pc - 1]!] = v;
                else {
                  const slot = this.fieldSlot(o, k[(ins >>> 16) & 255] as string);
                  proto.icType[pc - 1] = o.type;
                  proto.icSlot[pc - 1] = slot;
                  o.fields[slot] = v;
                }
                break;
              }
              case Op.TRY:
                this.pushHandler(depth, pc + (ins >> 16), (ins >>> 8) & 255);
                break;
              case Op.ENDTRY:
                if (this.hCount > 0 && this.hDepth[this.hCount - 1] === depth) this.hCount--;
                break;
              // ---- enums: `match` runs these on every arm ----
              case Op.TESTVARIANT: {
                const x = regs[a];
                const v = ins >>> 16;
                const jump = code[pc]! >> 8;
                pc +=
                  x instanceof VEnum && x.tag === variantTag[v] && x.type === variantType[v]
                    ? 1
                    : jump + 1;
                if (jump < 0) {
                  entering = true;
                  break ret;
                }
                break;
              }
              case Op.SWITCHVARIANT: {
                // The table's JMP t follows at pc + t: taken here, one step with the switch.
                const x = regs[a];
                const t = variantType[ins >>> 16]!;
                const i = x instanceof VEnum && x.type === t ? x.tag : t.arities.length;
                pc += i + 1 + (code[pc + i]! >> 8);
                break;
              }
              case Op.GETTUPLE: {
                // `pair.1`: a sort comparator's or a map entry's element.
                const o = regs[base + ((ins >>> 16) & 255)];
                const i = ins >>> 24;
                if (o instanceof VTuple && i < o.items.length) regs[a] = o.items[i];
                else tupleError(o, i);
                break;
              }
              case Op.GETPAYLOAD: {
                const o = regs[base + ((ins >>> 16) & 255)];
                const i = ins >>> 24;
                if (o instanceof VEnum && i < o.payload.length) regs[a] = o.payload[i];
                else payloadError(o, i);
                break;
              }
              case Op.NEWENUM: {
                const v = ins >>> 16;
                const t = variantType[v]!;
                const tag = variantTag[v]!;
                const n = t.arities[tag]!;
                if (n === 0) regs[a] = t.units[tag];
                else {
                  if ((this.memLeft -= slotsBytes(n)) < 0) this.memRefill();
                  regs[a] = new VEnum(t, tag, regs.slice(a + 1, a + 1 + n));
                }
                break;
              }
              // ---- the float bank (F[i] = fregs[base + i]) ----
              case Op.FMOVE: {
                const fr = this.fregs;
                fr[a] = fr[base + ((ins >>> 16) & 255)]!;
                break;
              }
              case Op.FLOADK:
                this.fregs[a] = proto.kf[ins >>> 16]!;
                break;
              case Op.FUNBOX: {
                const x = regs[base + ((ins >>> 16) & 255)];
                this.fregs[a] = typeof x === "number" ? x : toFloat(x);
                break;
              }
              case Op.FBOX: {
                regs[a] = mkFloat(this.fregs[base + ((ins >>> 16) & 255)]!);
                break;
              }
              case Op.FADD: {
                const fr = this.fregs;
                fr[a] = fr[base + ((ins >>> 16) & 255)]! + fr[base + (ins >>> 24)]!;
                break;
              }
              case Op.FADDK: {
                const fr = this.fregs;
                fr[a] = fr[base + ((ins >>> 16) & 255)]! + proto.kf[ins >>> 24]!;
                break;
              }
              case Op.FSUB: {
                const fr = this.fregs;
                fr[a] = fr[base + ((ins >>> 16) & 255)]! - fr[base + (ins >>> 24)]!;
                break;
              }
              case Op.FSUBK: {
                const fr = this.fregs;
                fr[a] = fr[base + ((ins >>> 16) & 255)]! - proto.kf[ins >>> 24]!;
                break;
              }
              case Op.FMUL: {
                const fr = this.fregs;
                fr[a] = fr[base + ((ins >>> 16) & 255)]! * fr[base + (ins >>> 24)]!;
                break;
              }
              case Op.FMULK: {
                const fr = this.fregs;
                fr[a] = fr[base + ((ins >>> 16) & 255)]! * proto.kf[ins >>> 24]!;
                break;
              }
              case Op.FDIV:
              case Op.FDIVK: {
                const fr = this.fregs;
                const y = (ins & 255) === 90 ? fr[base + (ins >>> 24)]! : proto.kf[ins >>> 24]!;
                if (y === 0) trap("DivisionByZero", "division by zero");
                fr[a] = fr[base + ((ins >>> 16) & 255)]! / y;
                break;
              }
              case Op.FNEG: {
                const fr = this.fregs;
                fr[a] = -fr[base + ((ins >>> 16) & 255)]!;
                break;
              }
              case Op.FLT: {
                const jump = code[pc]! >> 8;
                pc +=
                  this.fregs[a]! < this.fregs[base + ((ins >>> 16) & 255)]! !== (ins >>> 24 !== 0)
                    ? 1
                    : jump + 1;
                if (jump < 0) {
                  entering = true;
                  break ret;
                }
                break;
              }
              case Op.FLE: {
                const jump = code[pc]! >> 8;
                pc +=
                  this.fregs[a]! <= this.fregs[base + ((ins >>> 16) & 255)]! !== (ins >>> 24 !== 0)
                    ? 1
                    : jump + 1;
                if (jump < 0) {
                  entering = true;
                  break ret;
                }
                break;
              }
              case Op.FLTK: {
                const jump = code[pc]! >> 8;
                pc +=
                  this.fregs[a]! < proto.kf[(ins >>> 16) & 255]! !== (ins >>> 24 !== 0)
                    ? 1
                    : jump + 1;
                if (jump < 0) {
                  entering = true;
                  break ret;
                }
                break;
              }
              case Op.FLEK: {
                const jump = code[pc]! >> 8;
                pc +=
                  this.fregs[a]! <= proto.kf[(ins >>> 16) & 255]! !== (ins >>> 24 !== 0)
                    ? 1
                    : jump + 1;
                if (jump < 0) {
                  entering = true;
                  break ret;
                }
                break;
              }
              case Op.FGTK: {
                const jump = code[pc]! >> 8;
                pc +=
                  this.fregs[a]! > proto.kf[(ins >>> 16) & 255]! !== (ins >>> 24 !== 0)
                    ? 1
                    : jump + 1;
                if (jump < 0) {
                  entering = true;
                  break ret;
                }
                break;
              }
              case Op.FGEK: {
                const jump = code[pc]! >> 8;
                pc +=
                  this.fregs[a]! >= proto.kf[(ins >>> 16) & 255]! !== (ins >>> 24 !== 0)
                    ? 1
                    : jump + 1;
                if (jump < 0) {
                  entering = true;
                  break ret;
                }
                break;
              }
              // ---- struct fields straight to and from the float bank (format 1.2) ----
              case Op.GETFIELDF: {
                const o = regs[base + ((ins >>> 16) & 255)];
                let v: Value;
                if (o instanceof VStruct) {
                  if (proto.icType[pc - 1] === o.type) v = o.fields[proto.icSlot[pc - 1]!];
                  else {
                    const slot = this.fieldSlot(o, k[ins >>> 24] as string);
                    proto.icType[pc - 1] = o.type;
                    proto.icSlot[pc - 1] = slot;
                    v = o.fields[slot];
                  }
                } else v = this.getFieldSlow(o, k[ins >>> 24] as string);
                this.fregs[a] = typeof v === "number" ? v : toFloat(v);
                break;
              }
              case Op.SETFIELDF: {
                const o = regs[a];
                const v = mkFloat(this.fregs[base + (ins >>> 24)]!);
                if (!(o instanceof VStruct)) {
                  trap(
                    "TypeError",
                    `cannot set field '${k[(ins >>> 16) & 255] as string}' of ${kindName(o)}`,
                  );
                }
                if (proto.icType[pc - 1] === o.type) o.fields[proto.icSlot[pc - 1]!] = v;
                else {
                  const slot = this.fieldSlot(o, k[(ins >>> 16) & 255] as string);
                  proto.icType[pc - 1] = o.type;
                  proto.icSlot[pc - 1] = slot;
                  o.fields[slot] = v;
                }
                break;
              }
              case Op.FSQRT: {
                const fr = this.fregs;
                fr[a] = Math.sqrt(fr[base + ((ins >>> 16) & 255)]!);
                break;
              }
              default:
                pc += this.coldOp(ins, a, base, k);
            }
            continue;
          }
          // A `break ret` either enters compiled code at pc (`entering`) or returns from the
          // frame: pop it, hand `result` to its caller and go on there, compiled if it is.
          if (entering) entering = false;
          else {
            // Stryker disable next-line ConditionalExpression: closeUpvals tests the same itself (the guard only skips the call)
            if (this.openUp !== null && this.openUp.index >= base) this.closeUpvals(base);
            // Stryker disable next-line ConditionalExpression,EqualityOperator: hDepth[-1] is undefined, never >= depth
            while (this.hCount > 0 && this.hDepth[this.hCount - 1]! >= depth) this.hCount--;
            regs[base - 1] = result;
            if (depth === stop) {
              if (depth === entry) {
                this.depth = depth - 1;
                this.budget = budget;
                return result;
              }
              // The innermost task's callback returned: resume the task in its caller's frame.
              this.depth = depth - 1;
              inNative = true;
              this.budget = budget;
              // The callback frame's registers start right above its caller's (stepTask).
              this.top = base - 1;
              const t = this.tasks[this.tasks.length - 1]!;
              const r = t.gen.next(result);
              // Stryker disable next-line ConditionalExpression: never reusing the frame is equivalent (stepTask pushes a fresh one for the same call)
              if (r.done !== true && r.value[0] === cl) {
                // The same closure again (map, filter, sort …): its frame is reused in place,
                // as TAILCALL does, at the same depth and base; the frame above it is gone.
                const n = r.value.length - 1;
                // Stryker disable next-line ConditionalExpression: no native calls one callback with two argument counts (stepTask checked the first call)
                if (proto.params !== n) arity(proto, n);
                refillFrame(regs, this.fregs, base, cl, r.value);
                this.depth = depth;
                budget = this.budget;
                inNative = false;
                pc = 0;
                const j = proto.jit;
                // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: which tier runs a compiled callback is not observable; that an interpreted one is counted towards compiling it is (tests/runtime/vm.test.ts, "run options")
                if (j === undefined && jitAfter >= 0) {
                  // Entered below, which counts it towards its compilation.
                  this.fPc[depth] = 0;
                } else if (typeof j === "function" && t.dest >= 0) {
                  // Compiled: the rest of the task runs in runtime/jit.ts, calling it there.
                  this.budget = budget;
                  const r = tasksJ(this, t, regs, this.fregs, globals, depth - 1, 0);
                  budget = this.budget;
                  depth = this.depth;
                  stop = this.stopFor(entry);
                  if (r === THROWN) {
                    pc = this.fPc[depth]!;
                    throw this.thrown;
                  }
                } else continue;
              } else {
                if (this.continueTasks(t, r, entry)) return this.entryResult;
                budget = this.budget;
                inNative = false;
                depth = this.depth;
                stop = this.stopFor(entry);
              }
            } else --depth;
            cl = this.fCl[depth]!;
            proto = cl.proto;
            code = proto.code;
            k = proto.k;
            upvals = cl.upvals;
            base = this.fBase[depth]!;
            pc = this.fPc[depth]!;
          }
          if (jitAfter >= 0) {
            // pc < 0: a task's callback left its frame to the interpreter (RELOAD, THROWN).
            // Stryker disable next-line ConditionalExpression: runCompiled returns a pc it has no block for at once (see runCompiled)
            if (pc >= 0) {
              this.budget = budget;
              pc = this.runCompiled(proto, base, pc, upvals, depth, stop);
              budget = this.budget;
            }
            // Compiled code left another frame to the interpreter: go on there, compiled if it is.
            while (pc < 0) {
              const thrown = pc === THROWN;
              // Compiled code may have started a task whose callback the interpreter goes on in.
              stop = this.stopFor(entry);
              depth = this.depth;
              cl = this.fCl[depth]!;
              proto = cl.proto;
              code = proto.code;
              k = proto.k;
              upvals = cl.upvals;
              base = this.fBase[depth]!;
              pc = this.fPc[depth]!;
              if (thrown) throw this.thrown;
              this.budget = budget;
              pc = this.runCompiled(proto, base, pc, upvals, depth, stop);
              budget = this.budget;
            }
          }
        }
      } catch (e) {
        if (e === HALT) throw e;
        if (inNative) {
          budget = this.budget;
          inNative = false;
        }
        const t = toTrap(e);
        if (t.trace === undefined) t.trace = this.captureTrace(depth, pc - 1);
        const h = this.hCount - 1;
        if (t.fatal || h < 0 || this.hDepth[h]! < entry) {
          // Not caught inside this activation: unwind it and let the caller see the error.
          if (this.openUp !== null) this.closeUpvals(this.fBase[entry]!);
          this.dropTasks(entry);
          this.depth = entry - 1;
          this.budget = budget;
          throw t;
        }
        const hd = this.hDepth[h]!;
        this.hCount = h;
        this.dropTasks(hd);
        // Stryker disable next-line ConditionalExpression: closeUpvals tests for open upvalues itself (the guard only skips the call)
        if (hd < depth && this.openUp !== null) this.closeUpvals(this.fBase[hd + 1]!);
        depth = hd;
        this.depth = hd;
        cl = this.fCl[depth]!;
        proto = cl.proto;
        code = proto.code;
        k = proto.k;
        upvals = cl.upvals;
        base = this.fBase[depth]!;
        pc = this.hPc[h]!;
        regs[base + this.hReg[h]!] = t.error;
      }
    }
  }
}

/**
 * x op y (0 +, 1 −, 2 ×, 3 ÷) when one operand is a boxed integer-valued float (VFloat) and
 * the other a float or int that fits a double; NaN means "take the general path" (other
 * kinds, bigints, division by zero, or a genuine NaN result, which the general path makes).
 */
// VFloat is immutable, so LOADF reuses one box per constant (sBx: −32768…32767). Allocated on
// first use: creating the 65,536-slot array costs ~2 ms, a tenth of `veld`'s start-up budget.
let loadfCache: (VFloat | undefined)[] | undefined;

const ARRAY_PUSH = builtinMethod([], "push")!;
const ARRAY_LEN = builtinMethod([], "len")!;
const ARRAY_POP = builtinMethod([], "pop")!;
const OPTION_UNWRAP = optionMethod("unwrap")!;
const MAP_HAS = builtinMethod(new VMap(), "has")!;
const MAP_GET_OR = builtinMethod(new VMap(), "get_or")!;
const MAP_SET = builtinMethod(new VMap(), "set")!;

/**
 * `x < y` for SLT and the compare-and-branch instructions (V8 inlines it, and le and eq, into
 * `execute`): two JS numbers compare directly, everything else by the spec's rules in ops.ts.
 */
function lt(x: Value, y: Value): boolean {
  // Stryker disable next-line StringLiteral: `typeof v === ""` turns the number fast path off: less() and equal() give two numbers the same answer
  return typeof x === "number" && typeof y === "number" ? x < y : less(x, y, false);
}

function le(x: Value, y: Value): boolean {
  // Stryker disable next-line StringLiteral: `typeof v === ""` turns the number fast path off: less() and equal() give two numbers the same answer
  return typeof x === "number" && typeof y === "number" ? x <= y : less(x, y, true);
}

function eq(x: Value, y: Value): boolean {
  // Stryker disable next-line StringLiteral: `typeof v === ""` turns the number fast path off: less() and equal() give two numbers the same answer
  return x === y || (!(typeof x === "number" && typeof y === "number") && equal(x, y));
}

/**
 * Receiver kinds whose built-in methods SELF caches (negative: they share icSlot): each
 * kind's methods come from one table of runtime/natives/methods.ts. There is one Option and
 * one Result type per program, so a built-in method of theirs caches like a kind's (SELF
 * caches it only when the type has no user method of that name, which never changes).
 */
// A kind made 0 or positive, or lost (0), is not cached: SELF then takes the slow path to the
// same method. The comments below disable only such mutants (a kind given to another kind is not
// equivalent, and the tests kill it).
// Stryker disable next-line BlockStatement: every kind lost (undefined: never cached)
function builtinKind(o: Value): number {
  // Stryker disable next-line UnaryOperator: a positive kind is never cached
  if (Array.isArray(o)) return -1;
  // Stryker disable next-line StringLiteral,UnaryOperator: a str's kind lost or made positive
  if (typeof o === "string") return -2;
  // Stryker disable next-line StringLiteral,UnaryOperator: a number's kind lost or made positive
  if (typeof o === "number") return Number.isInteger(o) ? -3 : -4;
  // Stryker disable next-line UnaryOperator: a positive kind is never cached
  if (o instanceof VChar) return -5;
  // Stryker disable next-line BlockStatement: an Option's or Result's kind lost (0)
  if (o instanceof VEnum) {
    const p = o.type.prelude;
    // Stryker disable next-line StringLiteral,UnaryOperator: Option's or Result's kind lost or made positive
    return p === "Option" ? -6 : p === "Result" ? -7 : 0;
  }
  // Stryker disable next-line UnaryOperator: a positive kind is never cached
  if (o instanceof VFloat) return -4;
  // Stryker disable next-line UnaryOperator: a positive kind is never cached
  if (o instanceof VMap) return -8;
  // Stryker disable next-line UnaryOperator: a positive kind is never cached
  if (o instanceof VSet) return -9;
  // Stryker disable next-line UnaryOperator: a positive kind is never cached
  if (o instanceof VRng) return -10;
  return 0;
}

/**
 * R[A] = x op y (0 +, 1 −, 2 ×, 3 ÷, 4 %) for compiled code (runtime/jit.ts), which does
 * inline what is not an error and fits in a double exactly: two ints whose result is within
 * ±(2^53 - 1), a float with a number (but a float's remainder), a non-zero divisor. What is
 * left — a result beyond 2^53, a bigint, a zero divisor, a non-number, a concatenation — is
 * the general operation's; may throw as ADD … MOD do (after the same effects).
 */
function arith(vm: Vm, op: number, x: Value, y: Value): Value {
  if (op === 4) return mod(x, y);
  if (op === 3) return div(x, y);
  if (op === 2) return mul(x, y);
  if (op === 1) return sub(x, y);
  const v = add(x, y);
  if (typeof v === "string") vm.allocConcat(v, x, y);
  return v;
}

/** The interpreter's helpers compiled code calls too. */
const JIT_ENV = {
  arith,
  loadF,
  builtinKind,
  ARRAY_PUSH,
  ARRAY_LEN,
  ARRAY_POP,
  OPTION_UNWRAP,
  MAP_HAS,
  MAP_GET_OR,
  MAP_SET,
};

function loadF(n: number): VFloat {
  // Stryker disable next-line ArrayDeclaration: an array not sized ahead fills to the same entries
  loadfCache ??= new Array<VFloat | undefined>(65536);
  // Stryker disable next-line ArithmeticOperator: `n - 32768` keys each n apart as well (negative keys: slower, the same VFloat)
  return (loadfCache[n + 32768] ??= new VFloat(n));
}

function floatOp(x: Value, y: Value, op: number): number {
  let fx: number;
  let fy: number;
  // The fast path's tests changed give NaN (a non-number's `.value` is undefined) or skip the
  // path: NaN sends the operation to ops.ts, which gives the same result.
  // Stryker disable next-line ConditionalExpression,BlockStatement: see above
  if (x instanceof VFloat) {
    fx = x.value;
    // Stryker disable next-line ConditionalExpression: see above
    if (y instanceof VFloat) fy = y.value;
    else if (typeof y === "number") fy = y;
    else return NaN;
  } else if (y instanceof VFloat && typeof x === "number") {
    fx = x;
    fy = y.value;
  } else return NaN;
  switch (op) {
    case 0:
      return fx + fy;
    case 1:
      return fx - fy;
    case 2:
      return fx * fy;
    default:
      return fy === 0 ? NaN : fx / fy;
  }
}

function packedArray(n: number): Value[] {
  const a: Value[] = [];
  for (let i = 0; i < n; i++) a.push(undefined);
  return a;
}

/** A JS exception escaping a native or helper, as a Veld error or an internal bug. */
function toTrap(e: unknown): Trap {
  if (e instanceof Trap) return e;
  if (e instanceof InternalError) throw e;
  // Host stack exhaustion (formatting a very deep value, or re-entry through callValue,
  // which tasks avoid) is the program's recursion, not a runtime bug. At the stack's edge V8 may
  // report it as a SyntaxError (a regular expression that could not be compiled), and a
  // regex literal here could fail the same way: test the message with a plain search.
  if ((e instanceof RangeError || e instanceof SyntaxError) && e.message.includes("call stack")) {
    return new Trap(new VError("StackOverflow", "host stack exhausted", undefined));
  }
  throw new InternalError(`unexpected host exception: ${String(e)}`, e);
}

function arity(p: RtProto, n: number): never {
  trap("ArityMismatch", arityMessage(p.name || "function", p.params, n));
}

function nativeArity(f: NativeFn, n: number): never {
  trap("ArityMismatch", nativeArityMessage(f, n));
}

function payloadError(o: Value, i: number): never {
  if (!(o instanceof VEnum)) trap("TypeError", `cannot take payload ${i} of ${kindName(o)}`);
  trap("IndexOutOfBounds", `variant has no payload element ${i}`);
}

function tupleError(o: Value, i: number): never {
  if (!(o instanceof VTuple)) trap("TypeError", `cannot take element ${i} of ${kindName(o)}`);
  trap("IndexOutOfBounds", `tuple of ${o.items.length} has no element ${i}`);
}

function notBool(what: string, x: Value): never {
  trap("TypeError", `${what} must be a bool, got ${kindName(x)}`);
}

function forType(s: Value, l: Value): never {
  trap("TypeError", `for-loop bounds must be ints, got ${kindName(s)} and ${kindName(l)}`);
}

/** Builds the public error for a trap that reached the top. */
export function toVeldError(t: Trap): VeldError {
  return new VeldError(t.error.kind, t.error.message, t.error.value, t.trace ?? []);
}

/** The next value of a numeric for-loop variable beyond the fast path (exact over i64). */
function forNext(v: Value): Value {
  if (typeof v === "bigint" || Number.isInteger(v)) {
    return fromBig(BigInt(v as number | bigint) + 1n);
  }
  return trap("TypeError", "FORLOOP without a FORPREP: the loop variable is not an int");
}
