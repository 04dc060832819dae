// Which locals may live unboxed in the float bank (-O1; spec/isa.md §1, §4 The float bank):
// a `let`/`var` whose every value — the initialiser and each assignment — is a float-typed
// expression, and which no nested function mentions (the bank cannot be captured).
// Float-typed means "a float whenever it evaluates without an error": a float literal, a
// cast to f64/f32, `-` of one, or `+ - * /` with at least one float-typed operand, whatever
// the other is: mixed arithmetic promotes an int, and a float with any other kind is a
// TypeError (spec/semantics.md §2), so `s + a(i, j) * x[j]` is a float when `s` is. The set is the greatest
// fixpoint: start from every candidate and drop those with a value that is not float-typed
// until nothing changes, so mutually dependent loop variables (mandel's zr, zi) qualify.
// A local no float operation reads is dropped too: each other read would box it again.
//
// `std.math.sqrt(x)` of a number the bank holds is float-typed too (FSQRT computes it there).
//
// A struct field read `o.x` is float-typed when every value any struct field named `x` is
// given — in each struct literal and each assignment `_.x = v` / `_.x op= v` of the program —
// is float-typed (the same fixpoint, over locals and field names together): fields have no
// enforced types (spec/language.md §6), but a struct field only holds what these wrote, and a
// read of a non-struct is an error. `kind`, `message` and `value` are never float fields (an
// error value has them), nor is any field when the program imports a non-std module (code
// this analysis does not see could write it).

import type * as A from "../language/ast.js";
import { chainLeft } from "../language/ast.js";
import type { Binding, Resolution } from "../language/index.js";
import { castTargetOf } from "../language/prelude.js";
import type { CastTarget } from "../format/opcodes.js";

const FLOAT_ARITH = new Set<A.BinaryOp>(["+", "-", "*", "/"]);

export class FloatTyping {
  /** What `isFloat` found for each node, for the current float locals and fields. */
  private readonly known = new Map<A.Expr, boolean>();

  constructor(
    private readonly resolution: Resolution,
    /** The float locals: bindings whose values are all float-typed. */
    readonly locals: ReadonlySet<Binding>,
    /** The float fields: field names whose values are all float-typed. */
    readonly fields: ReadonlySet<string>,
  ) {}

  /** Forgets what `isFloat` found: the float locals or fields changed. */
  forget(): void {
    this.known.clear();
  }

  /**
   * Whether `e`, when it evaluates without an error, is a float. Each node is typed once until
   * `forget`.
   */
  isFloat(e: A.Expr): boolean {
    return this.known.get(e) ?? this.typeChain(e);
  }

  /**
   * Types `e` and the links below it not typed yet, from the lowest up, so `floatNode` never
   * recurses down a chain (spec/language.md §4.2: flat), and a link typed before ends the walk
   * (typing each link of a chain in turn, as `floatReads` does, stays linear).
   */
  private typeChain(e: A.Expr): boolean {
    // Stryker disable next-line ArrayDeclaration: a string in the list is typed "not a float" and never asked for
    const below: A.Expr[] = [];
    for (let x = chainLeft(e); x !== null && !this.known.has(x); x = chainLeft(x)) below.push(x);
    for (const link of below.reverse()) this.known.set(link, this.floatNode(link));
    const float = this.floatNode(e);
    this.known.set(e, float);
    return float;
  }

  private floatNode(e: A.Expr): boolean {
    switch (e.kind) {
      case "FloatLit":
        return true;
      case "Ident": {
        const b = this.resolution.uses.get(e);
        return b !== undefined && this.locals.has(b);
      }
      case "Cast":
        return isFloatCast(e);
      case "Field":
        return this.fields.has(e.name);
      case "Call":
        return this.sqrtOf(e) !== undefined;
      case "Unary":
        return e.op === "-" && this.isFloat(e.operand);
      case "Binary":
        return FLOAT_ARITH.has(e.op) && (this.isFloat(e.left) || this.isFloat(e.right));
      default:
        return false;
    }
  }

  /** The argument of `std.math.sqrt(x)` when `x` is a number the bank holds (FSQRT). */
  sqrtOf(e: Extract<A.Expr, { kind: "Call" }>): A.Expr | undefined {
    const arg = e.args.length === 1 ? e.args[0]! : undefined;
    const native = this.resolution.natives.get(e.callee);
    return native?.kind === "function" &&
      native.path === "std.math.sqrt" &&
      arg &&
      this.isNumber(arg)
      ? arg
      : undefined;
  }

  /** Two operands the bank can combine: numbers, at least one of them float-typed. */
  floatOperands(l: A.Expr, r: A.Expr): boolean {
    return (this.isFloat(l) && this.isNumber(r)) || (this.isNumber(l) && this.isFloat(r));
  }

  /** An int literal or a float-typed expression: an operand the float bank can hold. */
  isNumber(e: A.Expr): boolean {
    return e.kind === "IntLit" || this.isFloat(e);
  }

  /** Whether `e` reads a float local (then computing it in the bank saves boxing). */
  readsFloatLocal(e: A.Expr): boolean {
    for (;;) {
      switch (e.kind) {
        case "Ident":
          return this.isFloat(e);
        case "Unary":
          e = e.operand;
          break;
        case "Binary":
          if (this.readsFloatLocal(e.right)) return true;
          e = e.left; // down the chain without recursing
          break;
        case "Call": {
          const arg = this.sqrtOf(e);
          if (arg === undefined) return false;
          e = arg;
          break;
        }
        default:
          return false;
      }
    }
  }

  /** Whether the `let`/`var` declaring `p` declares a float local. */
  declaresFloat(p: A.Pattern): boolean {
    const b = this.resolution.declarations.get(p);
    return b !== undefined && this.locals.has(b);
  }
}

/** What `e as T` converts to: the resolver accepts only a conversion target's name (E0922). */
export function castTarget(e: Extract<A.Expr, { kind: "Cast" }>): CastTarget {
  const t = e.type as Extract<A.TypeExpr, { kind: "NamedType" }>;
  return castTargetOf(t.path[0]!)!;
}

/** A cast to f64 or f32, under its own name or an alias (`as float`). */
export function isFloatCast(e: Extract<A.Expr, { kind: "Cast" }>): boolean {
  const target = castTarget(e);
  return target === "f64" || target === "f32";
}

/**
 * What float typing needs of a (folded) program, gathered by `visit` on each of its nodes in
 * source order (parents before or after their children: an assignment and the declaration of
 * the binding it assigns are never one inside the other). The folder calls it on each node it
 * leaves, so no walk of its own is needed.
 */
export class FloatCandidates {
  readonly values = new Map<Binding, A.Expr[]>();
  readonly excluded = new Set<Binding>();
  readonly fieldValues = new Map<string, A.Expr[]>();
  foreignModules = false;
  /** The nodes floatReads looks at, so each round of the fixpoint walks no tree. */
  // Stryker disable next-line ArrayDeclaration: floatReads takes a string in the list for no node it reads
  readonly reads: ReadNode[] = [];

  constructor(private readonly resolution: Resolution) {}

  readonly visit = (s: A.WalkNode): void => {
    if (READ_KINDS.has(s.kind)) this.reads.push(s as ReadNode);
    if (s.kind === "ImportDecl" && s.path[0] !== "std") this.foreignModules = true;
    else if (s.kind === "StructLit") for (const f of s.fields) this.fieldValue(f.name, f.value);
    else if (s.kind === "Assign" && s.target.kind === "Field")
      this.fieldValue(s.target.name, assignedValue(s));
    else if (s.kind === "Let") {
      const b =
        s.pattern.kind === "BindingPat" ? this.resolution.declarations.get(s.pattern) : undefined;
      if (b && (b.kind === "let" || b.kind === "var") && !b.captured) this.values.set(b, [s.value]);
    } else if (s.kind === "Assign") {
      const b = s.target.kind === "Ident" ? this.resolution.uses.get(s.target) : undefined;
      if (b) {
        const value = assignedValue(s);
        const list = this.values.get(b);
        if (list) list.push(value);
        else this.excluded.add(b); // assigned before its declaration was seen: not a plain local
      }
    }
  };

  private fieldValue(name: string, value: A.Expr): void {
    const list = this.fieldValues.get(name);
    if (list) list.push(value);
    else this.fieldValues.set(name, [value]);
  }
}

/** Finds the float locals of a program from its candidates (BindingPat nodes resolved). */
export function floatTyping(found: FloatCandidates, resolution: Resolution): FloatTyping {
  const { values, excluded, fieldValues, foreignModules, reads } = found;
  const locals = new Set([...values.keys()].filter((b) => !excluded.has(b)));
  const fields = new Set(
    foreignModules ? [] : [...fieldValues.keys()].filter((f) => !ERROR_FIELDS.has(f)),
  );
  const typing = new FloatTyping(resolution, locals, fields);
  // A phase may use what `isFloat` found before the phase's own deletions: that is never
  // less float, so it only delays a deletion to the next round; the last round changes
  // nothing, so it (and the typing returned) sees the final sets.
  for (let changed = true; changed;) {
    changed = false;
    typing.forget();
    for (const f of fields) {
      if (!fieldValues.get(f)!.every((v) => typing.isFloat(v))) {
        fields.delete(f);
        changed = true;
      }
    }
    typing.forget();
    for (const b of locals) {
      if (!values.get(b)!.every((v) => typing.isFloat(v))) {
        locals.delete(b);
        changed = true;
      }
    }
    if (locals.size === 0) continue; // nothing for floatReads to drop
    typing.forget();
    const readInBank = floatReads(reads, typing, resolution);
    for (const b of locals) {
      if (!readInBank.has(b)) {
        locals.delete(b);
        changed = true;
      }
    }
  }
  return typing;
}

/** The fields of an error value (`catch e`): never float fields. */
const ERROR_FIELDS = new Set(["kind", "message", "value"]);

/** The value an assignment gives its target: `x op= v` gives `x op v`. */
function assignedValue(s: Extract<A.Stmt, { kind: "Assign" }>): A.Expr {
  if (s.op === "=") return s.value;
  return {
    kind: "Binary",
    op: s.op.slice(0, -1) as A.BinaryOp,
    left: s.target,
    right: s.value,
    span: s.span,
  };
}

/** The nodes that may read a float local in the bank. */
type ReadNode = Extract<A.WalkNode, { kind: "Binary" | "Unary" | "Call" | "Let" | "Assign" }>;
const READ_KINDS = new Set<string>(["Binary", "Unary", "Call", "Let", "Assign"]);

/** The float locals some float operation (or a float local's value) reads directly. */
function floatReads(
  nodes: readonly ReadNode[],
  typing: FloatTyping,
  resolution: Resolution,
): Set<Binding> {
  const read = new Set<Binding>();
  const mark = (e: A.Expr): void => {
    const b = e.kind === "Ident" ? resolution.uses.get(e) : undefined;
    if (b && typing.locals.has(b)) read.add(b);
  };
  for (const node of nodes) {
    if (node.kind === "Binary" && COMPARE.has(node.op)) {
      if (typing.floatOperands(node.left, node.right)) (mark(node.left), mark(node.right));
    } else if ((node.kind === "Binary" || node.kind === "Unary") && typing.isFloat(node)) {
      if (node.kind === "Binary") (mark(node.left), mark(node.right));
      else mark(node.operand);
    } else if (node.kind === "Call" && typing.isFloat(node)) {
      mark(typing.sqrtOf(node)!);
    } else if (node.kind === "Let" && typing.declaresFloat(node.pattern)) {
      mark(node.value);
    } else if (node.kind === "Assign" && typing.isFloat(node.target)) {
      mark(node.value);
      if (node.op !== "=") mark(node.target); // `x += e` reads x in the bank
    }
  }
  return read;
}

const COMPARE = new Set<A.BinaryOp>(["<", "<=", ">", ">="]);
