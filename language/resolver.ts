// Name resolution and the static checks that need no types (spec/language.md §7): undefined
// names, assignment to immutables, break/continue outside loops, duplicate fields, params and
// declarations, unknown structs/enums/variants, struct-literal and variant arity, macro names.
// Produces side tables the compiler consumes: every identifier use and declaration site maps
// to a `Binding` (unique id, kind, mutability, capture flag, function depth).

import type * as A from "./ast.js";
import { diagnostic, type Diagnostic, type DiagnosticCode, type Span } from "./diagnostics.js";

export type BindingKind =
  | "let"
  | "var"
  | "param"
  | "fn"
  | "const"
  | "loop"
  | "pattern"
  | "global-fn"
  | "struct"
  | "enum"
  | "import"
  | "native-prelude";

export interface Binding {
  /** Unique within one `resolve` run, in declaration order. */
  id: number;
  name: string;
  kind: BindingKind;
  mutable: boolean;
  /** Set when some use sits in a function nested deeper than the declaration. */
  captured: boolean;
  /** Function nesting depth of the declaring scope: 0 is the program's top level. */
  depth: number;
  /** The declaring node: BindingPat, Param, FnDecl, StructDecl, EnumDecl, ImportDecl, TryCatch; null for the prelude. */
  decl: object | null;
}

export type PatternTarget =
  | { kind: "struct"; struct: A.StructDecl }
  | { kind: "variant"; enumName: string; variant: string; decl: A.EnumDecl | null };

export interface Resolution {
  diagnostics: Diagnostic[];
  /** Each `Ident` expression (including assignment targets) → the binding it names. */
  uses: Map<A.Ident, Binding>;
  /** Each declaration site → the binding it introduces (for `ImportDecl` with items: the last). */
  declarations: Map<object, Binding>;
  /** What each constructor pattern tests for. */
  patterns: Map<A.CtorPat, PatternTarget>;
  bindings: Binding[];
}

/** Names every program can use without declaring them (spec/language.md §7). */
export const PRELUDE: readonly string[] = [
  "print",
  "println",
  "Option",
  "Some",
  "None",
  "Result",
  "Ok",
  "Err",
  "std",
  "io",
  "math",
];

/** Payload arity of the built-in enums' variants. */
const BUILTIN_ENUMS: Readonly<Record<string, Readonly<Record<string, number | null>>>> = {
  Option: { Some: 1, None: null },
  Result: { Ok: 1, Err: 1 },
};
const PRELUDE_VARIANT: Readonly<Record<string, string>> = {
  Some: "Option",
  None: "Option",
  Ok: "Result",
  Err: "Result",
};
const MACRO_ARITY: Readonly<Record<string, [number, number]>> = {
  println: [0, 1],
  print: [1, 1],
  panic: [1, 1],
  assert: [1, 2],
};
const UNDEFINED_HINTS: Readonly<Record<string, string>> = {
  not: "Veld negates with `!`",
  nil: "Veld has `()` and `Option.None`",
  null: "Veld has `()` and `Option.None`",
  elif: "write `else if`",
  elsif: "write `else if`",
  loop: "write `while true do … end`",
};

/** Own-property lookup, so names like `constructor` never hit Object.prototype. */
function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

class Scope {
  readonly names = new Map<string, Binding>();
  constructor(
    readonly parent: Scope | null,
    readonly depth: number,
    readonly isModule = false,
  ) {}
  lookup(name: string): Binding | undefined {
    for (let s: Scope | null = this; s !== null; s = s.parent) {
      const b = s.names.get(name);
      if (b !== undefined) return b;
    }
    return undefined;
  }
}

interface FnContext {
  depth: number;
  loops: number;
  isMethod: boolean;
}

export function resolve(program: A.Program): Resolution {
  return new Resolver().run(program);
}

class Resolver {
  private readonly result: Resolution = {
    diagnostics: [],
    uses: new Map(),
    declarations: new Map(),
    patterns: new Map(),
    bindings: [],
  };
  private fn: FnContext = { depth: 0, loops: 0, isMethod: false };
  private scope: Scope;
  /** Method names per type, from `impl` blocks and struct-inline methods. */
  private readonly methods = new Map<string, Set<string>>();
  private wildcardImport = false;

  constructor() {
    const prelude = new Scope(null, 0);
    for (const name of PRELUDE) this.declare(prelude, name, "native-prelude", false, null);
    this.scope = new Scope(prelude, 0, true);
  }

  run(program: A.Program): Resolution {
    this.hoist(program.stmts);
    for (const s of program.stmts) this.stmt(s);
    return this.result;
  }

  private error(code: DiagnosticCode, message: string, span: Span, hint?: string): void {
    this.result.diagnostics.push(diagnostic(code, message, span, hint));
  }

  private declare(
    scope: Scope,
    name: string,
    kind: BindingKind,
    mutable: boolean,
    decl: object | null,
  ): Binding {
    const b: Binding = {
      id: this.result.bindings.length,
      name,
      kind,
      mutable,
      captured: false,
      depth: scope.depth,
      decl,
    };
    this.result.bindings.push(b);
    scope.names.set(name, b);
    if (decl !== null) this.result.declarations.set(decl, b);
    return b;
  }

  /** Top-level functions, structs and enums are visible everywhere in the file (§7.1). */
  private hoist(stmts: readonly A.Stmt[]): void {
    const kinds: Partial<Record<A.Stmt["kind"], BindingKind>> = {
      FnDecl: "global-fn",
      StructDecl: "struct",
      EnumDecl: "enum",
    };
    for (const s of stmts) {
      const kind = kinds[s.kind];
      if (kind === undefined || !("name" in s)) continue;
      if (this.scope.names.has(s.name)) {
        this.error(
          "E0314",
          `\`${s.name}\` is declared twice at the top level`,
          s.span,
          "rename one of the declarations",
        );
      }
      this.declare(this.scope, s.name, kind, false, s);
    }
    this.collectMethods(stmts);
  }

  private collectMethods(stmts: readonly A.Stmt[]): void {
    for (const s of stmts) {
      if (s.kind !== "ImplDecl" && s.kind !== "StructDecl") continue;
      const type = s.kind === "ImplDecl" ? s.typeName : s.name;
      const set = this.methods.get(type) ?? new Set<string>();
      for (const m of s.methods) set.add(m.name);
      this.methods.set(type, set);
    }
  }

  private withScope<T>(body: () => T): T {
    const saved = this.scope;
    this.scope = new Scope(saved, this.fn.depth);
    try {
      return body();
    } finally {
      this.scope = saved;
    }
  }

  private block(b: A.Block): void {
    this.withScope(() => {
      this.collectMethods(b.stmts);
      for (const s of b.stmts) this.stmt(s);
    });
  }

  // ---------- statements ----------
  private stmt(s: A.Stmt): void {
    switch (s.kind) {
      case "Let": {
        this.expr(s.value);
        if (s.letKind === "const" && !this.scope.isModule) {
          this.error(
            "E0310",
            "`const` is only allowed at module level",
            s.span,
            "use `let` inside functions and blocks",
          );
        }
        const kind: BindingKind =
          s.letKind === "var" ? "var" : s.letKind === "const" ? "const" : "let";
        this.declarePattern(s.pattern, kind, s.letKind === "var" || s.letKind === "let mut");
        return;
      }
      case "Assign":
        this.expr(s.value);
        this.assignTarget(s.target);
        return;
      case "ExprStmt":
        this.expr(s.expr);
        return;
      case "While":
        this.expr(s.cond);
        this.loop(() => this.block(s.body));
        return;
      case "For":
        this.expr(s.iterable);
        this.withScope(() => {
          this.declarePattern(s.pattern, "loop", false);
          this.loop(() => this.block(s.body));
        });
        return;
      case "FnDecl":
        if (!this.scope.isModule) this.declareChecked(s.name, "fn", false, s, s.span);
        this.function(s.params, s.body, false);
        return;
      case "StructDecl":
        this.structDecl(s);
        return;
      case "EnumDecl":
        this.enumDecl(s);
        return;
      case "ImplDecl": {
        const target = this.scope.lookup(s.typeName);
        if (
          target === undefined ||
          (target.kind !== "struct" && target.kind !== "enum" && target.kind !== "native-prelude")
        ) {
          this.error(
            "E0305",
            `no struct or enum named \`${s.typeName}\``,
            s.span,
            "declare the type before implementing methods for it",
          );
        }
        for (const m of s.methods) this.function(m.params, m.body, true);
        return;
      }
      case "KindDecl":
        for (const m of s.methods) if (m.body !== null) this.function(m.params, m.body, true);
        return;
      case "ImportDecl":
        this.importDecl(s);
        return;
      case "TypeAlias":
        return;
    }
  }

  private loop(body: () => void): void {
    this.fn.loops++;
    body();
    this.fn.loops--;
  }

  private declareChecked(
    name: string,
    kind: BindingKind,
    mutable: boolean,
    decl: object,
    span: Span,
  ): Binding {
    const existing = this.scope.names.get(name);
    if (
      existing !== undefined &&
      (mutable || existing.kind === "var" || (existing.kind === "let" && existing.mutable))
    ) {
      this.error(
        "E0309",
        `\`${name}\` is already declared as mutable in this scope`,
        span,
        `assign with \`${name} = …\`, or shadow it in an inner block`,
      );
    }
    return this.declare(this.scope, name, kind, mutable, decl);
  }

  private structDecl(s: A.StructDecl): void {
    if (!this.scope.isModule) this.declareChecked(s.name, "struct", false, s, s.span);
    const seen = new Set<string>();
    for (const f of s.fields) {
      if (seen.has(f.name))
        this.error("E0304", `field \`${f.name}\` is declared twice in \`${s.name}\``, f.span);
      seen.add(f.name);
    }
    for (const m of s.methods) this.function(m.params, m.body, true);
  }

  private enumDecl(e: A.EnumDecl): void {
    if (!this.scope.isModule) this.declareChecked(e.name, "enum", false, e, e.span);
    const seen = new Set<string>();
    for (const v of e.variants) {
      if (seen.has(v.name))
        this.error("E0315", `variant \`${v.name}\` is declared twice in \`${e.name}\``, v.span);
      seen.add(v.name);
    }
  }

  private importDecl(s: A.ImportDecl): void {
    if (s.items === "*") {
      this.wildcardImport = true;
      return;
    }
    if (s.items === null) {
      this.declare(this.scope, s.alias ?? s.path[s.path.length - 1]!, "import", false, s);
      return;
    }
    for (const item of s.items)
      this.declare(this.scope, item.alias ?? item.name, "import", false, s);
  }

  private function(
    params: readonly A.Param[],
    body: A.Block | A.Expr | null,
    isMethod: boolean,
  ): void {
    const saved = this.fn;
    this.fn = { depth: saved.depth + 1, loops: 0, isMethod: isMethod || saved.isMethod };
    this.withScope(() => {
      const seen = new Set<string>();
      for (const p of params) {
        if (seen.has(p.name))
          this.error("E0308", `parameter \`${p.name}\` is declared twice`, p.span);
        if (p.name === "self" && !isMethod)
          this.error(
            "E0311",
            "`self` is only a parameter of methods",
            p.span,
            "methods live in `impl` blocks or struct bodies",
          );
        seen.add(p.name);
        this.declare(this.scope, p.name, "param", p.mutable, p);
      }
      if (body === null) return;
      if (body.kind === "Block") this.block(body);
      else this.expr(body);
    });
    this.fn = saved;
  }

  // ---------- patterns ----------
  private declarePattern(p: A.Pattern, kind: BindingKind, mutable: boolean): void {
    switch (p.kind) {
      case "BindingPat":
        this.declareChecked(p.name, kind, mutable, p, p.span);
        return;
      case "TuplePat":
        for (const e of p.elements) this.declarePattern(e, kind, mutable);
        return;
      case "CtorPat":
        this.ctorPattern(p, kind);
        return;
      case "WildcardPat":
      case "LiteralPat":
        return;
    }
  }

  private ctorPattern(p: A.CtorPat, kind: BindingKind): void {
    const target = this.ctorTarget(p);
    if (target !== null) this.result.patterns.set(p, target);
    for (const arg of p.args ?? []) {
      if (target?.kind === "struct") {
        const field = arg.label ?? (arg.pattern.kind === "BindingPat" ? arg.pattern.name : null);
        if (field === null) {
          this.error(
            "E0317",
            "struct patterns name their fields",
            arg.span,
            `write \`field: pattern\`, e.g. \`${p.path[0]}(x: 0)\``,
          );
        } else if (!target.struct.fields.some((f) => f.name === field)) {
          this.error(
            "E0307",
            `struct \`${target.struct.name}\` has no field \`${field}\``,
            arg.span,
          );
        }
      }
      this.declarePattern(arg.pattern, kind, false);
    }
  }

  private ctorTarget(p: A.CtorPat): PatternTarget | null {
    const [first, second] = p.path as [string, string | undefined];
    const argCount = p.args?.length ?? null;
    if (second === undefined) {
      const b = this.scope.lookup(first);
      if (b?.kind === "struct") return { kind: "struct", struct: b.decl as A.StructDecl };
      const owner = own(PRELUDE_VARIANT, first);
      if (b?.kind === "native-prelude" && owner !== undefined)
        return this.variantTarget(owner, first, argCount, p.span);
      this.error(
        "E0305",
        `no struct or built-in variant named \`${first}\``,
        p.span,
        "enum variants are written `Enum.Variant`",
      );
      return null;
    }
    return this.variantTarget(first, second, argCount, p.span);
  }

  /** Checks `E.V` / `E.V(n args)` against the enum in scope; null args means a bare test. */
  private variantTarget(
    enumName: string,
    variant: string,
    args: number | null,
    span: Span,
  ): PatternTarget | null {
    const b = this.scope.lookup(enumName);
    const decl = b?.kind === "enum" ? (b.decl as A.EnumDecl) : null;
    const arities =
      decl !== null
        ? arityTable(decl)
        : b?.kind === "native-prelude"
          ? own(BUILTIN_ENUMS, enumName)
          : undefined;
    if (arities === undefined) {
      this.error(b === undefined ? "E0301" : "E0306", `\`${enumName}\` is not an enum`, span);
      return null;
    }
    if (!Object.hasOwn(arities, variant)) {
      this.error("E0306", `enum \`${enumName}\` has no variant \`${variant}\``, span);
      return null;
    }
    this.checkVariantArity(enumName, variant, arities[variant]!, args, span);
    return { kind: "variant", enumName, variant, decl };
  }

  private checkVariantArity(
    enumName: string,
    variant: string,
    arity: number | null,
    args: number | null,
    span: Span,
  ): void {
    if (args === null || (arity === null && args === 0) || args === arity) return;
    const takes = arity === null ? "no values" : `${arity} value${arity === 1 ? "" : "s"}`;
    this.error("E0316", `variant \`${enumName}.${variant}\` takes ${takes}, got ${args}`, span);
  }

  // ---------- expressions ----------
  private use(id: A.Ident): Binding | undefined {
    let b = this.scope.lookup(id.name);
    if (b === undefined && this.wildcardImport && id.name !== "self") {
      b = this.declare(this.scope, id.name, "import", false, null);
    }
    if (b === undefined) {
      if (id.name === "self")
        this.error(
          "E0311",
          "`self` is only available inside methods",
          id.span,
          "declare the method with a `self` parameter",
        );
      else
        this.error(
          "E0301",
          `cannot find \`${id.name}\` in this scope`,
          id.span,
          own(UNDEFINED_HINTS, id.name),
        );
      return undefined;
    }
    if (b.depth < this.fn.depth && b.kind !== "native-prelude") b.captured = true;
    this.result.uses.set(id, b);
    return b;
  }

  private assignTarget(target: A.Expr): void {
    if (target.kind !== "Ident") {
      this.expr(target);
      return;
    }
    const b = this.use(target);
    if (b === undefined || b.mutable) return;
    const what: Partial<Record<BindingKind, string>> = {
      let: "a `let` binding",
      param: "a parameter",
      loop: "a loop variable",
      pattern: "a pattern binding",
      const: "a constant",
    };
    const hint =
      b.kind === "let"
        ? "declare it with `let mut` or `var`"
        : b.kind === "param"
          ? "copy it into a `var` first"
          : undefined;
    this.error(
      "E0302",
      `cannot assign to \`${b.name}\`: it is ${what[b.kind] ?? `a ${b.kind} name`}`,
      target.span,
      hint,
    );
  }

  private expr(e: A.Expr): void {
    switch (e.kind) {
      case "IntLit":
      case "FloatLit":
      case "StringLit":
      case "CharLit":
      case "BoolLit":
      case "UnitLit":
        return;
      case "Ident":
        this.use(e);
        return;
      case "Tuple":
      case "Array":
        for (const x of e.elements) this.expr(x);
        return;
      case "Unary":
        this.expr(e.operand);
        return;
      case "Binary":
      case "Pipe":
        this.expr(e.left);
        this.expr(e.right);
        return;
      case "Range":
        if (e.start !== null) this.expr(e.start);
        if (e.end !== null) this.expr(e.end);
        return;
      case "Call":
        this.call(e);
        return;
      case "StructLit":
        this.structLit(e);
        return;
      case "Field":
        this.field(e, null);
        return;
      case "TupleIndex":
        this.expr(e.object);
        return;
      case "Index":
        this.expr(e.object);
        this.expr(e.index);
        return;
      case "Cast":
      case "Propagate":
        this.expr(e.expr);
        return;
      case "MacroCall":
        this.macro(e);
        return;
      case "Interpolation":
        for (const p of e.parts) if (p.kind !== "Text") this.expr(p);
        return;
      case "If":
        this.expr(e.cond);
        this.block(e.then);
        if (e.else !== null) this.block(e.else);
        return;
      case "Match":
        this.expr(e.subject);
        for (const arm of e.arms) {
          this.withScope(() => {
            this.declarePattern(arm.pattern, "pattern", false);
            if (arm.guard !== null) this.expr(arm.guard);
            this.expr(arm.body);
          });
        }
        return;
      case "Do":
        this.block(e.body);
        return;
      case "TryCatch":
        this.block(e.body);
        if (e.catchBody !== null) {
          const body = e.catchBody;
          this.withScope(() => {
            if (e.catchName !== null) this.declare(this.scope, e.catchName, "pattern", false, e);
            this.block(body);
          });
        }
        if (e.finallyBody !== null) this.block(e.finallyBody);
        return;
      case "LetIn":
        this.expr(e.value);
        this.withScope(() => {
          this.declarePattern(e.pattern, "let", e.mutable);
          this.expr(e.body);
        });
        return;
      case "Lambda":
        this.function(e.params, e.body, false);
        return;
      case "Return":
        if (e.value !== null) this.expr(e.value);
        return;
      case "Break":
      case "Continue":
        if (this.fn.loops === 0) {
          const word = e.kind === "Break" ? "break" : "continue";
          this.error(
            "E0303",
            `\`${word}\` outside of a loop`,
            e.span,
            "`break` and `continue` only work inside `while` and `for` bodies",
          );
        }
        return;
      case "Throw":
        this.expr(e.value);
        return;
    }
  }

  /** `E.V` on an enum checks the variant (or static method) exists; `args` is the call's count. */
  private field(e: Extract<A.Expr, { kind: "Field" }>, args: number | null): void {
    this.expr(e.object);
    if (e.object.kind !== "Ident") return;
    const b = this.result.uses.get(e.object);
    if (b === undefined) return;
    const decl = b.kind === "enum" ? (b.decl as A.EnumDecl) : null;
    const arities =
      decl !== null
        ? arityTable(decl)
        : b.kind === "native-prelude"
          ? own(BUILTIN_ENUMS, b.name)
          : undefined;
    if (arities === undefined) return;
    if (Object.hasOwn(arities, e.name))
      this.checkVariantArity(b.name, e.name, arities[e.name]!, args, e.span);
    else if (!this.methods.get(b.name)?.has(e.name)) {
      this.error("E0306", `enum \`${b.name}\` has no variant or method \`${e.name}\``, e.span);
    }
  }

  private call(e: Extract<A.Expr, { kind: "Call" }>): void {
    if (e.callee.kind === "Field") this.field(e.callee, e.args.length);
    else {
      this.expr(e.callee);
      const owner = e.callee.kind === "Ident" ? own(PRELUDE_VARIANT, e.callee.name) : undefined;
      const b = e.callee.kind === "Ident" ? this.result.uses.get(e.callee) : undefined;
      if (owner !== undefined && b?.kind === "native-prelude") {
        this.checkVariantArity(
          owner,
          b.name,
          BUILTIN_ENUMS[owner]![b.name]!,
          e.args.length,
          e.span,
        );
      }
    }
    for (const a of e.args) this.expr(a);
  }

  private structLit(e: Extract<A.Expr, { kind: "StructLit" }>): void {
    const b = this.scope.lookup(e.name);
    for (const f of e.fields) this.expr(f.value);
    if (b?.kind !== "struct") {
      this.error(
        "E0305",
        `no struct named \`${e.name}\``,
        e.span,
        b === undefined ? "declare it with `struct`" : `\`${e.name}\` is not a struct`,
      );
      return;
    }
    const decl = b.decl as A.StructDecl;
    const seen = new Set<string>();
    for (const f of e.fields) {
      if (seen.has(f.name)) this.error("E0304", `field \`${f.name}\` is given twice`, f.span);
      else if (!decl.fields.some((d) => d.name === f.name))
        this.error("E0307", `struct \`${e.name}\` has no field \`${f.name}\``, f.span);
      seen.add(f.name);
    }
    const missing = decl.fields.filter((d) => !seen.has(d.name)).map((d) => `\`${d.name}\``);
    if (missing.length > 0) {
      this.error(
        "E0307",
        `missing field${missing.length > 1 ? "s" : ""} ${missing.join(", ")} in \`${e.name}\` literal`,
        e.span,
        "a struct literal names every field",
      );
    }
  }

  private macro(e: Extract<A.Expr, { kind: "MacroCall" }>): void {
    for (const a of e.args) this.expr(a);
    const arity = own(MACRO_ARITY, e.name);
    if (arity === undefined) {
      this.error(
        "E0312",
        `unknown macro \`${e.name}~\``,
        e.span,
        "Veld core has `println~`, `print~`, `panic~` and `assert~`",
      );
      return;
    }
    const [min, max] = arity;
    if (e.args.length < min || e.args.length > max) {
      const expected = min === max ? `${min}` : `${min} to ${max}`;
      this.error(
        "E0313",
        `\`${e.name}~\` takes ${expected} argument${max === 1 ? "" : "s"}, got ${e.args.length}`,
        e.span,
      );
    }
  }
}

function arityTable(decl: A.EnumDecl): Record<string, number | null> {
  const table: Record<string, number | null> = Object.create(null);
  for (const v of decl.variants) table[v.name] = v.fields === null ? null : v.fields.length;
  return table;
}
