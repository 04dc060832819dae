// The verifier (spec/format.md §8): every rule a runtime relies on so it can execute a module
// without bounds checks on indexes, registers or jumps. Instruction checks are derived from the
// operand kinds and window/test/terminator flags of format/opcodes.ts, never listed per opcode.
// Throws the first violation as a FormatError; with a layout from readModule it carries the
// byte offset of the offending item.

import { SectionId } from "./container.js";
import { FormatError, type FormatErrorCode } from "./errors.js";
import { fieldValue, operandFields, unusedBits, type FieldSpec } from "./instruction.js";
import type { Constant, FunctionProto, Module, TypeDef } from "./module.js";
import { TYPE_FLAG_PRELUDE, variantTable } from "./module.js";
import { CAST_TARGETS, OPCODES, Op, RUNTIME_ERROR_KINDS, type OperandKind } from "./opcodes.js";
import type { ModuleLayout } from "./reader.js";

export const LIMITS = {
  registers: 256,
  upvalues: 256,
  /** Per function: constant list and child list (addressed by the 16-bit Bx field). */
  functionConstants: 65_536,
  children: 65_536,
  /** Module-wide tables addressed by Bx. */
  globals: 65_536,
  natives: 65_536,
  types: 65_536,
  variants: 65_536,
  /** Struct fields and variant payloads are built in one register window. */
  arity: 255,
  codeLength: 2 ** 24,
} as const;

const FIELDS: readonly FieldSpec[][] = OPCODES.map(operandFields);

const SURROGATE = /\p{Cs}/u;

export function verifyModule(m: Module, layout?: ModuleLayout): void {
  new Verifier(m, layout).run();
}

class Verifier {
  private readonly variants;

  constructor(
    private readonly m: Module,
    private readonly layout: ModuleLayout | undefined,
  ) {
    this.variants = variantTable(m.types);
  }

  private fail(code: FormatErrorCode, offset: number | undefined, message: string): never {
    throw new FormatError(code, offset, message);
  }

  private section(id: number): number | undefined {
    return this.layout?.sections.find((s) => s.id === id)?.offset;
  }

  private text(value: string, offset: number | undefined, what: string): void {
    if (SURROGATE.test(value))
      this.fail("E_SURROGATE", offset, `${what} has an unpaired surrogate`);
  }

  private stringIndex(index: number, offset: number | undefined, what: string): void {
    if (index >= this.m.strings.length) {
      this.fail("E_STRING_INDEX", offset, `${what}: string ${index} of ${this.m.strings.length}`);
    }
  }

  private limit(count: number, max: number, offset: number | undefined, what: string): void {
    if (count > max) this.fail("E_LIMIT", offset, `${count} ${what} (limit ${max})`);
  }

  /** Names within one table must be distinct. */
  private unique(
    names: readonly number[],
    offsets: readonly number[] | undefined,
    what: string,
  ): void {
    const seen = new Set<number>();
    names.forEach((name, i) => {
      if (seen.has(name))
        this.fail("E_DUPLICATE_NAME", offsets?.[i], `${what} "${this.m.strings[name]}" repeats`);
      seen.add(name);
    });
  }

  run(): void {
    this.strings();
    this.constants();
    this.types();
    this.natives();
    this.globals();
    this.functions();
    this.functionTree();
    this.m.functions.forEach((f, i) => this.code(f, i));
    this.debug();
    this.m.custom.forEach((c, i) => {
      const at = this.layout?.sections.filter((s) => s.id === SectionId.CUSTOM)[i]?.offset;
      this.text(c.name, at, "custom section name");
    });
  }

  private strings(): void {
    const seen = new Set<string>();
    this.m.strings.forEach((s, i) => {
      const at = this.layout?.strings[i];
      this.text(s, at, `string ${i}`);
      if (seen.has(s)) this.fail("E_DUPLICATE_STRING", at, `string ${JSON.stringify(s)} repeats`);
      seen.add(s);
    });
  }

  private constants(): void {
    const seen = new Set<string>();
    this.m.constants.forEach((k, i) => {
      const at = this.layout?.constants[i];
      if (k.kind === "int" && BigInt.asIntN(64, k.value) !== k.value) {
        this.fail("E_INT_RANGE", at, `int constant ${k.value} is outside i64`);
      }
      if (
        k.kind === "char" &&
        (k.codePoint > 0x10ffff || (k.codePoint >= 0xd800 && k.codePoint <= 0xdfff))
      ) {
        this.fail(
          "E_CHAR",
          at,
          `char constant 0x${k.codePoint.toString(16)} is not a Unicode scalar value`,
        );
      }
      if (k.kind === "str") this.stringIndex(k.string, at, `constant ${i}`);
      const key = constantKey(k);
      if (seen.has(key))
        this.fail("E_DUPLICATE_CONSTANT", at, `constant ${i} repeats an earlier one`);
      seen.add(key);
    });
  }

  private types(): void {
    const { m } = this;
    const sectionAt = this.section(SectionId.TYPES);
    this.limit(m.types.length, LIMITS.types, sectionAt, "types");
    this.limit(this.variants.length, LIMITS.variants, sectionAt, "enum variants");
    m.types.forEach((t, i) => {
      const at = this.layout?.types[i];
      if ((t.flags & ~TYPE_FLAG_PRELUDE) !== 0)
        this.fail("E_TYPE_FLAGS", at?.flags, `type ${i} flags ${t.flags}`);
      this.stringIndex(t.name, at?.name, `type ${i} name`);
      if (t.kind === "struct") {
        if (t.fields.length > LIMITS.arity) {
          this.fail(
            "E_ARITY",
            at?.memberCount,
            `struct ${i} has ${t.fields.length} fields (limit ${LIMITS.arity})`,
          );
        }
        t.fields.forEach((f, j) => this.stringIndex(f, at?.members[j], `struct ${i} field ${j}`));
        this.unique(t.fields, at?.members, "field");
      } else {
        t.variants.forEach((v, j) => {
          this.stringIndex(v.name, at?.members[j], `enum ${i} variant ${j}`);
          if (v.arity > LIMITS.arity) {
            this.fail(
              "E_ARITY",
              at?.members[j],
              `variant arity ${v.arity} (limit ${LIMITS.arity})`,
            );
          }
        });
        this.unique(
          t.variants.map((v) => v.name),
          at?.members,
          "variant",
        );
      }
      t.methods.forEach((method, j) => {
        this.stringIndex(method.name, at?.methods[j], `type ${i} method ${j}`);
        if (method.global >= m.globals.length) {
          this.fail(
            "E_GLOBAL_INDEX",
            at?.methods[j],
            `method global ${method.global} of ${m.globals.length}`,
          );
        }
      });
      this.unique(
        t.methods.map((method) => method.name),
        at?.methods,
        "method",
      );
    });
  }

  private natives(): void {
    const { natives } = this.m;
    this.limit(natives.length, LIMITS.natives, this.section(SectionId.NATIVES), "natives");
    natives.forEach((n, i) => {
      const at = this.layout?.natives[i];
      this.stringIndex(n.name, at, `native ${i}`);
      if (n.arity > 255) this.fail("E_ARITY", at, `native arity ${n.arity} does not fit a byte`);
    });
    this.unique(
      natives.map((n) => n.name),
      this.layout?.natives,
      "native",
    );
  }

  private globals(): void {
    const { globals } = this.m;
    this.limit(globals.length, LIMITS.globals, this.section(SectionId.GLOBALS), "globals");
    globals.forEach((g, i) => this.stringIndex(g.name, this.layout?.globals[i], `global ${i}`));
  }

  private functions(): void {
    const { m } = this;
    if (m.functions.length === 0)
      this.fail("E_MAIN", this.section(SectionId.FUNCTIONS), "there is no main function");
    m.functions.forEach((f, i) => {
      const at = this.layout?.functions[i];
      this.stringIndex(f.name, at?.offset, `function ${i} name`);
      if (f.registers < 1 || f.registers > LIMITS.registers) {
        this.fail(
          "E_REGISTERS",
          at?.registers,
          `function ${i} has ${f.registers} registers (1..${LIMITS.registers})`,
        );
      }
      if (f.params > f.registers) {
        this.fail(
          "E_REGISTERS",
          at?.params,
          `function ${i} has ${f.params} params but ${f.registers} registers`,
        );
      }
      this.limit(f.upvalues.length, LIMITS.upvalues, at?.upvalueCount, "upvalues");
      this.limit(f.children.length, LIMITS.children, at?.childCount, "children");
      this.limit(
        f.constants.length,
        LIMITS.functionConstants,
        at?.constantCount,
        "function constants",
      );
      f.children.forEach((c, j) => {
        if (c >= m.functions.length)
          this.fail(
            "E_CHILD_INDEX",
            at?.children[j],
            `child ${c} of ${m.functions.length} functions`,
          );
      });
      const seen = new Set<number>();
      f.constants.forEach((k, j) => {
        if (k >= m.constants.length)
          this.fail("E_CONSTANT_INDEX", at?.constants[j], `constant ${k} of ${m.constants.length}`);
        if (seen.has(k))
          this.fail("E_DUPLICATE_CONSTANT_REF", at?.constants[j], `constant ${k} listed twice`);
        seen.add(k);
      });
      if (f.code.length === 0 || f.code.length > LIMITS.codeLength) {
        this.fail(
          "E_CODE_LENGTH",
          at?.codeLength,
          `function ${i} has ${f.code.length} code words (1..2^24)`,
        );
      }
    });
    const main = m.functions[0]!;
    if (main.params !== 0 || main.upvalues.length !== 0) {
      this.fail(
        "E_MAIN",
        this.layout?.functions[0]?.offset,
        "main must have no parameters and no upvalues",
      );
    }
  }

  /** Every function but main is the child of exactly one function and reachable from main. */
  private functionTree(): void {
    const { functions } = this.m;
    const parent = new Int32Array(functions.length).fill(-1);
    functions.forEach((f, i) => {
      f.children.forEach((c, j) => {
        if (c === 0 || parent[c] !== -1) {
          this.fail(
            "E_FUNCTION_TREE",
            this.layout?.functions[i]?.children[j],
            `function ${c} has a second parent`,
          );
        }
        parent[c] = i;
      });
    });
    const reached = new Uint8Array(functions.length);
    const queue = [0];
    reached[0] = 1;
    while (queue.length > 0) {
      for (const c of functions[queue.pop()!]!.children) {
        reached[c] = 1;
        queue.push(c);
      }
    }
    functions.forEach((f, i) => {
      if (!reached[i])
        this.fail(
          "E_FUNCTION_TREE",
          this.layout?.functions[i]?.offset,
          `function ${i} is not reachable from main`,
        );
      const p = functions[parent[i]!];
      f.upvalues.forEach((u, j) => {
        const bound = u.inStack ? p!.registers : p!.upvalues.length;
        if (u.index >= bound) {
          this.fail(
            "E_UPVALUE",
            this.layout?.functions[i]?.upvalues[j],
            `upvalue ${j} captures parent ${u.inStack ? "register" : "upvalue"} ${u.index} of ${bound}`,
          );
        }
      });
    });
  }

  private code(f: FunctionProto, index: number): void {
    const { m } = this;
    const base = this.layout?.functions[index]?.code;
    const code = f.code;
    for (let pc = 0; pc < code.length; pc++) {
      const word = code[pc]!;
      const at = base === undefined ? undefined : base + 4 * pc;
      const where = `function ${index} pc ${pc}`;
      const info = OPCODES[word & 0xff];
      if (!info) this.fail("E_OPCODE", at, `${where}: unknown opcode ${word & 0xff}`);
      if (unusedBits(info, word) !== 0)
        this.fail("E_UNUSED_BITS", at, `${where}: ${info.name} sets unused bits`);
      const fields = FIELDS[info.code]!;
      const ops = fields.map((field) => fieldValue(word, field));
      info.operands.forEach((kind, i) => {
        const problem = this.operand(kind, ops[i]!, f, pc, code.length);
        if (problem)
          this.fail(problem[0], at, `${where}: ${info.name} operand ${i + 1} ${problem[1]}`);
      });
      if (info.window) {
        const a = ops[0]!;
        const b = ops[1]!;
        let last: number;
        switch (info.window) {
          case "B+1":
            last = a + b;
            break;
          case "B":
            if (b < 1) this.fail("E_WINDOW", at, `${where}: ${info.name} needs B >= 1`);
            last = a + b - 1;
            break;
          case "2":
            last = a + 1;
            break;
          case "fields":
            last = a + (m.types[b] as TypeDef & { kind: "struct" }).fields.length;
            break;
          case "arity": {
            const v = this.variants[b]!;
            const e = m.types[v.type] as TypeDef & { kind: "enum" };
            last = a + e.variants[v.tag]!.arity;
            break;
          }
        }
        if (last >= f.registers) {
          this.fail(
            "E_WINDOW",
            at,
            `${where}: ${info.name} uses R${last}, frame has ${f.registers}`,
          );
        }
      }
      if (info.test && (pc + 1 >= code.length || (code[pc + 1]! & 0xff) !== Op.JMP)) {
        this.fail("E_TEST_JMP", at, `${where}: ${info.name} must be followed by JMP`);
      }
    }
    const last = OPCODES[code[code.length - 1]! & 0xff]!;
    if (!last.terminator) {
      const at = base === undefined ? undefined : base + 4 * (code.length - 1);
      this.fail(
        "E_FALLTHROUGH",
        at,
        `function ${index} ends with ${last.name}, which falls through`,
      );
    }
  }

  /** The check of one operand kind: undefined when fine, else [code, reason]. */
  private operand(
    kind: OperandKind,
    value: number,
    f: FunctionProto,
    pc: number,
    length: number,
  ): [FormatErrorCode, string] | undefined {
    const { m } = this;
    const below = (
      bound: number,
      code: FormatErrorCode,
      what: string,
    ): [FormatErrorCode, string] | undefined =>
      value < bound ? undefined : [code, `${what} ${value} is not below ${bound}`];
    switch (kind) {
      case "reg":
        return below(f.registers, "E_OPERAND_REG", "register");
      case "kst":
        return below(f.constants.length, "E_OPERAND_KST", "constant");
      case "kstr":
      case "knum": {
        const range = below(f.constants.length, "E_OPERAND_KST", "constant");
        if (range) return range;
        const k = m.constants[f.constants[value]!]!.kind;
        const ok = kind === "kstr" ? k === "str" : k === "int" || k === "float";
        return ok ? undefined : ["E_OPERAND_KIND", `${kind} constant ${value} is a ${k}`];
      }
      case "imm":
      case "simm":
        return undefined;
      case "bool":
        return below(2, "E_OPERAND_BOOL", "bool");
      case "upval":
        return below(f.upvalues.length, "E_OPERAND_UPVAL", "upvalue");
      case "child":
        return below(f.children.length, "E_OPERAND_CHILD", "child");
      case "global":
        return below(m.globals.length, "E_OPERAND_GLOBAL", "global");
      case "native":
        return below(m.natives.length, "E_OPERAND_NATIVE", "native");
      case "struct":
        return m.types[value]?.kind === "struct"
          ? undefined
          : ["E_OPERAND_STRUCT", `type ${value} is not a struct`];
      case "variant":
        return below(this.variants.length, "E_OPERAND_VARIANT", "variant");
      case "jump": {
        const target = pc + 1 + value;
        return target >= 0 && target < length
          ? undefined
          : ["E_OPERAND_JUMP", `target ${target} is outside 0..${length - 1}`];
      }
      case "errkind":
        return below(RUNTIME_ERROR_KINDS.length, "E_OPERAND_ERRKIND", "error kind");
      case "cast":
        return below(CAST_TARGETS.length, "E_OPERAND_CAST", "cast target");
    }
  }

  private debug(): void {
    const { m } = this;
    const debug = m.debug;
    if (!debug) return;
    const at = this.layout?.debug;
    this.text(debug.sourceFile, at?.offset, "source file name");
    if (debug.sourceHash.length !== 0 && debug.sourceHash.length !== 32) {
      this.fail(
        "E_DEBUG_SHAPE",
        at?.sourceHash,
        `source hash has ${debug.sourceHash.length} bytes (0 or 32)`,
      );
    }
    if (debug.functions.length !== m.functions.length) {
      this.fail(
        "E_DEBUG_SHAPE",
        at?.functionCount,
        `debug info for ${debug.functions.length} of ${m.functions.length} functions`,
      );
    }
    debug.functions.forEach((d, i) => {
      const f = m.functions[i]!;
      const fat = at?.functions[i];
      if (d.lines.length !== f.code.length || d.columns.length !== f.code.length) {
        this.fail(
          "E_DEBUG_SHAPE",
          fat?.offset,
          `function ${i}: line table length differs from code length ${f.code.length}`,
        );
      }
      d.locals.forEach((local, j) => {
        const lat = fat?.locals[j];
        this.text(local.name, lat, "local name");
        if (
          local.register >= f.registers ||
          local.startPc > local.endPc ||
          local.endPc > f.code.length
        ) {
          this.fail(
            "E_DEBUG_LOCAL",
            lat,
            `function ${i} local "${local.name}" is outside the function`,
          );
        }
      });
      if (d.upvalueNames.length !== 0 && d.upvalueNames.length !== f.upvalues.length) {
        this.fail(
          "E_DEBUG_SHAPE",
          fat?.upvalueNameCount,
          `function ${i}: ${d.upvalueNames.length} upvalue names for ${f.upvalues.length} upvalues`,
        );
      }
      d.upvalueNames.forEach((name) => this.text(name, fat?.upvalueNameCount, "upvalue name"));
    });
  }
}

/** Identity of a pool constant: floats by bit pattern, so 0.0 and -0.0 differ. */
function constantKey(k: Constant): string {
  switch (k.kind) {
    case "int":
      return `i${k.value}`;
    case "float": {
      const view = new DataView(new ArrayBuffer(8));
      view.setFloat64(0, k.value);
      return `f${view.getBigUint64(0)}`;
    }
    case "str":
      return `s${k.string}`;
    case "char":
      return `c${k.codePoint}`;
  }
}
