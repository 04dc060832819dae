// The typed AST of Veld core (spec/language.md §3–§6). Every node is a discriminated union
// member with a `kind` and a `span`. Grouping parentheses, `pub`, optional `;` and the choice
// between equivalent surface forms (`x => e` vs `(x) => e`, `struct P(...)` vs block form) are
// not recorded: the pretty-printer picks one canonical spelling for each.

import type { Span } from "./diagnostics.js";

export type { Pos, Span } from "./diagnostics.js";

// ---- types (parsed, then erased: §6.6) ----
export type TypeExpr =
  | { kind: "NamedType"; path: string[]; args: TypeExpr[]; span: Span }
  | { kind: "TupleType"; elements: TypeExpr[]; span: Span }
  | { kind: "ArrayType"; element: TypeExpr; span: Span }
  | { kind: "FnType"; params: TypeExpr[]; result: TypeExpr; span: Span };

export interface GenericParam {
  name: string;
  bounds: TypeExpr[];
  span: Span;
}

// ---- patterns (§5.7) ----
export type Literal = IntLit | FloatLit | StringLit | CharLit | BoolLit | UnitLit;

export type Pattern =
  | { kind: "WildcardPat"; span: Span }
  | BindingPat
  | { kind: "LiteralPat"; literal: Literal; span: Span }
  | { kind: "TuplePat"; elements: Pattern[]; span: Span }
  | CtorPat
  /** `p | q | …`: every alternative binds the same names (the resolver checks, E0318). */
  | { kind: "OrPat"; alternatives: Pattern[]; span: Span }
  /** `lo..=hi` / `lo..hi` over int or char literal bounds (the parser checks, E0214). */
  | RangePat;

export interface RangePat {
  kind: "RangePat";
  low: IntLit | CharLit;
  high: IntLit | CharLit;
  inclusive: boolean;
  span: Span;
}

export interface BindingPat {
  kind: "BindingPat";
  name: string;
  span: Span;
}

/**
 * `E.V`, `E.V(p, …)`, `S(f: p, g)`, `Some(x)`, `None`. Whether `path` names a struct or a
 * variant is the resolver's business; `args` is null when there are no parentheses.
 */
export interface CtorPat {
  kind: "CtorPat";
  path: string[];
  args: PatArg[] | null;
  span: Span;
}

export interface PatArg {
  /** Field label (`f: p`); null for a positional argument or a field shorthand `g`. */
  label: string | null;
  pattern: Pattern;
  span: Span;
}

// ---- expressions (§5) ----
export interface IntLit {
  kind: "IntLit";
  value: bigint;
  span: Span;
}
export interface FloatLit {
  kind: "FloatLit";
  value: number;
  span: Span;
}
export interface StringLit {
  kind: "StringLit";
  value: string;
  span: Span;
}
export interface CharLit {
  kind: "CharLit";
  value: string;
  span: Span;
}
export interface BoolLit {
  kind: "BoolLit";
  value: boolean;
  span: Span;
}
export interface UnitLit {
  kind: "UnitLit";
  span: Span;
}
export interface Ident {
  kind: "Ident";
  /** `self` is an identifier named "self". */
  name: string;
  span: Span;
}

export type BinaryOp =
  "+" | "-" | "*" | "/" | "%" | "*^" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "and" | "or";
export type AssignOp = "=" | "+=" | "-=" | "*=" | "/=" | "%=";

export interface Param {
  name: string;
  /** `mut self` / `mut x`: the parameter may be assigned. */
  mutable: boolean;
  type: TypeExpr | null;
  span: Span;
}

export interface Block {
  kind: "Block";
  stmts: Stmt[];
  span: Span;
}

export interface MatchArm {
  pattern: Pattern;
  guard: Expr | null;
  body: Expr;
  span: Span;
}

export type InterpPart = { kind: "Text"; value: string; span: Span } | Expr;

export type Expr =
  | IntLit
  | FloatLit
  | StringLit
  | CharLit
  | BoolLit
  | UnitLit
  | Ident
  | { kind: "Tuple"; elements: Expr[]; span: Span }
  | { kind: "Array"; elements: Expr[]; span: Span }
  | { kind: "MapLit"; entries: MapEntry[]; span: Span }
  | { kind: "SetLit"; elements: Expr[]; span: Span }
  | { kind: "Unary"; op: "-" | "!"; operand: Expr; span: Span }
  | { kind: "Binary"; op: BinaryOp; left: Expr; right: Expr; span: Span }
  /** `fieldValue`: written `a |> (o.f)`, which calls the field's value, as `(o.f)(a)` does. */
  | { kind: "Pipe"; left: Expr; right: Expr; span: Span; fieldValue?: true }
  | { kind: "Range"; start: Expr | null; end: Expr | null; inclusive: boolean; span: Span }
  /** `template`: written `f~(…)`, whose string-literal arguments are templates (§7.1). */
  /**
   * `fieldValue`: written `(o.f)(…)`, a parenthesised field as the callee: the field's value is
   * called, not the method `f` of `o` (spec/language.md §5).
   */
  | { kind: "Call"; callee: Expr; args: Expr[]; span: Span; template?: true; fieldValue?: true }
  | { kind: "StructLit"; name: string; fields: FieldInit[]; span: Span }
  | { kind: "Field"; object: Expr; name: string; span: Span }
  | { kind: "TupleIndex"; object: Expr; index: number; span: Span }
  | { kind: "Index"; object: Expr; index: Expr; span: Span }
  | { kind: "Cast"; expr: Expr; type: TypeExpr; span: Span }
  | { kind: "Propagate"; expr: Expr; span: Span }
  | { kind: "MacroCall"; name: string; args: Expr[]; span: Span }
  | { kind: "Interpolation"; parts: InterpPart[]; span: Span }
  /** A template hole with a format spec, `{value:spec}` (spec/library.md §12). */
  | { kind: "Formatted"; value: Expr; spec: string; span: Span }
  | IfExpr
  | { kind: "Match"; subject: Expr; arms: MatchArm[]; span: Span }
  | { kind: "Do"; body: Block; span: Span }
  | {
      kind: "TryCatch";
      body: Block;
      catchName: string | null;
      catchBody: Block | null;
      finallyBody: Block | null;
      span: Span;
    }
  | {
      kind: "LetIn";
      mutable: boolean;
      pattern: Pattern;
      type: TypeExpr | null;
      value: Expr;
      body: Expr;
      span: Span;
    }
  | Lambda
  | { kind: "Return"; value: Expr | null; span: Span }
  | { kind: "Break"; span: Span }
  | { kind: "Continue"; span: Span }
  | { kind: "Throw"; value: Expr; span: Span };

/** `else if` is an else-block holding exactly one `If` expression statement. */
export interface IfExpr {
  kind: "If";
  cond: Expr;
  then: Block;
  else: Block | null;
  span: Span;
}

export interface Lambda {
  kind: "Lambda";
  params: Param[];
  returnType: TypeExpr | null;
  /** A Block for `fn(a) … end`; an expression for every `=>` form. */
  body: Block | Expr;
  span: Span;
}

/** `key: value` in a map literal `{k: v, …}`. */
export interface MapEntry {
  key: Expr;
  value: Expr;
}

export interface FieldInit {
  name: string;
  value: Expr;
  span: Span;
}

// ---- statements and declarations (§4, §6) ----
export type LetKind = "let" | "let mut" | "var" | "const";

export interface FnDecl {
  kind: "FnDecl";
  name: string;
  /** Exported from its module (spec/language.md §11); ignored on methods. */
  pub?: true;
  generics: GenericParam[];
  params: Param[];
  returnType: TypeExpr | null;
  /** Block form, `=> expr` form, or null for a prototype / body-less `kind` method. */
  body: Block | Expr | null;
  span: Span;
}

export interface StructField {
  name: string;
  type: TypeExpr;
  span: Span;
}

export interface StructDecl {
  kind: "StructDecl";
  name: string;
  pub?: true;
  generics: GenericParam[];
  fields: StructField[];
  methods: FnDecl[];
  span: Span;
}

export interface Variant {
  name: string;
  /** Payload types; null for a variant written without parentheses. */
  fields: TypeExpr[] | null;
  span: Span;
}

export interface EnumDecl {
  kind: "EnumDecl";
  name: string;
  pub?: true;
  generics: GenericParam[];
  variants: Variant[];
  span: Span;
}

export interface ImplDecl {
  kind: "ImplDecl";
  generics: GenericParam[];
  typeName: string;
  typeArgs: TypeExpr[];
  /** `impl T <- K` and `impl K for T` both record K here (parsed, ignored: §6.6). */
  kindName: string | null;
  methods: FnDecl[];
  span: Span;
}

export interface KindDecl {
  kind: "KindDecl";
  name: string;
  generics: GenericParam[];
  parent: string | null;
  methods: FnDecl[];
  span: Span;
}

export interface ImportDecl {
  kind: "ImportDecl";
  path: string[];
  alias: string | null;
  /** `import a.b.{x, y as z}`; "*" for `import a.b.*`; null for a plain module import. */
  items: { name: string; alias: string | null; span: Span }[] | "*" | null;
  span: Span;
}

export type Stmt =
  | {
      kind: "Let";
      letKind: LetKind;
      pattern: Pattern;
      type: TypeExpr | null;
      value: Expr;
      /** `pub let` / `pub const`: exported from its module (spec/language.md §11). */
      pub?: true;
      span: Span;
    }
  | { kind: "Assign"; op: AssignOp; target: Expr; value: Expr; span: Span }
  | { kind: "ExprStmt"; expr: Expr; span: Span }
  | { kind: "While"; cond: Expr; body: Block; span: Span }
  | { kind: "For"; pattern: Pattern; iterable: Expr; body: Block; span: Span }
  | FnDecl
  | StructDecl
  | EnumDecl
  | ImplDecl
  | KindDecl
  | ImportDecl
  | { kind: "TypeAlias"; name: string; generics: GenericParam[]; type: TypeExpr; span: Span };

/** The syntax tree of one source file. */
export interface SourceFile {
  kind: "SourceFile";
  stmts: Stmt[];
  span: Span;
}

export type Node = SourceFile | Stmt | Expr | Pattern | TypeExpr | Block;

// ---- the child walker ----

/** What the walkers visit: statements, expressions, blocks and patterns (types are erased). */
export type WalkNode = Stmt | Expr | Block | Pattern;

/**
 * The one child walker of the AST: calls `f` on each direct child of `node` that is a
 * statement, expression, block or pattern, in source order, and stores what `f` returns in
 * that child's place. `f` returns the child itself to keep it; in an expression's place it
 * may return another expression (constant folding), nothing else.
 */
export function mapChildren(node: WalkNode, f: (child: WalkNode) => WalkNode | void): void {
  // No closures per call: the walk runs once per node in every pass over a program.
  // Most frequent kinds first: an unoptimised switch tests the cases in order.
  switch (node.kind) {
    case "Ident":
    case "IntLit":
    case "BindingPat":
    case "FloatLit":
    case "StringLit":
    case "BoolLit":
    case "CharLit":
    case "UnitLit":
    case "WildcardPat":
    case "Break":
    case "Continue":
    case "EnumDecl":
    case "ImportDecl":
    case "TypeAlias":
      return;
    case "Binary":
    case "Pipe":
      node.left = (f(node.left) ?? node.left) as Expr;
      node.right = (f(node.right) ?? node.right) as Expr;
      return;
    case "Call":
      node.callee = (f(node.callee) ?? node.callee) as Expr;
      mapEach(node.args, f);
      return;
    case "Field":
    case "TupleIndex":
      node.object = (f(node.object) ?? node.object) as Expr;
      return;
    case "Let":
      node.pattern = (f(node.pattern) ?? node.pattern) as Pattern;
      node.value = (f(node.value) ?? node.value) as Expr;
      return;
    case "ExprStmt":
      node.expr = (f(node.expr) ?? node.expr) as Expr;
      return;
    case "Block":
      mapEach(node.stmts, f);
      return;
    case "Assign":
      node.target = (f(node.target) ?? node.target) as Expr;
      node.value = (f(node.value) ?? node.value) as Expr;
      return;
    case "If":
      node.cond = (f(node.cond) ?? node.cond) as Expr;
      node.then = (f(node.then) ?? node.then) as Block;
      if (node.else !== null) node.else = (f(node.else) ?? node.else) as Block;
      return;
    case "Unary":
      node.operand = (f(node.operand) ?? node.operand) as Expr;
      return;
    case "Index":
      node.object = (f(node.object) ?? node.object) as Expr;
      node.index = (f(node.index) ?? node.index) as Expr;
      return;
    case "Tuple":
    case "Array":
    case "SetLit":
      mapEach(node.elements, f);
      return;
    case "Match":
      node.subject = (f(node.subject) ?? node.subject) as Expr;
      for (const arm of node.arms) {
        arm.pattern = (f(arm.pattern) ?? arm.pattern) as Pattern;
        if (arm.guard !== null) arm.guard = (f(arm.guard) ?? arm.guard) as Expr;
        arm.body = (f(arm.body) ?? arm.body) as Expr;
      }
      return;
    case "FnDecl":
    case "Lambda":
      if (node.body !== null) node.body = (f(node.body) ?? node.body) as Block | Expr;
      return;
    case "Return":
      if (node.value !== null) node.value = (f(node.value) ?? node.value) as Expr;
      return;
    case "For":
      node.pattern = (f(node.pattern) ?? node.pattern) as Pattern;
      node.iterable = (f(node.iterable) ?? node.iterable) as Expr;
      node.body = (f(node.body) ?? node.body) as Block;
      return;
    case "While":
      node.cond = (f(node.cond) ?? node.cond) as Expr;
      node.body = (f(node.body) ?? node.body) as Block;
      return;
    case "StructLit":
      for (const field of node.fields) field.value = (f(field.value) ?? field.value) as Expr;
      return;
    case "Interpolation":
      mapEach(node.parts, f);
      return;
    case "Formatted":
      node.value = (f(node.value) ?? node.value) as Expr;
      return;
    case "Cast":
    case "Propagate":
      node.expr = (f(node.expr) ?? node.expr) as Expr;
      return;
    case "Range":
      if (node.start !== null) node.start = (f(node.start) ?? node.start) as Expr;
      if (node.end !== null) node.end = (f(node.end) ?? node.end) as Expr;
      return;
    case "MacroCall":
      mapEach(node.args, f);
      return;
    case "MapLit":
      for (const en of node.entries) {
        en.key = (f(en.key) ?? en.key) as Expr;
        en.value = (f(en.value) ?? en.value) as Expr;
      }
      return;
    case "LiteralPat":
      node.literal = (f(node.literal) ?? node.literal) as Literal;
      return;
    case "CtorPat":
      for (const arg of node.args ?? []) arg.pattern = (f(arg.pattern) ?? arg.pattern) as Pattern;
      return;
    case "TuplePat":
      mapEach(node.elements, f);
      return;
    case "OrPat":
      mapEach(node.alternatives, f);
      return;
    case "RangePat":
      node.low = (f(node.low) ?? node.low) as IntLit | CharLit;
      node.high = (f(node.high) ?? node.high) as IntLit | CharLit;
      return;
    case "Do":
      node.body = (f(node.body) ?? node.body) as Block;
      return;
    case "TryCatch":
      node.body = (f(node.body) ?? node.body) as Block;
      if (node.catchBody !== null) node.catchBody = (f(node.catchBody) ?? node.catchBody) as Block;
      if (node.finallyBody !== null)
        node.finallyBody = (f(node.finallyBody) ?? node.finallyBody) as Block;
      return;
    case "LetIn":
      node.pattern = (f(node.pattern) ?? node.pattern) as Pattern;
      node.value = (f(node.value) ?? node.value) as Expr;
      node.body = (f(node.body) ?? node.body) as Expr;
      return;
    case "Throw":
      node.value = (f(node.value) ?? node.value) as Expr;
      return;
    case "StructDecl":
    case "ImplDecl":
    case "KindDecl":
      mapEach(node.methods, f);
      return;
  }
}

/** Calls `f` on each direct child of `node` (mapChildren's order), changing nothing. */
export function forEachChild(node: WalkNode, f: (child: WalkNode) => void): void {
  mapChildren(node, f);
}

/**
 * Replaces each element of `xs` in place by what `f` returns (itself when nothing); a
 * template's text parts are kept without a call.
 */
function mapEach<T>(xs: T[], f: (child: WalkNode) => WalkNode | void): void {
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as WalkNode | { kind: "Text" };
    if (x.kind !== "Text") xs[i] = (f(x as WalkNode) ?? x) as T;
  }
}

// ---- left-associative chains ----

/**
 * The operand a chain link continues, when `e` is a link: the left operand of a binary
 * operator or a pipe, the callee of a call, the object of `.f` / `.0` / `[i]`, the operand of
 * `as` / `?`. Chains are flat in the syntax (spec/language.md §4.2: they do not count as
 * nesting), so a pass must never recurse down them: it walks the spine with `chainBelow`.
 */
export function chainLeft(e: WalkNode): Expr | null {
  switch (e.kind) {
    case "Binary":
    case "Pipe":
      return e.left;
    case "Call":
      return e.callee;
    case "Field":
    case "TupleIndex":
    case "Index":
      return e.object;
    case "Cast":
    case "Propagate":
      return e.expr;
    default:
      return null;
  }
}

/** Replaces the operand `chainLeft(e)` returns (a pass that rewrites nodes: folding). */
export function setChainLeft(e: Expr, left: Expr): void {
  switch (e.kind) {
    case "Binary":
    case "Pipe":
      e.left = left;
      return;
    case "Call":
      e.callee = left;
      return;
    case "Field":
    case "TupleIndex":
    case "Index":
      e.object = left;
      return;
    case "Cast":
    case "Propagate":
      e.expr = left;
      return;
    default:
      throw new Error(`internal: ${e.kind} is not a chain link`);
  }
}

/**
 * The links of `e`'s left spine below `e`, innermost first: `chainLeft` of the first one is
 * the chain's head (no link); `chainLeft` of each next one is the one before it; `e`'s own
 * `chainLeft` is the last. Empty when `e` is no link or its left operand is none. A pass may
 * give its own `left`: `chainLeft`, or null where it does not continue the chain.
 */
export function chainBelow(e: WalkNode, left: (e: WalkNode) => Expr | null = chainLeft): Expr[] {
  const links: Expr[] = [];
  for (let x = left(e); x !== null && left(x) !== null; x = left(x)) links.push(x);
  return links.reverse();
}

/**
 * The operands of a chain of one binary operator (`a and b and c`), in source order, collected
 * down the left spine without recursing.
 */
export function sameOperatorOperands(e: Extract<Expr, { kind: "Binary" }>): Expr[] {
  const operands: Expr[] = [e.right];
  let head = e.left;
  while (head.kind === "Binary" && head.op === e.op) {
    operands.push(head.right);
    head = head.left;
  }
  operands.push(head);
  return operands.reverse();
}

/**
 * Calls `f` on every node under `roots`, parents first, in source order; when `f` returns
 * false the node's children are skipped. Iterative: a chain is as long as its program.
 */
export function eachNode(roots: readonly WalkNode[], f: (node: WalkNode) => boolean | void): void {
  const stack: WalkNode[] = [...roots].reverse();
  const push = (child: WalkNode): void => void stack.push(child);
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (f(n) === false) continue;
    // The children go on the stack, then their order is reversed in place.
    let a = stack.length;
    forEachChild(n, push);
    for (let b = stack.length - 1; a < b; a++, b--) {
      const child = stack[a]!;
      stack[a] = stack[b]!;
      stack[b] = child;
    }
  }
}
