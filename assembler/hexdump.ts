// Annotated hex dump of a whole `.veldc` file (`velddis --hex`, spec/assembly.md §8), in the
// manner of `wat2wasm -v` / `wasm-objdump -s -x`: one line per field with its offset, raw
// bytes and meaning — header, directory, every table entry, every instruction decoded, and
// padding. Field boundaries come from the reader's layout, so the dump never re-implements
// decoding; each field runs from its start offset to the next recorded one.

import {
  CHECKSUM_OFFSET,
  FLAG_HAS_DEBUG,
  HEADER_SIZE,
  SECTION_NAMES,
  SectionId,
} from "../format/container.js";
import { VARIADIC, type Export, type Import, type Module } from "../format/module.js";
import { FormatError } from "../format/errors.js";
import { readModule, type ItemLayout, type ModuleLayout } from "../format/reader.js";
import { verifyModule } from "../format/verifier.js";
import { instructionPrinter } from "./disassemble.js";
import { formatFloat, hexBytes, quoteChar, quoteString } from "./syntax.js";

const BYTES_PER_LINE = 12;

type Point = readonly [offset: number, meaning: string];

/** `offset: bytes ; meaning` lines for the fields starting at `points`, up to `end`. */
function emitter(bytes: Uint8Array, out: string[]) {
  return (points: Point[], end: number): void => {
    const sorted = [...points].sort((a, b) => a[0] - b[0]);
    sorted.forEach(([start, meaning], i) => {
      const stop = sorted[i + 1]?.[0] ?? end;
      for (let at = start; at < stop; at += BYTES_PER_LINE) {
        const chunk = bytes.subarray(at, Math.min(stop, at + BYTES_PER_LINE));
        const hex = [...chunk].map((b) => b.toString(16).padStart(2, "0")).join(" ");
        const text = `${at.toString(16).padStart(6, "0")}: ${hex.padEnd(BYTES_PER_LINE * 3 - 1)}`;
        out.push(at === start ? `${text}  ; ${meaning}` : text);
      }
    });
  };
}

/** A problem the reader or verifier found, for damagedHexDump. */
export interface DumpProblem {
  readonly code: string;
  readonly offset?: number;
  readonly message: string;
}

/**
 * What can be shown of a file the reader rejects, as `wasm-objdump` shows a damaged module:
 * the header fields present, the directory entries that decode, then the remaining bytes
 * raw, split where the problem lies. Every byte of the file is still printed exactly once.
 */
export function damagedHexDump(bytes: Uint8Array, problem: DumpProblem): string {
  const at = problem.offset === undefined ? "" : ` at 0x${problem.offset.toString(16)}`;
  const out = [`; error[${problem.code}]${at}: ${problem.message}`, "; header"];
  const emit = emitter(bytes, out);
  const u8 = (i: number) => bytes[i]!;
  const header: Point[] = [[0, "magic (expected \\x89VELDC\\r\\n)"]];
  if (bytes.length > 8) header.push([8, `format major ${u8(8)}`]);
  if (bytes.length > 9) header.push([9, `format minor ${u8(9)}`]);
  if (bytes.length > 10) header.push([10, `flags 0x${u8(10).toString(16)}`]);
  if (bytes.length > 11) header.push([11, `${u8(11)} sections`]);
  if (bytes.length > CHECKSUM_OFFSET) header.push([CHECKSUM_OFFSET, "CRC-32"]);
  emit(header, Math.min(HEADER_SIZE, bytes.length));
  if (bytes.length <= HEADER_SIZE) return out.join("\n") + "\n";

  // Directory entries: id, then offset and size as ULEB128, as long as they decode.
  const entries: Point[] = [];
  let pos = HEADER_SIZE;
  const uleb = (): number | undefined => {
    let value = 0;
    for (let shift = 0; shift < 35 && pos < bytes.length; shift += 7) {
      const b = bytes[pos++]!;
      value += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return value;
    }
    return undefined;
  };
  for (let i = 0; i < u8(11) && pos < bytes.length; i++) {
    const entry = pos;
    const id = bytes[pos++]!;
    const offset = uleb();
    const size = uleb();
    if (offset === undefined || size === undefined) {
      pos = entry;
      break;
    }
    const name = SECTION_NAMES[id] ?? "unknown section";
    entries.push([entry, `${name} (id ${id}) at 0x${offset.toString(16)}, ${size} bytes`]);
  }
  if (entries.length > 0) {
    out.push("; directory (as far as it decodes)");
    emit(entries, pos);
  }
  if (pos < bytes.length) {
    out.push("; not decoded");
    const rest: Point[] = [[pos, "raw bytes"]];
    if (problem.offset !== undefined && problem.offset > pos && problem.offset < bytes.length) {
      rest.push([problem.offset, `<- error[${problem.code}] here`]);
    }
    emit(rest, bytes.length);
  }
  return out.join("\n") + "\n";
}

/**
 * `velddis --hex`: the annotated dump of a file, also of one the verifier rejects (it still
 * decodes), or damagedHexDump of one the reader rejects; `problem` is what was wrong
 * (`verify` false: only what the reader rejects).
 */
export function hexDumpAnyway(
  bytes: Uint8Array,
  verify = true,
): { dump: string; problem?: FormatError } {
  let problem: FormatError | undefined;
  try {
    const { module, layout } = readModule(bytes);
    if (verify) verifyModule(module, layout);
  } catch (err) {
    if (!(err instanceof FormatError)) throw err;
    problem = err;
  }
  try {
    return { dump: hexDump(bytes), problem };
  } catch (err) {
    if (!(err instanceof FormatError) || problem === undefined) throw err;
    return { dump: damagedHexDump(bytes, problem), problem };
  }
}

export function hexDump(bytes: Uint8Array): string {
  const { module, layout } = readModule(bytes);
  const out: string[] = [];
  const emit = emitter(bytes, out);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u8 = (at: number) => view.getUint8(at);
  const crc = view.getUint32(CHECKSUM_OFFSET, true);

  out.push("; header");
  const flags = u8(10);
  emit(
    [
      [0, "magic \\x89VELDC\\r\\n"],
      [8, `format major ${u8(8)}`],
      [9, `format minor ${u8(9)}`],
      [10, `flags 0x${flags.toString(16)}${flags & FLAG_HAS_DEBUG ? " (HAS_DEBUG)" : ""}`],
      [11, `${u8(11)} sections`],
      [
        CHECKSUM_OFFSET,
        `CRC-32 0x${crc.toString(16).padStart(8, "0")} of bytes ${HEADER_SIZE}..end`,
      ],
    ],
    HEADER_SIZE,
  );
  out.push("; directory");
  emit(
    layout.sections.map((s): Point => [
      s.entry,
      `${SECTION_NAMES[s.id]} (id ${s.id}) at 0x${s.offset.toString(16)}, ${s.size} bytes`,
    ]),
    layout.directoryEnd,
  );
  let end = layout.directoryEnd;
  let custom = 0;
  for (const s of layout.sections) {
    if (s.offset > end) emit([[end, "padding"]], s.offset);
    out.push(
      `; section ${SECTION_NAMES[s.id]} (id ${s.id}) at 0x${s.offset.toString(16)}, ${s.size} bytes`,
    );
    const points =
      s.id === SectionId.CUSTOM
        ? customPoints(bytes, s.offset, module.custom[custom++]!)
        : sectionPoints(s.id, s.offset, module, layout);
    emit(points, s.offset + s.size);
    end = s.offset + s.size;
  }
  return out.join("\n") + "\n";
}

function sectionPoints(id: number, start: number, m: Module, layout: ModuleLayout): Point[] {
  const name = (i: number): string => {
    const s = m.strings[i];
    return s === undefined ? `S${i}` : `S${i} ${quoteString(s)}`;
  };
  const points: Point[] = [];
  switch (id) {
    case SectionId.STRINGS:
      points.push([start, `${m.strings.length} strings`]);
      layout.strings.forEach((at, i) => points.push([at, `S${i} ${quoteString(m.strings[i]!)}`]));
      break;
    case SectionId.CONSTANTS:
      points.push([start, `${m.constants.length} constants`]);
      layout.constants.forEach((at, i) => {
        const c = m.constants[i]!;
        const value =
          c.kind === "int"
            ? `${c.value}`
            : c.kind === "float"
              ? formatFloat(c.value)
              : c.kind === "char"
                ? quoteChar(c.codePoint)
                : name(c.string);
        points.push([at, `C${i} ${c.kind} ${value}`]);
      });
      break;
    case SectionId.TYPES: {
      points.push([start, `${m.types.length} types`]);
      let variant = 0;
      layout.types.forEach((t, i) => {
        const type = m.types[i]!;
        points.push([t.offset, `T${i} kind ${type.kind}`], [t.flags, `flags ${type.flags}`]);
        points.push([t.name, `name ${name(type.name)}`]);
        if (type.kind === "struct") {
          points.push([t.memberCountAt, `${type.fields.length} fields`]);
          t.members.forEach((at, j) => points.push([at, `field ${name(type.fields[j]!)}`]));
        } else {
          points.push([t.memberCountAt, `${type.variants.length} variants`]);
          t.members.forEach((at, j) => {
            const v = type.variants[j]!;
            points.push([at, `V${variant++} ${name(v.name)} arity ${v.arity}`]);
          });
        }
        points.push([t.methodCountAt, `${type.methods.length} methods`]);
        t.methods.forEach((at, j) => {
          const meth = type.methods[j]!;
          points.push([at, `method ${name(meth.name)} in G${meth.global}`]);
        });
      });
      break;
    }
    case SectionId.NATIVES:
      points.push([start, `${m.natives.length} natives`]);
      layout.natives.forEach((at, i) => {
        const n = m.natives[i]!;
        const arity = n.arity === VARIADIC ? "variadic" : `arity ${n.arity}`;
        points.push([at, `N${i} ${name(n.name)} ${arity}`]);
      });
      break;
    case SectionId.GLOBALS:
      points.push([start, `${m.globals.length} globals`]);
      layout.globals.forEach((at, i) => points.push([at, `G${i} ${name(m.globals[i]!.name)}`]));
      break;
    case SectionId.FUNCTIONS:
      points.push([start, `${m.functions.length} functions`]);
      layout.functions.forEach((f, i) => {
        const fn = m.functions[i]!;
        points.push(
          [f.offset, `F${i} name ${name(fn.name)}`],
          [f.params, `params ${fn.params}`],
          [f.registers, `registers ${fn.registers}`],
          [f.upvalueCountAt, `${fn.upvalues.length} upvalues`],
          [f.childCountAt, `${fn.children.length} children`],
          [f.constantCountAt, `${fn.constants.length} constants`],
          [f.codeLengthAt, `code length ${fn.code.length} words`],
        );
        f.upvalues.forEach((at, j) => {
          const u = fn.upvalues[j]!;
          points.push([at, `U${j} (${u.inStack ? "instack" : "upval"} ${u.index})`]);
        });
        f.children.forEach((at, j) => points.push([at, `P${j} F${fn.children[j]}`]));
        f.constants.forEach((at, j) => points.push([at, `K${j} C${fn.constants[j]}`]));
      });
      break;
    case SectionId.CODE: {
      const print = instructionPrinter(m);
      layout.functions.forEach((f, i) => {
        m.functions[i]!.code.forEach((_, pc) => {
          points.push([f.code + 4 * pc, `F${i} [${pc}] ${print(i, pc)}`]);
        });
      });
      break;
    }
    case SectionId.DEBUG: {
      const d = layout.debug!;
      const debug = m.debug!;
      points.push(
        [d.offset, `source file ${quoteString(debug.sourceFile)}`],
        [
          d.sourceHash,
          `source hash (${debug.sourceHash.length} bytes) ${hexBytes(debug.sourceHash)}`,
        ],
        [d.functionCountAt, `${debug.functions.length} function line tables`],
      );
      if (d.fileCountAt !== undefined)
        points.push([
          d.fileCountAt,
          `file table: ${(debug.files ?? []).length} more files ${(debug.files ?? []).map(quoteString).join(" ")}`,
        ]);
      d.functions.forEach((f, i) => {
        const fd = debug.functions[i]!;
        points.push([
          f.offset,
          `F${i} line table, ${fd.lines.length} entries (line delta, column)`,
        ]);
        points.push([f.localCountAt, `${fd.locals.length} locals`]);
        f.locals.forEach((at, j) => {
          const l = fd.locals[j]!;
          points.push([
            at,
            `local ${l.bank === 1 ? "F" : "R"}${l.register} ${quoteString(l.name)} pcs ${l.startPc}..${l.endPc}`,
          ]);
        });
        const names = fd.upvalueNames.map(quoteString).join(" ");
        points.push([
          f.upvalueNameCountAt,
          `${fd.upvalueNames.length} upvalue names ${names}`.trim(),
        ]);
        const fileAt = d.fileIndexes?.[i];
        if (fileAt !== undefined) points.push([fileAt, `F${i} file ${fd.file ?? 0}`]);
      });
      break;
    }
    case SectionId.EXPORTS: {
      const exports = m.exports!;
      points.push([layout.exportsModule!, `module ${name(exports.module)}`]);
      points.push([layout.exportsCountAt!, `${exports.items.length} exports`]);
      layout.exports!.forEach((at, i) => {
        const e = exports.items[i]!;
        points.push([at.offset, `export ${name(e.name)}`]);
        itemPoints(points, at, e);
      });
      break;
    }
    case SectionId.IMPORTS: {
      const imports = m.imports!;
      points.push([start, `${imports.length} imports`]);
      layout.imports!.forEach((at, i) => {
        const im = imports[i]!;
        points.push(
          [at.offset, `import from ${name(im.module)}`],
          [at.name, `item ${name(im.name)}`],
        );
        itemPoints(points, at, im);
      });
      break;
    }
  }
  return points;
}

/** The kind, index and arity fields of an export or import record. */
function itemPoints(points: Point[], at: ItemLayout, item: Export | Import): void {
  points.push([at.kind, `kind ${item.kind}`]);
  const index = item.kind === "function" || item.kind === "constant" ? "G" : "T";
  points.push([at.index, `${index}${item.index}`]);
  if (at.arity !== undefined) points.push([at.arity, `arity ${item.arity}`]);
}

function customPoints(
  bytes: Uint8Array,
  start: number,
  section: Module["custom"][number],
): Point[] {
  // name: uleb length + UTF-8 bytes; the data fills the rest of the section.
  let at = start;
  let length = 0;
  let shift = 1;
  for (;;) {
    const b = bytes[at++]!;
    length += (b & 0x7f) * shift;
    shift *= 128;
    if (b < 0x80) break;
  }
  return [
    [start, `custom section name ${quoteString(section.name)}`],
    ...(section.data.length > 0
      ? [[at + length, `${section.data.length} bytes of data`] as Point]
      : []),
  ];
}
