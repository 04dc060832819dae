// The module-level pre-pass: types (structs, enums, the prelude Option/Result) and their
// methods in the TYPES section, and the global slots of the bindings the resolver stored as
// globals (top-level functions, and top-level variables a function captures; everything else
// at top level stays in registers of main). spec/language.md §Scoping (hoisting),
// spec/format.md §Types.

import type * as A from "../language/ast.js";
import type { Binding, Resolution } from "../language/index.js";
import { PRELUDE_ENUMS } from "../language/prelude.js";
import { TYPE_FLAG_PRELUDE } from "../format/module.js";
import { LIMITS } from "../format/verifier.js";
import { CompileError } from "./errors.js";
import type { ModuleBuilder } from "./module-builder.js";

export interface StructInfo {
  readonly kind: "struct";
  readonly name: string;
  readonly index: number;
  readonly fields: readonly string[];
  readonly methods: Map<string, number>; // method name → global slot
}

export interface EnumInfo {
  readonly kind: "enum";
  readonly name: string;
  readonly index: number;
  readonly variants: readonly { readonly name: string; readonly arity: number }[];
  readonly methods: Map<string, number>;
}

export type TypeInfo = StructInfo | EnumInfo;

/** A function compiled once and stored in a global slot by main before any statement runs. */
export interface HoistedFunction {
  readonly name: string;
  /** Index of its module's file in the debug file table (0: the main file). */
  readonly file: number;
  readonly slot: number;
  readonly params: A.Param[];
  readonly body: A.Block | A.Expr;
  readonly pos: A.Pos;
}

/** Where a diagnostic about a prelude type added on first use points: the program's start. */
const PRELUDE_POS = { line: 1, col: 1 };

export class Declarations {
  /** Program types by their declaration; the prelude's Option and Result by name. */
  private readonly types = new Map<object, TypeInfo>();
  /** The first type of each name, for the prelude names a program may redeclare. */
  private readonly named = new Map<string, TypeInfo>();
  /** A REPL session's types from the prior module, by name (the latest of each). */
  private readonly adopted = new Map<string, TypeInfo>();
  readonly hoisted: HoistedFunction[] = [];
  /** Global slot of each binding the resolver stored as a global. */
  private readonly globals = new Map<Binding, number>();
  private file = 0;

  /** `programs`: the modules' top levels in initialisation order, each with its file index. */
  constructor(
    private readonly mb: ModuleBuilder,
    programs: readonly {
      readonly program: A.SourceFile;
      readonly file: number;
      /** A precompiled library's interface: its functions are imported globals. */
      readonly precompiled?: boolean;
    }[],
    private readonly res: Resolution,
    /**
     * False for a statement an earlier REPL input ran (compiler/index.ts SessionInput): its
     * types and global slots are the builder's (prior module's), its functions exist already.
     */
    live: (s: A.Stmt) => boolean,
  ) {
    this.adoptTypes();
    for (const { program } of programs)
      for (const s of program.stmts)
        if (s.kind === "StructDecl" || s.kind === "EnumDecl") {
          // An earlier input's type is the one already in the builder's tables.
          const adopted = live(s) ? undefined : this.adopted.get(s.name);
          if (adopted) this.types.set(s, adopted);
          else this.declareType(s);
        }
    // Slots for top-level variables exist before hoisted functions that mention them compile.
    for (const { program } of programs)
      for (const s of program.stmts) if (s.kind === "Let") this.reserveTopVariables(s.pattern);
    for (const { program, file, precompiled } of programs) {
      this.file = file;
      for (const s of program.stmts) {
        if (precompiled) {
          const binding = s.kind === "FnDecl" ? res.declarations.get(s) : undefined;
          if (binding) this.globals.set(binding, mb.global(binding.name, s.span.start));
        } else if (s.kind === "FnDecl" && s.body) {
          // The resolver declared every top-level function (a second of one name is E0314).
          const slot = live(s) ? this.hoist(s.name, s) : mb.global(s.name, s.span.start);
          this.globals.set(res.declarations.get(s)!, slot);
        } else if (!live(s)) continue;
        else if (s.kind === "StructDecl") this.addMethods(this.types.get(s)!, s.methods);
        // The resolver found the type of every impl (else E0305, E0335 or E0911).
        else if (s.kind === "ImplDecl") this.addMethods(this.typeOf(res.impls.get(s)!), s.methods);
      }
    }
  }

  /** The struct or enum a declaration introduced. */
  typeOfDecl(decl: A.StructDecl | A.EnumDecl): TypeInfo {
    return this.types.get(decl)!;
  }

  /**
   * The types already in the builder's tables (a REPL session's): the latest of each name,
   * which an earlier input's declaration of that name stands for.
   */
  private adoptTypes(): void {
    const mb = this.mb;
    mb.types.forEach((t, index) => {
      const name = mb.strings[t.name]!;
      const methods = new Map(t.methods.map((m) => [mb.strings[m.name]!, m.global]));
      const info: TypeInfo =
        t.kind === "struct"
          ? { kind: "struct", name, index, fields: t.fields.map((f) => mb.strings[f]!), methods }
          : {
              kind: "enum",
              name,
              index,
              variants: t.variants.map((v) => ({ name: mb.strings[v.name]!, arity: v.arity })),
              methods,
            };
      this.adopted.set(name, info);
      this.named.set(name, info);
    });
  }

  /** The global slot of `binding`, or undefined when the resolver stored it elsewhere. */
  globalSlot(binding: Binding): number | undefined {
    return this.globals.get(binding);
  }

  private reserveTopVariables(p: A.Pattern): void {
    const b = this.res.declarations.get(p); // a binding pattern's: `_` and tuples have none
    if (b?.storage === "global") this.globals.set(b, this.mb.global(b.name, p.span.start));
    else if (p.kind === "TuplePat") p.elements.forEach((el) => this.reserveTopVariables(el));
  }

  /** The type a binding of storage `type` or `prelude-enum` names. */
  typeOf(binding: Binding): TypeInfo {
    if (binding.storage === "prelude-enum") return this.enumNamed(binding.name)!;
    return this.types.get(binding.decl!)!;
  }

  /** A program's enum, else the prelude Option/Result, added to the type table on first use. */
  enumNamed(name: string): EnumInfo | undefined {
    const existing = this.named.get(name);
    if (existing) return existing.kind === "enum" ? existing : undefined;
    const variants = name === "Option" || name === "Result" ? PRELUDE_ENUMS[name] : undefined;
    if (!variants) return undefined;
    const mb = this.mb;
    const index = mb.addType(
      {
        kind: "enum",
        name: mb.string(name),
        flags: TYPE_FLAG_PRELUDE,
        variants: variants.map((v) => ({ name: mb.string(v.name), arity: v.arity })),
        methods: [],
      },
      PRELUDE_POS,
    );
    const info: EnumInfo = { kind: "enum", name, index, variants, methods: new Map() };
    this.named.set(name, info);
    return info;
  }

  private declareType(decl: A.StructDecl | A.EnumDecl): void {
    const mb = this.mb;
    // A struct's fields and a variant's payload are built in one register window (format.md §6).
    if (decl.kind === "StructDecl") {
      const extra = decl.fields[LIMITS.arity];
      if (extra)
        throw new CompileError(
          "E0925",
          `struct \`${decl.name}\` has ${decl.fields.length} fields; the limit is ${LIMITS.arity}`,
          extra.span.start,
        );
    } else {
      for (const v of decl.variants)
        if ((v.fields?.length ?? 0) > LIMITS.arity)
          throw new CompileError(
            "E0926",
            `variant \`${v.name}\` has ${v.fields!.length} payload values; the limit is ${LIMITS.arity}`,
            v.span.start,
          );
    }
    if (decl.kind === "StructDecl") {
      const fields = decl.fields.map((f) => f.name);
      const index = mb.addType(
        {
          kind: "struct",
          name: mb.string(decl.name),
          flags: 0,
          fields: fields.map((f) => mb.string(f)),
          methods: [],
        },
        decl.span.start,
      );
      this.addType(decl, { kind: "struct", name: decl.name, index, fields, methods: new Map() });
    } else {
      const variants = decl.variants.map((v) => ({ name: v.name, arity: v.fields?.length ?? 0 }));
      const index = mb.addType(
        {
          kind: "enum",
          name: mb.string(decl.name),
          flags: 0,
          variants: variants.map((v) => ({ name: mb.string(v.name), arity: v.arity })),
          methods: [],
        },
        decl.span.start,
      );
      this.addType(decl, { kind: "enum", name: decl.name, index, variants, methods: new Map() });
    }
  }

  private addType(decl: A.StructDecl | A.EnumDecl, info: TypeInfo): void {
    this.types.set(decl, info);
    // The first type of a name (both undefined), or a new input's type of a name replacing
    // the session's earlier one.
    if (this.named.get(decl.name) === this.adopted.get(decl.name)) this.named.set(decl.name, info);
  }

  private addMethods(info: TypeInfo, methods: readonly A.FnDecl[]): void {
    for (const m of methods) {
      if (!m.body) continue; // `fn m(self);`: declared without a body, so not a method
      const slot = this.hoist(`${info.name}.${m.name}`, m);
      info.methods.set(m.name, slot);
    }
    this.mb.setMethods(
      info.index,
      [...info.methods].map(([name, global]) => ({ name: this.mb.string(name), global })),
    );
  }

  /** A top-level function or a method, created by main before it runs; its global slot. */
  private hoist(name: string, decl: A.FnDecl): number {
    const slot = this.mb.global(name, decl.span.start);
    this.hoisted.push({
      name,
      file: this.file,
      slot,
      params: decl.params,
      body: decl.body!,
      pos: decl.span.start,
    });
    return slot;
  }
}
