// The verifier (spec/format.md §8): every rule a runtime relies on so it can execute a module
// without bounds checks on indexes, registers or jumps. Instruction checks are derived from the
// operand kinds and window/test/terminator flags of format/opcodes.ts, never listed per opcode.
// Throws the first violation as a FormatError; with a layout from readModule it carries the
// byte offset of the offending item. Every number of a Module that the format stores as an
// unsigned integer must be one: an in-memory Module with a negative, fractional or NaN index
// is rejected by the rule of that field, never passed on to crash a runtime later.

import { SectionId } from "./container.js";
import { FormatError, type FormatErrorCode } from "./errors.js";
import { operandFields, unusedBits } from "./instruction.js";
import type {
  Constant,
  DebugInfo,
  EnumType,
  Export,
  FunctionProto,
  Import,
  Module,
} from "./module.js";
import { constantKey, ITEM_KINDS, TYPE_FLAG_PRELUDE, variantTable, windowEnd } from "./module.js";
import {
  CAST_TARGETS,
  OPCODE_BY_CODE,
  OPCODES,
  OPERAND_KINDS,
  RUNTIME_ERROR_KINDS,
  type OperandKind,
  type Window,
} from "./opcodes.js";
import { Op } from "./op.js";
import type { DebugLayout, ItemLayout, ModuleLayout } from "./reader.js";

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

/**
 * The opcode table flattened into typed arrays for the code loop, which runs mostly before the
 * JIT warms up: per opcode its operand count, unused-bit mask, window and test flag; per operand
 * slot (3 per opcode) its kind and the shifts that extract its field from the word.
 */
const KIND_NAMES = Object.keys(OPERAND_KINDS) as OperandKind[];
const kindId = (kind: OperandKind) => KIND_NAMES.indexOf(kind);
const REG = kindId("reg");
const FREG = kindId("freg");
const KST = kindId("kst");
const KSTR = kindId("kstr");
const KNUM = kindId("knum");
const IMM = kindId("imm");
const SIMM = kindId("simm");
const BOOL = kindId("bool");
const JUMP = kindId("jump");
const VARIANT = kindId("variant");
const WINDOWS: readonly Window[] = ["B+1", "B", "2", "fields", "arity"];
const NO_OPCODE = 255;
const OPERAND_COUNT = new Uint8Array(256).fill(NO_OPCODE);
/** Per opcode, the word bits no operand uses (they must be zero). */
const UNUSED = new Int32Array(256);
/** Per opcode, 1 + its window's index in WINDOWS, or 0. */
const WINDOW = new Uint8Array(256);
const TEST = new Uint8Array(256);
const TABLE = new Uint8Array(256);
const SLOT_KIND = new Uint8Array(3 * 256);
/** A field is (word << left) >> right, or >>> right when unsigned. */
const SLOT_LEFT = new Uint8Array(3 * 256);
const SLOT_RIGHT = new Uint8Array(3 * 256);
const SLOT_SIGNED = new Uint8Array(3 * 256);
/**
 * Per opcode whose operands are all registers (of either bank) in 8-bit fields or immediates:
 * bit 1, 2, 4 set when A, B, C is a register (the only checks it needs); 0 for other opcodes.
 */
const SIMPLE_REGS = new Uint8Array(256);
const SIMPLE = 8;
let tablesBuilt = false;

/** Fills the tables on the first verification (importing the verifier stays cheap). */
function buildTables(): void {
  tablesBuilt = true;
  for (const info of OPCODES) {
    const op = info.code;
    const fields = operandFields(info);
    OPERAND_COUNT[op] = info.operands.length;
    UNUSED[op] = unusedBits(info, 0xffffffff);
    WINDOW[op] = info.window ? WINDOWS.indexOf(info.window) + 1 : 0;
    TEST[op] = info.test ? 1 : 0;
    TABLE[op] = info.table ? 1 : 0;
    fields.forEach((field, i) => {
      SLOT_KIND[3 * op + i] = kindId(info.operands[i]!);
      SLOT_LEFT[3 * op + i] = 32 - field.shift - field.bits;
      SLOT_RIGHT[3 * op + i] = 32 - field.bits;
      SLOT_SIGNED[3 * op + i] = field.signed ? 1 : 0;
    });
    let regs = SIMPLE;
    let simple = true;
    fields.forEach((field, i) => {
      const kind = info.operands[i]!;
      if ((kind === "reg" || kind === "freg") && field.bits === 8)
        regs |= 1 << (field.shift / 8 - 1);
      else if (kind !== "imm" && kind !== "simm") simple = false;
    });
    SIMPLE_REGS[op] = simple ? regs : 0;
  }
}
/** Constant kinds as numbers: ints and floats are "numbers" (knum) below STR. */
const CONST_STR = 2;
const CONST_KIND: Readonly<Record<Constant["kind"], number>> = {
  int: 0,
  float: 1,
  str: 2,
  char: 3,
};

const SURROGATE = /\p{Cs}/u;

/** `v` is an integer in 0 … n − 1 (false for fractions, negatives, NaN and non-numbers). */
const isIndex = (v: number, n: number): boolean => Number.isInteger(v) && v >= 0 && v < n;

export function verifyModule(m: Module, layout?: ModuleLayout): void {
  // Stryker disable next-line ConditionalExpression: `true` is equivalent (rebuilding gives the same tables)
  if (!tablesBuilt) buildTables();
  new Verifier(m, layout).run();
}

class Verifier {
  private readonly variants;
  /** CONST_KIND of each module constant. */
  private readonly constKind: Uint8Array;
  /** The code buffer last viewed as int32 words, and that view. */
  private wordsBuffer: ArrayBufferLike | undefined;
  private words: Int32Array<ArrayBufferLike> = new Int32Array(0);

  constructor(
    private readonly m: Module,
    /** `m`'s layout as read: it lists every function, export, import and file index `m` has. */
    private readonly layout: ModuleLayout | undefined,
  ) {
    this.variants = variantTable(m.types);
    this.constKind = new Uint8Array(m.constants.length);
    for (let i = 0; i < m.constants.length; i++)
      this.constKind[i] = CONST_KIND[m.constants[i]!.kind];
  }

  private fail(code: FormatErrorCode, offset: number | undefined, message: string): never {
    throw new FormatError(code, offset, message);
  }

  private section(id: number): number | undefined {
    if (this.layout === undefined) return undefined;
    // Stryker disable next-line OptionalChaining: equivalent, asked only for required sections
    return this.layout.sections.find((s) => s.id === id)?.offset;
  }

  private text(value: string, offset: number | undefined, what: string): void {
    if (SURROGATE.test(value))
      this.fail("E_SURROGATE", offset, `${what} has an unpaired surrogate`);
  }

  private stringIndex(index: number, offset: number | undefined, what: string): void {
    if (!isIndex(index, this.m.strings.length)) {
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
    for (let i = 0; i < this.m.functions.length; i++) this.code(this.m.functions[i]!, i);
    this.debug();
    this.exports();
    this.imports();
    this.m.custom.forEach((c, i) => {
      // Only a bare Module can hold an unpaired surrogate (a file's UTF-8 cannot), and a bare
      // Module has no layout: which offset is found here is never seen (equivalent mutants).
      // Stryker disable next-line all
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
      if (
        k.kind === "int" &&
        (typeof k.value !== "bigint" || BigInt.asIntN(64, k.value) !== k.value)
      ) {
        this.fail("E_INT_RANGE", at, `int constant ${k.value} is outside i64`);
      }
      if (
        k.kind === "char" &&
        (!isIndex(k.codePoint, 0x110000) || (k.codePoint >= 0xd800 && k.codePoint <= 0xdfff))
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
      if (!isIndex(t.flags, TYPE_FLAG_PRELUDE + 1))
        this.fail("E_TYPE_FLAGS", at?.flags, `type ${i} flags ${t.flags}`);
      this.stringIndex(t.name, at?.name, `type ${i} name`);
      if (t.kind === "struct") {
        if (t.fields.length > LIMITS.arity) {
          this.fail(
            "E_ARITY",
            at?.memberCountAt,
            `struct ${i} has ${t.fields.length} fields (limit ${LIMITS.arity})`,
          );
        }
        t.fields.forEach((f, j) => this.stringIndex(f, at?.members[j], `struct ${i} field ${j}`));
        this.unique(t.fields, at?.members, "field");
      } else {
        t.variants.forEach((v, j) => {
          this.stringIndex(v.name, at?.members[j], `enum ${i} variant ${j}`);
          if (!isIndex(v.arity, LIMITS.arity + 1)) {
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
        if (!isIndex(method.global, m.globals.length)) {
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
      if (!isIndex(n.arity, 256))
        this.fail("E_ARITY", at, `native arity ${n.arity} does not fit a byte`);
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
    // Which function last listed each constant: finds a repeat without a Set per function.
    const listedBy = new Int32Array(m.constants.length).fill(-1);
    for (let i = 0; i < m.functions.length; i++) {
      const f = m.functions[i]!;
      const at = this.layout?.functions[i];
      this.stringIndex(f.name, at?.offset, `function ${i} name`);
      if (!isIndex(f.registers - 1, LIMITS.registers)) {
        this.fail(
          "E_REGISTERS",
          at?.registers,
          `function ${i} has ${f.registers} registers (1..${LIMITS.registers})`,
        );
      }
      if (!isIndex(f.params, f.registers + 1)) {
        this.fail(
          "E_REGISTERS",
          at?.params,
          `function ${i} has ${f.params} params but ${f.registers} registers`,
        );
      }
      this.limit(f.upvalues.length, LIMITS.upvalues, at?.upvalueCountAt, "upvalues");
      this.limit(f.children.length, LIMITS.children, at?.childCountAt, "children");
      this.limit(
        f.constants.length,
        LIMITS.functionConstants,
        at?.constantCountAt,
        "function constants",
      );
      for (let j = 0; j < f.children.length; j++) {
        const c = f.children[j]!;
        if (!isIndex(c, m.functions.length))
          this.fail(
            "E_CHILD_INDEX",
            at?.children[j],
            `child ${c} of ${m.functions.length} functions`,
          );
      }
      for (let j = 0; j < f.constants.length; j++) {
        const k = f.constants[j]!;
        if (!isIndex(k, m.constants.length))
          this.fail("E_CONSTANT_INDEX", at?.constants[j], `constant ${k} of ${m.constants.length}`);
        if (listedBy[k] === i)
          this.fail("E_DUPLICATE_CONSTANT_REF", at?.constants[j], `constant ${k} listed twice`);
        listedBy[k] = i;
      }
      if (f.code.length === 0 || f.code.length > LIMITS.codeLength) {
        this.fail(
          "E_CODE_LENGTH",
          at?.codeLengthAt,
          `function ${i} has ${f.code.length} code words (1..2^24)`,
        );
      }
    }
    const main = m.functions[0]!;
    if (main.params !== 0 || main.upvalues.length !== 0) {
      this.fail(
        "E_MAIN",
        this.layout?.functions[0]!.offset,
        "main must have no parameters and no upvalues",
      );
    }
  }

  /** Every function but main is the child of exactly one function and reachable from main. */
  private functionTree(): void {
    const { functions } = this.m;
    const parent = new Int32Array(functions.length).fill(-1);
    for (let i = 0; i < functions.length; i++) {
      const children = functions[i]!.children;
      for (let j = 0; j < children.length; j++) {
        const c = children[j]!;
        if (c === 0 || parent[c] !== -1) {
          this.fail(
            "E_FUNCTION_TREE",
            this.layout?.functions[i]!.children[j],
            `function ${c} has a second parent`,
          );
        }
        parent[c] = i;
      }
    }
    const reached = new Uint8Array(functions.length);
    const queue = [0];
    reached[0] = 1;
    while (queue.length > 0) {
      const children = functions[queue.pop()!]!.children;
      for (let j = 0; j < children.length; j++) {
        reached[children[j]!] = 1;
        queue.push(children[j]!);
      }
    }
    for (let i = 0; i < functions.length; i++) {
      const f = functions[i]!;
      if (!reached[i])
        this.fail(
          "E_FUNCTION_TREE",
          this.layout?.functions[i]!.offset,
          `function ${i} is not reachable from main`,
        );
      const p = functions[parent[i]!];
      for (let j = 0; j < f.upvalues.length; j++) {
        const u = f.upvalues[j]!;
        const bound = u.inStack ? p!.registers : p!.upvalues.length;
        if (!isIndex(u.index, bound)) {
          this.fail(
            "E_UPVALUE",
            this.layout?.functions[i]!.upvalues[j],
            `upvalue ${j} captures parent ${u.inStack ? "register" : "upvalue"} ${u.index} of ${bound}`,
          );
        }
      }
    }
  }

  /**
   * The hot loop of loading: integer work on the words and the flattened opcode table, no
   * allocation unless it fails. The common operand kinds (registers, immediates, jumps,
   * constants, flags, variants) are decided inline; operand() decides the index kinds of the
   * other tables and names every rejection. The windows of a type's size go through windowEnd().
   */
  private code(f: FunctionProto, index: number): void {
    // Signed words (a Uint32Array would box those with bit 31 set), viewed once per buffer:
    // decoded code arrays are all views of one.
    // Stryker disable next-line ConditionalExpression: `true` is equivalent (the same view made again)
    if (f.code.buffer !== this.wordsBuffer) {
      this.wordsBuffer = f.code.buffer;
      this.words = new Int32Array(f.code.buffer, 0, f.code.buffer.byteLength >> 2);
    }
    const code = this.words;
    const base = f.code.byteOffset >> 2;
    const length = f.code.length;
    const registers = f.registers;
    const fconsts = f.constants;
    const nconsts = fconsts.length;
    const constKind = this.constKind;
    const variants = this.variants.length;
    for (let pc = 0; pc < length; pc++) {
      const word = code[base + pc]!;
      const op = word & 0xff;
      const count = OPERAND_COUNT[op]!;
      if (count === NO_OPCODE) this.codeError(index, pc, "E_OPCODE", `unknown opcode ${op}`);
      if ((word & UNUSED[op]!) !== 0)
        this.codeError(index, pc, "E_UNUSED_BITS", `${OPCODE_BY_CODE[op]!.name} sets unused bits`);
      const regs = SIMPLE_REGS[op]!;
      // Only a shortcut: when it does not apply, the slot loop checks the same registers.
      // Stryker disable ConditionalExpression,LogicalOperator: a stricter shortcut is equivalent
      const simple =
        regs !== 0 &&
        ((regs & 1) === 0 || ((word >>> 8) & 0xff) < registers) &&
        ((regs & 2) === 0 || ((word >>> 16) & 0xff) < registers) &&
        ((regs & 4) === 0 || word >>> 24 < registers);
      // Stryker restore ConditionalExpression,LogicalOperator
      for (let i = 0; !simple && i < count; i++) {
        const slot = 3 * op + i;
        const kind = SLOT_KIND[slot]!;
        const bits = word << SLOT_LEFT[slot]!;
        const value =
          SLOT_SIGNED[slot] === 1 ? bits >> SLOT_RIGHT[slot]! : bits >>> SLOT_RIGHT[slot]!;
        let ok = false;
        if (kind === REG || kind === FREG) ok = value < registers;
        else if (kind === IMM || kind === SIMM) ok = true;
        else if (kind === JUMP) ok = pc + 1 + value >= 0 && pc + 1 + value < length;
        else if (kind === KNUM) ok = value < nconsts && constKind[fconsts[value]!]! < CONST_STR;
        else if (kind === KSTR) ok = value < nconsts && constKind[fconsts[value]!]! === CONST_STR;
        else if (kind === KST) ok = value < nconsts;
        else if (kind === BOOL) ok = value < 2;
        else if (kind === VARIANT) ok = value < variants;
        if (!ok) this.operandCheck(f, index, pc, i, kind, value);
      }
      const window = WINDOW[op]!;
      // Stryker disable next-line ConditionalExpression: `true` is equivalent (no window, no last register)
      if (window !== 0) {
        const slot = 3 * op;
        const a = (word << SLOT_LEFT[slot]!) >>> SLOT_RIGHT[slot]!; // A: a register
        // B: an immediate count, a struct or a variant (unsigned); a "2" window ignores it.
        const b = (word << SLOT_LEFT[slot + 1]!) >>> SLOT_RIGHT[slot + 1]!;
        // The common windows inline; windowEnd() gives the same for them.
        const last =
          // Stryker disable next-line ConditionalExpression: `false` is equivalent (windowEnd() decides)
          window === 1 ? a + b : window === 3 ? a + 1 : this.windowEnd(WINDOWS[window - 1]!, a, b);
        if (last >= registers) {
          const info = OPCODE_BY_CODE[op]!;
          this.codeError(
            index,
            pc,
            "E_WINDOW",
            `${info.name} window ${info.window} reaches R${last}; the frame has ${registers}`,
          );
        }
      }
      if (TEST[op] === 1) {
        if (pc + 1 >= length || (code[base + pc + 1]! & 0xff) !== Op.JMP)
          this.codeError(
            index,
            pc,
            "E_TEST_JMP",
            `${OPCODE_BY_CODE[op]!.name} must be followed by JMP`,
          );
        // A passing test skips its JMP: something must follow it.
        if (pc + 2 >= length)
          this.codeError(
            index,
            pc,
            "E_TEST_END",
            `${OPCODE_BY_CODE[op]!.name} passing would skip the last instruction and run past the end`,
          );
      }
      if (TABLE[op] === 1) this.jumpTable(f, index, pc);
    }
    const last = OPCODE_BY_CODE[f.code[length - 1]! & 0xff]!;
    if (!last.terminator)
      this.codeError(
        index,
        length - 1,
        "E_FALLTHROUGH",
        `${last.name} ends the function and falls through`,
      );
  }

  /**
   * SWITCHVARIANT at `pc` (its operands checked): Bx is an enum's first variant, and the n + 1
   * words after it, n the enum's variant count, are JMPs (each verified as an instruction).
   */
  private jumpTable(f: FunctionProto, index: number, pc: number): void {
    const variant = this.variants[f.code[pc]! >>> 16]!;
    if (variant.tag !== 0)
      this.codeError(
        index,
        pc,
        "E_SWITCH_ENUM",
        `SWITCHVARIANT names variant ${variant.tag} of its enum, not the first`,
      );
    const n = (this.m.types[variant.type] as EnumType).variants.length;
    for (let i = 1; i <= n + 1; i++) {
      // Past the function's end a view reads `undefined`, which is no JMP.
      if ((f.code[pc + i]! & 0xff) !== Op.JMP)
        this.codeError(
          index,
          pc,
          "E_SWITCH_TABLE",
          `SWITCHVARIANT's table needs ${n + 1} JMPs (${n} variants and the default); word ${i} after it is not one`,
        );
    }
  }

  /** Operand `i` of the instruction at `pc`, which the inline checks did not accept. */
  private operandCheck(
    f: FunctionProto,
    index: number,
    pc: number,
    i: number,
    kindNumber: number,
    value: number,
  ): void {
    const info = OPCODE_BY_CODE[f.code[pc]! & 0xff]!;
    const kind = KIND_NAMES[kindNumber]!;
    const error = this.operand(kind, value, f);
    if (error) {
      this.codeError(
        index,
        pc,
        error,
        `${info.name} operand ${i + 1} (${kind} ${value}) breaks the rule: ${OPERAND_KINDS[kind].rule}`,
      );
    }
  }

  private codeError(index: number, pc: number, error: FormatErrorCode, message: string): never {
    const base = this.layout?.functions[index]!.code;
    this.fail(
      error,
      base === undefined ? undefined : base + 4 * pc,
      `function ${index} pc ${pc}: ${message}`,
    );
  }

  /** The highest register of a window starting at A (operands already checked); -1 if B = 0 for "B". */
  private windowEnd(window: Window, a: number, b: number): number {
    // An empty "B" window is malformed: report it as reaching past any frame.
    if (window === "B" && b < 1) return LIMITS.registers;
    return windowEnd(window, a, b, this.m.types, this.variants)!;
  }

  /**
   * The error of an operand the inline checks did not accept: a kind they decide fails outright
   * (a constant operand names why); the index kinds of the other tables are decided here.
   */
  private operand(kind: OperandKind, value: number, f: FunctionProto): FormatErrorCode | undefined {
    const { m } = this;
    switch (kind) {
      case "reg":
      case "freg":
        return "E_OPERAND_REG";
      case "kst": // rejected inline only past the list
      case "kstr":
      case "knum":
        return value < f.constants.length ? "E_OPERAND_KIND" : "E_OPERAND_KST";
      case "bool":
        return "E_OPERAND_BOOL";
      case "variant":
        return "E_OPERAND_VARIANT";
      case "jump":
        return "E_OPERAND_JUMP";
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
      case "errkind":
        return value < RUNTIME_ERROR_KINDS.length ? undefined : "E_OPERAND_ERRKIND";
      case "cast":
        return value < CAST_TARGETS.length ? undefined : "E_OPERAND_CAST";
      // Stryker disable next-line all: never reached (immediates are accepted inline)
      default:
        return undefined; // imm, simm: any value
    }
  }

  /** EXPORTS (format.md §5.10): a named module, distinct names, items that exist. */
  private exports(): void {
    const { exports } = this.m;
    if (exports === undefined) return;
    const moduleAt = this.layout?.exportsModule;
    this.stringIndex(exports.module, moduleAt, "module name");
    if (this.m.strings[exports.module] === "")
      this.fail("E_EXPORT", moduleAt, "a library's module name is empty");
    const seen = new Set<number>();
    exports.items.forEach((e, i) => {
      const at = this.layout?.exports![i];
      this.stringIndex(e.name, at?.name, `export ${i} name`);
      this.item("E_EXPORT", e, at, `export ${i}`);
      if (seen.has(e.name))
        this.fail("E_EXPORT", at?.name, `export "${this.m.strings[e.name]}" repeats`);
      seen.add(e.name);
    });
  }

  /**
   * IMPORTS (format.md §5.11): each (module, item) pair and each slot or type entry once; an
   * imported type has no methods and no prelude flag; a library does not import itself.
   */
  private imports(): void {
    const { imports, exports } = this.m;
    if (imports === undefined) return;
    if (imports.length === 0)
      this.fail("E_IMPORT", this.layout?.importsCountAt, "an IMPORTS section without records");
    const pairs = new Set<string>();
    const globals = new Set<number>();
    const types = new Set<number>();
    imports.forEach((im, i) => {
      const at = this.layout?.imports![i];
      this.stringIndex(im.module, at?.offset, `import ${i} module`);
      this.stringIndex(im.name, at?.name, `import ${i} name`);
      this.item("E_IMPORT", im, at, `import ${i}`);
      const what = `${this.m.strings[im.module]}.${this.m.strings[im.name]}`;
      if (this.m.strings[im.module] === "")
        this.fail("E_IMPORT", at?.offset, `import ${i} names no module`);
      if (exports !== undefined && im.module === exports.module)
        this.fail("E_IMPORT", at?.offset, `the module imports ${what} from itself`);
      const pair = `${im.module} ${im.name}`;
      if (pairs.has(pair)) this.fail("E_IMPORT", at?.offset, `${what} is imported twice`);
      pairs.add(pair);
      const slots = im.kind === "function" || im.kind === "constant" ? globals : types;
      if (slots.has(im.index))
        this.fail("E_IMPORT", at?.index, `${what} shares its slot with another import`);
      slots.add(im.index);
      const t = this.m.types[im.index];
      if (slots === types && (t!.methods.length > 0 || (t!.flags & TYPE_FLAG_PRELUDE) !== 0))
        this.fail("E_IMPORT", at?.index, `imported type ${what} has methods or the prelude flag`);
    });
  }

  /** An export's or import's kind, index (a global, or a type of that kind) and arity. */
  private item(
    code: "E_EXPORT" | "E_IMPORT",
    item: Export | Import,
    at: ItemLayout | undefined,
    what: string,
  ): void {
    if (!ITEM_KINDS.includes(item.kind)) this.fail(code, at?.kind, `${what}: unknown kind`);
    if (item.kind === "function" || item.kind === "constant") {
      if (!isIndex(item.index, this.m.globals.length))
        this.fail(code, at?.index, `${what}: global ${item.index} of ${this.m.globals.length}`);
    } else if (this.m.types[item.index]?.kind !== item.kind) {
      this.fail(code, at?.index, `${what}: type ${item.index} is not a ${item.kind}`);
    }
    if (item.kind === "function" ? !isIndex(item.arity ?? -1, 256) : item.arity !== undefined)
      this.fail(
        code,
        at?.arity ?? at?.kind,
        `${what}: arity ${item.arity} (0..255, functions only)`,
      );
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
        at?.functionCountAt,
        `debug info for ${debug.functions.length} of ${m.functions.length} functions`,
      );
    }
    for (let i = 0; i < debug.functions.length; i++) {
      const d = debug.functions[i]!;
      const f = m.functions[i]!;
      const fat = at?.functions[i];
      if (d.lines.length !== f.code.length || d.columns.length !== f.code.length) {
        this.fail(
          "E_DEBUG_SHAPE",
          fat?.offset,
          `function ${i}: line table length differs from code length ${f.code.length}`,
        );
      }
      for (let j = 0; j < d.locals.length; j++) {
        const local = d.locals[j]!;
        // The layout finds item offsets on demand: ask only when failing.
        // Stryker disable next-line ConditionalExpression: `true` is equivalent (text() tests again)
        if (SURROGATE.test(local.name)) this.text(local.name, fat?.locals[j], "local name");
        if (
          !isIndex(local.register, f.registers) ||
          !isIndex(local.bank, 2) ||
          !isIndex(local.startPc, local.endPc + 1) ||
          !isIndex(local.endPc, f.code.length + 1)
        ) {
          this.fail(
            "E_DEBUG_LOCAL",
            fat?.locals[j],
            `function ${i} local "${local.name}" is outside the function`,
          );
        }
      }
      if (d.upvalueNames.length !== 0 && d.upvalueNames.length !== f.upvalues.length) {
        this.fail(
          "E_DEBUG_SHAPE",
          fat?.upvalueNameCountAt,
          `function ${i}: ${d.upvalueNames.length} upvalue names for ${f.upvalues.length} upvalues`,
        );
      }
      for (const name of d.upvalueNames) this.text(name, fat?.upvalueNameCountAt, "upvalue name");
    }
    this.fileTable(debug, at);
  }

  /** Format 1.1's file table: at least one file, all distinct, every function's index in it. */
  private fileTable(debug: DebugInfo, at: DebugLayout | undefined): void {
    const files = debug.files ?? [];
    // An empty table would be a second encoding of "no table" (format.md §1).
    if (debug.files !== undefined && files.length === 0)
      this.fail("E_DEBUG_SHAPE", at?.fileCountAt, "the file table is empty");
    const names = new Set([debug.sourceFile]);
    files.forEach((f) => {
      this.text(f, at?.fileCountAt, "file name");
      if (names.has(f))
        this.fail("E_DEBUG_SHAPE", at?.fileCountAt, `file "${f}" is in the file table twice`);
      names.add(f);
    });
    debug.functions.forEach((d, i) => {
      if (d.file !== undefined && !isIndex(d.file, files.length + 1))
        this.fail(
          "E_DEBUG_SHAPE",
          at?.fileIndexes![i],
          `function ${i}: file ${d.file} is not in the file table of ${files.length + 1}`,
        );
    });
  }
}
