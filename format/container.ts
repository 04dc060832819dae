// Constants of the `.veldc` container frame (spec/format.md §3–4): magic, header size,
// header flags and section ids, shared by the writer and the reader.

export const MAGIC = Uint8Array.of(0x89, 0x56, 0x45, 0x4c, 0x44, 0x43, 0x0d, 0x0a); // "\x89VELDC\r\n"
/** magic (8), major, minor, flags, section count (1 byte each), CRC-32 (4). */
export const HEADER_SIZE = 16;
/** Offset of the CRC-32 field, which covers every byte after the header. */
export const CHECKSUM_OFFSET = 12;
/** Sections start at multiples of this, so CODE can be viewed as a Uint32Array in place. */
export const SECTION_ALIGNMENT = 4;

/** Header flag: the file has a DEBUG section. No other flag bits exist in format 1.x. */
export const FLAG_HAS_DEBUG = 1;

export const SectionId = {
  CUSTOM: 0,
  STRINGS: 1,
  CONSTANTS: 2,
  TYPES: 3,
  NATIVES: 4,
  GLOBALS: 5,
  FUNCTIONS: 6,
  CODE: 7,
  DEBUG: 8,
  EXPORTS: 9,
  IMPORTS: 10,
} as const;

export const SECTION_NAMES: readonly string[] = [
  "CUSTOM",
  "STRINGS",
  "CONSTANTS",
  "TYPES",
  "NATIVES",
  "GLOBALS",
  "FUNCTIONS",
  "CODE",
  "DEBUG",
  "EXPORTS",
  "IMPORTS",
];

/** Constant tags in CONSTANTS. */
export const ConstantTag = { int: 0, float: 1, str: 2, char: 3 } as const;
/** Type kinds in TYPES. */
export const TypeKind = { struct: 0, enum: 1 } as const;

export const CANONICAL_NAN = 0x7ff8000000000000n;

export function align(offset: number, alignment = SECTION_ALIGNMENT): number {
  return Math.ceil(offset / alignment) * alignment;
}
