// `.veldc` bytes → Module plus the byte offsets of its parts (spec/format.md). Decodes the
// structure only: anything that cannot be represented in a Module (or is non-canonical at the
// byte level) is a "malformed" FormatError here; index and semantic rules are verifyModule's.
// One function per structure, in spec order, mirroring writer.ts name for name.

import { ByteReader } from "./bytes.js";
import {
  CHECKSUM_OFFSET,
  FLAG_HAS_DEBUG,
  HEADER_SIZE,
  MAGIC,
  SECTION_NAMES,
  SectionId,
  align,
  ConstantTag,
  TypeKind,
} from "./container.js";
import { crc32 } from "./crc32.js";
import { FormatError } from "./errors.js";
import type {
  Constant,
  CustomSection,
  DebugInfo,
  Export,
  Exports,
  Import,
  ItemKind,
  FunctionDebug,
  FunctionProto,
  Global,
  LocalVar,
  Method,
  Module,
  Native,
  TypeDef,
  UpvalueDesc,
  Variant,
} from "./module.js";
import { FORMAT_MAJOR, FORMAT_MINOR, ITEM_KINDS, formatMinor } from "./module.js";

export interface SectionLayout {
  readonly id: number;
  readonly offset: number;
  readonly size: number;
  /** Offset of the section's directory entry. */
  readonly entry: number;
}

export interface TypeLayout {
  readonly offset: number; // kind byte
  readonly flags: number;
  readonly name: number;
  readonly memberCountAt: number; // field or variant count
  readonly members: number[]; // each field name / variant entry
  readonly methodCountAt: number;
  readonly methods: number[];
}

export interface FunctionLayout {
  readonly offset: number; // the entry, starting with its name
  readonly params: number;
  readonly registers: number;
  readonly upvalueCountAt: number;
  readonly upvalues: number[];
  readonly childCountAt: number;
  readonly children: number[];
  readonly constantCountAt: number;
  readonly constants: number[];
  readonly codeLengthAt: number;
  /** File offset of the function's first code word in CODE (instruction pc is at code + 4·pc). */
  code: number;
}

export interface FunctionDebugLayout {
  readonly offset: number; // instruction count of the line table
  readonly localCountAt: number;
  readonly locals: number[];
  readonly upvalueNameCountAt: number;
}

export interface DebugLayout {
  readonly offset: number;
  readonly sourceHash: number;
  readonly functionCountAt: number;
  readonly functions: FunctionDebugLayout[];
  /** The file table's count field, and each function's file index field (format 1.1). */
  readonly fileCountAt?: number;
  readonly fileIndexes?: number[];
}

/** Offsets of an export or import record: its first byte and each field. */
export interface ItemLayout {
  readonly offset: number; // the record (an export's name, an import's module field)
  readonly name: number;
  readonly kind: number;
  readonly index: number;
  /** The arity field (functions only). */
  readonly arity?: number;
}

/** Byte offsets of a decoded module's items, so the verifier can point into the file. */
export interface ModuleLayout {
  readonly sections: SectionLayout[];
  /** End of the section directory (the first section starts at the next multiple of 4). */
  readonly directoryEnd: number;
  readonly strings: number[];
  readonly constants: number[];
  readonly types: TypeLayout[];
  readonly natives: number[];
  readonly globals: number[];
  readonly functions: FunctionLayout[];
  debug?: DebugLayout;
  /** The EXPORTS module name field and records; the IMPORTS records (format 1.2). */
  exportsModule?: number;
  exportsCountAt?: number;
  exports?: ItemLayout[];
  importsCountAt?: number;
  imports?: ItemLayout[];
}

/**
 * Decodes a file. Code arrays are views into `bytes` when the CODE section is 4-byte aligned in
 * memory on a little-endian host (no copy), so the caller must not modify `bytes` afterwards.
 */
export function readModule(bytes: Uint8Array): { module: Module; layout: ModuleLayout } {
  const { minor, flags, sectionCount } = readHeader(bytes);
  const { sections, directoryEnd } = readDirectory(bytes, sectionCount);
  const hasDebug = sections.some((s) => s.id === SectionId.DEBUG);
  if (hasDebug !== ((flags & FLAG_HAS_DEBUG) !== 0)) {
    throw new FormatError(
      "E_FLAGS",
      FLAGS_OFFSET,
      `HAS_DEBUG is ${flags & 1} but DEBUG is ${hasDebug ? "present" : "absent"}`,
    );
  }

  const layout: ModuleLayout = {
    sections,
    directoryEnd,
    strings: [],
    constants: [],
    types: [],
    natives: [],
    globals: [],
    functions: [],
  };
  const section = <T>(s: SectionLayout, read: (r: ByteReader) => T): T => {
    const r = new ByteReader(bytes, s.offset, s.offset + s.size);
    const value = read(r);
    if (r.remaining !== 0) {
      throw new FormatError(
        "E_SECTION_SIZE",
        r.pos,
        `${r.remaining} unread bytes at the end of ${SECTION_NAMES[s.id]}`,
      );
    }
    return value;
  };
  // The directory check guarantees sections[0..6] are STRINGS..CODE in order.
  const known = (id: number): SectionLayout => sections[id - 1]!;
  const strings = section(known(SectionId.STRINGS), (r) => readStrings(r, layout.strings));
  const constants = section(known(SectionId.CONSTANTS), (r) => readConstants(r, layout.constants));
  const types = section(known(SectionId.TYPES), (r) => readTypes(r, layout.types));
  const natives = section(known(SectionId.NATIVES), (r) => readNatives(r, layout.natives));
  const globals = section(known(SectionId.GLOBALS), (r) => readGlobals(r, layout.globals));
  const codeLengths: number[] = [];
  const functions = section(known(SectionId.FUNCTIONS), (r) =>
    readFunctions(r, layout.functions, codeLengths),
  );
  section(known(SectionId.CODE), (r) => readCode(r, functions, codeLengths, layout.functions));

  const custom: CustomSection[] = [];
  const module: {
    -readonly [K in keyof Module]: Module[K];
  } = { strings, constants, types, natives, globals, functions, custom };
  for (const s of sections.slice(7)) {
    if (s.id === SectionId.DEBUG) {
      const codeWords = known(SectionId.CODE).size / 4;
      module.debug = section(s, (r) =>
        readDebug(r, (layout.debug = emptyDebugLayout(r.pos)), codeWords, minor),
      );
    } else if (s.id === SectionId.EXPORTS) {
      module.exports = section(s, (r) => readExports(r, layout));
    } else if (s.id === SectionId.IMPORTS) {
      layout.importsCountAt = s.offset;
      module.imports = section(s, (r) => readImports(r, (layout.imports = [])));
    } else {
      custom.push(section(s, readCustom));
    }
  }
  if (minor !== formatMinor(module)) {
    throw new FormatError(
      "E_VERSION",
      MINOR_OFFSET,
      `a file whose newest feature is of format ${FORMAT_MAJOR}.${formatMinor(module)} is ${FORMAT_MAJOR}.${formatMinor(module)}, not ${FORMAT_MAJOR}.${minor}`,
    );
  }
  return { module, layout };
}

const MAJOR_OFFSET = 8;
const MINOR_OFFSET = 9;
const FLAGS_OFFSET = 10;

/** Checks magic, version and checksum; returns the flags and the section count. */
function readHeader(bytes: Uint8Array): { minor: number; flags: number; sectionCount: number } {
  for (let i = 0; i < MAGIC.length && i < bytes.length; i++) {
    if (bytes[i] !== MAGIC[i]) throw new FormatError("E_MAGIC", 0, "not a .veldc file (bad magic)");
  }
  const r = new ByteReader(bytes, 0, bytes.length);
  if (bytes.length < HEADER_SIZE) {
    throw new FormatError("E_TRUNCATED", bytes.length, `the header needs ${HEADER_SIZE} bytes`);
  }
  r.pos = MAJOR_OFFSET;
  const major = r.u8();
  const minor = r.u8();
  if (major !== FORMAT_MAJOR || minor > FORMAT_MINOR) {
    throw new FormatError(
      "E_VERSION",
      major !== FORMAT_MAJOR ? MAJOR_OFFSET : MINOR_OFFSET,
      `format ${major}.${minor} is not supported (this reader knows ${FORMAT_MAJOR}.${FORMAT_MINOR})`,
    );
  }
  if (bytes.length >= 2 ** 32) {
    throw new FormatError("E_SECTION_LAYOUT", 0, "files must be smaller than 4 GiB");
  }
  const flags = r.u8();
  const sectionCount = r.u8();
  const checksum = r.u32();
  if (checksum !== crc32(bytes.subarray(HEADER_SIZE))) {
    throw new FormatError("E_CHECKSUM", CHECKSUM_OFFSET, "checksum mismatch (the file is corrupt)");
  }
  if ((flags & ~FLAG_HAS_DEBUG) !== 0) {
    throw new FormatError("E_FLAGS", FLAGS_OFFSET, `unknown header flags 0x${flags.toString(16)}`);
  }
  return { minor, flags, sectionCount };
}

/** Reads the section directory and checks the canonical layout (spec/format.md §4). */
function readDirectory(
  bytes: Uint8Array,
  count: number,
): { sections: SectionLayout[]; directoryEnd: number } {
  const r = new ByteReader(bytes, HEADER_SIZE, bytes.length);
  const entries: { id: number; offset: number; size: number; entry: number; at: number }[] = [];
  for (let i = 0; i < count; i++) {
    const entry = r.pos;
    const id = r.u8();
    const at = r.pos;
    entries.push({ id, offset: r.uleb(), size: r.uleb(), entry, at });
  }
  const directoryEnd = r.pos;
  const sections: SectionLayout[] = [];
  let end = directoryEnd;
  let lastKnown = 0;
  let sawCustom = false;
  for (const { id, offset, size, entry, at } of entries) {
    if (id > SectionId.IMPORTS)
      throw new FormatError("E_SECTION_ID", entry, `unknown section id ${id}`);
    if (id === SectionId.CUSTOM) {
      sawCustom = true;
    } else {
      if (sawCustom || id <= lastKnown) {
        throw new FormatError("E_SECTION_ORDER", entry, `${SECTION_NAMES[id]} is out of order`);
      }
      if (id > lastKnown + 1 && lastKnown < SectionId.CODE) {
        throw new FormatError(
          "E_SECTION_MISSING",
          entry,
          `${SECTION_NAMES[lastKnown + 1]} is missing`,
        );
      }
      lastKnown = id;
    }
    const expected = align(end);
    if (offset !== expected) {
      throw new FormatError(
        "E_SECTION_LAYOUT",
        at,
        `${SECTION_NAMES[id]} must start at ${expected}, not ${offset}`,
      );
    }
    if (offset + size > bytes.length) {
      throw new FormatError(
        "E_TRUNCATED",
        at,
        `${SECTION_NAMES[id]} extends past the end of the file`,
      );
    }
    for (let p = end; p < offset; p++) {
      if (bytes[p] !== 0) throw new FormatError("E_PADDING", p, "padding bytes must be zero");
    }
    sections.push({ id, offset, size, entry });
    end = offset + size;
  }
  if (lastKnown < SectionId.CODE) {
    throw new FormatError(
      "E_SECTION_MISSING",
      directoryEnd,
      `${SECTION_NAMES[lastKnown + 1]} is missing`,
    );
  }
  if (end !== bytes.length) {
    throw new FormatError("E_TRAILING", end, `${bytes.length - end} bytes after the last section`);
  }
  return { sections, directoryEnd };
}

function readStrings(r: ByteReader, at: number[]): string[] {
  const strings: string[] = [];
  for (let n = r.count(1, "string"); n > 0; n--) {
    at.push(r.pos);
    strings.push(r.string());
  }
  return strings;
}

function readConstants(r: ByteReader, at: number[]): Constant[] {
  const constants: Constant[] = [];
  for (let n = r.count(2, "constant"); n > 0; n--) {
    at.push(r.pos);
    const tag = r.u8();
    switch (tag) {
      case ConstantTag.int:
        constants.push({ kind: "int", value: r.sleb() });
        break;
      case ConstantTag.float:
        constants.push({ kind: "float", value: r.f64() });
        break;
      case ConstantTag.str:
        constants.push({ kind: "str", string: r.uleb() });
        break;
      case ConstantTag.char:
        constants.push({ kind: "char", codePoint: r.uleb() });
        break;
      default:
        throw new FormatError("E_CONSTANT_TAG", r.pos - 1, `unknown constant tag ${tag}`);
    }
  }
  return constants;
}

function readTypes(r: ByteReader, at: TypeLayout[]): TypeDef[] {
  const types: TypeDef[] = [];
  for (let n = r.count(5, "type"); n > 0; n--) {
    const offset = r.pos;
    const kind = r.u8();
    if (kind !== TypeKind.struct && kind !== TypeKind.enum)
      throw new FormatError("E_TYPE_KIND", offset, `unknown type kind ${kind}`);
    const flagsAt = r.pos;
    const flags = r.u8();
    const nameAt = r.pos;
    const name = r.uleb();
    const memberCountAt = r.pos;
    const members: number[] = [];
    const methodAt: number[] = [];
    let methodCountAt: number;
    if (kind === TypeKind.struct) {
      const fields: number[] = [];
      for (let m = r.count(1, "field"); m > 0; m--) {
        members.push(r.pos);
        fields.push(r.uleb());
      }
      methodCountAt = r.pos;
      types.push({ kind: "struct", name, flags, fields, methods: readMethods(r, methodAt) });
    } else {
      const variants: Variant[] = [];
      for (let m = r.count(2, "variant"); m > 0; m--) {
        members.push(r.pos);
        variants.push({ name: r.uleb(), arity: r.uleb() });
      }
      methodCountAt = r.pos;
      types.push({ kind: "enum", name, flags, variants, methods: readMethods(r, methodAt) });
    }
    at.push({
      offset,
      flags: flagsAt,
      name: nameAt,
      memberCountAt,
      members,
      methodCountAt,
      methods: methodAt,
    });
  }
  return types;
}

function readMethods(r: ByteReader, at: number[]): Method[] {
  const methods: Method[] = [];
  for (let m = r.count(2, "method"); m > 0; m--) {
    at.push(r.pos);
    methods.push({ name: r.uleb(), global: r.uleb() });
  }
  return methods;
}

function readNatives(r: ByteReader, at: number[]): Native[] {
  const natives: Native[] = [];
  for (let n = r.count(2, "native"); n > 0; n--) {
    at.push(r.pos);
    natives.push({ name: r.uleb(), arity: r.u8() });
  }
  return natives;
}

function readGlobals(r: ByteReader, at: number[]): Global[] {
  const globals: Global[] = [];
  for (let n = r.count(1, "global"); n > 0; n--) {
    at.push(r.pos);
    globals.push({ name: r.uleb() });
  }
  return globals;
}

type MutableProto = { -readonly [K in keyof FunctionProto]: FunctionProto[K] };

const NO_CODE = new Uint32Array(0);

/** The function entries, their code still empty: readCode fills it in from `codeLengths`. */
function readFunctions(r: ByteReader, at: FunctionLayout[], codeLengths: number[]): MutableProto[] {
  const protos: MutableProto[] = [];
  // One call per entry: a small function the JIT compiles sooner than a loop in a big one.
  for (let n = r.count(7, "function"); n > 0; n--) readFunction(r, protos, at, codeLengths);
  return protos;
}

function readFunction(
  r: ByteReader,
  protos: MutableProto[],
  at: FunctionLayout[],
  codeLengths: number[],
): void {
  const offset = r.pos;
  const name = r.uleb();
  const paramsAt = r.pos;
  const params = r.uleb();
  const registersAt = r.pos;
  const registers = r.uleb();
  // These small lists are allocated at their exact size: growing by push() reserves 17 slots.
  const upvalueCountAt = r.pos;
  const upvalueTotal = r.count(2, "upvalue");
  const upvalues = new Array<UpvalueDesc>(upvalueTotal);
  for (let j = 0; j < upvalueTotal; j++) {
    const inStack = r.u8();
    if (inStack > 1)
      throw new FormatError("E_UPVALUE_FLAG", r.pos - 1, `inStack must be 0 or 1, not ${inStack}`);
    upvalues[j] = { inStack: inStack === 1, index: r.uleb() };
  }
  const childCountAt = r.pos;
  const childTotal = r.count(1, "child");
  const children = new Array<number>(childTotal);
  for (let j = 0; j < childTotal; j++) children[j] = r.uleb();
  const constantCountAt = r.pos;
  const constantTotal = r.count(1, "constant");
  const constants = new Array<number>(constantTotal);
  for (let j = 0; j < constantTotal; j++) constants[j] = r.uleb();
  const codeLengthAt = r.pos;
  const codeLength = r.uleb();
  protos.push({ name, params, registers, upvalues, children, constants, code: NO_CODE });
  codeLengths.push(codeLength);
  at.push(
    new FunctionEntryLayout(
      r.data,
      offset,
      paramsAt,
      registersAt,
      upvalueCountAt,
      childCountAt,
      constantCountAt,
      codeLengthAt,
    ),
  );
}

/**
 * Offsets of the items of a list that starts with its uleb128 count at `at`, each item being
 * `bytes` leading bytes and then `ulebs` uleb128 numbers. Only for lists readModule accepted.
 */
function itemOffsets(data: Uint8Array, at: number, bytes: number, ulebs: number): number[] {
  const r = new ByteReader(data, at, data.length);
  const offsets: number[] = [];
  for (let n = r.uleb(); n > 0; n--) {
    offsets.push(r.pos);
    r.pos += bytes;
    for (let k = 0; k < ulebs; k++) r.uleb();
  }
  return offsets;
}

/**
 * A function entry's layout. Only errors and tools need the offsets of its list items, so they
 * are found again from the bytes when first asked for, not recorded while loading.
 */
class FunctionEntryLayout implements FunctionLayout {
  code = 0;
  private lists: { upvalues: number[]; children: number[]; constants: number[] } | undefined;

  constructor(
    private readonly data: Uint8Array,
    readonly offset: number,
    readonly params: number,
    readonly registers: number,
    readonly upvalueCountAt: number,
    readonly childCountAt: number,
    readonly constantCountAt: number,
    readonly codeLengthAt: number,
  ) {}

  private items() {
    return (this.lists ??= {
      upvalues: itemOffsets(this.data, this.upvalueCountAt, 1, 1),
      children: itemOffsets(this.data, this.childCountAt, 0, 1),
      constants: itemOffsets(this.data, this.constantCountAt, 0, 1),
    });
  }

  get upvalues(): number[] {
    return this.items().upvalues;
  }

  get children(): number[] {
    return this.items().children;
  }

  get constants(): number[] {
    return this.items().constants;
  }
}

const LITTLE_ENDIAN_HOST = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

function readCode(
  r: ByteReader,
  protos: MutableProto[],
  codeLengths: readonly number[],
  at: FunctionLayout[],
): void {
  const start = r.pos;
  let total = 0;
  for (let i = 0; i < codeLengths.length; i++) total += codeLengths[i]!;
  if (total * 4 !== r.remaining) {
    throw new FormatError(
      "E_SECTION_SIZE",
      start,
      `CODE holds ${r.remaining} bytes; the functions need ${total * 4}`,
    );
  }
  const raw = r.bytes(total * 4);
  let words: Uint32Array;
  if (LITTLE_ENDIAN_HOST && raw.byteOffset % 4 === 0) {
    words = new Uint32Array(raw.buffer, raw.byteOffset, total);
  } else {
    words = new Uint32Array(total);
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let i = 0; i < total; i++) words[i] = view.getUint32(4 * i, true);
  }
  let pc = 0;
  for (let i = 0; i < protos.length; i++) {
    const length = codeLengths[i]!;
    protos[i]!.code = words.subarray(pc, pc + length);
    at[i]!.code = start + 4 * pc;
    pc += length;
  }
}

function emptyDebugLayout(offset: number): DebugLayout {
  return { offset, sourceHash: 0, functionCountAt: 0, functions: [] };
}

function readDebug(r: ByteReader, at: DebugLayout, codeWords: number, minor: number): DebugInfo {
  const sourceFile = r.string();
  const layout = at as { -readonly [K in keyof DebugLayout]: DebugLayout[K] };
  layout.sourceHash = r.pos;
  const sourceHash = r.bytes(r.count(1, "source hash byte")).slice();
  layout.functionCountAt = r.pos;
  const functions: FunctionDebug[] = [];
  // A valid file has one line and one column per code word: one buffer holds them all.
  const tables = new TableBuffer(2 * codeWords);
  for (let n = r.count(3, "debug function"); n > 0; n--) {
    functions.push(readFunctionDebug(r, at.functions, tables));
  }
  // Format 1.1: a file table may follow (only files of several source files have one).
  if (minor < 1 || r.remaining === 0) return { sourceFile, sourceHash, functions };
  layout.fileCountAt = r.pos;
  const files: string[] = [];
  // An empty table decodes; the verifier rejects it (E_DEBUG_SHAPE, format.md §5.8).
  for (let n = r.count(1, "debug file"); n > 0; n--) files.push(r.string());
  const fileIndexes: number[] = (layout.fileIndexes = []);
  const withFiles = functions.map((f) => {
    fileIndexes.push(r.pos);
    const file = r.uleb();
    return file === 0 ? f : { ...f, file };
  });
  return { sourceFile, sourceHash, functions: withFiles, files };
}

/** Hands out consecutive views of one buffer (a fresh array once it is used up). */
class TableBuffer {
  private readonly words: Uint32Array;
  private used = 0;

  constructor(size: number) {
    this.words = new Uint32Array(size);
  }

  take(n: number): Uint32Array {
    const at = this.used;
    if (at + n > this.words.length) return new Uint32Array(n);
    this.used = at + n;
    return this.words.subarray(at, at + n);
  }
}

function readFunctionDebug(
  r: ByteReader,
  at: FunctionDebugLayout[],
  tables: TableBuffer,
): FunctionDebug {
  const offset = r.pos;
  const n = r.count(2, "line table entry");
  const lines = tables.take(n);
  const columns = tables.take(n);
  lineTable(r, n, lines, columns);
  const localCountAt = r.pos;
  const localTotal = r.count(5, "local");
  const locals = new Array<LocalVar>(localTotal);
  const { data, end } = r;
  for (let j = 0; j < localTotal; j++) {
    const at = r.pos;
    // Inline for the usual shape (short ASCII name, pcs below 128); else the checked readers.
    const length = data[at]!;
    const register = at + 1 + length;
    if (length < 0x80 && register + 4 <= end) {
      const startPc = data[register + 2]!;
      const endPc = data[register + 3]!;
      const name = startPc < 0x80 && endPc < 0x80 ? r.ascii(at + 1, register) : undefined;
      if (name !== undefined) {
        const bank = data[register + 1]!;
        locals[j] = { name, register: data[register]!, bank, startPc, endPc };
        r.pos = register + 4;
        continue;
      }
    }
    const name = r.string();
    const reg = r.u8();
    locals[j] = { name, register: reg, bank: r.u8(), startPc: r.uleb(), endPc: r.uleb() };
  }
  const upvalueNameCountAt = r.pos;
  const upvalueNameTotal = r.count(1, "upvalue name");
  const upvalueNames = new Array<string>(upvalueNameTotal);
  for (let j = 0; j < upvalueNameTotal; j++) upvalueNames[j] = r.string();
  at.push(new FunctionDebugEntryLayout(data, offset, localCountAt, upvalueNameCountAt));
  return { lines, columns, locals, upvalueNames };
}

/**
 * Reads `n` line table entries (sleb128 line delta, uleb128 column), checking every line stays
 * in range: the largest table of most files. One- and two-byte numbers are decoded inline;
 * anything longer (or malformed) goes through ByteReader's checked decoders.
 */
function lineTable(r: ByteReader, n: number, lines: Uint32Array, columns: Uint32Array): void {
  const { data, end } = r;
  let pos = r.pos;
  let line = 0;
  for (let pc = 0; pc < n; pc++) {
    const deltaAt = pos;
    // The usual entry: a one-byte delta and a one-byte column.
    const delta = data[pos]!;
    const col = data[pos + 1]!;
    if ((delta | col) < 0x80 && pos + 2 <= end) {
      line += (delta << 25) >> 25;
      if (line < 0 || line > 0xffffffff) {
        throw new FormatError("E_LINE_RANGE", deltaAt, `line ${line} is outside 0..2^32-1`);
      }
      lines[pc] = line;
      columns[pc] = col;
      pos += 2;
      continue;
    }
    const b0 = pos < end ? data[pos]! : 0x80;
    const b1 = pos + 1 < end ? data[pos + 1]! : 0x80;
    const two = (((b0 & 0x7f) | (b1 << 7)) << 18) >> 18;
    if (b0 < 0x80) {
      line += (b0 << 25) >> 25;
      pos += 1;
    } else if (b1 < 0x80 && (two < -64 || two > 63)) {
      line += two; // a minimal two-byte sleb128
      pos += 2;
    } else {
      r.pos = pos;
      line += Number(r.sleb());
      pos = r.pos;
    }
    if (line < 0 || line > 0xffffffff) {
      throw new FormatError("E_LINE_RANGE", deltaAt, `line ${line} is outside 0..2^32-1`);
    }
    let column = pos < end ? data[pos]! : 0x80;
    if (column < 0x80) {
      pos += 1;
    } else {
      r.pos = pos;
      column = r.uleb();
      pos = r.pos;
    }
    lines[pc] = line;
    columns[pc] = column;
  }
  r.pos = pos;
}

/** A debug function entry's layout; the offsets of its locals are found again when asked for. */
class FunctionDebugEntryLayout implements FunctionDebugLayout {
  private localOffsets: number[] | undefined;

  constructor(
    private readonly data: Uint8Array,
    readonly offset: number,
    readonly localCountAt: number,
    readonly upvalueNameCountAt: number,
  ) {}

  get locals(): number[] {
    if (this.localOffsets === undefined) {
      const r = new ByteReader(this.data, this.localCountAt, this.data.length);
      this.localOffsets = [];
      for (let n = r.uleb(); n > 0; n--) {
        this.localOffsets.push(r.pos);
        const nameLength = r.uleb();
        r.pos += nameLength + 2; // the name's bytes, the register and its bank
        r.uleb();
        r.uleb();
      }
    }
    return this.localOffsets;
  }
}

function readExports(r: ByteReader, layout: ModuleLayout): Exports {
  layout.exportsModule = r.pos;
  const module = r.uleb();
  layout.exportsCountAt = r.pos;
  const at: ItemLayout[] = (layout.exports = []);
  const items: Export[] = [];
  for (let n = r.count(3, "export"); n > 0; n--) {
    const offset = r.pos;
    const name = r.uleb();
    const item = readItem(r, offset, offset);
    at.push(item.at);
    items.push({ name, ...item.value });
  }
  return { module, items };
}

function readImports(r: ByteReader, at: ItemLayout[]): Import[] {
  const imports: Import[] = [];
  for (let n = r.count(4, "import"); n > 0; n--) {
    const offset = r.pos;
    const module = r.uleb();
    const nameAt = r.pos;
    const name = r.uleb();
    const item = readItem(r, offset, nameAt);
    at.push(item.at);
    imports.push({ module, name, ...item.value });
  }
  return imports;
}

/** An export's or import's kind byte, index and (functions only) arity. */
function readItem(
  r: ByteReader,
  offset: number,
  nameAt: number,
): { value: { kind: ItemKind; index: number; arity?: number }; at: ItemLayout } {
  const kindAt = r.pos;
  const byte = r.u8();
  const kind = ITEM_KINDS[byte];
  if (kind === undefined) throw new FormatError("E_ITEM_KIND", kindAt, `unknown item kind ${byte}`);
  const indexAt = r.pos;
  const index = r.uleb();
  if (kind !== "function") {
    return { value: { kind, index }, at: { offset, name: nameAt, kind: kindAt, index: indexAt } };
  }
  const arityAt = r.pos;
  const arity = r.uleb();
  return {
    value: { kind, index, arity },
    at: { offset, name: nameAt, kind: kindAt, index: indexAt, arity: arityAt },
  };
}

function readCustom(r: ByteReader): CustomSection {
  const name = r.string();
  return { name, data: r.bytes(r.remaining).slice() };
}
