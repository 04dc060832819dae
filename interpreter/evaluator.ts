// The tree-walking evaluator: runs a resolved Veld program directly from its AST
// (spec/language.md §4–§7 for what each construct means, spec/semantics.md for values,
// operators, errors and output). It shares with the VM only the runtime's value classes,
// operators (runtime/ops.ts), conversions, formatting and the native/built-in-method library;
// it uses no bytecode and no compiler code. Names mean what the resolver bound them to
// (Resolution: bindings with their storage, natives, pattern targets); the evaluator looks up
// no name by its string, and every static error was reported before it runs. Evaluation is
// left to right. Veld errors are the runtime's Trap; `break`/`continue`/`return` are the
// signals of signals.ts.

import type * as A from "../language/ast.js";
import { chainBelow, chainLeft, eachNode, sameOperatorOperands } from "../language/ast.js";
import type { Binding, NativeRef, Resolution } from "../language/index.js";
import { ownLinks, stablePipeCallee } from "../language/resolver.js";
import type { SourceModule } from "../language/modules.js";
import {
  castTargetOf,
  PRELUDE_CTORS,
  PRELUDE_ENUMS,
  type PreludeEnumName,
} from "../language/prelude.js";
import { VARIADIC } from "../format/module.js";
import type { RuntimeErrorKind } from "../format/opcodes.js";
import { cast } from "../runtime/cast.js";
import { foldTrace, InternalError, Trap, trap, type TraceFrame } from "../runtime/errors.js";
import { formatValue } from "../runtime/format.js";
import { mapIndex, mapSet, newMap, newSet, setInsert } from "../runtime/collections.js";
import {
  ArrayIter,
  makeIter,
  MapIter,
  ProtoIter,
  RangeIter,
  StrIter,
} from "../runtime/iterators.js";
import { builtinMethod } from "../runtime/natives/methods.js";
import { lookupNative } from "../runtime/natives/registry.js";
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
} from "../runtime/ops.js";
import { concatTooLong, scalarAt } from "../runtime/text.js";
import {
  kindName,
  mkFloat,
  NativeFn,
  nativeArityMessage,
  arityMessage,
  RtEnum,
  RtStruct,
  VChar,
  VEnum,
  VError,
  VIter,
  VMap,
  VRange,
  VStruct,
  VTuple,
  fromBig,
  type NativeContext,
  type Value,
} from "../runtime/values.js";
import { InterpFn } from "./function.js";
import { Scope } from "./scope.js";
import { BREAK, CONTINUE, ReturnSignal, TailCall } from "./signals.js";

export interface InterpHost {
  write(text: string): void;
  now?(): number;
  readLine?(): string | undefined;
}

export interface InterpOptions {
  /** Maximum Veld call depth (main included); deeper is StackOverflow. */
  maxDepth?: number;
  /** Longest array the program may build; longer is LimitExceeded. Default 2^26. */
  maxArrayLength?: number;
}

/** Default call-depth limit: what fits a JS stack of ordinary size with room to spare. */
export const DEFAULT_MAX_DEPTH = 10_000;

/** Module `from` and the modules it imports, transitively. */
function reachable(from: SourceModule): Set<SourceModule> {
  const all = new Set([from]);
  for (const m of all) for (const dep of m.imports.values()) all.add(dep);
  return all;
}

type Call = Extract<A.Expr, { kind: "Call" }>;
type Binary = Extract<A.Expr, { kind: "Binary" }>;

export class Evaluator implements NativeContext {
  private readonly module = new Scope(null);
  /** The program's struct and enum types by declaration. */
  private readonly types = new Map<object, RtStruct | RtEnum>();
  /** The first program type of each name (a program may redeclare Option or Result). */
  private readonly named = new Map<string, RtStruct | RtEnum>();
  private readonly prelude = new Map<string, RtEnum>();
  /** Methods of every type: RtStruct/RtEnum.methods maps a name to an index here. */
  private readonly methodFns: InterpFn[] = [];
  private readonly methodNames = new Map<RtStruct | RtEnum, Map<string, number>>();
  private readonly maxDepth: number;
  private readonly maxArray: number;
  // The Veld call stack, for depth and traces: the running frame's position is `pos`, the
  // callers' positions (their call sites) are saved in framePos.
  private readonly frameNames: string[] = ["<main>"];
  private readonly framePos: (A.Span | null)[] = [];
  /** Each frame's source file (the file of its function). */
  private readonly frameFiles: string[];
  /** The file whose top-level declarations are being hoisted. */
  private hoistFile: string;
  private pos: A.Span | null = null;
  /**
   * Where the running function's value was last made in tail position (its return's position,
   * as the VM's RETURN has it): set as each tail expression and block ends.
   */
  private tailAt: A.Span | null = null;
  /**
   * The Veld function a native called last and where it returned, while the native goes on:
   * an error the native raises then is reported with that frame (spec/semantics.md §10).
   */
  private returned: InterpFn | undefined;
  private returnedAt: A.Span | null = null;
  private readonly pipes = new WeakMap<object, Call>();
  /** The value of each chain link `chain` evaluated, taken once by the link above. */
  private readonly linkValues = new Map<A.Expr, Value>();
  /** The calls the compiler makes TAILCALLs (tailCalls below). */
  private readonly tailCalls = new WeakSet<Call>();

  /** `modules` in initialisation order, the main file last (spec/language.md §11.4). */
  constructor(
    private readonly modules: readonly SourceModule[],
    private readonly res: Resolution,
    private readonly host: InterpHost,
    readonly args: readonly string[],
    options: InterpOptions = {},
  ) {
    this.frameFiles = [this.main.file];
    this.hoistFile = this.main.file;
    this.maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
    this.maxArray = options.maxArrayLength ?? 2 ** 26;
  }

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
    return this.variant(this.preludeEnum("Option"), "Some", [v]);
  }
  none(): VEnum {
    return this.variant(this.preludeEnum("Option"), "None", []);
  }
  ok(v: Value): VEnum {
    return this.variant(this.preludeEnum("Result"), "Ok", [v]);
  }
  err(v: Value): VEnum {
    return this.variant(this.preludeEnum("Result"), "Err", [v]);
  }
  checkLength(n: number): void {
    if (n > this.maxArray) trap("LimitExceeded", `array longer than ${this.maxArray} elements`);
  }
  // The tree-walker has neither a step nor a memory budget (only the VM does).
  charge(): void {}
  alloc(): void {}

  callValue(fn: Value, args: readonly Value[]): Value {
    if (fn instanceof InterpFn) return this.callFunction(fn, args);
    if (fn instanceof NativeFn) {
      if (fn.arity !== VARIADIC && fn.arity !== args.length) {
        trap("ArityMismatch", nativeArityMessage(fn, args.length));
      }
      return this.asNative(() => fn.fn(this, ...args));
    }
    trap("TypeError", `cannot call ${kindName(fn)}`);
  }

  // ---- program ----------------------------------------------------------------------

  /** Runs the program; returns normally (also for a top-level `return`) or throws a Trap. */
  run(): void {
    for (const m of this.modules) {
      this.declareTypes(m.program);
      eachNode(m.program.stmts, (n) => {
        if ((n.kind === "FnDecl" || n.kind === "Lambda") && n.body !== null) {
          tailCalls(n.body, this.tailCalls);
        }
      });
    }
    for (const m of this.modules) {
      this.hoistFile = m.file;
      this.hoist(m.program);
    }
    // Each library module's top level runs once, in order, as a frame `<module NAME>` called
    // from main at the main file's import that (transitively) needs it, as the VM does.
    const mainImports = [...this.main.imports].map(
      ([decl, dep]) => [decl, reachable(dep)] as const,
    );
    for (const m of this.modules.slice(0, -1)) {
      // Every library module is one the main file needs (loadProgram loads no other).
      const via = mainImports.find(([, needs]) => needs.has(m))!;
      this.pos = via[0].span;
      this.framePos.push(this.pos);
      this.frameNames.push(`<module ${m.name}>`);
      this.frameFiles.push(m.file);
      try {
        for (const s of m.program.stmts) this.stmt(s, this.module);
      } catch (e) {
        // A top-level `return` ends that module's initialisation.
        if (!(e instanceof ReturnSignal)) throw this.asTrap(e);
      }
      this.frameNames.pop();
      this.frameFiles.pop();
      this.pos = this.framePos.pop()!;
    }
    try {
      for (const s of this.main.program.stmts) this.stmt(s, this.module);
    } catch (e) {
      if (e instanceof ReturnSignal) return; // a top-level `return` ends the program
      throw this.asTrap(e);
    }
  }

  private get main(): SourceModule {
    return this.modules[this.modules.length - 1]!;
  }

  private declareTypes(program: A.SourceFile): void {
    for (const s of program.stmts) {
      if (s.kind === "StructDecl") {
        const methods = new Map<string, number>();
        const t = new RtStruct(
          s.name,
          s.fields.map((f) => f.name),
          methods,
        );
        this.methodNames.set(t, methods);
        this.addType(s, t);
      } else if (s.kind === "EnumDecl") {
        const methods = new Map<string, number>();
        const t = new RtEnum(
          s.name,
          s.variants.map((v) => v.name),
          // Stryker disable next-line ArrowFunction,LogicalOperator: the arities only decide which variants share one value (RtEnum.units), an allocation saved
          s.variants.map((v) => v.fields?.length ?? 0),
          methods,
          undefined,
        );
        this.methodNames.set(t, methods);
        this.addType(s, t);
      }
    }
  }

  private addType(decl: A.StructDecl | A.EnumDecl, t: RtStruct | RtEnum): void {
    this.types.set(decl, t);
    if (!this.named.has(decl.name)) this.named.set(decl.name, t);
  }

  /** Top-level functions and all methods exist before the first statement runs (§7.1). */
  private hoist(program: A.SourceFile): void {
    for (const s of program.stmts) {
      if (s.kind === "FnDecl" && s.body !== null) {
        const f = this.fn(s.name, s.params, s.body, this.module, this.hoistFile);
        this.module.declare(this.declared(s), f);
      } else if (s.kind === "StructDecl") this.addMethods(this.types.get(s)!, s.methods);
      else if (s.kind === "ImplDecl") {
        const target = this.res.impls.get(s)!; // checked: E0305, E0911, E0335
        this.addMethods(this.typeOf(target)!, s.methods);
      }
    }
  }

  /** A closure of `file`: by default the running frame's. */
  private fn(
    name: string,
    params: readonly A.Param[],
    body: A.Block | A.Expr,
    scope: Scope,
    file = this.frameFiles[this.frameFiles.length - 1]!,
  ): InterpFn {
    return new InterpFn(name, params, body, scope, file);
  }

  private addMethods(t: RtStruct | RtEnum, methods: readonly A.FnDecl[]): void {
    const table = this.methodNames.get(t)!;
    for (const m of methods) {
      if (m.body === null) continue;
      table.set(m.name, this.methodFns.length);
      const f = this.fn(`${t.name}.${m.name}`, m.params, m.body, this.module, this.hoistFile);
      this.methodFns.push(f);
    }
  }

  /** The program's enum of that name, else the prelude Option/Result. */
  private enumNamed(name: string): RtEnum | undefined {
    const t = this.named.get(name);
    if (t !== undefined) return t instanceof RtEnum ? t : undefined;
    return this.preludeEnum(name as PreludeEnumName); // only those two are asked for by name
  }

  /** The prelude Option/Result (private when the program declares its own of that name). */
  private preludeEnum(name: PreludeEnumName): RtEnum {
    let t = this.prelude.get(name);
    if (t === undefined) {
      const methods = new Map<string, number>();
      const variants = PRELUDE_ENUMS[name];
      t = new RtEnum(
        name,
        variants.map((v) => v.name),
        // Stryker disable next-line ArrowFunction: as in declareTypes, an allocation saved
        variants.map((v) => v.arity),
        methods,
        name,
      );
      this.methodNames.set(t, methods);
      this.prelude.set(name, t);
    }
    return t;
  }

  private variant(t: RtEnum, name: string, payload: Value[]): VEnum {
    const tag = t.variantNames.indexOf(name); // the resolver checked it exists (E0306)
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: the shared unit value only saves an allocation (a new one is equal to it)
    return payload.length === 0 && t.units[tag] ? t.units[tag]! : new VEnum(t, tag, payload);
  }

  private declared(node: object): Binding {
    const b = this.res.declarations.get(node);
    if (b === undefined) throw new InternalError("a declaration the resolver did not bind");
    return b;
  }

  private userMethod(o: VStruct | VEnum, name: string): InterpFn | undefined {
    const i = o.type.methods.get(name);
    return i === undefined ? undefined : this.methodFns[i];
  }

  // ---- calls ------------------------------------------------------------------------

  callFunction(fn: InterpFn, args: readonly Value[]): Value {
    checkArity(fn, args);
    if (this.frameNames.length >= this.maxDepth) {
      trap("StackOverflow", `call depth exceeds ${this.maxDepth}`);
    }
    this.framePos.push(this.pos);
    this.frameNames.push(fn.name);
    this.frameFiles.push(fn.file);
    try {
      // A tail call runs in the same frame, as the VM's TAILCALL does.
      for (let call: Value | TailCall = this.body(fn, args); ; call = this.body(fn, args)) {
        if (!(call instanceof TailCall)) return call;
        fn = call.fn;
        args = call.args;
        this.frameNames[this.frameNames.length - 1] = fn.name;
        this.frameFiles[this.frameFiles.length - 1] = fn.file;
      }
    } finally {
      this.frameNames.pop();
      this.frameFiles.pop();
      this.pos = this.framePos.pop()!;
    }
  }

  /** Runs `fn`'s body in the running frame: its value, or the tail call it ends with. */
  private body(fn: InterpFn, args: readonly Value[]): Value | TailCall {
    const scope = new Scope(fn.scope);
    fn.params.forEach((p, i) => scope.declare(this.declared(p), args[i]));
    try {
      const v = this.tail(fn.body, scope);
      this.returning(fn, this.tailAt);
      return v;
    } catch (e) {
      if (e instanceof ReturnSignal) {
        this.returning(fn, e.at);
        return e.value;
      }
      throw this.asTrap(e);
    }
  }

  /** Evaluates a function's body or a match arm's, noting where a tail expression ends. */
  private tail(e: A.Expr | A.Block, scope: Scope): Value {
    if (e.kind === "Block") return this.block(e, scope);
    const v = this.expr(e, scope);
    if (e.kind !== "If" && e.kind !== "Match" && e.kind !== "Do") this.tailAt = e.span;
    return v;
  }

  /** Notes that `fn` returned at `at`, for the native that may have called it. */
  private returning(fn: InterpFn, at: A.Span | null): void {
    this.returned = fn;
    this.returnedAt = at;
  }

  /** Runs `run` as a native: an error after a function it called returned gets that frame. */
  private asNative<T>(run: () => T): T {
    this.returned = undefined;
    try {
      return run();
    } catch (e) {
      throw this.afterCallback(e);
    } finally {
      this.returned = undefined;
    }
  }

  /**
   * An error a native raised after a function it called returned (and before it called
   * another): its trace starts with that function's frame at its return, as the VM's does.
   */
  private afterCallback(e: unknown): unknown {
    const fn = this.returned;
    if (e instanceof Trap && e.trace === undefined && fn !== undefined) {
      const at = this.returnedAt;
      e.trace = this.trace(
        at
          ? { function: fn.name, file: fn.file, line: at.start.line, column: at.start.col, pc: 0 }
          : { function: fn.name, pc: 0 },
      );
    }
    return e;
  }

  /** Gives a Trap its trace; turns host stack exhaustion into StackOverflow. */
  private asTrap(e: unknown): unknown {
    if (e instanceof Trap) {
      if (e.trace === undefined) e.trace = this.trace();
      return e;
    }
    // Host stack exhaustion is the program's recursion, not a bug. (When the stack is nearly
    // gone even this check can throw a RangeError: the next frame up converts that one.)
    if (e instanceof RangeError && e.message.includes("call stack")) {
      const t = new Trap(new VError("StackOverflow", "host stack exhausted", undefined));
      t.trace = this.trace();
      return t;
    }
    return e;
  }

  /** The Veld stack, folded as the VM folds it (foldTrace), below frame `returned` if given. */
  private trace(returned?: TraceFrame): TraceFrame[] {
    const top = this.frameNames.length - 1;
    const extra = returned === undefined ? 0 : 1;
    return foldTrace(top + 1 + extra, (i) => {
      if (i < extra) return returned!;
      i -= extra;
      const d = top - i;
      const pos = i === 0 ? this.pos : (this.framePos[d] ?? null);
      const name = this.frameNames[d]!;
      return pos
        ? {
            function: name,
            file: this.frameFiles[d]!,
            line: pos.start.line,
            column: pos.start.col,
            pc: 0,
          }
        : { function: name, pc: 0 };
    });
  }

  private call(e: Call, scope: Scope): Value {
    const callee = e.callee;
    const fieldless = this.res.structs.get(e); // `P()` of a struct without fields
    if (fieldless !== undefined) return new VStruct(this.types.get(fieldless) as RtStruct, []);
    if (callee.kind === "Field" && !this.res.members.has(callee)) {
      const native = this.res.natives.get(callee);
      if (native !== undefined) return this.invoke(this.native(native), this.args_(e, scope), e);
      const type = this.typeNamed(callee.object);
      if (type instanceof RtEnum && type.variantNames.includes(callee.name)) {
        return this.variant(type, callee.name, this.args_(e, scope));
      }
      if (type !== undefined)
        return this.invoke(this.staticMethod(type, callee.name), this.args_(e, scope), e);
      // `(o.f)(…)`: the field's value is called.
      if (e.fieldValue) return this.invoke(this.expr(callee, scope), this.args_(e, scope), e);
      // A method call: the receiver, then the method lookup, then the arguments.
      const recv = this.expr(callee.object, scope);
      this.at(callee);
      const m = this.method(recv, callee.name);
      const args = [recv];
      for (const a of e.args) args.push(this.expr(a, scope));
      return this.invoke(m, args, e);
    }
    // Stryker disable next-line ConditionalExpression: `res.uses` holds identifiers only
    const ctor = callee.kind === "Ident" ? this.res.uses.get(callee) : undefined;
    if (ctor?.storage === "prelude-ctor") {
      return this.variant(
        this.enumNamed(PRELUDE_CTORS[ctor.name]!)!,
        ctor.name,
        this.args_(e, scope),
      );
    }
    const f = this.expr(callee, scope);
    return this.invoke(f, this.args_(e, scope), e);
  }

  private args_(e: Call, scope: Scope): Value[] {
    return e.args.map((a) => this.expr(a, scope));
  }

  private invoke(f: Value, args: Value[], e: { span: A.Span }): Value {
    this.at(e);
    if (f instanceof InterpFn && this.tailCalls.has(e as Call)) {
      checkArity(f, args); // in the caller's frame, as TAILCALL checks it
      // Not a Value: it goes up the tail positions, which only return it, to `body`.
      return new TailCall(f, args) as unknown as Value;
    }
    return this.callValue(f, args);
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

  private staticMethod(t: RtStruct | RtEnum, name: string): InterpFn {
    return this.methodFns[t.methods.get(name)!]!; // the resolver checked (E0306, E0919)
  }

  /** The native function, or `std.math` constant, the resolver found `e` to denote. */
  private native(ref: NativeRef): Value {
    if (ref.kind === "constant") return mkFloat(ref.value);
    const f = lookupNative(ref.path);
    if (f === undefined) throw new InternalError(`the runtime lacks the native ${ref.path}`);
    return f;
  }

  /** The type a bare identifier names, when it is not a variable. */
  private typeNamed(e: A.Expr): RtStruct | RtEnum | undefined {
    // Stryker disable next-line ConditionalExpression: `res.uses` holds identifiers only
    const b = e.kind === "Ident" ? this.res.uses.get(e) : undefined;
    return b === undefined ? undefined : this.typeOf(b);
  }

  /** The type a type binding (a struct or enum, or a prelude enum) names. */
  private typeOf(b: Binding): RtStruct | RtEnum | undefined {
    if (b.storage === "type") return this.types.get(b.decl!);
    if (b.storage === "prelude-enum") return this.enumNamed(b.name);
    return undefined;
  }

  // ---- statements -------------------------------------------------------------------

  /** Evaluates a block in a new scope; its value is its last expression statement's. */
  block(b: A.Block, outer: Scope): Value {
    const scope = new Scope(outer);
    const stmts = b.stmts;
    const last = stmts.length - 1;
    for (let i = 0; i < last; i++) this.stmt(stmts[i]!, scope);
    const s = stmts[last];
    if (s?.kind === "ExprStmt") return this.tail(s.expr, scope);
    if (s !== undefined) this.stmt(s, scope);
    this.tailAt = b.span;
    return undefined;
  }

  private stmt(s: A.Stmt, scope: Scope): void {
    switch (s.kind) {
      case "ExprStmt":
        this.expr(s.expr, scope);
        return;
      case "Let":
        this.bindIrrefutable(s.pattern, this.expr(s.value, scope), scope);
        return;
      case "Assign":
        this.assign(s, scope);
        return;
      case "While":
        while (this.cond(s.cond, scope)) {
          try {
            this.block(s.body, scope);
          } catch (e) {
            if (e === BREAK) break;
            if (e !== CONTINUE) throw e;
          }
        }
        return;
      case "For":
        this.forLoop(s, scope);
        return;
      case "FnDecl":
        if (s.body !== null && this.declared(s).storage === "local") {
          // A nested function is visible in its own body: recursion.
          scope.declare(this.declared(s), this.fn(s.name, s.params, s.body, scope));
        }
        return;
      // The other statements declare (StructDecl, EnumDecl, ImplDecl, KindDecl, ImportDecl,
      // TypeAlias): done before the program runs.
    }
  }

  private assign(s: Extract<A.Stmt, { kind: "Assign" }>, scope: Scope): void {
    const t = s.target;
    const op = s.op.slice(0, -1) as ArithOp | ""; // `+=` leaves `+`, `=` no operator
    if (t.kind === "Ident") {
      const b = this.res.uses.get(t)!; // a variable: the resolver checked (E0301, E0302)
      let v: Value;
      if (op) {
        const old = this.ident(t, scope);
        const rhs = this.expr(s.value, scope);
        this.at(s);
        v = this.arith(op, old, rhs);
      } else v = this.expr(s.value, scope);
      scope.set(b, v);
      return;
    }
    if (t.kind === "Field") {
      const obj = this.expr(t.object, scope);
      let v: Value;
      if (op) {
        this.at(t);
        const old = this.getField(obj, t.name);
        const rhs = this.expr(s.value, scope);
        this.at(s);
        v = this.arith(op, old, rhs);
      } else v = this.expr(s.value, scope);
      this.at(s);
      this.setField(obj, t.name, v);
      return;
    }
    // The last place: an index (the resolver allows no other, E0913).
    const ix = t as Extract<A.Expr, { kind: "Index" }>;
    const obj = this.expr(ix.object, scope);
    const index = this.expr(ix.index, scope);
    let v: Value;
    if (op) {
      this.at(ix);
      const old = this.index(obj, index);
      const rhs = this.expr(s.value, scope);
      this.at(s);
      v = this.arith(op, old, rhs);
    } else v = this.expr(s.value, scope);
    this.at(s);
    this.setIndex(obj, index, v);
  }

  private forLoop(s: Extract<A.Stmt, { kind: "For" }>, scope: Scope): void {
    const it = s.iterable;
    let next: () => Value | typeof DONE;
    if (it.kind === "Range") {
      // A counting loop: int bounds, exact over the whole i64 range (semantics §8).
      const lo = this.expr(it.start!, scope); // the resolver rejects open ranges (E0915)
      const hi = this.expr(it.end!, scope);
      this.at(s);
      if (!isIntValue(lo) || !isIntValue(hi)) {
        trap("TypeError", `for-loop bounds must be ints, got ${kindName(lo)} and ${kindName(hi)}`);
      }
      const end = BigInt(hi) + (it.inclusive ? 1n : 0n);
      const iter = new RangeIter(lo, fromBig(end) ?? end);
      next = () => iter.next() ?? DONE;
    } else {
      const v = this.expr(it, scope);
      this.at(s);
      const iter = makeIter(v, (o, name) => this.userMethod(o, name));
      next = () => this.iterNext(iter);
    }
    for (;;) {
      const v = next();
      if (v === DONE) return;
      const body = new Scope(scope);
      this.bindIrrefutable(s.pattern, v, body);
      try {
        this.block(s.body, body);
      } catch (e) {
        if (e === BREAK) return;
        if (e !== CONTINUE) throw e;
      }
    }
  }

  private iterNext(it: VIter): Value | typeof DONE {
    if (it instanceof ArrayIter) return it.i < it.items.length ? it.items[it.i++] : DONE;
    if (it instanceof StrIter || it instanceof RangeIter) return it.next() ?? DONE;
    if (it instanceof MapIter) {
      const v = it.next(this);
      return it.done ? DONE : v;
    }
    // The last kind (makeIter makes no other): a type's own `next()`, called as the VM's `for`
    // calls it, from a native: its frame is in the error's trace.
    const p = it as ProtoIter;
    return this.asNative(() => {
      const r = this.callValue(p.fn, [p.target]);
      const o = this.preludeEnum("Option");
      if (r instanceof VEnum && r.type === o) return r.tag === o.yesTag ? r.payload[0] : DONE;
      trap("TypeError", `next() must return an Option, got ${kindName(r)}`);
    });
  }

  // ---- patterns ---------------------------------------------------------------------

  /** `let`/`for`/`let … in` destructuring: names, `_` and tuples (element by element). */
  private bindIrrefutable(p: A.Pattern, v: Value, scope: Scope): void {
    switch (p.kind) {
      case "WildcardPat":
      case "LiteralPat": // `()`, the one literal the parser allows here: binds nothing, as `_`
        return;
      case "BindingPat":
        scope.declare(this.declared(p), v);
        return;
      default:
        // A tuple: the parser allows no other pattern here (E0213).
        // A value too short fails at the element it lacks (the compiler's position too).
        (p as Extract<A.Pattern, { kind: "TuplePat" }>).elements.forEach((el, i) => {
          if (el.kind === "WildcardPat") return;
          this.at(el);
          this.bindIrrefutable(el, this.tupleItem(v, i), scope);
        });
    }
  }

  /** Whether `v` matches `p`; binds the pattern's names into `scope` as it goes. */
  private matches(p: A.Pattern, v: Value, scope: Scope): boolean {
    switch (p.kind) {
      case "WildcardPat":
        return true;
      case "BindingPat":
        scope.declare(this.declared(p), v);
        return true;
      case "LiteralPat":
        return equal(v, this.literal(p.literal));
      case "TuplePat":
        return (
          v instanceof VTuple &&
          v.items.length === p.elements.length &&
          p.elements.every((el, i) => this.matches(el, v.items[i], scope))
        );
      case "CtorPat":
        return this.ctorMatches(p, v, scope);
      case "OrPat":
        // Every alternative binds the same variables (E0318), so a later one overwrites
        // whatever a failed earlier one bound.
        return p.alternatives.some((alt) => this.matches(alt, v, scope));
      case "RangePat":
        return (
          inRangePattern(v, rangeBound(p.low), rangeBound(p.high)) &&
          (p.inclusive || !equal(v, rangeBound(p.high)))
        );
    }
  }

  private ctorMatches(p: A.CtorPat, v: Value, scope: Scope): boolean {
    const target = this.res.patterns.get(p)!; // the resolver checked (E0305, E0306)
    if (target.kind === "variant") {
      const t = (
        target.decl !== null ? this.types.get(target.decl) : this.enumNamed(target.enumName)
      ) as RtEnum;
      const tag = t.variantNames.indexOf(target.variant);
      if (!(v instanceof VEnum && v.type === t && v.tag === tag)) return false;
      return (p.args ?? []).every((arg, i) => this.matches(arg.pattern, v.payload[i], scope));
    }
    const t = this.types.get(target.struct);
    if (!(v instanceof VStruct && v.type === t)) return false;
    return (p.args ?? []).every((arg) => {
      const field = arg.label ?? (arg.pattern as A.BindingPat).name;
      return this.matches(arg.pattern, this.getField(v, field), scope);
    });
  }

  private match(e: Extract<A.Expr, { kind: "Match" }>, scope: Scope): Value {
    const subject = this.expr(e.subject, scope);
    for (const arm of e.arms) {
      const armScope = new Scope(scope);
      if (!this.matches(arm.pattern, subject, armScope)) continue;
      if (arm.guard !== null && !this.cond(arm.guard, armScope)) continue;
      return this.tail(arm.body, armScope);
    }
    this.at(e);
    trap("NoMatch", "no match arm for value " + str(subject));
  }

  // ---- expressions ------------------------------------------------------------------

  private at(node: { span: A.Span }): void {
    this.pos = node.span;
  }

  expr(e: A.Expr, scope: Scope): Value {
    if (this.linkValues.has(e)) {
      const v = this.linkValues.get(e);
      this.linkValues.delete(e);
      return v;
    }
    const links = ownLinks(chainBelow(e, this.linkLeft), e, this.res);
    return links.length === 0 ? this.exprNode(e, scope) : this.chain(e, links, scope);
  }

  /**
   * The left operand evaluated before the rest of `e`, as a link of a flat chain: not through
   * `and`/`or` (`cond` walks those), nor a pipe whose callee must be evaluated first.
   */
  private readonly linkLeft = (e: A.WalkNode): A.Expr | null => {
    if (e.kind === "Binary" && (e.op === "and" || e.op === "or")) return null;
    if (e.kind === "Pipe" && !stablePipeCallee(e, this.res)) return null;
    return chainLeft(e);
  };

  /**
   * A left-associative chain (spec/language.md §4.2: flat), evaluated from its head up without
   * recursing down it: each link's value waits in `linkValues` for the link above, which reads
   * its left operand before it evaluates anything else (so a nested evaluation of the same
   * chain, in a call, never sees it). `links` are the chain's `ownLinks`, as the compiler's.
   */
  private chain(e: A.Expr, links: readonly A.Expr[], scope: Scope): Value {
    try {
      for (const link of links) this.linkValues.set(link, this.exprNode(link, scope));
      return this.exprNode(e, scope);
    } finally {
      if (this.linkValues.size > 0) for (const link of links) this.linkValues.delete(link);
    }
  }

  private exprNode(e: A.Expr, scope: Scope): Value {
    this.pos = e.span;
    switch (e.kind) {
      case "IntLit":
      case "FloatLit":
      case "StringLit":
      case "CharLit":
      case "BoolLit":
      case "UnitLit":
        return this.literal(e);
      case "Ident":
        return this.ident(e, scope);
      case "Tuple": {
        const items = e.elements.map((x) => this.expr(x, scope));
        return items.length === 0 ? undefined : new VTuple(items);
      }
      case "Array": {
        const items = e.elements.map((x) => this.expr(x, scope));
        this.checkLength(items.length);
        return items;
      }
      case "SetLit": {
        // As compiled: the set first, then each element inserted once it is evaluated.
        const s = newSet(this);
        for (const x of e.elements) {
          const v = this.expr(x, scope);
          this.at(x);
          setInsert(this, s, v);
        }
        return s;
      }
      case "MapLit": {
        // As compiled: the map first, then each entry stored once its key and value are.
        const m = newMap(this);
        for (const en of e.entries) {
          const k = this.expr(en.key, scope);
          const v = this.expr(en.value, scope);
          this.at(en.key);
          mapSet(this, m, k, v);
        }
        return m;
      }
      case "Unary": {
        // (`-` before a number literal is a negative literal: the parser folds it.)
        const v = this.expr(e.operand, scope);
        this.at(e);
        if (e.op === "-") return neg(v);
        if (typeof v !== "boolean") trap("TypeError", `! must be a bool, got ${kindName(v)}`);
        return !v;
      }
      case "Binary":
        return this.binary(e, scope);
      case "Pipe":
        return this.call(this.pipeCall(e), scope);
      case "Range": {
        const lo = this.expr(e.start!, scope); // the resolver rejects open ranges (E0915)
        const hi = this.expr(e.end!, scope);
        this.at(e);
        if (!isIntValue(lo) || !isIntValue(hi)) {
          trap("TypeError", `range bounds must be ints, got ${kindName(lo)} and ${kindName(hi)}`);
        }
        return new VRange(lo, hi, e.inclusive);
      }
      case "Call":
        return this.call(e, scope);
      case "StructLit": {
        const t = this.types.get(this.res.structs.get(e)!) as RtStruct; // checked (E0305)
        // Stryker disable next-line ArrayDeclaration: only sized ahead; every field is set below (E0307)
        const fields = new Array<Value>(t.fieldNames.length);
        for (const f of e.fields) fields[t.slots.get(f.name)!] = this.expr(f.value, scope);
        return new VStruct(t, fields);
      }
      case "Field":
        return this.field(e, scope);
      case "TupleIndex": {
        const o = this.expr(e.object, scope);
        this.at(e);
        return this.tupleItem(o, e.index);
      }
      case "Index": {
        const o = this.expr(e.object, scope);
        const i = this.expr(e.index, scope);
        this.at(e);
        return this.index(o, i);
      }
      case "Cast": {
        const v = this.expr(e.expr, scope);
        const t = e.type;
        // The resolver checked the target is one of CAST_TARGETS (E0922).
        const name = castTargetOf((t as Extract<A.TypeExpr, { kind: "NamedType" }>).path[0]!)!;
        this.at(e);
        return cast(v, name);
      }
      case "Propagate":
        return this.propagate(e, scope);
      case "MacroCall":
        return this.macro(e, scope);
      case "Formatted": {
        const v = this.expr(e.value, scope);
        return this.invoke(lookupNative("std.fmt.format")!, [v, e.spec], e);
      }
      case "Interpolation":
        return this.concat(e.parts.map((p) => (p.kind === "Text" ? p.value : this.expr(p, scope))));
      case "If":
        if (this.cond(e.cond, scope)) return this.block(e.then, scope);
        if (e.else !== null) return this.block(e.else, scope);
        // No branch ran: as a function's value, `()` returned at the `if`.
        this.tailAt = e.span;
        return undefined;
      case "Match":
        return this.match(e, scope);
      case "Do":
        return this.block(e.body, scope);
      case "TryCatch":
        return this.tryCatch(e, scope);
      case "LetIn": {
        const inner = new Scope(scope);
        this.bindIrrefutable(e.pattern, this.expr(e.value, scope), inner);
        return this.expr(e.body, inner);
      }
      case "Lambda":
        return this.fn("<lambda>", e.params, e.body, scope);
      case "Return":
        throw new ReturnSignal(e.value === null ? undefined : this.expr(e.value, scope), e.span);
      case "Break":
        throw BREAK;
      case "Continue":
        throw CONTINUE;
      case "Throw": {
        const v = this.expr(e.value, scope);
        this.at(e);
        throw new Trap(v instanceof VError ? v : new VError("Thrown", formatValue(v), v));
      }
    }
  }

  private literal(e: A.Literal): Value {
    switch (e.kind) {
      case "IntLit":
        return intLiteral(e.value);
      case "FloatLit":
        return mkFloat(e.value);
      case "StringLit":
        return e.value;
      case "CharLit":
        return VChar.of(e.value.codePointAt(0)!);
      case "BoolLit":
        return e.value;
      case "UnitLit":
        return undefined;
    }
  }

  private ident(e: A.Ident, scope: Scope): Value {
    const b = this.res.uses.get(e)!; // every use is bound, and to a value (E0301)
    switch (b.storage) {
      case "local":
      case "global":
        return scope.get(b);
      case "native":
        return this.native(this.res.natives.get(e)!);
      case "prelude-ctor":
        return this.variant(this.enumNamed(PRELUDE_CTORS[b.name]!)!, b.name, []);
      default:
        throw new InternalError(`\`${e.name}\` is not a value`);
    }
  }

  private binary(e: Binary, scope: Scope): Value {
    switch (e.op) {
      case "and":
      case "or":
        return this.cond(e, scope);
    }
    const x = this.expr(e.left, scope);
    const y = this.expr(e.right, scope);
    this.at(e);
    switch (e.op) {
      case "==":
        return equal(x, y);
      case "!=":
        return !equal(x, y);
      case "<":
        return less(x, y, false);
      case "<=":
        return less(x, y, true);
      case ">":
        return less(y, x, false);
      case ">=":
        return less(y, x, true);
      default:
        return this.arith(e.op, x, y);
    }
  }

  private arith(op: ArithOp, x: Value, y: Value): Value {
    switch (op) {
      case "+":
        return add(x, y);
      case "-":
        return sub(x, y);
      case "*":
        return mul(x, y);
      case "/":
        return div(x, y);
      case "%":
        return mod(x, y);
      case "*^":
        return pow(x, y);
    }
  }

  /** A condition (if, while, guards, `and`/`or`/`!` operands): it must be a bool. */
  private cond(e: A.Expr, scope: Scope): boolean {
    if (e.kind === "Binary" && (e.op === "and" || e.op === "or")) {
      // A chain `a and b and c` is walked down its left spine without recursing.
      const operands = sameOperatorOperands(e);
      const last = operands.pop()!;
      for (const operand of operands) {
        const v = this.cond(operand, scope);
        if (e.op === "and" ? !v : v) return v;
      }
      return this.cond(last, scope);
    }
    if (e.kind === "Unary" && e.op === "!") return !this.cond(e.operand, scope);
    const v = this.expr(e, scope);
    if (typeof v !== "boolean") {
      this.at(e);
      trap("TypeError", `a condition must be a bool, got ${kindName(v)}`);
    }
    return v;
  }

  private pipeCall(e: Extract<A.Expr, { kind: "Pipe" }>): Call {
    let c = this.pipes.get(e);
    if (c === undefined) {
      c =
        e.right.kind === "Call"
          ? { ...e.right, args: [e.left, ...e.right.args], span: e.span }
          : e.fieldValue
            ? // Stryker disable next-line StringLiteral: the kind of a call made here is never read
              { kind: "Call", callee: e.right, args: [e.left], span: e.span, fieldValue: true }
            : // Stryker disable next-line StringLiteral: as above
              { kind: "Call", callee: e.right, args: [e.left], span: e.span };
      this.pipes.set(e, c);
    }
    return c;
  }

  private field(e: Extract<A.Expr, { kind: "Field" }>, scope: Scope): Value {
    const native = this.res.natives.get(e);
    if (native !== undefined) return this.native(native);
    const member = this.res.members.get(e);
    if (member !== undefined) return this.module.get(member); // `m.item` (language.md §11.3)
    const type = this.typeNamed(e.object);
    if (type instanceof RtEnum && type.variantNames.includes(e.name)) {
      return this.variant(type, e.name, []);
    }
    if (type !== undefined) return this.staticMethod(type, e.name);
    const o = this.expr(e.object, scope);
    this.at(e);
    return this.getField(o, e.name);
  }

  private getField(o: Value, name: string): Value {
    if (o instanceof VStruct) {
      const slot = o.type.slots.get(name);
      if (slot === undefined) trap("UndefinedField", `${o.type.name} has no field '${name}'`);
      return o.fields[slot];
    }
    if (o instanceof VError) {
      if (name === "kind") return o.kind;
      if (name === "message") return o.message;
      if (name === "value") return o.value;
      trap("UndefinedField", `error values have no field '${name}'`);
    }
    trap("TypeError", `cannot read field '${name}' of ${kindName(o)}`);
  }

  private setField(o: Value, name: string, v: Value): void {
    if (!(o instanceof VStruct)) trap("TypeError", `cannot set field '${name}' of ${kindName(o)}`);
    const slot = o.type.slots.get(name);
    if (slot === undefined) trap("UndefinedField", `${o.type.name} has no field '${name}'`);
    o.fields[slot] = v;
  }

  private tupleItem(o: Value, i: number): Value {
    if (!(o instanceof VTuple)) trap("TypeError", `cannot take element ${i} of ${kindName(o)}`);
    if (i >= o.items.length)
      trap("IndexOutOfBounds", `tuple of ${o.items.length} has no element ${i}`);
    return o.items[i];
  }

  private index(o: Value, i: Value): Value {
    if (o instanceof VMap) return mapIndex(o, i);
    const k = this.indexInt(i);
    if (Array.isArray(o)) {
      if (k < 0 || k >= o.length)
        trap("IndexOutOfBounds", `index ${k} out of bounds for length ${o.length}`);
      return o[k];
    }
    if (typeof o === "string") {
      const cp = k < 0 ? -1 : scalarAt(o, k);
      if (cp < 0) trap("IndexOutOfBounds", `index ${k} out of bounds for a string`);
      return VChar.of(cp);
    }
    trap("TypeError", `cannot index ${kindName(o)}`);
  }

  private setIndex(o: Value, i: Value, v: Value): void {
    if (o instanceof VMap) return mapSet(this, o, i, v);
    if (!Array.isArray(o)) trap("TypeError", `cannot assign to an index of ${kindName(o)}`);
    const k = this.indexInt(i);
    if (k < 0 || k >= o.length)
      trap("IndexOutOfBounds", `index ${k} out of bounds for length ${o.length}`);
    o[k] = v;
  }

  /** An index must be an int; one beyond ±2^53 is out of bounds of anything. */
  private indexInt(i: Value): number {
    if (Number.isInteger(i)) return i as number; // false for any other kind
    if (typeof i === "bigint") trap("IndexOutOfBounds", `index ${i} out of bounds`);
    trap("TypeError", `index must be an int, got ${kindName(i)}`);
  }

  /** `e?`: `Some(v)`/`Ok(v)` give v; `None`/`Err(x)` return from the function as they are. */
  private propagate(e: Extract<A.Expr, { kind: "Propagate" }>, scope: Scope): Value {
    const v = this.expr(e.expr, scope);
    this.at(e);
    // Early return on `None` and `Err` of the enums those names mean here (a user type may
    // shadow them; the resolver checked they are enums with those variants).
    for (const [name, variant] of [
      ["Option", "None"],
      ["Result", "Err"],
    ] as const) {
      const t = this.enumNamed(name);
      if (v instanceof VEnum && v.type === t && t.variantNames[v.tag] === variant) {
        throw new ReturnSignal(v, e.span);
      }
    }
    if (!(v instanceof VEnum)) trap("TypeError", `cannot take payload 0 of ${kindName(v)}`);
    if (v.payload.length === 0) trap("IndexOutOfBounds", "variant has no payload element 0");
    return v.payload[0];
  }

  private macro(e: Extract<A.Expr, { kind: "MacroCall" }>, scope: Scope): Value {
    switch (e.name) {
      case "println":
      case "print":
        return this.invoke(
          lookupNative(e.name)!,
          e.args.map((a) => this.expr(a, scope)),
          e,
        );
      case "panic": {
        const msg = this.expr(e.args[0]!, scope);
        this.at(e);
        return this.raise("Panic", msg);
      }
      case "assert": {
        if (this.cond(e.args[0]!, scope)) return undefined;
        const msg = e.args[1] ? this.expr(e.args[1], scope) : "assertion failed";
        this.at(e);
        return this.raise("AssertionFailed", msg);
      }
      case "format":
        // An interpolation is a string already; `str` of it is itself.
        return this.concat([this.expr(e.args[0]!, scope)]);
      default:
        throw new InternalError(`unknown macro ${e.name}~ (the parser makes calls of others)`);
    }
  }

  private raise(kind: RuntimeErrorKind, msg: Value): never {
    throw new Trap(new VError(kind, str(msg), undefined));
  }

  private concat(parts: Value[]): string {
    let s = "";
    for (const p of parts) {
      const t = str(p);
      if (concatTooLong(s, t)) trap("LimitExceeded", "string too long");
      s += t;
    }
    return s;
  }

  private tryCatch(e: Extract<A.Expr, { kind: "TryCatch" }>, scope: Scope): Value {
    const fin = e.finallyBody;
    if (fin === null) return this.handled(e, scope);
    let v: Value;
    try {
      v = this.handled(e, scope);
    } catch (err) {
      this.block(fin, scope);
      // An error leaving through the finally block is raised again at its end, where the
      // VM's THROW raises it: its frames are those of that point (spec/semantics.md §10).
      if (err instanceof Trap) err.trace = undefined;
      throw err;
    }
    this.block(fin, scope);
    return v;
  }

  /** A `try` body and its catch block. */
  private handled(e: Extract<A.Expr, { kind: "TryCatch" }>, scope: Scope): Value {
    try {
      return this.block(e.body, scope);
    } catch (err) {
      const t = this.asTrap(err);
      if (!(t instanceof Trap) || e.catchBody === null) throw t; // no trap here is fatal
      const inner = new Scope(scope);
      if (e.catchName !== null) inner.declare(this.declared(e), t.error);
      return this.block(e.catchBody, inner);
    }
  }
}

const DONE = Symbol("done");

/** The operators `arith` evaluates: a binary operator's or a compound assignment's. */
type ArithOp = "+" | "-" | "*" | "/" | "%" | "*^";

function isIntValue(v: Value): v is number | bigint {
  return typeof v === "number" ? Number.isInteger(v) : typeof v === "bigint";
}

/** An int literal's value: in the i64 range, which the parser checked (E0107). */
function intLiteral(b: bigint): number | bigint {
  return fromBig(b)!;
}

/** A range pattern's bound as the int or char value it denotes. */
function rangeBound(l: A.IntLit | A.CharLit): Value {
  return l.kind === "IntLit" ? intLiteral(l.value) : VChar.of(l.value.codePointAt(0)!);
}

function checkArity(fn: InterpFn, args: readonly Value[]): void {
  if (args.length !== fn.params.length) {
    trap("ArityMismatch", arityMessage(fn.name, fn.params.length, args.length));
  }
}

/**
 * Adds to `out` the calls of a function's `body` that the compiler makes TAILCALLs
 * (compiler/codegen.ts, `tailExpr` and `return`): a call that is the function's value (through
 * `if`, `match` and `do`, not a pipe), and the call a `return` returns, unless a handler is
 * active there (in a `try` body, or a catch block with a `finally`).
 */
function tailCalls(body: A.Block | A.Expr, out: WeakSet<Call>): void {
  const tailBlock = (b: A.Block): void => {
    const last = b.stmts[b.stmts.length - 1];
    if (last?.kind === "ExprStmt") tailExpr(last.expr);
  };
  const tailExpr = (e: A.Expr): void => {
    if (e.kind === "Call") out.add(e);
    else if (e.kind === "Do") tailBlock(e.body);
    else if (e.kind === "If") {
      tailBlock(e.then);
      if (e.else !== null) tailBlock(e.else);
    } else if (e.kind === "Match") for (const arm of e.arms) tailExpr(arm.body);
  };
  if (body.kind === "Block") tailBlock(body);
  else tailExpr(body);
  const guarded = new Set<A.WalkNode | null>();
  // A nested function's returns are found here too, as its own walk finds them: the same
  // `try`s are on the way to them, or more.
  eachNode([body], (n) => {
    if (guarded.has(n)) return false;
    if (n.kind === "TryCatch") {
      guarded.add(n.body);
      if (n.finallyBody !== null) guarded.add(n.catchBody);
    }
    if (n.kind === "Return" && n.value?.kind === "Call") out.add(n.value);
  });
}
