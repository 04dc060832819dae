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

export class ModuleBuilder {
  readonly strings: string[] = [];
  readonly constants: Constant[] = [];
  readonly types: TypeDef[] = [];
  readonly natives: { name: number; arity: number }[] = [];
  readonly globals: { name: number }[] = [];
  private readonly functions: (FunctionProto | undefined)[] = [];
  private readonly debugFunctions: (FunctionDebug | undefined)[] = [];
  private readonly stringIndex = new Map<string, number>();
  private readonly constantIndex = new Map<string, number>();
  private readonly nativeIndex = new Map<string, number>();
  private readonly variantBase: number[] = [];
  private variantCount = 0;

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
    return this.constant({ kind: "str", string: this.string(text) });
  }

  native(name: string, arity: number): number {
    let index = this.nativeIndex.get(name);
    if (index === undefined) {
      index = this.natives.push({ name: this.string(name), arity }) - 1;
      this.nativeIndex.set(name, index);
    }
    return index;
  }

  global(name: string): number {
    return this.globals.push({ name: this.string(name) }) - 1;
  }

  /** Adds a type; its methods are filled in later with setMethods. */
  addType(type: TypeDef): number {
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

  setFunction(index: number, proto: FunctionProto, debug: FunctionDebug): void {
    this.functions[index] = proto;
    this.debugFunctions[index] = debug;
  }

  build(debug: Omit<DebugInfo, "functions"> | undefined): Module {
    const functions = this.functions.map((f, i) => {
      if (!f) throw new Error(`function ${i} was reserved but never built`);
      return f;
    });
    const module: Module = {
      strings: this.strings,
      constants: this.constants,
      types: this.types,
      natives: this.natives,
      globals: this.globals,
      functions,
      custom: [],
    };
    if (!debug) return module;
    return { ...module, debug: { ...debug, functions: this.debugFunctions.map((d) => d!) } };
  }
}
