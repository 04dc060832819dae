// FormatError and the stable catalogue of `.veldc` error codes (spec/format.md §9). The spec's
// error table must match FORMAT_ERRORS (tests/format/catalogue.test.ts checks it), and every
// code has a test that produces it. Codes never change meaning; wording of messages may.

/**
 * "malformed": the bytes cannot be decoded into a Module (readModule).
 * "invalid": the bytes decode but the module breaks a rule the runtime relies on (verifyModule).
 */
export type Outcome = "malformed" | "invalid";

export interface FormatErrorInfo {
  readonly code: string;
  readonly outcome: Outcome;
  readonly description: string;
}

export const FORMAT_ERRORS = [
  // Decoding (readModule)
  {
    code: "E_TRUNCATED",
    outcome: "malformed",
    description: "the file or a section ends inside a structure",
  },
  {
    code: "E_MAGIC",
    outcome: "malformed",
    description: "the file does not start with the 8-byte magic",
  },
  {
    code: "E_VERSION",
    outcome: "malformed",
    description:
      "another major version, a newer minor version than the reader knows, or a minor version other than the lowest that has every feature the file uses (§3)",
  },
  {
    code: "E_CHECKSUM",
    outcome: "malformed",
    description: "the header CRC-32 does not match the bytes after the header",
  },
  {
    code: "E_FLAGS",
    outcome: "malformed",
    description: "unknown header flag bits, or HAS_DEBUG disagrees with the presence of DEBUG",
  },
  {
    code: "E_SECTION_ID",
    outcome: "malformed",
    description: "a directory entry has an unknown section id",
  },
  {
    code: "E_SECTION_ORDER",
    outcome: "malformed",
    description:
      "known sections are not in strictly ascending id order, or one follows a custom section",
  },
  {
    code: "E_SECTION_MISSING",
    outcome: "malformed",
    description: "one of the required sections 1-7 is absent",
  },
  {
    code: "E_SECTION_LAYOUT",
    outcome: "malformed",
    description: "a section does not start at its canonical offset, or the file is 4 GiB or larger",
  },
  { code: "E_PADDING", outcome: "malformed", description: "an alignment padding byte is not zero" },
  {
    code: "E_TRAILING",
    outcome: "malformed",
    description: "bytes follow the end of the last section",
  },
  {
    code: "E_SECTION_SIZE",
    outcome: "malformed",
    description:
      "a section's content does not fill its size exactly (CODE: size is not 4 x total code length)",
  },
  {
    code: "E_COUNT",
    outcome: "malformed",
    description: "a count or byte length exceeds what the rest of its section can hold",
  },
  {
    code: "E_LEB_RANGE",
    outcome: "malformed",
    description: "a LEB128 integer is too long or its value is out of range",
  },
  {
    code: "E_LEB_OVERLONG",
    outcome: "malformed",
    description: "a LEB128 integer is not minimally encoded",
  },
  { code: "E_UTF8", outcome: "malformed", description: "a string is not well-formed UTF-8" },
  { code: "E_CONSTANT_TAG", outcome: "malformed", description: "a constant has an unknown tag" },
  {
    code: "E_NAN",
    outcome: "malformed",
    description: "a float constant is a NaN other than 0x7FF8000000000000",
  },
  { code: "E_TYPE_KIND", outcome: "malformed", description: "a type has an unknown kind byte" },
  {
    code: "E_UPVALUE_FLAG",
    outcome: "malformed",
    description: "an upvalue's inStack byte is not 0 or 1",
  },
  {
    code: "E_LINE_RANGE",
    outcome: "malformed",
    description: "a debug line number leaves the range 0..2^32-1",
  },
  {
    code: "E_ITEM_KIND",
    outcome: "malformed",
    description: "an export or import record has an unknown kind byte",
  },
  // Verification (verifyModule)
  {
    code: "E_SURROGATE",
    outcome: "invalid",
    description: "a string of the model contains an unpaired surrogate (not encodable as UTF-8)",
  },
  {
    code: "E_DUPLICATE_STRING",
    outcome: "invalid",
    description: "the same string occurs twice in STRINGS",
  },
  {
    code: "E_DUPLICATE_CONSTANT",
    outcome: "invalid",
    description: "the same constant occurs twice in CONSTANTS",
  },
  {
    code: "E_INT_RANGE",
    outcome: "invalid",
    description: "an int constant of the model is outside the i64 range",
  },
  {
    code: "E_CHAR",
    outcome: "invalid",
    description: "a char constant is a surrogate or above 0x10FFFF",
  },
  { code: "E_STRING_INDEX", outcome: "invalid", description: "a string index is out of range" },
  { code: "E_TYPE_FLAGS", outcome: "invalid", description: "a type has unknown flag bits" },
  {
    code: "E_DUPLICATE_NAME",
    outcome: "invalid",
    description:
      "a name repeats within a struct's fields, an enum's variants, a type's methods or the natives",
  },
  {
    code: "E_ARITY",
    outcome: "invalid",
    description: "a struct has more than 255 fields, or a variant or native arity is above 255",
  },
  {
    code: "E_GLOBAL_INDEX",
    outcome: "invalid",
    description: "a method's global index is out of range",
  },
  { code: "E_LIMIT", outcome: "invalid", description: "a table or list is longer than its limit" },
  {
    code: "E_MAIN",
    outcome: "invalid",
    description: "there is no function, or main has parameters or upvalues",
  },
  {
    code: "E_REGISTERS",
    outcome: "invalid",
    description: "a register count is outside 1..256 or below the parameter count",
  },
  {
    code: "E_CONSTANT_INDEX",
    outcome: "invalid",
    description: "a function's constant list refers past the end of CONSTANTS",
  },
  {
    code: "E_DUPLICATE_CONSTANT_REF",
    outcome: "invalid",
    description: "a function's constant list names the same constant twice",
  },
  {
    code: "E_CHILD_INDEX",
    outcome: "invalid",
    description: "a child list entry is not a function index",
  },
  {
    code: "E_FUNCTION_TREE",
    outcome: "invalid",
    description: "the functions do not form a tree rooted at main through the child lists",
  },
  {
    code: "E_UPVALUE",
    outcome: "invalid",
    description: "an upvalue descriptor does not name a register or upvalue of the parent",
  },
  {
    code: "E_CODE_LENGTH",
    outcome: "invalid",
    description: "a function's code is empty or longer than 2^24 words",
  },
  { code: "E_OPCODE", outcome: "invalid", description: "an instruction has an unknown opcode" },
  {
    code: "E_UNUSED_BITS",
    outcome: "invalid",
    description: "an instruction sets bits of a field its opcode does not use",
  },
  {
    code: "E_OPERAND_REG",
    outcome: "invalid",
    description: "a register operand is not below the register count",
  },
  {
    code: "E_OPERAND_KST",
    outcome: "invalid",
    description: "a constant operand is not below the function's constant count",
  },
  {
    code: "E_OPERAND_KIND",
    outcome: "invalid",
    description: "a kstr operand is not a str constant, or a knum operand not an int or float",
  },
  {
    code: "E_OPERAND_UPVAL",
    outcome: "invalid",
    description: "an upvalue operand is not below the upvalue count",
  },
  {
    code: "E_OPERAND_CHILD",
    outcome: "invalid",
    description: "a child operand is not below the child count",
  },
  {
    code: "E_OPERAND_GLOBAL",
    outcome: "invalid",
    description: "a global operand is not below the global count",
  },
  {
    code: "E_OPERAND_NATIVE",
    outcome: "invalid",
    description: "a native operand is not below the native count",
  },
  {
    code: "E_OPERAND_STRUCT",
    outcome: "invalid",
    description: "a struct operand is not the index of a struct type",
  },
  {
    code: "E_OPERAND_VARIANT",
    outcome: "invalid",
    description: "a variant operand is not below the module-wide variant count",
  },
  {
    code: "E_OPERAND_JUMP",
    outcome: "invalid",
    description: "a jump target is outside the function's code",
  },
  { code: "E_OPERAND_BOOL", outcome: "invalid", description: "a bool operand is not 0 or 1" },
  {
    code: "E_OPERAND_ERRKIND",
    outcome: "invalid",
    description: "an error kind operand is not a runtime error kind number",
  },
  {
    code: "E_OPERAND_CAST",
    outcome: "invalid",
    description: "a cast operand is not a cast target number",
  },
  {
    code: "E_WINDOW",
    outcome: "invalid",
    description: "an instruction's register window does not fit below the register count",
  },
  {
    code: "E_TEST_JMP",
    outcome: "invalid",
    description: "a test instruction is not followed by a JMP",
  },
  {
    code: "E_FALLTHROUGH",
    outcome: "invalid",
    description: "a function's last instruction is not a terminator",
  },
  {
    code: "E_DEBUG_SHAPE",
    outcome: "invalid",
    description: "debug tables do not match the functions (counts, lengths, hash size)",
  },
  {
    code: "E_DEBUG_LOCAL",
    outcome: "invalid",
    description: "a local's register or pc range is outside its function",
  },
  {
    code: "E_TEST_END",
    outcome: "invalid",
    description:
      "a test instruction's JMP is the function's last word, so a passing test runs past the end",
  },
  {
    code: "E_EXPORT",
    outcome: "invalid",
    description:
      "an export names no item of its kind, repeats a name or has a bad arity, or the module name is empty",
  },
  {
    code: "E_IMPORT",
    outcome: "invalid",
    description:
      "an import names no slot or type of its kind, repeats, shares a slot, imports a type with methods, or names its own module",
  },
  {
    code: "E_SWITCH_ENUM",
    outcome: "invalid",
    description: "a SWITCHVARIANT's variant operand is not the first variant of its enum",
  },
  {
    code: "E_SWITCH_TABLE",
    outcome: "invalid",
    description:
      "a SWITCHVARIANT is not followed by its jump table: one JMP per variant of the enum and one more",
  },
] as const satisfies readonly FormatErrorInfo[];

export type FormatErrorCode = (typeof FORMAT_ERRORS)[number]["code"];

export class FormatError extends Error {
  override readonly name = "FormatError";
  /** Byte offset of the offending item in the file; undefined when verifying a bare Module. */
  readonly offset: number | undefined;

  constructor(
    readonly code: FormatErrorCode,
    offset: number | undefined,
    message: string,
  ) {
    super(message);
    this.offset = offset;
  }
}
