// The verifier (spec/format.md §8): every rule a runtime relies on so it can execute a module
// without bounds checks on indexes, registers or jumps. Instruction checks are derived from the
// operand kinds and window/test/terminator flags of format/opcodes.ts, never listed per opcode.
// Throws the first violation as a FormatError; with a layout from readModule it carries the
// byte offset of the offending item. Numbers in a Module are assumed to be non-negative
// integers (as every decoded module's are): the verifier checks ranges, not integrality.

import { SectionId } from "./container.js";
import { FormatError, type FormatErrorCode } from "./errors.js";
import { fieldValue, operandFields, unusedBits, type FieldSpec } from "./instruction.js";
import type { Constant, EnumType, FunctionProto, Module, StructType } from "./module.js";
import { TYPE_FLAG_PRELUDE, variantTable } from "./module.js";
import {
  CAST_TARGETS,
  OPCODES,
  OPERAND_KINDS,
  Op,
  RUNTIME_ERROR_KINDS,
  type OperandKind,
  type Window,
} from "./opcodes.js";
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

// Per opcode, filled on first use (a module uses few opcodes; `veld` start-up is budgeted):
// its operand fields, and the word bits no operand uses (they must be zero).
const FIELDS: (FieldSpec[] | undefined)[] = [];
const UNUSED: (number | undefined)[] = [];

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

  /** The hot loop of loading: no allocation per instruction unless it fails. */
  private code(f: FunctionProto, index: number): void {
    const base = this.layout?.functions[index]?.code;
    const code = f.code;
    const length = code.length;
    const ops = [0, 0, 0];
    const failAt = (pc: number, error: FormatErrorCode, message: string): never =>
      this.fail(
        error,
        base === undefined ? undefined : base + 4 * pc,
        `function ${index} pc ${pc}: ${message}`,
      );
    for (let pc = 0; pc < length; pc++) {
      const word = code[pc]!;
      const info = OPCODES[word & 0xff];
      if (!info) failAt(pc, "E_OPCODE", `unknown opcode ${word & 0xff}`);
      if ((word & (UNUSED[info.code] ??= unusedBits(info, 0xffffffff))) !== 0)
        failAt(pc, "E_UNUSED_BITS", `${info.name} sets unused bits`);
      const fields = (FIELDS[info.code] ??= operandFields(info));
      const kinds = info.operands;
      for (let i = 0; i < kinds.length; i++) {
        const kind = kinds[i]!;
        const value = fieldValue(word, fields[i]!);
        ops[i] = value;
        const error = this.operand(kind, value, f, pc);
        if (error) {
          failAt(
            pc,
            error,
            `${info.name} operand ${i + 1} (${kind} ${value}) breaks the rule: ${OPERAND_KINDS[kind].rule}`,
          );
        }
      }
      if (info.window) {
        const last = this.windowEnd(info.window, ops[0]!, ops[1]!);
        if (last >= f.registers) {
          failAt(
            pc,
            "E_WINDOW",
            `${info.name} window ${info.window} reaches R${last}; the frame has ${f.registers}`,
          );
        }
      }
      if (info.test && (pc + 1 >= length || (code[pc + 1]! & 0xff) !== Op.JMP)) {
        failAt(pc, "E_TEST_JMP", `${info.name} must be followed by JMP`);
      }
    }
    const last = OPCODES[code[length - 1]! & 0xff]!;
    if (!last.terminator)
      failAt(length - 1, "E_FALLTHROUGH", `${last.name} ends the function and falls through`);
  }

  /** The highest register of a window starting at A (operands already checked); -1 if B = 0 for "B". */
  private windowEnd(window: Window, a: number, b: number): number {
    switch (window) {
      case "B+1":
        return a + b;
      case "B":
        return b < 1 ? LIMITS.registers : a + b - 1;
      case "2":
        return a + 1;
      case "fields":
        return a + (this.m.types[b] as StructType).fields.length;
      case "arity": {
        const v = this.variants[b]!;
        return a + (this.m.types[v.type] as EnumType).variants[v.tag]!.arity;
      }
    }
  }

  /** The check of one operand kind: the error code when it fails. */
  private operand(
    kind: OperandKind,
    value: number,
    f: FunctionProto,
    pc: number,
  ): FormatErrorCode | undefined {
    const { m } = this;
    switch (kind) {
      case "reg":
      case "freg":
        return value < f.registers ? undefined : "E_OPERAND_REG";
      case "kst":
        return value < f.constants.length ? undefined : "E_OPERAND_KST";
      case "kstr":
      case "knum": {
        if (value >= f.constants.length) return "E_OPERAND_KST";
        const k = m.constants[f.constants[value]!]!.kind;
        const ok = kind === "kstr" ? k === "str" : k === "int" || k === "float";
        return ok ? undefined : "E_OPERAND_KIND";
      }
      case "imm":
      case "simm":
        return undefined;
      case "bool":
        return value < 2 ? undefined : "E_OPERAND_BOOL";
      case "upval":
        return value < f.upvalues.length ? undefined : "E_OPERAND_UPVAL";
      case "child":
        return value < f.children.length ? undefined : "E_OPERAND_CHILD";
      case "global":
        return value < m.globals.length ? undefined : "E_OPERAND_GLOBAL";
      case "native":
        return value < m.natives.length ? undefined : "E_OPERAND_NATIVE";
      case "struct":
        return m.types[value]?.kind === "struct" ? undefined : "E_OPERAND_STRUCT";
      case "variant":
        return value < this.variants.length ? undefined : "E_OPERAND_VARIANT";
      case "jump": {
        const target = pc + 1 + value;
        return target >= 0 && target < f.code.length ? undefined : "E_OPERAND_JUMP";
      }
      case "errkind":
        return value < RUNTIME_ERROR_KINDS.length ? undefined : "E_OPERAND_ERRKIND";
      case "cast":
        return value < CAST_TARGETS.length ? undefined : "E_OPERAND_CAST";
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
          local.bank > 1 ||
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
