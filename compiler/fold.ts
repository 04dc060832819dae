// Constant folding and propagation (-O1), on the AST before code generation: operators on
// literals become literals, and uses of a top-level `const` whose value folds to a literal
// become that literal, in its own module and in every module that imports it (by name, or as
// `m.NAME` through the module). Only what the runtime would compute without an error is folded
// (spec/semantics.md): overflow, division by zero and `MIN / -1` stay in the code and raise
// when they run. Float `*^` is left to the runtime (host pow functions differ in the last bit).
//
// Folding rewrites the tree in place: an expression that folds is replaced in its parent by a
// new literal node, and every other node keeps its identity. The resolution's side tables are
// keyed by nodes (uses, declarations, patterns, natives), so they stay valid for the folded
// program; only the replaced expressions drop out of them (tests/compiler/fold.test.ts).

import type * as A from "../language/ast.js";
import { chainBelow, mapChildren } from "../language/ast.js";
import type { Binding, Resolution } from "../language/index.js";

const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;

type Lit = A.IntLit | A.FloatLit | A.StringLit | A.BoolLit;

/** The top-level constants folded so far, shared by the modules of one program. */
export type FoldedConsts = Map<Binding, Lit>;

/**
 * Folds `program`; `visit` (float typing's `FloatCandidates`) is called on each node of the
 * folded program, in source order, each child before its parent. The modules of a program
 * are folded in initialisation order with one `consts`: a module's constants are dropped from
 * it, so every module that imports one must see it replaced by its literal.
 */
export function foldProgram(
  program: A.SourceFile,
  resolution: Resolution,
  visit?: (node: A.WalkNode) => void,
  consts: FoldedConsts = new Map(),
  /** A library's main file: its `pub const`s are exports, so their globals stay. */
  keepPublic = false,
): A.SourceFile {
  const folder = new Folder(resolution, consts);
  // First the top-level constants (each may use the ones before it), then everything else.
  const dropped = new Set<A.Stmt>();
  for (const s of program.stmts) {
    if (s.kind !== "Let" || s.letKind !== "const") continue;
    const value = folder.node(s.value) as A.Expr;
    s.value = value;
    const binding = resolution.declarations.get(s.pattern); // a tuple pattern has none
    if (binding && isLiteral(value)) {
      consts.set(binding, value);
      if (!(keepPublic && s.pub)) dropped.add(s); // every use is replaced by the literal
    }
  }
  const stmts = program.stmts.filter((s) => !dropped.has(s));
  folder.visitFolded = visit;
  for (const s of stmts) folder.node(s);
  return { ...program, stmts };
}

class Folder {
  /** Called on each node once folded (not on names: none is wanted). */
  visitFolded: ((node: A.WalkNode) => void) | undefined;

  /** What replaces each chain link folded bottom-up by `node`, taken once by the link above. */
  private readonly foldedLinks = new Map<A.WalkNode, A.WalkNode>();

  constructor(
    private readonly resolution: Resolution,
    private readonly consts: Map<Binding, Lit>,
  ) {}

  private readonly visit = (child: A.WalkNode): A.WalkNode => this.node(child);

  /**
   * Folds the subtree of `n` in place; returns what replaces `n` (`n` unless it folded). A
   * left-associative chain is folded from its head up, without recursing down it.
   */
  node(n: A.WalkNode): A.WalkNode {
    const done = this.foldedLinks.get(n);
    if (done !== undefined) {
      this.foldedLinks.delete(n);
      return done;
    }
    for (const link of chainBelow(n)) this.foldedLinks.set(link, this.fold(link));
    return this.fold(n);
  }

  private fold(n: A.WalkNode): A.WalkNode {
    if (n.kind === "Ident") {
      const binding = this.resolution.uses.get(n);
      const value = binding && this.consts.get(binding);
      return value ? { ...value, span: n.span } : n;
    }
    if (n.kind === "Field") {
      const binding = this.resolution.members.get(n); // `m.NAME` of an imported module
      const value = binding && this.consts.get(binding);
      if (value) return { ...value, span: n.span };
    }
    mapChildren(n, this.visit);
    const folded = n.kind === "Binary" ? foldBinary(n) : n.kind === "Unary" ? foldUnary(n) : n;
    this.visitFolded?.(folded);
    return folded;
  }
}

function isLiteral(e: A.Expr): e is Lit {
  return (
    e.kind === "IntLit" || e.kind === "FloatLit" || e.kind === "StringLit" || e.kind === "BoolLit"
  );
}

function int(value: bigint, span: A.Span): A.Expr | undefined {
  return value >= I64_MIN && value <= I64_MAX ? { kind: "IntLit", value, span } : undefined;
}

function foldUnary(e: Extract<A.Expr, { kind: "Unary" }>): A.Expr {
  const v = e.operand;
  if (e.op === "-" && v.kind === "IntLit") return int(-v.value, e.span) ?? e;
  if (e.op === "-" && v.kind === "FloatLit")
    return { kind: "FloatLit", value: -v.value, span: e.span };
  if (e.op === "!" && v.kind === "BoolLit")
    return { kind: "BoolLit", value: !v.value, span: e.span };
  return e;
}

function foldBinary(e: Extract<A.Expr, { kind: "Binary" }>): A.Expr {
  const { left: l, right: r, span } = e;
  if (l.kind === "IntLit" && r.kind === "IntLit")
    return foldInts(e.op, l.value, r.value, span) ?? e;
  // Mixed int/float (two ints were folded above): an int beyond 2^53 has no exact float, and
  // comparisons must be exact.
  const exact = (x: A.Expr) =>
    x.kind === "FloatLit" || (x.kind === "IntLit" && Number.isSafeInteger(Number(x.value)));
  if (exact(l) && exact(r)) {
    const a = Number((l as A.IntLit | A.FloatLit).value);
    const b = Number((r as A.IntLit | A.FloatLit).value);
    return foldFloats(e.op, a, b, span) ?? e;
  }
  if (l.kind === "StringLit" && r.kind === "StringLit") {
    if (e.op === "+") return { kind: "StringLit", value: l.value + r.value, span };
    if (e.op === "==" || e.op === "!=") {
      return { kind: "BoolLit", value: (l.value === r.value) === (e.op === "=="), span };
    }
  }
  if (l.kind === "BoolLit" && r.kind === "BoolLit") {
    const value =
      e.op === "and"
        ? l.value && r.value
        : e.op === "or"
          ? l.value || r.value
          : e.op === "=="
            ? l.value === r.value
            : e.op === "!="
              ? l.value !== r.value
              : undefined;
    if (value !== undefined) return { kind: "BoolLit", value, span };
  }
  return e;
}

function foldInts(op: A.BinaryOp, a: bigint, b: bigint, span: A.Span): A.Expr | undefined {
  switch (op) {
    case "+":
      return int(a + b, span);
    case "-":
      return int(a - b, span);
    case "*":
      return int(a * b, span);
    case "/":
      return b === 0n ? undefined : int(a / b, span); // MIN / -1 falls outside i64
    case "%":
      return b === 0n ? undefined : int(a % b, span);
    case "*^": {
      if (b < 0n || b > 64n) return undefined;
      return int(a ** b, span); // beyond i64 but for 0, 1 and -1 from b = 64 on
    }
    case "==":
    case "!=":
    case "<":
    case "<=":
    case ">":
    case ">=":
      return { kind: "BoolLit", value: compare(op, a < b ? -1 : a > b ? 1 : 0), span };
  }
  return undefined; // `and`, `or`: not on ints
}

function foldFloats(op: A.BinaryOp, a: number, b: number, span: A.Span): A.Expr | undefined {
  const float = (value: number): A.Expr => ({ kind: "FloatLit", value, span });
  switch (op) {
    case "+":
      return float(a + b);
    case "-":
      return float(a - b);
    case "*":
      return float(a * b);
    case "/":
      return b === 0 ? undefined : float(a / b);
    case "%":
      return b === 0 ? undefined : float(a % b);
    case "==":
    case "!=":
    case "<":
    case "<=":
    case ">":
    case ">=":
      if (Number.isNaN(a) || Number.isNaN(b)) return undefined;
      return { kind: "BoolLit", value: compare(op, a < b ? -1 : a > b ? 1 : 0), span };
  }
  return undefined; // `*^` (left to the runtime), `and`, `or`: not on floats
}

function compare(op: "==" | "!=" | "<" | "<=" | ">" | ">=", c: number): boolean {
  switch (op) {
    case "==":
      return c === 0;
    case "!=":
      return c !== 0;
    case "<":
      return c < 0;
    case "<=":
      return c <= 0;
    case ">":
      return c > 0;
    case ">=":
      return c >= 0;
  }
}
