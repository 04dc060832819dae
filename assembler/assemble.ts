// Text → Module (spec/assembly.md §5 Meaning). Two passes over the parsed file: the first
// builds the module-level tables (strings, constants, types, natives, globals, function names)
// in text order; the second assembles each function body, when every module-level name is
// known. Inline constants, names and function references are pooled into the explicit tables,
// deduplicated, first use first. Errors are collected as positioned diagnostics; a file with
// any diagnostic yields no module.

import type { Diagnostic } from "./diagnostics.js";
import { sortDiagnostics } from "./diagnostics.js";
import { lex, type Token } from "./lexer.js";
import { describe, parse, type Block, type BodyItem, type Directive } from "./parser.js";
import {
  indexRef,
  OPERAND_PREFIX,
  parseHex,
  resolveTypeName,
  resolveVariantName,
} from "./syntax.js";
import {
  constantKey,
  ITEM_KINDS,
  TYPE_FLAG_PRELUDE,
  VARIADIC,
  variantTable,
  windowEnd,
  type Constant,
  type CustomSection,
  type FunctionDebug,
  type FunctionProto,
  type ItemKind,
  type LocalVar,
  type Method,
  type Module,
  type TypeDef,
  type UpvalueDesc,
  type Variant,
} from "../format/module.js";
import {
  CAST_TARGETS,
  OPCODE_BY_NAME,
  RUNTIME_ERROR_KINDS,
  type OpcodeInfo,
  type OperandKind,
} from "../format/opcodes.js";
import { stripDebug } from "../format/strip.js";
import { encode, fieldRange, operandFields, type FieldSpec } from "../format/instruction.js";

export interface TextToModuleResult {
  readonly module?: Module;
  readonly diagnostics: Diagnostic[];
  /** Where each function and each of its instructions was written, to place later errors. */
  readonly positions?: SourcePositions;
}

export interface SourcePositions {
  readonly functions: readonly { readonly header: At; readonly code: readonly At[] }[];
}

export interface TextToModuleOptions {
  /** Drop debug info (source, .loc, .local, upvalue names) from the result. */
  readonly strip?: boolean;
}

export type At = { readonly line: number; readonly col: number };

class Fail extends Error {
  constructor(
    message: string,
    readonly at: At,
  ) {
    super(message);
  }
}

interface MutableStruct {
  kind: "struct";
  name: number;
  flags: number;
  fields: number[];
  methods: Method[];
}
interface MutableEnum {
  kind: "enum";
  name: number;
  flags: number;
  variants: Variant[];
  methods: Method[];
}

interface FunctionDecl {
  readonly block: Block;
  readonly name: number;
}

/** A reference into a table whose final length is known only at the end. */
interface LateCheck {
  readonly table: "S" | "C";
  readonly index: number;
  readonly at: At;
}

export function textToModule(text: string, opts: TextToModuleOptions = {}): TextToModuleResult {
  const diagnostics: Diagnostic[] = [];
  const lines = lex(text, diagnostics);
  const items = parse(lines, diagnostics);
  const asm = new Assembler(diagnostics);
  asm.run(items);
  sortDiagnostics(diagnostics);
  if (diagnostics.length > 0) return { diagnostics };
  const module = asm.result();
  return {
    module: opts.strip ? stripDebug(module) : module,
    diagnostics,
    positions: { functions: asm.positions },
  };
}

interface MutableItemFields {
  kind: ItemKind;
  index: number;
  arity?: number;
}
type MutableItem = MutableItemFields & { name: number };

class Assembler {
  readonly strings: string[] = [];
  readonly constants: Constant[] = [];
  readonly types: (MutableStruct | MutableEnum)[] = [];
  readonly natives: { name: number; arity: number }[] = [];
  readonly globals: { name: number }[] = [];
  readonly functionDecls: FunctionDecl[] = [];
  readonly functions: FunctionProto[] = [];
  readonly functionDebug: FunctionDebug[] = [];
  readonly custom: { name: string; chunks: Uint8Array[] }[] = [];
  readonly late: LateCheck[] = [];
  readonly positions: { header: At; code: At[] }[] = [];
  readonly methodRefs: { method: { name: number; global: number }; token: Token }[] = [];
  /** `.module`: the EXPORTS module name (format.md §5.10). */
  moduleName: number | undefined;
  /** `.export` and `.import` records, their index tokens resolved after the first pass. */
  readonly exportRecords: { item: MutableItem; token: Token }[] = [];
  readonly importRecords: { item: MutableItem & { module: number }; token: Token }[] = [];
  sourceFile: string | undefined;
  sourceHash: Uint8Array = new Uint8Array(0);
  /** `.file` directives: the debug file table after the source file. */
  readonly files: string[] = [];
  hasDebug = false;
  variantCount = 0;

  constructor(readonly diagnostics: Diagnostic[]) {}

  error(message: string, at: At): void {
    this.diagnostics.push({ code: "A0301", message, line: at.line, col: at.col });
  }

  /** Runs `fn`, turning a thrown Fail into a diagnostic (the rest of that line is skipped). */
  guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      if (!(err instanceof Fail)) throw err;
      this.error(err.message, err.at);
    }
  }

  run(items: readonly (Directive | Block)[]): void {
    for (const item of items) {
      this.guard(() => (item.kind === "dir" ? this.topDirective(item) : this.declareBlock(item)));
    }
    for (const { method, token } of this.methodRefs) {
      this.guard(() => (method.global = this.globalRef(token)));
    }
    for (const { item, token } of [...this.exportRecords, ...this.importRecords]) {
      this.guard(() => (item.index = this.itemRef(item.kind, token)));
    }
    this.functionDecls.forEach((decl, index) => this.assembleFunction(decl, index));
    for (const ref of this.late) {
      const length = ref.table === "S" ? this.strings.length : this.constants.length;
      const what = ref.table === "S" ? "string" : "constant";
      if (ref.index >= length) {
        this.error(
          `${what} ${ref.table}${ref.index} does not exist (the module has ${length})`,
          ref.at,
        );
      }
    }
    if (this.functionDecls.length === 0 && this.diagnostics.length === 0) {
      this.error("a module needs at least one .function (the first one is main)", {
        line: 1,
        col: 1,
      });
    }
  }

  result(): Module {
    const debug =
      this.hasDebug || this.sourceFile !== undefined
        ? {
            sourceFile: this.sourceFile ?? "",
            sourceHash: this.sourceHash,
            functions: this.functionDebug,
            ...(this.files.length > 0 ? { files: this.files } : {}),
          }
        : undefined;
    const custom: CustomSection[] = this.custom.map((c) => ({
      name: c.name,
      data: concatBytes(c.chunks),
    }));
    const exports =
      this.moduleName === undefined
        ? undefined
        : { module: this.moduleName, items: this.exportRecords.map((r) => r.item) };
    const imports =
      this.importRecords.length > 0 ? this.importRecords.map((r) => r.item) : undefined;
    return {
      strings: this.strings,
      constants: this.constants,
      types: this.types as TypeDef[],
      natives: this.natives,
      globals: this.globals,
      functions: this.functions,
      ...(debug ? { debug } : {}),
      ...(exports ? { exports } : {}),
      ...(imports ? { imports } : {}),
      custom,
    };
  }

  // ---- tables ---------------------------------------------------------------------------

  intern(s: string): number {
    const i = this.strings.indexOf(s);
    if (i >= 0) return i;
    this.strings.push(s);
    return this.strings.length - 1;
  }

  /** Index of the first pool constant equal to `c` (format/module.ts constantKey), appending if absent. */
  pool(c: Constant): number {
    return this.constantIndex.get(constantKey(c)) ?? this.addConstant(c);
  }

  /** Appends `c` (a `.constant` may repeat one: the verifier reports that); returns its index. */
  private addConstant(c: Constant): number {
    const index = this.constants.push(c) - 1;
    const key = constantKey(c);
    if (!this.constantIndex.has(key)) this.constantIndex.set(key, index);
    return index;
  }

  /** The first index of each constant identity in `constants`. */
  private readonly constantIndex = new Map<string, number>();

  /** A name written as an identifier, a string literal, or `S<n>`; returns a string index. */
  nameArg(tok: Token | undefined, what: string, at: At): number {
    if (tok === undefined) throw new Fail(`expected ${what}`, at);
    if (tok.t === "str") return this.intern(tok.v);
    if (tok.t === "ident") {
      const s = indexRef(tok.v, "S");
      if (s !== undefined) {
        this.late.push({ table: "S", index: s, at: tok });
        return s;
      }
      return this.intern(tok.v);
    }
    throw new Fail(`expected ${what}, found ${describe(tok)}`, tok);
  }

  /** A constant literal (int, float, char, string, `S<n>`) → pool index. */
  literalConstant(tok: Token): number | undefined {
    const c = this.explicitConstant(tok);
    return c === undefined ? undefined : this.pool(c);
  }

  /** An optional leading `<prefix><n>` index that must equal the next free index. */
  optionalIndex(args: readonly Token[], prefix: string, expected: number): readonly Token[] {
    const first = args[0];
    if (first?.t !== "ident") return args;
    const n = indexRef(first.v, prefix);
    if (n === undefined) return args;
    if (n !== expected) {
      throw new Fail(
        `${prefix}${n} is out of order: the next index here is ${prefix}${expected}`,
        first,
      );
    }
    return args.slice(1);
  }

  noMore(args: readonly Token[], count: number, dir: string): void {
    const extra = args[count];
    if (extra) throw new Fail(`unexpected ${describe(extra)} after .${dir}`, extra);
  }

  // ---- pass 1: module-level declarations -------------------------------------------------

  topDirective(d: Directive): void {
    const a = d.args;
    switch (d.name) {
      case "string": {
        const rest = this.optionalIndex(a, "S", this.strings.length);
        const tok = rest[0];
        if (tok?.t !== "str") throw new Fail("expected a string literal after .string", tok ?? d);
        this.noMore(rest, 1, d.name);
        this.strings.push(tok.v);
        return;
      }
      case "constant": {
        const rest = this.optionalIndex(a, "C", this.constants.length);
        const tok = rest[0];
        if (tok === undefined) throw new Fail("expected a constant value after .constant", d);
        this.noMore(rest, 1, d.name);
        const c = this.explicitConstant(tok);
        if (c === undefined)
          throw new Fail(`expected a constant value, found ${describe(tok)}`, tok);
        this.addConstant(c);
        return;
      }
      case "native": {
        const rest = this.optionalIndex(a, "N", this.natives.length);
        const name = this.nameArg(rest[0], "a native name", d);
        const arityTok = rest[1];
        let arity: number;
        if (arityTok?.t === "ident" && arityTok.v === "variadic") arity = VARIADIC;
        else if (arityTok?.t === "int" && arityTok.v >= 0n && arityTok.v < BigInt(VARIADIC))
          arity = Number(arityTok.v);
        else
          throw new Fail(
            `expected the native's arity (0..${VARIADIC - 1}) or 'variadic'`,
            arityTok ?? d,
          );
        this.noMore(rest, 2, d.name);
        this.natives.push({ name, arity });
        return;
      }
      case "global": {
        const rest = this.optionalIndex(a, "G", this.globals.length);
        const name = this.nameArg(rest[0], "a global name", d);
        this.noMore(rest, 1, d.name);
        this.globals.push({ name });
        return;
      }
      case "module": {
        if (this.moduleName !== undefined) throw new Fail("duplicate .module", d);
        this.moduleName = this.nameArg(a[0], "the library's module name", d);
        this.noMore(a, 1, d.name);
        return;
      }
      case "export": {
        if (this.moduleName === undefined)
          throw new Fail(".export needs the library's .module first", d);
        const name = this.nameArg(a[0], "the exported item's name", d);
        const { item, token } = this.itemArgs(a.slice(1), d);
        this.exportRecords.push({ item: { name, ...item }, token });
        return;
      }
      case "import": {
        const module = this.nameArg(a[0], "the module imported from", d);
        const name = this.nameArg(a[1], "the imported item's name", d);
        const { item, token } = this.itemArgs(a.slice(2), d);
        this.importRecords.push({ item: { module, name, ...item }, token });
        return;
      }
      case "source": {
        const tok = a[0];
        if (tok?.t !== "str") throw new Fail("expected the source file name as a string", tok ?? d);
        this.noMore(a, 1, d.name);
        if (this.sourceFile !== undefined) throw new Fail("duplicate .source", d);
        this.sourceFile = tok.v;
        return;
      }
      case "file": {
        // The debug file table's next file (format.md §5.8): files 1, 2, … in order.
        const tok = a[0];
        if (tok?.t !== "str") throw new Fail("expected a source file name as a string", tok ?? d);
        this.noMore(a, 1, d.name);
        this.files.push(tok.v);
        this.hasDebug = true;
        return;
      }
      case "sourcehash": {
        const tok = a[0];
        const bytes = tok?.t === "str" ? parseHex(tok.v) : undefined;
        if (!bytes || (bytes.length !== 0 && bytes.length !== 32)) {
          throw new Fail('expected the SHA-256 as "64 hex digits" (or "")', tok ?? d);
        }
        this.noMore(a, 1, d.name);
        this.sourceHash = bytes;
        this.hasDebug = true;
        return;
      }
      case "custom": {
        const tok = a[0];
        if (tok?.t !== "str")
          throw new Fail("expected the custom section name as a string", tok ?? d);
        this.noMore(a, 1, d.name);
        this.custom.push({ name: tok.v, chunks: [] });
        return;
      }
      case "hex": {
        const section = this.custom[this.custom.length - 1];
        if (!section) throw new Fail(".hex must follow a .custom directive", d);
        const tok = a[0];
        const bytes = tok?.t === "str" ? parseHex(tok.v) : undefined;
        if (!bytes) throw new Fail('expected bytes as "hex digits" (an even number)', tok ?? d);
        this.noMore(a, 1, d.name);
        section.chunks.push(bytes);
        return;
      }
      case "field":
      case "method":
      case "variant":
        throw new Fail(`.${d.name} must be inside a .struct or .enum block`, d);
      case "params":
      case "registers":
      case "upvalue":
      case "child":
      case "const":
      case "local":
      case "loc":
      case "word":
        throw new Fail(`.${d.name} must be inside a .function block`, d);
      default:
        throw new Fail(`unknown directive .${d.name}`, d);
    }
  }

  /** `.constant` value: a literal, or `S<n>` for a string constant naming a table entry. */
  explicitConstant(tok: Token): Constant | undefined {
    switch (tok.t) {
      case "int":
        if (tok.v < -(2n ** 63n) || tok.v >= 2n ** 63n) {
          throw new Fail(`integer ${tok.v} does not fit in 64 bits`, tok);
        }
        return { kind: "int", value: tok.v };
      case "float":
        return { kind: "float", value: tok.v };
      case "char":
        return { kind: "char", codePoint: tok.v };
      case "str":
        return { kind: "str", string: this.intern(tok.v) };
      case "ident": {
        const s = indexRef(tok.v, "S");
        if (s === undefined) return undefined;
        this.late.push({ table: "S", index: s, at: tok });
        return { kind: "str", string: s };
      }
      default:
        return undefined;
    }
  }

  declareBlock(b: Block): void {
    const h = b.header;
    if (h.name === "function") {
      const rest = this.optionalIndex(h.args, "F", this.functionDecls.length);
      const name = this.nameArg(rest[0], "a function name", h);
      this.noMore(rest, 1, h.name);
      this.functionDecls.push({ block: b, name });
      return;
    }
    const rest = this.optionalIndex(h.args, "T", this.types.length);
    const name = this.nameArg(rest[0], `a ${h.name} name`, h);
    const flags = this.typeFlags(rest.slice(1));
    const type: MutableStruct | MutableEnum =
      h.name === "struct"
        ? { kind: "struct", name, flags, fields: [], methods: [] }
        : { kind: "enum", name, flags, variants: [], methods: [] };
    this.types.push(type);
    for (const item of b.body) this.guard(() => this.typeMember(type, item));
  }

  /** `prelude` and/or `flags N` after a type's name. */
  typeFlags(args: readonly Token[]): number {
    let flags = 0;
    for (let i = 0; i < args.length; i++) {
      const tok = args[i]!;
      if (tok.t === "ident" && tok.v === "prelude") {
        flags |= TYPE_FLAG_PRELUDE;
      } else if (tok.t === "ident" && tok.v === "flags") {
        const n = args[++i];
        if (n?.t !== "int" || n.v < 0n || n.v > 0xffffffffn) {
          throw new Fail("expected an unsigned 32-bit number after 'flags'", n ?? tok);
        }
        flags |= Number(n.v);
      } else {
        throw new Fail(`expected 'prelude' or 'flags N', found ${describe(tok)}`, tok);
      }
    }
    return flags;
  }

  typeMember(type: MutableStruct | MutableEnum, item: BodyItem): void {
    if (item.kind !== "dir") {
      throw new Fail(`only .field, .variant and .method may appear in a .${type.kind} block`, item);
    }
    const a = item.args;
    if (item.name === "field" && type.kind === "struct") {
      type.fields.push(this.nameArg(a[0], "a field name", item));
      this.noMore(a, 1, item.name);
    } else if (item.name === "variant" && type.kind === "enum") {
      const rest = this.optionalIndex(a, "V", this.variantCount);
      const name = this.nameArg(rest[0], "a variant name", item);
      const arity = rest[1];
      if (arity?.t !== "int" || arity.v < 0n || arity.v > 255n) {
        throw new Fail("expected the variant's payload arity (0..255)", arity ?? item);
      }
      this.noMore(rest, 2, item.name);
      type.variants.push({ name, arity: Number(arity.v) });
      this.variantCount++;
    } else if (item.name === "method") {
      const name = this.nameArg(a[0], "a method name", item);
      const g = a[1];
      if (!g) throw new Fail("expected the global that holds the method", item);
      this.noMore(a, 2, item.name);
      const method = { name, global: 0 };
      type.methods.push(method);
      this.methodRefs.push({ method, token: g });
    } else {
      throw new Fail(`.${item.name} is not allowed in a .${type.kind} block`, item);
    }
  }

  /** `KIND INDEX [ARITY]` of `.export`/`.import`; the index is resolved after the first pass. */
  itemArgs(a: readonly Token[], d: Directive): { item: MutableItemFields; token: Token } {
    const kindTok = a[0];
    const kind = ITEM_KINDS.find((k) => kindTok?.t === "ident" && kindTok.v === k);
    if (kind === undefined)
      throw new Fail(`expected an item kind (${ITEM_KINDS.join(", ")})`, kindTok ?? d);
    const token = a[1];
    if (token === undefined) throw new Fail(`expected the ${kind}'s global or type`, d);
    if (kind !== "function") {
      this.noMore(a, 2, d.name);
      return { item: { kind, index: 0 }, token };
    }
    const arity = a[2];
    if (arity?.t !== "int" || arity.v < 0n || arity.v > 255n)
      throw new Fail("expected the function's arity (0..255)", arity ?? d);
    this.noMore(a, 3, d.name);
    return { item: { kind, index: 0, arity: Number(arity.v) }, token };
  }

  /** An export's or import's global (function, constant) or type (struct, enum). */
  itemRef(kind: ItemKind, tok: Token): number {
    if (kind === "function" || kind === "constant") return this.globalRef(tok);
    return this.typeRef(tok);
  }

  /** A type by `T<n>` or by name. */
  typeRef(tok: Token): number {
    if (tok.t === "ident") {
      const n = indexRef(tok.v, "T");
      if (n !== undefined) return n;
    }
    const name = nameText(tok);
    const i = name === undefined ? undefined : resolveTypeName(this.types, this.strings, name);
    if (i === undefined) throw new Fail(`unknown type ${describe(tok)}`, tok);
    return i;
  }

  // ---- references by name ------------------------------------------------------------------

  globalRef(tok: Token): number {
    if (tok.t === "ident") {
      const n = indexRef(tok.v, "G");
      if (n !== undefined) return n;
    }
    const name = nameText(tok);
    const i =
      name === undefined ? -1 : this.globals.findIndex((g) => this.strings[g.name] === name);
    if (i < 0) throw new Fail(`unknown global ${describe(tok)}`, tok);
    return i;
  }

  nativeRef(tok: Token): number {
    if (tok.t === "ident") {
      const n = indexRef(tok.v, "N");
      if (n !== undefined) return n;
    }
    const name = nameText(tok);
    const i =
      name === undefined ? -1 : this.natives.findIndex((g) => this.strings[g.name] === name);
    if (i < 0) throw new Fail(`unknown native ${describe(tok)}`, tok);
    return i;
  }

  functionRef(tok: Token): number {
    if (tok.t === "ident") {
      const n = indexRef(tok.v, "F");
      if (n !== undefined) {
        if (n >= this.functionDecls.length) {
          throw new Fail(
            `function F${n} does not exist (the module has ${this.functionDecls.length})`,
            tok,
          );
        }
        return n;
      }
    }
    const name = nameText(tok);
    const i =
      name === undefined ? -1 : this.functionDecls.findIndex((f) => this.strings[f.name] === name);
    if (i < 0) throw new Fail(`unknown function ${describe(tok)}`, tok);
    return i;
  }

  structRef(tok: Token): number {
    // A `T<n>` reference is taken as written (the verifier judges it); a name must be a struct's.
    const byIndex = tok.t === "ident" ? indexRef(tok.v, "T") : undefined;
    if (byIndex !== undefined) return byIndex;
    const i = this.typeRef(tok);
    if (this.types[i]!.kind !== "struct")
      throw new Fail(`type ${nameText(tok)} is an enum, not a struct`, tok);
    return i;
  }

  variantRef(tok: Token): number {
    if (tok.t === "ident") {
      const n = indexRef(tok.v, "V");
      if (n !== undefined) return n;
    }
    const name = nameText(tok);
    const v = name === undefined ? undefined : resolveVariantName(this.types, this.strings, name);
    if (v === undefined) {
      throw new Fail(`unknown variant ${describe(tok)} (write Type.Variant or V<n>)`, tok);
    }
    return v;
  }

  // ---- pass 2: function bodies ---------------------------------------------------------------

  assembleFunction(decl: FunctionDecl, index: number): void {
    const fn = new FunctionAssembly(this, index);
    const labels = new Map<string, number>();
    let pc = 0;
    for (const item of decl.block.body) {
      if (item.kind === "label") {
        if (labels.has(item.name)) this.error(`duplicate label ${item.name}`, item);
        else labels.set(item.name, pc);
      } else if (item.kind === "ins" || item.name === "word") {
        pc++;
      }
    }
    fn.labels = labels;
    for (const item of decl.block.body) {
      this.guard(() => {
        if (item.kind === "ins") fn.instruction(item);
        else if (item.kind === "dir") fn.directive(item);
      });
    }
    const { proto, debug } = fn.finish(decl.name);
    this.functions.push(proto);
    this.functionDebug.push(debug);
    this.positions.push({ header: decl.block.header, code: fn.positions });
  }
}

class FunctionAssembly {
  labels = new Map<string, number>();
  params: number | undefined;
  registers: number | undefined;
  readonly upvalues: UpvalueDesc[] = [];
  readonly upvalueNames: string[] = [];
  readonly children: number[] = [];
  readonly constants: number[] = [];
  readonly code: number[] = [];
  readonly lines: number[] = [];
  readonly columns: number[] = [];
  readonly locals: LocalVar[] = [];
  readonly positions: At[] = [];
  loc: [number, number] = [0, 0];
  maxRegister = -1;
  /** `.file N`: the function's index in the debug file table. */
  file = 0;

  constructor(
    readonly asm: Assembler,
    readonly index: number,
  ) {}

  finish(name: number): { proto: FunctionProto; debug: FunctionDebug } {
    const registers = this.registers ?? Math.max(1, this.params ?? 0, this.maxRegister + 1);
    return {
      proto: {
        name,
        params: this.params ?? 0,
        registers,
        upvalues: this.upvalues,
        children: this.children,
        constants: this.constants,
        code: Uint32Array.from(this.code),
      },
      debug: {
        lines: Uint32Array.from(this.lines),
        columns: Uint32Array.from(this.columns),
        locals: this.locals,
        upvalueNames: this.upvalueNames,
        ...(this.file !== 0 ? { file: this.file } : {}),
      },
    };
  }

  count(tok: Token | undefined, what: string, max: number, at: At): number {
    if (tok?.t !== "int" || tok.v < 0n || tok.v > BigInt(max)) {
      throw new Fail(`expected ${what} (0..${max})`, tok ?? at);
    }
    return Number(tok.v);
  }

  /** A pc written as a number or as `@label`. */
  pcArg(tok: Token | undefined, at: At): number {
    if (tok?.t === "label") return this.label(tok);
    return this.count(tok, "a pc or @label", 0xffffffff, at);
  }

  label(tok: Token & { t: "label" }): number {
    const pc = this.labels.get(tok.v);
    if (pc === undefined) throw new Fail(`undefined label @${tok.v}`, tok);
    return pc;
  }

  addConstant(c: number): number {
    const i = this.constants.indexOf(c);
    if (i >= 0) return i;
    this.constants.push(c);
    return this.constants.length - 1;
  }

  addChild(f: number): number {
    const i = this.children.indexOf(f);
    if (i >= 0) return i;
    this.children.push(f);
    return this.children.length - 1;
  }

  directive(d: Directive): void {
    const a = d.args;
    const asm = this.asm;
    switch (d.name) {
      case "params":
        if (this.params !== undefined) throw new Fail("duplicate .params", d);
        this.params = this.count(a[0], "the parameter count", 256, d);
        asm.noMore(a, 1, d.name);
        return;
      case "registers":
        if (this.registers !== undefined) throw new Fail("duplicate .registers", d);
        this.registers = this.count(a[0], "the register count", 256, d);
        asm.noMore(a, 1, d.name);
        return;
      case "upvalue": {
        const rest = asm.optionalIndex(a, "U", this.upvalues.length);
        const [open, kind, n, close, name] = rest;
        if (
          open?.t !== "punct" ||
          open.v !== "(" ||
          kind?.t !== "ident" ||
          (kind.v !== "instack" && kind.v !== "upval") ||
          close?.t !== "punct" ||
          close.v !== ")"
        ) {
          throw new Fail("expected (instack N) or (upval N)", open ?? d);
        }
        const index = this.count(n, "a register or upvalue index", 255, kind);
        this.upvalues.push({ inStack: kind.v === "instack", index });
        if (name !== undefined) {
          if (name.t !== "str")
            throw new Fail("expected the upvalue's debug name as a string", name);
          if (this.upvalueNames.length !== this.upvalues.length - 1) {
            throw new Fail("either every upvalue of a function has a debug name or none has", name);
          }
          this.upvalueNames.push(name.v);
          asm.hasDebug = true;
        } else if (this.upvalueNames.length > 0) {
          throw new Fail("either every upvalue of a function has a debug name or none has", d);
        }
        asm.noMore(rest, 5, d.name);
        return;
      }
      case "child": {
        const rest = asm.optionalIndex(a, "P", this.children.length);
        if (!rest[0]) throw new Fail("expected a function (F<n> or its name)", d);
        asm.noMore(rest, 1, d.name);
        this.children.push(asm.functionRef(rest[0]));
        return;
      }
      case "const": {
        const rest = asm.optionalIndex(a, "K", this.constants.length);
        const tok = rest[0];
        if (!tok) throw new Fail("expected a constant (C<n> or a literal)", d);
        asm.noMore(rest, 1, d.name);
        this.constants.push(this.moduleConstant(tok));
        return;
      }
      case "file": {
        this.file = this.count(a[0], "a file table index", 0xffffffff, d);
        this.asm.noMore(a, 1, d.name);
        this.asm.hasDebug = true;
        return;
      }
      case "local": {
        const [reg, name, start, end] = a;
        const float = reg?.t === "ident" && reg.v.startsWith("F");
        const r = reg?.t === "ident" ? indexRef(reg.v, float ? "F" : "R") : undefined;
        if (r === undefined || r > 255)
          throw new Fail("expected a register R0..R255 or a float register F0..F255", reg ?? d);
        if (name?.t !== "str") throw new Fail("expected the local's name as a string", name ?? d);
        const startPc = this.pcArg(start, d);
        const endPc = this.pcArg(end, d);
        asm.noMore(a, 4, d.name);
        this.locals.push({ name: name.v, register: r, bank: float ? 1 : 0, startPc, endPc });
        asm.hasDebug = true;
        return;
      }
      case "loc": {
        const line = this.count(a[0], "a source line", 0xffffffff, d);
        const col = this.count(a[1], "a source column", 0xffffffff, d);
        asm.noMore(a, 2, d.name);
        this.loc = [line, col];
        asm.hasDebug = true;
        return;
      }
      case "word": {
        const w = a[0];
        if (w?.t !== "int" || w.v < 0n || w.v > 0xffffffffn) {
          throw new Fail("expected a 32-bit instruction word", w ?? d);
        }
        asm.noMore(a, 1, d.name);
        this.emit(Number(w.v), d);
        return;
      }
      case "string":
      case "constant":
      case "native":
      case "global":
      case "source":
      case "sourcehash":
      case "custom":
      case "hex":
      case "module":
      case "export":
      case "import":
        throw new Fail(`.${d.name} must be at the top level, outside .function`, d);
      default:
        throw new Fail(`unknown directive .${d.name} in a .function block`, d);
    }
  }

  /** `C<n>` or a literal → module pool index. */
  moduleConstant(tok: Token): number {
    if (tok.t === "ident") {
      const c = indexRef(tok.v, "C");
      if (c !== undefined) {
        this.asm.late.push({ table: "C", index: c, at: tok });
        return c;
      }
    }
    const c = this.asm.literalConstant(tok);
    if (c === undefined)
      throw new Fail(`expected a constant (C<n> or a literal), found ${describe(tok)}`, tok);
    return c;
  }

  emit(word: number, at: At): void {
    this.positions.push({ line: at.line, col: at.col });
    this.code.push(word);
    this.lines.push(this.loc[0]);
    this.columns.push(this.loc[1]);
  }

  instruction(ins: Instruction): void {
    const info = OPCODE_BY_NAME.get(ins.mnemonic.toUpperCase());
    if (!info) throw new Fail(`unknown instruction ${ins.mnemonic}`, ins);
    if (ins.operands.length !== info.operands.length) {
      const n = info.operands.length;
      throw new Fail(
        `${info.name} takes ${n} operand${n === 1 ? "" : "s"} (${info.operands.join(", ") || "none"}), found ${ins.operands.length}`,
        ins.operands[n] ?? ins,
      );
    }
    const fields = operandFields(info);
    const pc = this.code.length;
    const values = info.operands.map((kind, i) =>
      this.operand(info, kind, ins.operands[i]!, fields[i]!, i, pc),
    );
    this.trackRegisters(info, values);
    this.emit(encode(info, values), ins);
  }

  operand(
    info: OpcodeInfo,
    kind: OperandKind,
    tok: Token,
    field: FieldSpec,
    i: number,
    pc: number,
  ): number {
    const asm = this.asm;
    const what = `operand ${i + 1} of ${info.name}`;
    let value: number;
    const prefixed = (prefix: string): number | undefined =>
      tok.t === "ident" ? indexRef(tok.v, prefix) : undefined;
    switch (kind) {
      case "reg": {
        const r = prefixed("R");
        if (r === undefined)
          throw new Fail(`${what} must be a register (R0..R255), found ${describe(tok)}`, tok);
        value = r;
        break;
      }
      case "freg": {
        const r = prefixed("F");
        if (r === undefined)
          throw new Fail(
            `${what} must be a float register (F0..F255), found ${describe(tok)}`,
            tok,
          );
        value = r;
        break;
      }
      case "kst":
      case "kstr":
      case "knum": {
        const k = prefixed("K");
        if (k !== undefined) {
          value = k;
          break;
        }
        if (kind === "kstr" && tok.t !== "str" && !(tok.t === "ident" && /^[CS]\d/.test(tok.v))) {
          throw new Fail(
            `${what} must be a string constant (K<n> or "text"), found ${describe(tok)}`,
            tok,
          );
        }
        if (
          kind === "knum" &&
          tok.t !== "int" &&
          tok.t !== "float" &&
          !(tok.t === "ident" && /^C\d/.test(tok.v))
        ) {
          throw new Fail(
            `${what} must be a number constant (K<n>, an int or a float), found ${describe(tok)}`,
            tok,
          );
        }
        value = this.addConstant(this.moduleConstant(tok));
        break;
      }
      case "imm":
      case "simm":
        if (tok.t !== "int")
          throw new Fail(`${what} must be an integer, found ${describe(tok)}`, tok);
        value = bigToNumber(tok.v);
        break;
      case "bool":
        if (tok.t === "int" && (tok.v === 0n || tok.v === 1n)) value = Number(tok.v);
        else if (tok.t === "ident" && (tok.v === "true" || tok.v === "false"))
          value = tok.v === "true" ? 1 : 0;
        else throw new Fail(`${what} must be 0 or 1, found ${describe(tok)}`, tok);
        break;
      case "upval": {
        const u = prefixed("U");
        if (u === undefined)
          throw new Fail(`${what} must be an upvalue (U<n>), found ${describe(tok)}`, tok);
        value = u;
        break;
      }
      case "child": {
        const p = prefixed("P");
        value = p !== undefined ? p : this.addChild(asm.functionRef(tok));
        break;
      }
      case "global":
        value = asm.globalRef(tok);
        break;
      case "native":
        value = asm.nativeRef(tok);
        break;
      case "struct":
        value = asm.structRef(tok);
        break;
      case "variant":
        value = asm.variantRef(tok);
        break;
      case "jump":
        if (tok.t === "label") value = this.label(tok) - (pc + 1);
        else if (tok.t === "int") value = bigToNumber(tok.v);
        else {
          // `JMP L5` for the label `L5:` is the likely slip: a reference is `@L5`.
          const hint = tok.t === "ident" ? ` (a label is referred to as @${tok.v})` : "";
          throw new Fail(
            `${what} must be a jump target (@label or +N/-N), found ${describe(tok)}${hint}`,
            tok,
          );
        }
        break;
      case "errkind":
        value = this.named(tok, RUNTIME_ERROR_KINDS, "an error kind", what);
        break;
      case "cast":
        value = this.named(tok, CAST_TARGETS, "a cast target", what);
        break;
    }
    const [min, max] = fieldRange(field);
    if (value < min || value > max) {
      // An int shows its own value, not the clamped number (bigToNumber).
      const shown =
        tok.t === "label" ? `jump offset ${value}` : `${tok.t === "int" ? tok.v : value}`;
      const prefix = OPERAND_PREFIX[kind] ?? "";
      throw new Fail(
        `${what} is out of range: ${prefix && tok.t === "ident" ? prefix : ""}${shown} does not fit ${min}..${max}`,
        tok,
      );
    }
    return value;
  }

  named(tok: Token, names: readonly string[], what: string, operand: string): number {
    if (tok.t === "int") return bigToNumber(tok.v);
    if (tok.t === "ident") {
      const i = names.indexOf(tok.v);
      if (i >= 0) return i;
    }
    throw new Fail(`${operand} must be ${what} (${names.join(", ")}), found ${describe(tok)}`, tok);
  }

  /** Registers touched, for the default `.registers` (operands plus register windows). */
  trackRegisters(info: OpcodeInfo, values: readonly number[]): void {
    info.operands.forEach((kind, i) => {
      if (kind === "reg" || kind === "freg")
        this.maxRegister = Math.max(this.maxRegister, values[i]!);
    });
    if (!info.window) return;
    const types = this.asm.types as TypeDef[];
    const variants = info.window === "arity" ? variantTable(types) : [];
    // An unknown type or variant is reported elsewhere; its window counts as A alone.
    const last = windowEnd(info.window, values[0]!, values[1]!, types, variants) ?? values[0]!;
    this.maxRegister = Math.max(this.maxRegister, last);
  }
}

type Instruction = BodyItem & { kind: "ins" };

function nameText(tok: Token): string | undefined {
  return tok.t === "ident" || tok.t === "str" ? tok.v : undefined;
}

function bigToNumber(v: bigint): number {
  // Out-of-field values are reported by the range check; clamp so huge ones stay numbers.
  if (v > 2n ** 40n) return 2 ** 40;
  if (v < -(2n ** 40n)) return -(2 ** 40);
  return Number(v);
}

function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
