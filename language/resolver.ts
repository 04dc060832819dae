// The one owner of a program's meaning (spec/language.md §7, §9): name resolution and every
// static check — undefined names, assignment to immutables, break/continue outside loops,
// duplicate fields, params and declarations, unknown structs/enums/variants/static methods,
// struct-literal and variant arity, macros, `as` targets, natives, and the syntactic limits
// both back ends share. Its side tables are all the compiler and the interpreter know about
// names: every identifier use and declaration site maps to a `Binding` (kind, mutability,
// storage, capture, depth), and every native reference to the native it denotes. Neither back
// end looks a name up by its string.

import type * as A from "./ast.js";
import { chainBelow, chainLeft } from "./ast.js";
import { diagnostic, type Diagnostic, type DiagnosticCode, type Span } from "./diagnostics.js";
import { CAST_TARGETS } from "../format/opcodes.js";
import { nativeArity } from "../format/natives.js";
import { isUserImport, singleModule, type SourceModule } from "./modules.js";
import {
  castTargetOf,
  MACRO_ARITY,
  MATH_CONSTANTS,
  PRELUDE,
  PRELUDE_CTORS,
  PRELUDE_ENUMS,
  PRELUDE_FUNCTIONS,
  PRELUDE_NAMESPACES,
  own,
} from "./prelude.js";

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

/**
 * Where a binding's value lives. `local`: a register of the declaring function (a use from a
 * nested function reaches it as an upvalue). `global`: a module global slot — top-level
 * functions, and top-level variables some function captures (functions are created before
 * main runs, so they cannot capture main's registers). The rest are not variables: `type` (a
 * struct or enum), `prelude-enum` (Option, Result), `prelude-ctor` (Some, None, Ok, Err),
 * `native` (a native function: `print`, `import std.io.{println}`), `namespace` (a native
 * namespace: `std`, `io`, `import std.math as m`), `module` (a user module: `import geometry`;
 * its public items are reached as `geometry.area`, recorded in `Resolution.members`).
 */
export type Storage =
  "local" | "global" | "type" | "prelude-enum" | "prelude-ctor" | "native" | "namespace" | "module";

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
  /** Final once `resolve` returns (captures are known only after the whole walk). */
  storage: Storage;
  /** `native`: the native's path; `namespace`: the path its members extend; else null. */
  path: string | null;
}

/** What an identifier or a field chain rooted at a namespace denotes in the native library. */
export type NativeRef =
  | { readonly kind: "function"; readonly path: string; readonly arity: number }
  | { readonly kind: "constant"; readonly path: string; readonly value: number };

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
  /**
   * Each use of a native: an `Ident` bound to a native function, and the outermost `Field`
   * of a chain rooted at a namespace (`std.math.sqrt`, `io.println`, `std.math.pi`).
   */
  natives: Map<A.Expr, NativeRef>;
  /** Each `m.item` where `m` names a user module → the public binding it reads. */
  members: Map<Extract<A.Expr, { kind: "Field" }>, Binding>;
  /**
   * The struct each struct literal builds, and each call `P()` of a struct without fields
   * (its literal: there is no other way to write one).
   */
  structs: Map<Extract<A.Expr, { kind: "StructLit" } | { kind: "Call" }>, A.StructDecl>;
  /** The type (struct or enum binding, or a prelude enum) each `impl` block extends. */
  impls: Map<A.ImplDecl, Binding>;
  bindings: Binding[];
}

/** Payload arity of the built-in enums' variants (null: a unit variant). */
const BUILTIN_ENUMS: Readonly<Record<string, Readonly<Record<string, number | null>>>> =
  Object.fromEntries(
    Object.entries(PRELUDE_ENUMS).map(([name, variants]) => [
      name,
      Object.fromEntries(variants.map((v) => [v.name, v.arity === 0 ? null : v.arity])),
    ]),
  );
const UNDEFINED_HINTS: Readonly<Record<string, string>> = {
  not: "Veld negates with `!`",
  nil: "Veld has `()` and `Option.None`",
  null: "Veld has `()` and `Option.None`",
  elif: "write `else if`",
  elsif: "write `else if`",
  elseif: "write `else if`",
  loop: "write `while true do … end`",
  panic: "use the macro `panic~(message)`",
  assert: "use the macro `assert~(condition)` or `assert~(condition, message)`",
  format: 'use the macro `format~("… {x} …")`, or `to_str(x)`',
  len: "lengths are a method: `xs.len()`",
  range: "ranges are `0..n` (end excluded) and `0..=n`",
};

/** What `chainBelow` gives a node that is no chain link. */
const NO_LINKS: readonly A.Expr[] = [];

class Scope {
  /** Made on the first declaration: most blocks declare nothing. */
  private declared: Map<string, Binding> | undefined;
  constructor(
    readonly parent: Scope | null,
    readonly depth: number,
    readonly isModule = false,
  ) {}
  /** The names declared in this scope. */
  get names(): Map<string, Binding> {
    return (this.declared ??= new Map());
  }
  lookup(name: string): Binding | undefined {
    for (let s: Scope | null = this; s !== null; s = s.parent) {
      const b = s.declared?.get(name);
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

export interface ResolveOptions {
  /**
   * A REPL session's program: every top-level variable is a global (not only the captured
   * ones), so it outlives the input that declared it.
   */
  readonly session?: boolean;
  /** The file a one-file program's diagnostics name. */
  readonly file?: string;
}

/** Resolves a one-file program: a user-module import is E0330 (no file is read). */
export function resolve(program: A.SourceFile, options: ResolveOptions = {}): Resolution {
  return resolveModules([singleModule(program, options.file ?? "<input>")], options);
}

/**
 * Resolves a program of several modules (`loadProgram`'s order: each after its imports) into
 * one resolution; every diagnostic carries its module's file.
 */
export function resolveModules(
  modules: readonly SourceModule[],
  options: ResolveOptions = {},
): Resolution {
  const r = new Resolver(options.session === true);
  r.programTypes(modules);
  for (const m of modules) r.module(m);
  return r.finish();
}

class Resolver {
  private readonly result: Resolution = {
    diagnostics: [],
    uses: new Map(),
    declarations: new Map(),
    patterns: new Map(),
    natives: new Map(),
    members: new Map(),
    structs: new Map(),
    impls: new Map(),
    bindings: [],
  };
  private fn: FnContext = { depth: 0, loops: 0, isMethod: false };
  /** Chain links already resolved bottom-up (see `expr`), each skipped once when reached. */
  private readonly resolvedLinks = new Set<A.Expr>();
  /** The names `let`s being resolved bind (E0301's hint when one is called in its own value). */
  private readonly initializing: string[] = [];
  /** The identifier being resolved as a callee, `f` of `f(…)`. */
  private calledName: A.Ident | undefined = undefined;
  /** A map literal's key being resolved, when it is a bare name (E0301's hint for `{name: 1}`). */
  private mapKeyName: A.Expr | undefined = undefined;
  private readonly arities = new Map<A.EnumDecl, Record<string, number | null>>();
  /**
   * The program's first type named `Option` or `Result`, in any module: it shadows the
   * prelude's for the whole program (spec/language.md §6.9), so `Some`, `None`, `Ok`, `Err`
   * and `?` in a module that does not see it still mean its variants.
   */
  private readonly shadowed = new Map<string, A.StructDecl | A.EnumDecl>();
  private scope: Scope;
  /** Method names per type (its binding), from `impl` blocks and struct-inline methods. */
  private readonly methods = new Map<Binding, Set<string>>();
  /** Paths of `import p.*`: an otherwise undefined name may be a native of one of them. */
  private wildcardPaths: string[] = [];
  /** Variables declared at module level: globals when some function captures them. */
  private readonly moduleVariables: Binding[] = [];
  private readonly prelude: Scope;
  /** The module being resolved, and the module each top-level binding belongs to. */
  private current: SourceModule | null = null;
  private readonly home = new Map<Binding, SourceModule>();
  /** Each resolved module's public items by name. */
  private readonly exports = new Map<SourceModule, Map<string, Binding>>();
  /** What a `module` binding names. */
  private readonly moduleOf = new Map<Binding, SourceModule>();

  constructor(private readonly session: boolean) {
    const prelude = new Scope(null, 0);
    for (const name of PRELUDE) {
      const b = this.declare(prelude, name, "native-prelude", false, null);
      const namespace = own(PRELUDE_NAMESPACES, name);
      if (namespace !== undefined) this.setStorage(b, "namespace", namespace);
      else if (PRELUDE_FUNCTIONS.has(name)) this.setStorage(b, "native", name);
      else if (own(PRELUDE_CTORS, name) !== undefined) this.setStorage(b, "prelude-ctor");
      else this.setStorage(b, "prelude-enum");
    }
    this.prelude = prelude;
    this.scope = new Scope(prelude, 0, true);
  }

  /** Before the modules: each name of `shadowed`'s first type, in the modules' order. */
  programTypes(modules: readonly SourceModule[]): void {
    for (const m of modules)
      for (const s of m.program.stmts)
        if (
          (s.kind === "StructDecl" || s.kind === "EnumDecl") &&
          Object.hasOwn(BUILTIN_ENUMS, s.name) &&
          !this.shadowed.has(s.name)
        )
          this.shadowed.set(s.name, s);
  }

  /** One module: its own top-level scope under the prelude; imports bind other modules' items. */
  module(m: SourceModule): void {
    this.current = m;
    this.scope = new Scope(this.prelude, 0, true);
    this.wildcardPaths = [];
    const first = this.result.diagnostics.length;
    this.hoist(m.program.stmts);
    for (const s of m.program.stmts)
      if (s.kind === "ImportDecl" && isUserImport(s)) this.userImport(s, m.imports.get(s));
    for (const s of m.program.stmts) this.stmt(s);
    const exports = new Map<string, Binding>();
    for (const s of m.program.stmts) {
      if (!("pub" in s) || s.pub !== true) continue;
      if (s.kind === "Let") {
        for (const b of patternBindings(s.pattern, this.result.declarations)) {
          exports.set(b.name, b);
          b.storage = "global";
        }
      } else {
        const b = this.result.declarations.get(s);
        if (b !== undefined) exports.set(s.name, b);
      }
    }
    this.exports.set(m, exports);
    for (const d of this.result.diagnostics.slice(first)) d.file ??= m.file;
  }

  finish(): Resolution {
    for (const b of this.moduleVariables) if (b.captured || this.session) b.storage = "global";
    return this.result;
  }

  private setStorage(b: Binding, storage: Storage, path: string | null = null): void {
    b.storage = storage;
    b.path = path;
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
      storage:
        kind === "global-fn" ? "global" : kind === "struct" || kind === "enum" ? "type" : "local",
      path: null,
    };
    if (scope.isModule && (kind === "let" || kind === "var" || kind === "const"))
      this.moduleVariables.push(b);
    if (scope.isModule && this.current !== null) this.home.set(b, this.current);
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
      // A prototype declares nothing (§4.4), but in a precompiled library's interface (§11.6).
      if (s.kind === "FnDecl" && s.body === null && !this.current!.precompiled) continue;
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
    for (let i = 0; i < stmts.length; i++) {
      const s = stmts[i]!;
      if (s.kind !== "ImplDecl" && s.kind !== "StructDecl") continue;
      const type =
        s.kind === "ImplDecl"
          ? this.scope.lookup(s.typeName)
          : (this.result.declarations.get(s) ?? this.scope.lookup(s.name));
      if (type === undefined) continue;
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
      for (let i = 0; i < b.stmts.length; i++) this.stmt(b.stmts[i]!);
    });
  }

  // ---------- statements ----------
  private stmt(s: A.Stmt): void {
    switch (s.kind) {
      case "Let": {
        const name = s.pattern.kind === "BindingPat" ? s.pattern.name : undefined;
        if (name !== undefined) this.initializing.push(name);
        this.expr(s.value);
        if (name !== undefined) this.initializing.pop();
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
        // A prototype (`fn f(x);`) declares nothing outside a `kind` (§4.4).
        if (!this.scope.isModule && s.body !== null)
          this.declareChecked(s.name, "fn", false, s, s.span);
        this.function(s.params, s.body, false);
        return;
      case "StructDecl":
        this.structDecl(s);
        return;
      case "EnumDecl":
        this.enumDecl(s);
        return;
      case "ImplDecl": {
        this.topLevelOnly(s, "`impl` blocks");
        const target = this.scope.lookup(s.typeName);
        if (target?.storage === "namespace" || target?.storage === "native") {
          this.error("E0911", `\`${s.typeName}\` is not a type`, s.span);
        } else if (target?.storage !== "type" && target?.storage !== "prelude-enum") {
          this.error(
            "E0305",
            `no struct or enum named \`${s.typeName}\``,
            s.span,
            "declare the type before implementing methods for it",
          );
        } else if (target.storage === "type" && this.home.get(target) !== this.current) {
          this.error(
            "E0335",
            `\`${s.typeName}\` is declared in another module`,
            s.span,
            "methods are declared in their type's own module",
          );
        } else {
          this.result.impls.set(s, target);
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

  /** Types and `impl` blocks exist once per program: they are declared at the top level. */
  private topLevelOnly(s: A.Stmt, what: string): void {
    if (!this.scope.isModule)
      this.error(
        "E0908",
        `${what} must be declared at the top level of the program`,
        s.span,
        "move the declaration out of the function or block",
      );
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
    this.topLevelOnly(s, "structs");
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
    this.topLevelOnly(e, "enums");
    if (!this.scope.isModule) this.declareChecked(e.name, "enum", false, e, e.span);
    const seen = new Set<string>();
    for (const v of e.variants) {
      if (seen.has(v.name))
        this.error("E0315", `variant \`${v.name}\` is declared twice in \`${e.name}\``, v.span);
      seen.add(v.name);
    }
  }

  private importDecl(s: A.ImportDecl): void {
    if (isUserImport(s)) {
      // Top-level user imports were bound before the module's statements (userImport).
      if (!this.scope.isModule)
        this.error(
          "E0333",
          "modules are imported at the top level of a file",
          s.span,
          "move the `import` to the top of the file",
        );
      return;
    }
    const path = s.path.join(".");
    if (s.items === "*") {
      this.wildcardPaths.push(path);
      return;
    }
    if (s.items === null) {
      const b = this.declare(this.scope, s.alias ?? s.path[s.path.length - 1]!, "import", false, s);
      this.setStorage(b, "namespace", path);
      return;
    }
    for (const item of s.items) {
      const b = this.declare(this.scope, item.alias ?? item.name, "import", false, s);
      this.setStorage(b, "native", `${path}.${item.name}`);
    }
  }

  /**
   * A top-level import of a user module (hoisted: its names are visible throughout the file).
   * `m` is undefined when the loader could not provide it (it reported E0330 or E0332), or
   * when the program is a single file (then this reports E0330).
   */
  private userImport(s: A.ImportDecl, m: SourceModule | undefined): void {
    const name = s.path.join(".");
    const exports = m === undefined ? undefined : this.exports.get(m);
    if (m === undefined)
      this.error(
        "E0330",
        `cannot find module \`${name}\``,
        s.span,
        "modules are found when a program is compiled from its files",
      );
    if (s.items === null) {
      const local = s.alias ?? s.path[s.path.length - 1]!;
      if (this.scope.names.has(local))
        this.error(
          "E0314",
          `\`${local}\` is declared twice at the top level`,
          s.span,
          "import the module under another name with `as`",
        );
      const b = this.declare(this.scope, local, "import", false, s);
      this.setStorage(b, "module", name);
      if (m !== undefined) this.moduleOf.set(b, m);
      return;
    }
    if (exports === undefined) return;
    if (s.items === "*") {
      for (const [item, b] of exports)
        if (!this.scope.names.has(item)) this.scope.names.set(item, b);
      return;
    }
    for (const item of s.items) {
      const b = this.exported(m!, exports, item.name, item.span);
      const local = item.alias ?? item.name;
      if (b === undefined) continue;
      if (this.scope.names.has(local))
        this.error(
          "E0314",
          `\`${local}\` is declared twice at the top level`,
          item.span,
          "import it under another name with `as`",
        );
      this.scope.names.set(local, b);
    }
  }

  /** The public item `name` of module `m`, else E0331 at `span`. */
  private exported(
    m: SourceModule,
    exports: Map<string, Binding>,
    name: string,
    span: Span,
  ): Binding | undefined {
    const b = exports.get(name);
    if (b !== undefined) return b;
    const isPrivate = [...this.home].some(([x, home]) => home === m && x.name === name);
    this.error(
      "E0331",
      isPrivate
        ? `\`${name}\` is private to module \`${m.name}\``
        : `module \`${m.name}\` has no item \`${name}\``,
      span,
      isPrivate ? `mark its declaration \`pub\` in ${m.file}` : undefined,
    );
    return undefined;
  }

  private function(
    params: readonly A.Param[],
    body: A.Block | A.Expr | null,
    isMethod: boolean,
  ): void {
    if (params.length > 255)
      this.error("E0912", "a function takes at most 255 parameters", params[255]!.span);
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
  /**
   * Declares the names `p` binds. Inside the second and later alternatives of an or-pattern,
   * `shared` holds the first alternative's bindings: a name there is the same variable (so
   * every alternative stores into it), and a name it lacks is E0318.
   */
  private declarePattern(
    p: A.Pattern,
    kind: BindingKind,
    mutable: boolean,
    shared: ReadonlyMap<string, Binding> | null = null,
  ): void {
    switch (p.kind) {
      case "BindingPat": {
        if (shared === null) {
          this.declareChecked(p.name, kind, mutable, p, p.span);
          return;
        }
        const b = shared.get(p.name);
        if (b !== undefined) this.result.declarations.set(p, b);
        else
          this.error(
            "E0318",
            `\`${p.name}\` is not bound in the first alternative of this pattern`,
            p.span,
            "every alternative must bind the same names",
          );
        return;
      }
      case "TuplePat":
        for (const e of p.elements) this.declarePattern(e, kind, mutable, shared);
        return;
      case "CtorPat":
        this.ctorPattern(p, kind, shared);
        return;
      case "OrPat": {
        const [first, ...rest] = p.alternatives as [A.Pattern, ...A.Pattern[]];
        this.declarePattern(first, kind, mutable, shared);
        const names = patternNames(first);
        const own =
          shared ?? new Map([...names].map((n) => [n, this.scope.names.get(n)!] as const));
        for (const alt of rest) {
          this.declarePattern(alt, kind, mutable, own);
          const altNames = patternNames(alt);
          for (const n of names)
            if (!altNames.has(n))
              this.error(
                "E0318",
                `this alternative does not bind \`${n}\``,
                alt.span,
                "every alternative must bind the same names",
              );
        }
        return;
      }
      case "WildcardPat":
      case "LiteralPat":
      case "RangePat":
        return;
    }
  }

  private ctorPattern(
    p: A.CtorPat,
    kind: BindingKind,
    shared: ReadonlyMap<string, Binding> | null,
  ): void {
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
      this.declarePattern(arg.pattern, kind, false, shared);
    }
  }

  private ctorTarget(p: A.CtorPat): PatternTarget | null {
    const [first, second] = p.path as [string, string | undefined];
    const argCount = p.args?.length ?? null;
    if (second === undefined) {
      const b = this.scope.lookup(first);
      if (b?.kind === "struct") return { kind: "struct", struct: b.decl as A.StructDecl };
      const owner = own(PRELUDE_CTORS, first);
      if (b?.storage === "prelude-ctor" && owner !== undefined)
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
  /** Each variant's payload arity (null: no payload), built once per enum. */
  private arityTable(decl: A.EnumDecl): Readonly<Record<string, number | null>> {
    let table = this.arities.get(decl);
    if (table === undefined) {
      table = Object.create(null) as Record<string, number | null>;
      for (const v of decl.variants) table[v.name] = v.fields === null ? null : v.fields.length;
      this.arities.set(decl, table);
    }
    return table;
  }

  private variantTarget(
    enumName: string,
    variant: string,
    args: number | null,
    span: Span,
  ): PatternTarget | null {
    const b = this.scope.lookup(enumName);
    const { decl, arities } = this.enumOf(b);
    if (arities === undefined) {
      const why =
        b?.storage === "prelude-enum"
          ? ` (a struct \`${enumName}\` in the program shadows the prelude's)`
          : "";
      this.error(b === undefined ? "E0301" : "E0306", `\`${enumName}\` is not an enum${why}`, span);
      return null;
    }
    if (!Object.hasOwn(arities, variant)) {
      this.error("E0306", `enum \`${enumName}\` has no variant \`${variant}\``, span);
      return null;
    }
    this.checkVariantArity(enumName, variant, arities[variant]!, args, span);
    return { kind: "variant", enumName, variant, decl };
  }

  /**
   * The enum `b` names: its declaration (null for the prelude's) and its variants' arities;
   * no arities when `b` names no enum. The prelude's `Option` and `Result` mean the program's
   * own type of that name where one shadows them, from any module (see `shadowed`).
   */
  private enumOf(b: Binding | undefined): {
    decl: A.EnumDecl | null;
    arities: Readonly<Record<string, number | null>> | undefined;
  } {
    const shadow = b?.storage === "prelude-enum" ? this.shadowed.get(b.name) : undefined;
    const decl =
      b?.kind === "enum" ? (b.decl as A.EnumDecl) : shadow?.kind === "EnumDecl" ? shadow : null;
    if (decl !== null) return { decl, arities: this.arityTable(decl) };
    const prelude = b?.storage === "prelude-enum" && shadow === undefined;
    return { decl, arities: prelude ? own(BUILTIN_ENUMS, b.name) : undefined };
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
    if (b === undefined && id.name !== "self") b = this.wildcardNative(id.name);
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
          this.calledName === id && this.initializing.includes(id.name)
            ? `\`${id.name}\` is not visible in its own \`let\` value; a function that calls itself is declared with \`fn ${id.name}(…) … end\``
            : this.mapKeyName === id
              ? `a map key is a value: write \`{"${id.name}": …}\` for the string key`
              : own(UNDEFINED_HINTS, id.name),
        );
      return undefined;
    }
    if (b.depth < this.fn.depth && b.kind !== "native-prelude") b.captured = true;
    this.result.uses.set(id, b);
    return b;
  }

  /** A name `import p.*` brings in: the native `p.name` of the first such path that has one. */
  private wildcardNative(name: string): Binding | undefined {
    const path = this.wildcardPaths
      .map((p) => `${p}.${name}`)
      .find((p) => nativeArity(p) !== undefined);
    if (path === undefined) return undefined;
    const b = this.declare(this.scope, name, "import", false, null);
    this.setStorage(b, "native", path);
    return b;
  }

  /**
   * A use of `id` as a value: a variable, a native function or a unit variant. Types and
   * namespaces are not values; a prelude constructor with a payload needs its arguments.
   */
  private value(id: A.Ident): void {
    const b = this.use(id);
    if (b === undefined) return;
    switch (b.storage) {
      case "type":
      case "prelude-enum":
        this.error("E0301", `\`${b.name}\` is a type, not a value`, id.span);
        return;
      case "namespace":
      case "module":
        this.error(
          "E0301",
          `\`${b.name}\` is a module, not a value`,
          id.span,
          "call one of its functions",
        );
        return;
      case "native":
        this.native(id, b.path!, true); // `pi` imported from std.math is π, as `math.pi` is
        return;
      case "prelude-ctor":
        // The enum it belongs to is the one `Option`/`Result` names here (a user type of
        // that name shadows the prelude's, spec/language.md §7 item 9).
        this.variantTarget(PRELUDE_CTORS[b.name]!, b.name, 0, id.span);
        return;
      default:
        return;
    }
  }

  /** Records the native `path` that `e` denotes (`constant`: a `std.math.pi` read as a value). */
  private native(e: A.Expr, path: string, constantAllowed: boolean): void {
    const constant = own(MATH_CONSTANTS, path);
    if (constantAllowed && constant !== undefined) {
      this.result.natives.set(e, { kind: "constant", path, value: constant });
      return;
    }
    const arity = nativeArity(path);
    if (arity === undefined) this.error("E0301", `\`${path}\` is not a known function`, e.span);
    else this.result.natives.set(e, { kind: "function", path, arity });
  }

  private assignTarget(target: A.Expr): void {
    if (target.kind === "Field" || target.kind === "Index") {
      this.expr(target);
      return;
    }
    if (target.kind !== "Ident") {
      this.error("E0913", "this expression cannot be assigned to", target.span);
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

  /**
   * Resolves `e`. A left-associative chain is resolved from its head up, link by link, so the
   * recursion stays as deep as the real nesting (a link reaches its left operand done). A
   * field or callee is resolved with the link that reads it (`field`, `callee`): namespaces,
   * modules, methods and arities depend on it.
   */
  private expr(e: A.Expr): void {
    if (this.resolvedLinks.size !== 0 && this.resolvedLinks.delete(e)) return;
    const below = chainLeft(e) === null ? NO_LINKS : chainBelow(e);
    for (let i = 0; i < below.length; i++) {
      const link = below[i]!;
      const parent = below[i + 1] ?? e;
      if (link.kind === "Field" && (parent.kind === "Field" || parent.kind === "Call")) continue;
      this.exprNode(link);
      this.resolvedLinks.add(link);
    }
    this.exprNode(e);
  }

  private exprNode(e: A.Expr): void {
    // The frequent kinds first: an unoptimised switch compares its cases in order.
    switch (e.kind) {
      case "Ident":
        this.value(e);
        return;
      case "IntLit":
      case "FloatLit":
      case "StringLit":
      case "CharLit":
      case "BoolLit":
      case "UnitLit":
        return;
      case "Binary":
        this.expr(e.left);
        this.expr(e.right);
        return;
      case "Call":
        this.call(e, 0);
        return;
      case "Field":
        this.field(e, 0, false);
        return;
      case "Tuple":
      case "Array":
      case "SetLit":
        for (let i = 0; i < e.elements.length; i++) this.expr(e.elements[i]!);
        return;
      case "MapLit":
        for (const en of e.entries) {
          this.mapKeyName = en.key;
          this.expr(en.key);
          this.mapKeyName = undefined;
          this.expr(en.value);
        }
        return;
      case "Unary":
        this.expr(e.operand);
        return;
      case "Pipe":
        // `a |> f(b)` is `f(a, b)`; `a |> f` is `f(a)`.
        this.expr(e.left);
        if (e.right.kind === "Call") this.call(e.right, 1);
        else this.callee(e.right, 1, e.span);
        return;
      case "Range":
        if (e.start !== null) this.expr(e.start);
        if (e.end !== null) this.expr(e.end);
        if (e.start === null || e.end === null)
          this.error(
            "E0915",
            "open ranges are not supported",
            e.span,
            "give both bounds: `a..b` or `a..=b`",
          );
        return;
      case "StructLit":
        this.structLit(e);
        return;
      case "TupleIndex":
        this.expr(e.object);
        if (e.index > 255) this.error("E0916", "tuple index above 255", e.span);
        return;
      case "Index":
        this.expr(e.object);
        this.expr(e.index);
        return;
      case "Cast":
        this.expr(e.expr);
        this.castTarget(e.type);
        return;
      case "Propagate":
        this.expr(e.expr);
        // `?` returns early on `None` and `Err` of the enums `Option` and `Result` name here.
        this.variantTarget("Option", "None", null, e.span);
        this.variantTarget("Result", "Err", null, e.span);
        return;
      case "MacroCall":
        this.macro(e);
        return;
      case "Formatted":
        this.expr(e.value);
        return;
      case "Interpolation":
        for (const p of e.parts) if (p.kind !== "Text") this.expr(p);
        if (e.parts.length > 200)
          this.error("E0924", "a string template has at most 200 parts", e.span);
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

  private castTarget(t: A.TypeExpr): void {
    const name = t.kind === "NamedType" && t.path.length === 1 ? t.path[0]! : "";
    if (castTargetOf(name) === undefined)
      this.error(
        "E0922",
        "cannot convert with `as` to this type",
        t.span,
        `the conversion targets are ${CAST_TARGETS.join(", ")}, int and float`,
      );
  }

  /** The binding of a namespace `e` (an unshadowed `std`, `io`, `math` or module import). */
  private namespaceOf(e: A.Expr): Binding | undefined {
    if (e.kind !== "Ident") return undefined;
    const b = this.scope.lookup(e.name);
    return b?.storage === "namespace" ? b : undefined;
  }

  /**
   * `o.name`: a native (`std.math.sqrt`), a variant or static method of a type (`E.V`,
   * `Point.new`), or a field of a value. `args` is the payload count a variant is given (the
   * call's argument count, 0 where `E.V` is a value); `callee` says the chain is called.
   */
  private field(e: Extract<A.Expr, { kind: "Field" }>, args: number, callee: boolean): void {
    const parts = [e.name];
    let root: A.Expr = e.object;
    while (root.kind === "Field") {
      parts.unshift(root.name);
      root = root.object;
    }
    const module = root.kind === "Ident" ? this.scope.lookup(root.name) : undefined;
    if (module?.storage === "module") {
      this.moduleMember(root as A.Ident, module, e, parts.length);
      return;
    }
    const namespace = this.namespaceOf(root);
    if (namespace !== undefined) {
      this.use(root as A.Ident);
      this.native(e, `${namespace.path}.${parts.join(".")}`, !callee);
      return;
    }
    this.member(e, args);
  }

  /**
   * `m.item…` on a user module `m`: the innermost field names a public value of `m` (a type is
   * imported by name instead: E0334); further fields act on that value.
   */
  private moduleMember(
    root: A.Ident,
    module: Binding,
    e: Extract<A.Expr, { kind: "Field" }>,
    depth: number,
  ): void {
    this.use(root);
    let inner = e;
    for (let i = 1; i < depth; i++) inner = inner.object as typeof e;
    const m = this.moduleOf.get(module);
    const exports = m === undefined ? undefined : this.exports.get(m);
    if (exports === undefined) return; // the missing module is already diagnosed
    const b = this.exported(m!, exports, inner.name, inner.span);
    if (b === undefined) return;
    if (b.storage === "type") {
      this.error(
        "E0334",
        `\`${module.name}.${inner.name}\` is a type`,
        inner.span,
        `import it by name: \`import ${m!.name}.{${inner.name}}\``,
      );
      return;
    }
    this.result.members.set(inner, b);
  }

  /** `o.name` where `o`'s chain is not rooted at a namespace (the root is looked at once). */
  private member(e: Extract<A.Expr, { kind: "Field" }>, args: number): void {
    if (e.object.kind === "Field") {
      while (e.object.kind === "Field") e = e.object;
      args = 0;
    }
    if (e.object.kind !== "Ident") {
      this.expr(e.object);
      return;
    }
    const b = this.scope.lookup(e.object.name);
    if (b?.storage !== "type" && b?.storage !== "prelude-enum") {
      this.value(e.object);
      return;
    }
    this.use(e.object);
    const { arities } = this.enumOf(b);
    if (arities !== undefined && Object.hasOwn(arities, e.name))
      this.checkVariantArity(b.name, e.name, arities[e.name]!, args, e.span);
    else if (this.methods.get(b)?.has(e.name)) return;
    else if (arities !== undefined)
      this.error("E0306", `enum \`${b.name}\` has no variant or method \`${e.name}\``, e.span);
    else this.error("E0919", `struct \`${b.name}\` has no method \`${e.name}\``, e.span);
  }

  /** A call with `extra` arguments besides its own (the piped value). */
  private call(e: Extract<A.Expr, { kind: "Call" }>, extra: number): void {
    const n = e.args.length + extra;
    if (n > 250) this.error("E0918", "a call passes at most 250 arguments", e.span);
    const b = e.callee.kind === "Ident" ? this.scope.lookup(e.callee.name) : undefined;
    if (n === 0 && b?.kind === "struct" && (b.decl as A.StructDecl).fields.length === 0) {
      this.use(e.callee as A.Ident);
      this.result.structs.set(e, b.decl as A.StructDecl); // `P()`: the literal of a fieldless P
      return;
    }
    this.callee(e.callee, n, e.span);
    for (let i = 0; i < e.args.length; i++) this.expr(e.args[i]!);
  }

  /** The callee of a call with `n` arguments: a prelude constructor checks its payload count. */
  private callee(c: A.Expr, n: number, span: Span): void {
    if (c.kind === "Field") {
      this.field(c, n, true);
      return;
    }
    if (c.kind !== "Ident") {
      this.expr(c);
      return;
    }
    const b = this.scope.lookup(c.name);
    if (b?.storage === "native") {
      this.use(c);
      this.native(c, b.path!, false); // called: `pi()` calls the native, as `math.pi()` does
      return;
    }
    if (b?.kind === "struct") {
      this.use(c);
      const fields = (b.decl as A.StructDecl).fields.map((f) => `${f.name}: …`).join(", ");
      this.error(
        "E0319",
        `struct \`${c.name}\` is built with named fields, not positional arguments`,
        span,
        `write \`${c.name}(${fields})\``,
      );
      return;
    }
    if (b?.storage !== "prelude-ctor") {
      this.calledName = c;
      this.value(c);
      this.calledName = undefined;
      return;
    }
    this.use(c);
    this.variantTarget(PRELUDE_CTORS[b.name]!, b.name, n, span);
  }

  private structLit(e: Extract<A.Expr, { kind: "StructLit" }>): void {
    const b = this.scope.lookup(e.name);
    for (let i = 0; i < e.fields.length; i++) this.expr(e.fields[i]!.value);
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
    this.result.structs.set(e, decl);
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
    // The parser makes a MacroCall only of a built-in macro; `f~(…)` is a call of `f`.
    const [min, max] = own(MACRO_ARITY, e.name)!;
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

/** The bindings a top-level `let` pattern declared. */
export function patternBindings(p: A.Pattern, declarations: Map<object, Binding>): Binding[] {
  if (p.kind === "BindingPat") {
    const b = declarations.get(p);
    return b === undefined ? [] : [b];
  }
  if (p.kind === "TuplePat") return p.elements.flatMap((x) => patternBindings(x, declarations));
  if (p.kind === "CtorPat")
    return (p.args ?? []).flatMap((a) => patternBindings(a.pattern, declarations));
  return [];
}

/** The names a pattern binds (an or-pattern's are its first alternative's). */
function patternNames(p: A.Pattern, into = new Set<string>()): Set<string> {
  switch (p.kind) {
    case "BindingPat":
      into.add(p.name);
      break;
    case "TuplePat":
      p.elements.forEach((e) => patternNames(e, into));
      break;
    case "CtorPat":
      (p.args ?? []).forEach((a) => patternNames(a.pattern, into));
      break;
    case "OrPat":
      patternNames(p.alternatives[0]!, into);
      break;
  }
  return into;
}

/**
 * Whether a pipe's callee (`f` in `a |> f` and `a |> f(b)`) is one evaluating `a` cannot
 * change: a native, or a name bound once (a function, a `let`, a parameter). Then `a` may be
 * evaluated before the callee, and a pipeline is a flat chain for the compiler and the
 * interpreter (spec/language.md §4.2); otherwise the callee comes first, as in `f(a)`.
 */
export function stablePipeCallee(e: Extract<A.Expr, { kind: "Pipe" }>, res: Resolution): boolean {
  const callee = e.right.kind === "Call" ? e.right.callee : e.right;
  if (callee.kind !== "Ident") return false;
  if (res.natives.has(callee)) return true;
  const b = res.uses.get(callee);
  return b !== undefined && !b.mutable;
}

/**
 * The links of `chainBelow(e, …)` that the compiler and the interpreter evaluate on their own,
 * innermost first: not a field that is a call's callee (a method, static or native call reads
 * it) nor one under a field that names a native or a module member (the whole path does).
 */
export function ownLinks(below: readonly A.Expr[], e: A.Expr, res: Resolution): A.Expr[] {
  return below.filter((link, i) => {
    const parent = below[i + 1] ?? e;
    if (link.kind === "Field" && parent.kind === "Call") return false;
    return !(parent.kind === "Field" && (res.natives.has(parent) || res.members.has(parent)));
  });
}
