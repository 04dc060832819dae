// Builds a format/ Module while compiling: interns strings and pool constants (deduplicated,
// in first-use order, so output is deterministic), and owns the type, native, global and
// function tables. Function bodies are built by FunctionBuilder (function-builder.ts).

import {
  constantKey,
  type Constant,
  type FunctionProto,
  type Module,
  type TypeDef,
  type Method,
  type DebugInfo,
  type FunctionDebug,
} from "../format/module.js";
import { LIMITS } from "../format/verifier.js";
import { CompileError, type Pos } from "./errors.js";

/** A module-wide table of the format (spec/format.md §6) would exceed its limit. */
function tableFull(message: string, pos: Pos): never {
  throw new CompileError("E0927", message, pos);
}

export class ModuleBuilder {
  readonly strings: string[] = [];
  readonly constants: Constant[] = [];
  readonly types: TypeDef[] = [];
  readonly natives: { name: number; arity: number }[] = [];
  readonly globals: { name: number }[] = [];
  private readonly functions: (FunctionProto | undefined)[] = [];
  // Stryker disable next-line ArrayDeclaration: every entry is set (setFunction) before build reads it
  private readonly debugFunctions: (FunctionDebug | undefined)[] = [];
  private readonly stringIndex = new Map<string, number>();
  private readonly constantIndex = new Map<string, number>();
  /** The pool constant of each string text `stringConstant` was asked for. */
  private readonly stringConstants = new Map<string, number>();
  private readonly nativeIndex = new Map<string, number>();
  // Stryker disable next-line ArrayDeclaration: a type's entry is set (addType) before variantNumber reads it
  private readonly variantBase: number[] = [];
  private variantCount = 0;
  /** In a REPL session, the global slot of each name: a name keeps its slot across inputs. */
  private readonly globalIndex: Map<string, number> | undefined;
  /** Names this module has declared: a second declaration (a shadowing `let`) gets its own slot. */
  private readonly claimed = new Set<string>();

  /** A builder whose tables start as `prior`'s, with the same indices (a REPL session). */
  constructor(prior?: Module) {
    if (prior === undefined) return;
    prior.strings.forEach((t) => this.string(t));
    prior.constants.forEach((c) => this.constant(c));
    prior.natives.forEach((n) => this.native(prior.strings[n.name]!, n.arity));
    // Stryker disable next-line ObjectLiteral: a prior module's types are within the limits, so no error carries this position
    prior.types.forEach((t) => this.addType(t, { line: 1, col: 1 }));
    this.globalIndex = new Map();
    for (const g of prior.globals)
      this.globalIndex.set(prior.strings[g.name]!, this.globals.push(g) - 1);
  }

  string(text: string): number {
    let index = this.stringIndex.get(text);
    if (index === undefined) {
      index = this.strings.push(text) - 1;
      this.stringIndex.set(text, index);
    }
    return index;
  }

  /** Pool index of a constant; floats are keyed by bit pattern so 0.0 and -0.0 differ. */
  constant(value: Constant): number {
    const key = constantKey(value);
    let index = this.constantIndex.get(key);
    if (index === undefined) {
      index = this.constants.push(value) - 1;
      this.constantIndex.set(key, index);
    }
    return index;
  }

  intConstant(value: bigint): number {
    return this.constant({ kind: "int", value });
  }

  floatConstant(value: number): number {
    return this.constant({ kind: "float", value: Number.isNaN(value) ? NaN : value });
  }

  stringConstant(text: string): number {
    let index = this.stringConstants.get(text);
    // Stryker disable next-line ConditionalExpression: a cache; constant() finds the same pool entry by its key
    if (index === undefined) {
      index = this.constant({ kind: "str", string: this.string(text) });
      this.stringConstants.set(text, index);
    }
    return index;
  }

  native(name: string, arity: number): number {
    let index = this.nativeIndex.get(name);
    if (index === undefined) {
      index = this.natives.push({ name: this.string(name), arity }) - 1;
      this.nativeIndex.set(name, index);
    }
    return index;
  }

  /** A new global slot for the declaration at `pos` (in a session: the name's slot). */
  global(name: string, pos: Pos): number {
    const existing = this.globalIndex?.get(name);
    if (existing !== undefined && !this.claimed.has(name)) {
      this.claimed.add(name);
      return existing;
    }
    if (this.globals.length >= LIMITS.globals)
      tableFull(
        `more than ${LIMITS.globals} global slots (top-level functions and variables)`,
        pos,
      );
    const slot = this.globals.push({ name: this.string(name) }) - 1;
    this.globalIndex?.set(name, slot);
    this.claimed.add(name);
    return slot;
  }

  /** Adds the type declared at `pos`; its methods are filled in later with setMethods. */
  addType(type: TypeDef, pos: Pos): number {
    if (this.types.length >= LIMITS.types) tableFull(`more than ${LIMITS.types} types`, pos);
    if (type.kind === "enum" && this.variantCount + type.variants.length > LIMITS.variants)
      tableFull(`more than ${LIMITS.variants} enum variants in the program`, pos);
    const index = this.types.push(type) - 1;
    this.variantBase[index] = this.variantCount;
    if (type.kind === "enum") this.variantCount += type.variants.length;
    return index;
  }

  setMethods(typeIndex: number, methods: Method[]): void {
    this.types[typeIndex] = { ...this.types[typeIndex]!, methods };
  }

  /** The module-wide variant number used by NEWENUM and TESTVARIANT. */
  variantNumber(typeIndex: number, tag: number): number {
    return this.variantBase[typeIndex]! + tag;
  }

  reserveFunction(): number {
    return this.functions.push(undefined) - 1;
  }

  /** `file`: the function's index in the debug file table (0 is the main source file). */
  setFunction(index: number, proto: FunctionProto, debug: FunctionDebug, file = 0): void {
    this.functions[index] = proto;
    this.debugFunctions[index] = file === 0 ? debug : { ...debug, file };
  }

  build(debug: Omit<DebugInfo, "functions">): Module {
    const functions = this.functions.map((f, i) => {
      if (!f) throw new Error(`function ${i} was reserved but never built`);
      return f;
    });
    return {
      strings: this.strings,
      constants: this.constants,
      types: this.types,
      natives: this.natives,
      globals: this.globals,
      functions,
      custom: [],
      debug: { ...debug, functions: this.debugFunctions.map((d) => d!) },
    };
  }
}
