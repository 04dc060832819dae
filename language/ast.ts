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
  | CtorPat;

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
  | { kind: "Unary"; op: "-" | "!"; operand: Expr; span: Span }
  | { kind: "Binary"; op: BinaryOp; left: Expr; right: Expr; span: Span }
  | { kind: "Pipe"; left: Expr; right: Expr; span: Span }
  | { kind: "Range"; start: Expr | null; end: Expr | null; inclusive: boolean; span: Span }
  | { kind: "Call"; callee: Expr; args: Expr[]; span: Span }
  | { kind: "StructLit"; name: string; fields: FieldInit[]; span: Span }
  | { kind: "Field"; object: Expr; name: string; span: Span }
  | { kind: "TupleIndex"; object: Expr; index: number; span: Span }
  | { kind: "Index"; object: Expr; index: Expr; span: Span }
  | { kind: "Cast"; expr: Expr; type: TypeExpr; span: Span }
  | { kind: "Propagate"; expr: Expr; span: Span }
  | { kind: "MacroCall"; name: string; args: Expr[]; span: Span }
  | { kind: "Interpolation"; parts: InterpPart[]; span: Span }
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

export interface Program {
  kind: "Program";
  stmts: Stmt[];
  span: Span;
}

export type Node = Program | Stmt | Expr | Pattern | TypeExpr | Block;

// ---- the child walker ----

/** What the walkers visit: statements, expressions, blocks and patterns (types are erased). */
export type WalkNode = Stmt | Expr | Block | Pattern;

/**
 * The one child walker of the AST: calls `f` on each direct child of `node` that is a
 * statement, expression, block or pattern, in source order, and stores what `f` returns in
 * that child's place. `f` returns the child itself to keep it; in an expression's place it
 * may return another expression (constant folding), nothing else.
 */
export function mapChildren(node: WalkNode, f: (child: WalkNode) => WalkNode): void {
  const e = (x: Expr): Expr => f(x) as Expr;
  const b = (x: Block): Block => f(x) as Block;
  const p = (x: Pattern): Pattern => f(x) as Pattern;
  /** Replaces the elements of `xs` in place (forEachChild allocates nothing). */
  const each = <T>(xs: T[], g: (x: T) => T): void => {
    for (let i = 0; i < xs.length; i++) xs[i] = g(xs[i]!);
  };
  const fn = (d: FnDecl | Lambda): void => {
    if (d.body !== null) d.body = f(d.body) as Block | Expr;
  };
  switch (node.kind) {
    case "Let":
      node.pattern = p(node.pattern);
      node.value = e(node.value);
      return;
    case "Assign":
      node.target = e(node.target);
      node.value = e(node.value);
      return;
    case "ExprStmt":
      node.expr = e(node.expr);
      return;
    case "While":
      node.cond = e(node.cond);
      node.body = b(node.body);
      return;
    case "For":
      node.pattern = p(node.pattern);
      node.iterable = e(node.iterable);
      node.body = b(node.body);
      return;
    case "FnDecl":
    case "Lambda":
      fn(node);
      return;
    case "StructDecl":
    case "ImplDecl":
    case "KindDecl":
      each(node.methods, (m) => f(m) as FnDecl);
      return;
    case "Tuple":
    case "Array":
      each(node.elements, e);
      return;
    case "Unary":
      node.operand = e(node.operand);
      return;
    case "Binary":
    case "Pipe":
      node.left = e(node.left);
      node.right = e(node.right);
      return;
    case "Range":
      if (node.start !== null) node.start = e(node.start);
      if (node.end !== null) node.end = e(node.end);
      return;
    case "Call":
      node.callee = e(node.callee);
      each(node.args, e);
      return;
    case "MacroCall":
      each(node.args, e);
      return;
    case "StructLit":
      for (const field of node.fields) field.value = e(field.value);
      return;
    case "Field":
    case "TupleIndex":
      node.object = e(node.object);
      return;
    case "Index":
      node.object = e(node.object);
      node.index = e(node.index);
      return;
    case "Cast":
    case "Propagate":
      node.expr = e(node.expr);
      return;
    case "Interpolation":
      each(node.parts, (part) => (part.kind === "Text" ? part : e(part)));
      return;
    case "If":
      node.cond = e(node.cond);
      node.then = b(node.then);
      if (node.else !== null) node.else = b(node.else);
      return;
    case "Match":
      node.subject = e(node.subject);
      for (const arm of node.arms) {
        arm.pattern = p(arm.pattern);
        if (arm.guard !== null) arm.guard = e(arm.guard);
        arm.body = e(arm.body);
      }
      return;
    case "Do":
      node.body = b(node.body);
      return;
    case "TryCatch":
      node.body = b(node.body);
      if (node.catchBody !== null) node.catchBody = b(node.catchBody);
      if (node.finallyBody !== null) node.finallyBody = b(node.finallyBody);
      return;
    case "LetIn":
      node.pattern = p(node.pattern);
      node.value = e(node.value);
      node.body = e(node.body);
      return;
    case "Return":
      if (node.value !== null) node.value = e(node.value);
      return;
    case "Throw":
      node.value = e(node.value);
      return;
    case "Block":
      each(node.stmts, (s) => f(s) as Stmt);
      return;
    case "TuplePat":
      each(node.elements, p);
      return;
    case "CtorPat":
      for (const arg of node.args ?? []) arg.pattern = p(arg.pattern);
      return;
    case "LiteralPat":
      node.literal = f(node.literal) as Literal;
      return;
    case "EnumDecl":
    case "ImportDecl":
    case "TypeAlias":
    case "IntLit":
    case "FloatLit":
    case "StringLit":
    case "CharLit":
    case "BoolLit":
    case "UnitLit":
    case "Ident":
    case "Break":
    case "Continue":
    case "WildcardPat":
    case "BindingPat":
      return;
  }
}

/** Calls `f` on each direct child of `node` (mapChildren's order), changing nothing. */
export function forEachChild(node: WalkNode, f: (child: WalkNode) => void): void {
  mapChildren(node, (child) => {
    f(child);
    return child;
  });
}
