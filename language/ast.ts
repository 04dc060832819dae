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
