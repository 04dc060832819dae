// Module → canonical `.vasm` text (spec/assembly.md §6 Canonical form). Every table is printed
// explicitly with its indexes, in the order the assembler reads them back, so assembling the
// output rebuilds the identical Module. Names are printed instead of indexes only where the
// assembler's resolution rule gives the same index back. `annotate` adds comments (pcs,
// constant values, jump targets, names, source lines) that do not change the meaning.

import {
  FORMAT_MAJOR,
  formatMinor,
  variantTable,
  type Constant,
  type Export,
  type Import,
  type Module,
} from "../format/module.js";
import { decodeOperands, opcodeOf, unusedBits } from "../format/instruction.js";
import { CAST_TARGETS, RUNTIME_ERROR_KINDS, type OpcodeInfo } from "../format/opcodes.js";
import {
  formatFloat,
  hexBytes,
  indexRef,
  isPlainIdent,
  quoteChar,
  quoteString,
  resolveTypeName,
  resolveVariantName,
} from "./syntax.js";
import { TYPE_FLAG_PRELUDE, VARIADIC } from "../format/module.js";

export interface DisassembleOptions {
  /** Print debug info (source, .loc, .local, upvalue names). Default true. */
  readonly debug?: boolean;
  /** Add explanatory comments; the text still assembles to the same module. */
  readonly annotate?: boolean;
  /** Source text of the module's debug source file, for annotated listings. */
  readonly sourceText?: string;
}

const HEX_CHUNK = 32; // bytes per .hex line

export function moduleToText(m: Module, opts: DisassembleOptions = {}): string {
  return new Printer(m, opts).print();
}

/** Prints single instructions as `NAME operands  (notes)` with relative jumps (hex dumps). */
export function instructionPrinter(m: Module): (fnIndex: number, pc: number) => string {
  const printer = new Printer(m, { annotate: true });
  return (fnIndex, pc) => {
    const d = printer.decode(fnIndex, pc, () => undefined);
    if (!d) return "not a valid instruction";
    const text = d.operands.length ? `${d.name} ${d.operands.join(", ")}` : d.name;
    return d.notes.length ? `${text}  (${d.notes.join(", ")})` : text;
  };
}

class Printer {
  readonly out: string[] = [];
  readonly debug;
  readonly annotate;
  readonly sourceLines: string[] | undefined;
  readonly firstString = new Map<string, number>();

  constructor(
    readonly m: Module,
    opts: DisassembleOptions,
  ) {
    this.debug = (opts.debug ?? true) && m.debug !== undefined;
    this.annotate = opts.annotate ?? false;
    this.sourceLines = opts.sourceText?.split("\n");
    m.strings.forEach((s, i) => {
      if (!this.firstString.has(s)) this.firstString.set(s, i);
    });
  }

  line(text: string, comment?: string): void {
    this.out.push(this.annotate && comment ? pad(text, 40) + `; ${comment}` : text);
  }

  print(): string {
    const m = this.m;
    this.out.push(`; Veld assembly, container format ${FORMAT_MAJOR}.${formatMinor(m)}`);
    this.section(m.strings, (s, i) => this.line(`.string S${i} ${quoteString(s)}`));
    this.section(m.constants, (c, i) => {
      const text = this.constant(c);
      this.line(
        `.constant C${i} ${text}`,
        text.startsWith("S") ? this.constantComment(i) : undefined,
      );
    });
    this.types();
    this.section(m.natives, (n, i) =>
      this.line(
        `.native N${i} ${this.name(n.name)} ${n.arity === VARIADIC ? "variadic" : n.arity}`,
      ),
    );
    this.section(m.globals, (g, i) => this.line(`.global G${i} ${this.name(g.name)}`));
    if (m.exports !== undefined) {
      this.out.push("");
      this.line(`.module ${this.name(m.exports.module)}`);
      for (const e of m.exports.items) this.line(`.export ${this.name(e.name)} ${this.item(e)}`);
    }
    this.section(m.imports ?? [], (im) =>
      this.line(`.import ${this.name(im.module)} ${this.name(im.name)} ${this.item(im)}`),
    );
    if (this.debug) {
      this.out.push("");
      this.line(`.source ${quoteString(m.debug!.sourceFile)}`);
      if (m.debug!.sourceHash.length > 0)
        this.line(`.sourcehash "${hexBytes(m.debug!.sourceHash)}"`);
      (m.debug!.files ?? []).forEach((f, i) =>
        this.line(`.file ${quoteString(f)}`, `file ${i + 1}`),
      );
    }
    m.functions.forEach((_, i) => this.fn(i));
    for (const c of m.custom) {
      this.out.push("");
      this.line(`.custom ${quoteString(c.name)}`, `${c.data.length} bytes`);
      for (let at = 0; at < c.data.length; at += HEX_CHUNK) {
        this.line(`  .hex "${hexBytes(c.data.subarray(at, at + HEX_CHUNK))}"`);
      }
    }
    return this.out.join("\n") + "\n";
  }

  /** `KIND INDEX [ARITY]` of an export or import. */
  item(e: Export | Import): string {
    const index = e.kind === "function" || e.kind === "constant" ? `G${e.index}` : `T${e.index}`;
    return `${e.kind} ${index}${e.kind === "function" ? ` ${e.arity}` : ""}`;
  }

  section<T>(items: readonly T[], each: (item: T, i: number) => void): void {
    if (items.length === 0) return;
    this.out.push("");
    items.forEach(each);
  }

  /** A table name: the literal when the assembler would intern it to this index, else S<n>. */
  name(index: number): string {
    const s = this.m.strings[index];
    return s !== undefined && this.firstString.get(s) === index ? quoteString(s) : `S${index}`;
  }

  stringValue(index: number): string | undefined {
    const s = this.m.strings[index];
    return s === undefined ? undefined : quoteString(s);
  }

  constant(c: Constant): string {
    switch (c.kind) {
      case "int":
        return c.value.toString();
      case "float":
        return formatFloat(c.value);
      case "char":
        return quoteChar(c.codePoint);
      case "str":
        return this.name(c.string);
    }
  }

  constantComment(poolIndex: number): string | undefined {
    const c = this.m.constants[poolIndex];
    if (!c) return undefined;
    return c.kind === "str" ? this.stringValue(c.string) : this.constant(c);
  }

  types(): void {
    let variant = 0;
    this.m.types.forEach((t, i) => {
      this.out.push("");
      const flags = t.flags & ~TYPE_FLAG_PRELUDE;
      this.line(
        `.${t.kind} T${i} ${this.name(t.name)}` +
          (t.flags & TYPE_FLAG_PRELUDE ? " prelude" : "") +
          (flags ? ` flags ${flags >>> 0}` : ""),
      );
      if (t.kind === "struct") {
        for (const f of t.fields) this.line(`  .field ${this.name(f)}`);
      } else {
        for (const v of t.variants)
          this.line(`  .variant V${variant++} ${this.name(v.name)} ${v.arity}`);
      }
      for (const meth of t.methods) {
        const g = this.m.globals[meth.global];
        this.line(
          `  .method ${this.name(meth.name)} G${meth.global}`,
          g && this.stringValue(g.name),
        );
      }
      this.line(".end");
    });
  }

  fn(index: number): void {
    const m = this.m;
    const f = m.functions[index]!;
    const dbg = this.debug ? m.debug!.functions[index] : undefined;
    this.out.push("");
    this.line(`.function F${index} ${this.name(f.name)}`);
    this.line(`  .params ${f.params}`);
    this.line(`  .registers ${f.registers}`);
    if (dbg?.file) this.line(`  .file ${dbg.file}`, m.debug!.files?.[dbg.file - 1]);
    const names = dbg && dbg.upvalueNames.length === f.upvalues.length ? dbg.upvalueNames : [];
    f.upvalues.forEach((u, i) => {
      const name = names[i] !== undefined ? ` ${quoteString(names[i]!)}` : "";
      this.line(`  .upvalue U${i} (${u.inStack ? "instack" : "upval"} ${u.index})${name}`);
    });
    f.children.forEach((c, i) =>
      this.line(`  .child P${i} F${c}`, m.functions[c] && this.stringValue(m.functions[c]!.name)),
    );
    f.constants.forEach((c, i) => this.line(`  .const K${i} C${c}`, this.constantComment(c)));
    for (const l of dbg?.locals ?? []) {
      const reg = `${l.bank === 1 ? "F" : "R"}${l.register}`;
      this.line(`  .local ${reg} ${quoteString(l.name)} ${l.startPc} ${l.endPc}`);
    }
    const targets = new Set<number>();
    f.code.forEach((word, pc) => {
      const target = jumpTarget(word, pc);
      if (target !== undefined && target >= 0 && target <= f.code.length) targets.add(target);
    });
    let loc: [number, number] = [0, 0];
    let shownLine = 0;
    for (let pc = 0; pc <= f.code.length; pc++) {
      if (targets.has(pc)) this.out.push(`  L${pc}:`);
      if (pc === f.code.length) break;
      if (dbg) {
        const here: [number, number] = [dbg.lines[pc] ?? 0, dbg.columns[pc] ?? 0];
        if (here[0] !== loc[0] || here[1] !== loc[1]) {
          const src = this.sourceLines?.[here[0] - 1];
          this.line(
            `  .loc ${here[0]} ${here[1]}`,
            here[0] !== shownLine && src !== undefined ? src.trim() : undefined,
          );
          if (src !== undefined) shownLine = here[0];
          loc = here;
        }
      }
      this.instruction(index, pc, targets);
    }
    this.line(".end");
  }

  instruction(fnIndex: number, pc: number, targets: ReadonlySet<number>): void {
    const word = this.m.functions[fnIndex]!.code[pc]!;
    const decoded = this.decode(fnIndex, pc, (t) => (targets.has(t) ? `@L${t}` : undefined));
    if (!decoded) {
      const raw = `.word 0x${word.toString(16).padStart(8, "0")}`;
      this.line(`    ${raw}`, `[${pc}] not a valid instruction`);
      return;
    }
    const { name, operands, notes } = decoded;
    const text = `    ${operands.length ? pad(name, 11) + operands.join(", ") : name}`;
    this.line(text, [`[${pc}]`, ...notes].join(" "));
  }

  /**
   * Operand spellings of one instruction plus comment notes, or undefined for a word that is
   * not a valid instruction. `label` names a jump target; without one a jump is `+N`/`-N`.
   */
  decode(
    fnIndex: number,
    pc: number,
    label: (target: number) => string | undefined,
  ): { name: string; operands: string[]; notes: string[] } | undefined {
    const f = this.m.functions[fnIndex]!;
    const word = f.code[pc]!;
    const info = opcodeOf(word);
    if (!info || unusedBits(info, word) !== 0) return undefined;
    const values = decodeOperands(info, word);
    const notes: string[] = [];
    const operands = info.operands.map((kind, i) => {
      const v = values[i]!;
      switch (kind) {
        case "reg":
          return `R${v}`;
        case "freg":
          return `F${v}`;
        case "kst":
        case "kstr":
        case "knum": {
          const c = f.constants[v];
          const note = c === undefined ? undefined : this.constantComment(c);
          if (note) notes.push(`K${v} = ${note}`);
          return `K${v}`;
        }
        case "imm":
        case "simm":
        case "bool":
          return `${v}`;
        case "upval": {
          const name = this.debug ? this.m.debug!.functions[fnIndex]?.upvalueNames[v] : undefined;
          if (name !== undefined) notes.push(`U${v} = ${name}`);
          return `U${v}`;
        }
        case "child": {
          const c = f.children[v];
          const name = c === undefined ? undefined : this.m.functions[c];
          if (c !== undefined) {
            notes.push(`P${v} = F${c}${name ? ` ${this.stringValue(name.name) ?? ""}` : ""}`);
          }
          return `P${v}`;
        }
        case "global": {
          const g = this.m.globals[v];
          if (g) notes.push(`G${v} = ${this.stringValue(g.name)}`);
          return `G${v}`;
        }
        case "native": {
          const n = this.m.natives[v];
          if (n) notes.push(`N${v} = ${this.stringValue(n.name)}`);
          return `N${v}`;
        }
        case "struct":
          return this.structName(v);
        case "variant":
          return this.variantName(v);
        case "jump": {
          const target = pc + 1 + v;
          notes.push(`to ${target}`);
          return label(target) ?? (v < 0 ? `${v}` : `+${v}`);
        }
        case "errkind":
          return RUNTIME_ERROR_KINDS[v] ?? `${v}`;
        case "cast":
          return CAST_TARGETS[v] ?? `${v}`;
      }
    });
    return { name: info.name, operands, notes };
  }

  structName(v: number): string {
    const t = this.m.types[v];
    const name = t && this.m.strings[t.name];
    if (
      t?.kind === "struct" &&
      name !== undefined &&
      isPlainIdent(name) &&
      indexRef(name, "T") === undefined &&
      resolveTypeName(this.m.types, this.m.strings, name) === v
    ) {
      return name;
    }
    return `T${v}`;
  }

  variantName(v: number): string {
    const ref = variantTable(this.m.types)[v];
    if (ref) {
      const t = this.m.types[ref.type]!;
      if (t.kind === "enum") {
        const text = `${this.m.strings[t.name]}.${this.m.strings[t.variants[ref.tag]!.name]}`;
        if (
          isPlainIdent(text) &&
          indexRef(text, "V") === undefined &&
          resolveVariantName(this.m.types, this.m.strings, text) === v
        ) {
          return text;
        }
      }
    }
    return `V${v}`;
  }
}

/** Target pc of a jump instruction word, or undefined when it is not a valid jump. */
function jumpTarget(word: number, pc: number): number | undefined {
  const info: OpcodeInfo | undefined = opcodeOf(word);
  if (!info || unusedBits(info, word) !== 0) return undefined;
  const i = info.operands.indexOf("jump");
  return i < 0 ? undefined : pc + 1 + decodeOperands(info, word)[i]!;
}

function pad(text: string, width: number): string {
  return text.length >= width ? `${text} ` : text + " ".repeat(width - text.length);
}
