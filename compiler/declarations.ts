// The module-level pre-pass: types (structs, enums, the prelude Option/Result), their
// methods, top-level functions, imports, and which top-level variables must live in global
// slots because a function refers to them (everything else at top level stays in registers
// of main). spec/language.md §Scoping (hoisting), spec/format.md §Types.

import type * as A from "../language/ast.js";
import { TYPE_FLAG_PRELUDE } from "../format/module.js";
import { LIMITS } from "../format/verifier.js";
import { CompileError } from "./errors.js";
import { namesInNestedFunctions } from "./names.js";
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
  readonly slot: number;
  readonly params: A.Param[];
  readonly body: A.Block | A.Expr;
  readonly pos: A.Pos;
}

export const PRELUDE_ENUMS: Readonly<Record<string, { name: string; arity: number }[]>> = {
  Option: [
    { name: "Some", arity: 1 },
    { name: "None", arity: 0 },
  ],
  Result: [
    { name: "Ok", arity: 1 },
    { name: "Err", arity: 1 },
  ],
};

/** Bare constructor names of the prelude: `Some(x)`, `None`, `Ok(x)`, `Err(e)`. */
export const PRELUDE_CTORS: Readonly<Record<string, string>> = {
  Some: "Option",
  None: "Option",
  Ok: "Result",
  Err: "Result",
};

/** Where a diagnostic about a prelude type added on first use points: the program's start. */
const PRELUDE_POS = { line: 1, col: 1 };

export class Declarations {
  readonly types = new Map<string, TypeInfo>();
  readonly hoisted: HoistedFunction[] = [];
  /** Top-level function names and function-referenced top-level variables → global slots. */
  private readonly topGlobals = new Map<string, { slot: number; offset: number }[]>();
  /** Local name → module path (`io` → `std.io`), from imports. */
  readonly namespaces = new Map<string, string>([
    ["std", "std"],
    ["io", "std.io"],
    ["math", "std.math"],
  ]);
  /** Imported single names (`import std.io.{println}`) → native path. */
  readonly importedNames = new Map<string, string>();
  /** Names used inside any function body: top-level variables with these names are globals. */
  readonly namesUsedInFunctions: ReadonlySet<string>;

  constructor(
    private readonly mb: ModuleBuilder,
    program: A.Program,
  ) {
    this.namesUsedInFunctions = namesInNestedFunctions(program.stmts);
    for (const s of program.stmts)
      if (s.kind === "StructDecl" || s.kind === "EnumDecl") this.declareType(s);
    // Slots for top-level variables exist before hoisted functions that mention them compile.
    for (const s of program.stmts) if (s.kind === "Let") this.reserveTopVariables(s.pattern);
    for (const s of program.stmts) {
      if (s.kind === "FnDecl" && s.body) this.hoist(s.name, s);
      else if (s.kind === "StructDecl") this.addMethods(s.name, s.methods);
      else if (s.kind === "ImplDecl") this.addMethods(s.typeName, s.methods);
      else if (s.kind === "ImportDecl") this.addImport(s);
    }
  }

  /** Whether a top-level variable must be a global (a function body mentions its name). */
  needsGlobal(name: string): boolean {
    return this.namesUsedInFunctions.has(name);
  }

  /** The global slot of the top-level variable bound by the pattern at `offset`. */
  topVariable(name: string, offset: number): number {
    return this.topGlobals.get(name)!.find((d) => d.offset === offset)!.slot;
  }

  private reserveTopVariables(p: A.Pattern): void {
    if (p.kind === "BindingPat" && this.needsGlobal(p.name)) {
      this.addTopGlobal(p.name, this.mb.global(p.name, p.span.start), p.span.start.offset);
    } else if (p.kind === "TuplePat") p.elements.forEach((el) => this.reserveTopVariables(el));
  }

  /**
   * The global a function body's reference resolves to: the latest top-level declaration
   * before the reference, else the first one after it (a forward reference from a hoisted
   * function).
   */
  topGlobal(name: string, offset: number): number | undefined {
    const decls = this.topGlobals.get(name);
    if (!decls) return undefined;
    let best = decls[0]!;
    for (const d of decls) if (d.offset <= offset) best = d;
    return best.slot;
  }

  /** The enum for a prelude name, added to the type table on first use (unless shadowed). */
  enumNamed(name: string): EnumInfo | undefined {
    const existing = this.types.get(name);
    if (existing) return existing.kind === "enum" ? existing : undefined;
    const variants = PRELUDE_ENUMS[name];
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
    this.types.set(name, info);
    return info;
  }

  private declareType(decl: A.StructDecl | A.EnumDecl): void {
    const mb = this.mb;
    if (this.types.has(decl.name)) {
      throw new CompileError("E0314", `type \`${decl.name}\` is declared twice`, decl.span.start);
    }
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
      this.types.set(decl.name, {
        kind: "struct",
        name: decl.name,
        index,
        fields,
        methods: new Map(),
      });
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
      this.types.set(decl.name, {
        kind: "enum",
        name: decl.name,
        index,
        variants,
        methods: new Map(),
      });
    }
  }

  private addMethods(typeName: string, methods: readonly A.FnDecl[]): void {
    if (methods.length === 0) return;
    const info = this.types.get(typeName) ?? this.enumNamed(typeName);
    if (!info) {
      throw new CompileError(
        "E0911",
        `\`impl\` of unknown type \`${typeName}\``,
        methods[0]!.span.start,
      );
    }
    for (const m of methods) {
      if (!m.body) continue;
      const slot = this.hoist(`${typeName}.${m.name}`, m);
      info.methods.set(m.name, slot);
    }
    this.mb.setMethods(
      info.index,
      [...info.methods].map(([name, global]) => ({ name: this.mb.string(name), global })),
    );
  }

  private hoist(name: string, decl: A.FnDecl): number {
    const slot = this.mb.global(name, decl.span.start);
    if (!name.includes(".")) this.addTopGlobal(name, slot, decl.span.start.offset);
    this.hoisted.push({ name, slot, params: decl.params, body: decl.body!, pos: decl.span.start });
    return slot;
  }

  private addTopGlobal(name: string, slot: number, offset: number): void {
    const list = this.topGlobals.get(name) ?? [];
    list.push({ slot, offset });
    this.topGlobals.set(name, list);
  }

  private addImport(decl: A.ImportDecl): void {
    const path = decl.path.join(".");
    if (decl.items === null) {
      this.namespaces.set(decl.alias ?? decl.path[decl.path.length - 1]!, path);
    } else if (decl.items !== "*") {
      for (const item of decl.items)
        this.importedNames.set(item.alias ?? item.name, `${path}.${item.name}`);
    }
  }
}
