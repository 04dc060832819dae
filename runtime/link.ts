// Linking precompiled libraries (spec/semantics.md §9.4): a program's IMPORTS are resolved
// against the EXPORTS of the libraries given beside it, and the program and the libraries it
// needs are merged into one Module, which the VM runs like any other. Merging relocates every
// table (strings, constants, types, natives, globals, functions) and rewrites the operands
// that index them; an imported global becomes the exporter's slot and an imported type the
// exporter's type, so a value crosses the boundary as one type. Each library's main runs
// once, before its importers, called from a prologue added to the program's main.

import { encode, fieldValue, operandFields, type FieldSpec } from "../format/instruction.js";
import {
  TYPE_FLAG_PRELUDE,
  constantKey,
  variantTable,
  type Constant,
  type DebugInfo,
  type Export,
  type FunctionDebug,
  type FunctionProto,
  type Import,
  type Module,
  type TypeDef,
} from "../format/module.js";
import { OPCODE_BY_CODE, OPCODE_BY_NAME, type OperandKind } from "../format/opcodes.js";
import { LIMITS } from "../format/verifier.js";
import { LoadError } from "./errors.js";
import { checkNative } from "./program.js";

/** A verified library: its module name (from EXPORTS) and module. */
export interface Library {
  readonly name: string;
  readonly module: Module;
}

/** The library a verified module is, or E_LINK_MODULE when it has no EXPORTS (no name). */
export function asLibrary(module: Module): Library {
  if (module.exports === undefined) {
    throw new LoadError("E_LINK_MODULE", "the module given as a library has no EXPORTS section");
  }
  return { name: module.strings[module.exports.module]!, module };
}

/** Operand kinds whose values index module-wide tables, so linking relocates them. */
const RELOCATED: ReadonlySet<OperandKind> = new Set(["global", "native", "struct", "variant"]);
/** Per opcode: the operands to relocate, as [field, kind]. */
const RELOCATIONS: (readonly [FieldSpec, OperandKind][])[] = OPCODE_BY_CODE.map((info) => {
  if (info === undefined) return [];
  const fields = operandFields(info);
  return info.operands.flatMap((kind, i) =>
    RELOCATED.has(kind) ? [[fields[i]!, kind] as [FieldSpec, OperandKind]] : [],
  );
});
const op = (name: string) => OPCODE_BY_NAME.get(name)!;
const HALT = op("HALT").code;
const RETURNUNIT = encode(op("RETURNUNIT"), []);

/** How one unit's (the program's or a library's) indexes map into the merged module. */
interface Relocation {
  readonly globals: Int32Array;
  readonly types: Int32Array;
  readonly variants: Int32Array;
  readonly natives: Int32Array;
}

/**
 * The libraries `program` needs, in initialisation order: depth-first over IMPORTS in record
 * order, each library after the libraries it imports, each once. Unused libraries are left out.
 */
export function initOrder(program: Module, libraries: readonly Library[]): Library[] {
  const byName = new Map<string, Library>();
  for (const lib of libraries) {
    if (byName.has(lib.name))
      throw new LoadError("E_LINK_DUPLICATE", `two libraries are named '${lib.name}'`);
    byName.set(lib.name, lib);
  }
  const order: Library[] = [];
  const state = new Map<string, "visiting" | "done">();
  // Stryker disable next-line ArrayDeclaration: an element before the first library is sliced off the cycle
  const path: string[] = [];
  const visit = (m: Module, importer: string) => {
    for (const name of importedModules(m)) {
      const lib = byName.get(name);
      if (lib === undefined)
        throw new LoadError("E_LINK_MODULE", `${importer} imports module '${name}', not given`);
      const s = state.get(name);
      if (s === "done") continue;
      if (s === "visiting") {
        const cycle = [...path.slice(path.indexOf(name)), name].join(" -> ");
        throw new LoadError("E_LINK_CYCLE", `libraries import each other: ${cycle}`);
      }
      state.set(name, "visiting");
      path.push(name);
      visit(lib.module, `library '${name}'`);
      path.pop();
      state.set(name, "done");
      order.push(lib);
    }
  };
  visit(program, "the program");
  return order;
}

/** The module names a module imports from, in order of first import. */
function importedModules(m: Module): string[] {
  return [...new Set((m.imports ?? []).map((im) => m.strings[im.module]!))];
}

/**
 * Links `program` (verified) with the libraries (verified) it imports into one module that
 * has no IMPORTS or EXPORTS. Throws LoadError for every mismatch (semantics.md §9.4).
 */
export function linkLibraries(program: Module, libraries: readonly Library[]): Module {
  const order = initOrder(program, libraries);
  for (const m of [program, ...order.map((l) => l.module)]) {
    m.natives.forEach((n, i) => checkNative(m, n, i));
  }
  return new Merger(program, order).merge();
}

class Merger {
  private readonly strings: string[] = [];
  private readonly stringIndex = new Map<string, number>();
  private readonly constants: Constant[] = [];
  private readonly constantIndex = new Map<string, number>();
  private readonly types: TypeDef[] = [];
  /** Merged module-wide variant number of each merged enum's first variant. */
  private readonly variantBase: number[] = [];
  private variantCount = 0;
  private readonly natives: { name: number; arity: number }[] = [];
  private readonly nativeIndex = new Map<number, number>();
  private readonly globals: { name: number }[] = [];
  // Stryker disable next-line ArrayDeclaration: merge() sets every index; the program's main overwrites index 0
  private readonly functions: FunctionProto[] = [];
  private readonly debugFunctions: FunctionDebug[] = [];
  private readonly files: string[] = [];
  /** Relocations of the units merged so far, by library name. */
  private readonly done = new Map<string, { lib: Library; reloc: Relocation }>();
  private readonly hasDebug: boolean;
  private readonly sourceFile: string;

  constructor(
    private readonly program: Module,
    private readonly order: readonly Library[],
  ) {
    this.hasDebug = [program, ...order.map((l) => l.module)].some((m) => m.debug !== undefined);
    this.sourceFile = program.debug?.sourceFile ?? "";
  }

  merge(): Module {
    // Function indexes: the program's first (its main stays function 0), then each library's.
    let base = this.program.functions.length;
    const bases = this.order.map((lib) => {
      const at = base;
      base += lib.module.functions.length;
      return at;
    });
    this.functions.length = base;
    this.debugFunctions.length = base;
    this.order.forEach((lib, i) => {
      const reloc = this.unit(lib.module, bases[i]!, lib.name);
      this.done.set(lib.name, { lib, reloc });
    });
    this.unit(this.program, 0, undefined);
    this.prologue(bases);
    const limit = (n: number, max: number, what: string) => {
      if (n > max) throw new LoadError("E_LINK_LIMIT", `the linked program has ${n} ${what}`);
    };
    // Natives need no limit: each is merged once by name, and every name is one the runtime
    // provides (checkNative), far fewer than LIMITS.natives.
    limit(this.types.length, LIMITS.types, "types");
    limit(this.variantCount, LIMITS.variants, "enum variants");
    limit(this.globals.length, LIMITS.globals, "globals");
    const debug: DebugInfo | undefined = this.hasDebug
      ? {
          sourceFile: this.sourceFile,
          sourceHash: this.program.debug?.sourceHash ?? new Uint8Array(0),
          functions: this.debugFunctions,
          ...(this.files.length > 0 ? { files: this.files } : {}),
        }
      : undefined;
    return {
      strings: this.strings,
      constants: this.constants,
      types: this.types,
      natives: this.natives,
      globals: this.globals,
      functions: this.functions,
      ...(debug ? { debug } : {}),
      custom: [],
    };
  }

  private string(s: string): number {
    let i = this.stringIndex.get(s);
    if (i === undefined) {
      i = this.strings.push(s) - 1;
      this.stringIndex.set(s, i);
    }
    return i;
  }

  private constant(k: Constant): number {
    const key = constantKey(k);
    let i = this.constantIndex.get(key);
    if (i === undefined) {
      i = this.constants.push(k) - 1;
      this.constantIndex.set(key, i);
    }
    return i;
  }

  private file(name: string): number {
    if (name === this.sourceFile) return 0;
    const i = this.files.indexOf(name);
    return i >= 0 ? i + 1 : this.files.push(name);
  }

  /** Merges one module; `library` is its name when it is a library (its main then returns). */
  private unit(m: Module, functionBase: number, library: string | undefined): Relocation {
    const str = (i: number) => m.strings[i]!;
    const reloc: Relocation = {
      globals: new Int32Array(m.globals.length).fill(-1),
      types: new Int32Array(m.types.length).fill(-1),
      variants: new Int32Array(variantTable(m.types).length),
      natives: new Int32Array(m.natives.length),
    };
    for (const im of m.imports ?? []) this.resolve(m, im, reloc);
    m.globals.forEach((g, i) => {
      if (reloc.globals[i] === -1)
        reloc.globals[i] = this.globals.push({ name: this.string(str(g.name)) }) - 1;
    });
    m.types.forEach((t, i) => {
      if (reloc.types[i] === -1) reloc.types[i] = this.type(m, t, reloc);
    });
    variantTable(m.types).forEach((v, i) => {
      reloc.variants[i] = this.variantBase[reloc.types[v.type]!]! + v.tag;
    });
    m.natives.forEach((n, i) => {
      const name = this.string(str(n.name));
      let at = this.nativeIndex.get(name);
      if (at === undefined) {
        at = this.natives.push({ name, arity: n.arity }) - 1;
        this.nativeIndex.set(name, at);
      }
      reloc.natives[i] = at;
    });
    const constants = m.constants.map((k) =>
      this.constant(k.kind === "str" ? { kind: "str", string: this.string(str(k.string)) } : k),
    );
    const mainName = library === undefined ? undefined : this.string(`<module ${library}>`);
    m.functions.forEach((f, i) => {
      const code = this.code(f.code, reloc, library !== undefined && i === 0);
      this.functions[functionBase + i] = {
        ...f,
        name: i === 0 && mainName !== undefined ? mainName : this.string(str(f.name)),
        children: f.children.map((c) => c + functionBase),
        constants: f.constants.map((k) => constants[k]!),
        code,
      };
      // Stryker disable next-line ConditionalExpression: without debug information the tables are made and never read
      if (!this.hasDebug) return;
      const d = m.debug?.functions[i];
      const fileName = (n: number | undefined) =>
        n ? m.debug!.files![n - 1]! : (m.debug?.sourceFile ?? this.sourceFile);
      this.debugFunctions[functionBase + i] = d
        ? { ...d, file: this.file(fileName(d.file)) }
        : {
            lines: new Uint32Array(code.length),
            columns: new Uint32Array(code.length),
            locals: [],
            upvalueNames: [],
            file: this.file(fileName(undefined)),
          };
    });
    return reloc;
  }

  /** Binds an import to the export it names, checking kind, arity and shape. */
  private resolve(m: Module, im: Import, reloc: Relocation): void {
    const moduleName = m.strings[im.module]!;
    const name = m.strings[im.name]!;
    const what = `'${moduleName}.${name}'`;
    // initOrder merged every library a module imports before the module.
    const { lib, reloc: from } = this.done.get(moduleName)!;
    const lm = lib.module;
    const ex: Export | undefined = lm.exports!.items.find((e) => lm.strings[e.name] === name);
    if (ex === undefined)
      throw new LoadError("E_LINK_EXPORT", `library '${moduleName}' does not export '${name}'`);
    if (ex.kind !== im.kind) {
      throw new LoadError("E_LINK_KIND", `${what} is a ${ex.kind}, imported as a ${im.kind}`);
    }
    if (im.kind === "function" || im.kind === "constant") {
      if (ex.arity !== im.arity) {
        throw new LoadError(
          "E_LINK_ARITY",
          `${what} takes ${ex.arity} arguments, imported with ${im.arity}`,
        );
      }
      reloc.globals[im.index] = from.globals[ex.index]!;
      return;
    }
    const mine = m.types[im.index]!;
    const theirs = lm.types[ex.index]!;
    if (shape(m, mine) !== shape(lm, theirs)) {
      throw new LoadError(
        "E_LINK_SHAPE",
        `${what} is ${shape(lm, theirs)}, imported as ${shape(m, mine)}`,
      );
    }
    reloc.types[im.index] = from.types[ex.index]!;
  }

  /**
   * Appends a type (its methods' globals relocated). A prelude Option/Result of the same shape
   * as one merged before is that type: the prelude is one type in the whole program.
   */
  private type(m: Module, t: TypeDef, reloc: Relocation): number {
    const str = (i: number) => this.string(m.strings[i]!);
    const methods = t.methods.map((mt) => ({
      name: str(mt.name),
      global: reloc.globals[mt.global]!,
    }));
    if ((t.flags & TYPE_FLAG_PRELUDE) !== 0) {
      const key = shape(m, t);
      const same = this.types.findIndex(
        (u) => (u.flags & TYPE_FLAG_PRELUDE) !== 0 && shape(this.view(), u) === key,
      );
      if (same >= 0) {
        const u = this.types[same]!;
        for (const mt of methods) {
          if (u.methods.some((x) => x.name === mt.name)) {
            throw new LoadError(
              "E_LINK_DUPLICATE",
              `two modules define the method '${this.strings[mt.name]}' of the prelude ${this.strings[u.name]}`,
            );
          }
        }
        this.types[same] = { ...u, methods: [...u.methods, ...methods] };
        return same;
      }
    }
    const at = this.types.length;
    this.variantBase.push(this.variantCount);
    if (t.kind === "struct") {
      this.types.push({ ...t, name: str(t.name), fields: t.fields.map(str), methods });
    } else {
      this.variantCount += t.variants.length;
      this.types.push({
        ...t,
        name: str(t.name),
        variants: t.variants.map((v) => ({ name: str(v.name), arity: v.arity })),
        methods,
      });
    }
    return at;
  }

  /** The merged tables so far, for shape(). */
  private view(): Pick<Module, "strings"> {
    return { strings: this.strings };
  }

  /** A copy of `code` with its global, native, struct and variant operands relocated. */
  private code(code: Uint32Array, reloc: Relocation, libraryMain: boolean): Uint32Array {
    const out = new Uint32Array(code.length);
    // Stryker disable next-line EqualityOperator: the word past the end reads as MOVE (nothing to relocate); a typed array drops the write past its end
    for (let pc = 0; pc < code.length; pc++) {
      let word = code[pc]!;
      const opcode = word & 0xff;
      if (libraryMain && opcode === HALT) {
        out[pc] = RETURNUNIT;
        continue;
      }
      for (const [field, kind] of RELOCATIONS[opcode]!) {
        const value = fieldValue(word, field);
        const table =
          kind === "global"
            ? reloc.globals
            : kind === "native"
              ? reloc.natives
              : kind === "struct"
                ? reloc.types
                : reloc.variants;
        const moved = table[value]!;
        if (moved >= 2 ** field.bits) {
          throw new LoadError(
            "E_LINK_LIMIT",
            `the linked program's ${kind} ${moved} does not fit the operand`,
          );
        }
        const mask = (2 ** field.bits - 1) * 2 ** field.shift;
        word = ((word & ~mask) | (moved << field.shift)) >>> 0;
      }
      out[pc] = word;
    }
    return out;
  }

  /**
   * Puts the libraries' mains in the program main's child list and, before its code, calls
   * them in initialisation order: `CLOSURE R0, child; CALL R0, 0` each, then `LOADUNIT R0, 0`
   * (main's registers start as `()`). Jumps are relative, so main's code is unchanged; its
   * debug pcs move by the prologue's length.
   */
  private prologue(bases: readonly number[]): void {
    if (bases.length === 0) return;
    const main = this.functions[0]!;
    const words: number[] = [];
    const children = [...main.children];
    for (const base of bases) {
      if (children.length >= LIMITS.children)
        throw new LoadError("E_LINK_LIMIT", "main's child list is full");
      words.push(encode(op("CLOSURE"), [0, children.length]), encode(op("CALL"), [0, 0]));
      children.push(base);
    }
    words.push(encode(op("LOADUNIT"), [0, 0]));
    const k = words.length;
    if (main.code.length + k > LIMITS.codeLength)
      throw new LoadError("E_LINK_LIMIT", "main's code is too long");
    const code = new Uint32Array(main.code.length + k);
    code.set(words);
    code.set(main.code, k);
    this.functions[0] = { ...main, children, code };
    const d = this.debugFunctions[0];
    if (d === undefined) return;
    const pad = (a: Uint32Array) => {
      const out = new Uint32Array(a.length + k);
      out.set(a, k);
      return out;
    };
    this.debugFunctions[0] = {
      ...d,
      lines: pad(d.lines),
      columns: pad(d.columns),
      locals: d.locals.map((l) => ({ ...l, startPc: l.startPc + k, endPc: l.endPc + k })),
    };
  }
}

/** A struct's field names or an enum's variant names and arities, in order, as text. */
function shape(m: Pick<Module, "strings">, t: TypeDef): string {
  const s = (i: number) => JSON.stringify(m.strings[i]);
  return t.kind === "struct"
    ? `struct(${t.fields.map(s).join(", ")})`
    : `enum(${t.variants.map((v) => `${s(v.name)}/${v.arity}`).join(", ")})`;
}
