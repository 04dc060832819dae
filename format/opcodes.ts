// The single source of truth for the Veld instruction set (spec/isa.md is generated from it).
// Every tool derives names, numbers, encodings, operand checks and listings from OPCODES;
// only the VM keeps its own hand-written switch (a test proves it covers every row).
//
// Instruction word (32 bits, little-endian in the file), opcode in the low byte:
//
//   31        24 23        16 15         8 7          0
//  +------------+------------+------------+------------+
//  |     C      |     B      |     A      |     op     |   iABC
//  +------------+------------+------------+------------+
//  |          Bx / sBx       |     A      |     op     |   iABx / iAsBx
//  +------------+------------+------------+------------+
//  |                 sJ                   |     op     |   isJ
//  +--------------------------------------+------------+
//
// Signed fields are two's complement, so on an Int32 word `w >> 16` is sBx, `w >> 8` is sJ,
// `w >> 24` is a signed C and `(w << 8) >> 24` a signed B. Jump offsets count words from the
// instruction after the jump (target = pc + 1 + offset). Unused fields must be zero.

export type Format = "ABC" | "ABx" | "AsBx" | "sJ";

/** What an operand field means; picks its verifier check and its assembly spelling. */
export type OperandKind =
  | "reg" // register R0..R255, < the function's register count
  | "freg" // float register F0..F255 (the frame's binary64 bank), < the register count
  | "kst" // constant of the function's constant list, any kind
  | "kstr" // constant that must be a string
  | "knum" // constant that must be an int or a float
  | "imm" // unsigned immediate (count or small index)
  | "simm" // signed immediate
  | "bool" // 0 or 1 (the k flag of tests)
  | "upval" // upvalue index of the current closure
  | "child" // index into the function's child prototype list
  | "global" // module global slot
  | "native" // module native import
  | "struct" // type table index that must be a struct
  | "variant" // module-wide enum variant number (see spec/format.md, Types)
  | "jump" // signed word offset to another instruction of the same function
  | "errkind" // runtime error kind number (RUNTIME_ERROR_KINDS)
  | "cast"; // conversion target (CAST_TARGETS)

/** What each operand kind means and what the verifier requires of it (spec/isa.md). */
export const OPERAND_KINDS: Readonly<
  Record<OperandKind, { readonly meaning: string; readonly rule: string }>
> = {
  reg: { meaning: "register R0..R255 of the frame", rule: "< the function's register count" },
  freg: {
    meaning: "float register F0..F255 of the frame",
    rule: "< the function's register count",
  },
  kst: { meaning: "entry of the function's constant list", rule: "< constant list length" },
  kstr: { meaning: "constant that is a string", rule: "in range and of kind str" },
  knum: { meaning: "constant that is a number", rule: "in range and of kind int or float" },
  imm: { meaning: "unsigned immediate", rule: "any value of the field; windows must fit" },
  simm: { meaning: "signed immediate", rule: "any value of the field" },
  bool: { meaning: "flag k", rule: "0 or 1" },
  upval: { meaning: "upvalue of the running closure", rule: "< the function's upvalue count" },
  child: { meaning: "entry of the function's child list", rule: "< child list length" },
  global: { meaning: "module global slot", rule: "< global count" },
  native: { meaning: "module native import", rule: "< native count" },
  struct: { meaning: "type table entry", rule: "< type count and a struct" },
  variant: { meaning: "module-wide variant number", rule: "< total variants of all enums" },
  jump: { meaning: "word offset from the next instruction", rule: "target inside the function" },
  errkind: { meaning: "runtime error kind", rule: "< RUNTIME_ERROR_KINDS length" },
  cast: { meaning: "conversion target", rule: "< CAST_TARGETS length" },
};

/**
 * Which registers an instruction reads or writes as one contiguous window starting at A,
 * beyond the single-register operands: the verifier checks the whole window fits the frame.
 */
export type Window =
  | "B+1" // R[A] .. R[A+B]
  | "B" // R[A] .. R[A+B-1] (B >= 1)
  | "2" // R[A], R[A+1]
  | "fields" // R[A] .. R[A+n], n = field count of struct Bx
  | "arity"; // R[A] .. R[A+n], n = payload arity of variant Bx

export interface OpcodeInfo {
  readonly name: string;
  readonly code: number;
  readonly format: Format;
  /** Operand kinds in field order: A, B, C for iABC; A, Bx for iABx/iAsBx; sJ for isJ. */
  readonly operands: readonly OperandKind[];
  /** One-line semantics in the notation of spec/isa.md. */
  readonly effect: string;
  /** Runtime error kinds the instruction may raise. */
  readonly errors?: readonly string[];
  readonly window?: Window;
  /** A conditional skip: the next instruction must be a JMP (the pair is one fused branch). */
  readonly test?: true;
  /** Control never falls through to the next instruction. */
  readonly terminator?: true;
}

const T = "TypeError";
const OV = "IntegerOverflow";
const DZ = "DivisionByZero";

type Row<N extends string = string> = Omit<OpcodeInfo, "code" | "name"> & { readonly name: N };

const ROWS = [
  // Loads and moves
  { name: "MOVE", format: "ABC", operands: ["reg", "reg"], effect: "R[A] := R[B]" },
  { name: "LOADK", format: "ABx", operands: ["reg", "kst"], effect: "R[A] := K[Bx]" },
  { name: "LOADI", format: "AsBx", operands: ["reg", "simm"], effect: "R[A] := int(sBx)" },
  { name: "LOADF", format: "AsBx", operands: ["reg", "simm"], effect: "R[A] := float(sBx)" },
  { name: "LOADTRUE", format: "ABC", operands: ["reg"], effect: "R[A] := true" },
  { name: "LOADFALSE", format: "ABC", operands: ["reg"], effect: "R[A] := false" },
  {
    name: "LOADUNIT",
    format: "ABC",
    operands: ["reg", "imm"],
    window: "B+1",
    effect: "R[A], ..., R[A+B] := ()",
  },
  // Globals, natives, upvalues, closures
  { name: "GETGLOBAL", format: "ABx", operands: ["reg", "global"], effect: "R[A] := G[Bx]" },
  { name: "SETGLOBAL", format: "ABx", operands: ["reg", "global"], effect: "G[Bx] := R[A]" },
  { name: "GETNATIVE", format: "ABx", operands: ["reg", "native"], effect: "R[A] := N[Bx]" },
  { name: "GETUPVAL", format: "ABC", operands: ["reg", "upval"], effect: "R[A] := U[B]" },
  { name: "SETUPVAL", format: "ABC", operands: ["reg", "upval"], effect: "U[B] := R[A]" },
  {
    name: "CLOSE",
    format: "ABC",
    operands: ["reg"],
    effect: "close every open upvalue of this frame at R[A] or above",
  },
  {
    name: "CLOSURE",
    format: "ABx",
    operands: ["reg", "child"],
    effect: "R[A] := closure(P[Bx]) capturing its upvalue descriptors",
  },
  // Arithmetic
  ...arith("ADD", "+", [T, OV]),
  ...arith("SUB", "-", [T, OV]),
  ...arith("MUL", "*", [T, OV]),
  ...arith("DIV", "/", [T, DZ, OV]),
  ...arith("MOD", "%", [T, DZ]),
  ...arith("POW", "*^", [T, OV]),
  {
    name: "ADDI",
    format: "ABC",
    operands: ["reg", "reg", "simm"],
    effect: "R[A] := R[B] + int(sC)",
    errors: [T, OV],
  },
  {
    name: "NEG",
    format: "ABC",
    operands: ["reg", "reg"],
    effect: "R[A] := -R[B]",
    errors: [T, OV],
  },
  { name: "NOT", format: "ABC", operands: ["reg", "reg"], effect: "R[A] := not R[B]", errors: [T] },
  {
    name: "CONCAT",
    format: "ABC",
    operands: ["reg", "imm"],
    window: "B",
    effect: "R[A] := str(R[A]) ++ ... ++ str(R[A+B-1])",
  },
  // Comparisons producing a bool
  ...compare("SEQ", "==", []),
  ...compare("SNE", "!=", []),
  ...compare("SLT", "<", [T]),
  ...compare("SLE", "<=", [T]),
  // Fused compare-and-branch: each skips the next instruction (a JMP) unless the test holds
  ...branch("EQ", "R[A] == R[B]", ["reg", "reg", "bool"], []),
  ...branch("LT", "R[A] < R[B]", ["reg", "reg", "bool"], [T]),
  ...branch("LE", "R[A] <= R[B]", ["reg", "reg", "bool"], [T]),
  ...branch("EQK", "R[A] == K[B]", ["reg", "kst", "bool"], []),
  ...branch("EQI", "R[A] == int(sB)", ["reg", "simm", "bool"], []),
  ...branch("LTI", "R[A] < int(sB)", ["reg", "simm", "bool"], [T]),
  ...branch("LEI", "R[A] <= int(sB)", ["reg", "simm", "bool"], [T]),
  ...branch("GTI", "R[A] > int(sB)", ["reg", "simm", "bool"], [T]),
  ...branch("GEI", "R[A] >= int(sB)", ["reg", "simm", "bool"], [T]),
  ...branch("TEST", "R[A]", ["reg", "bool"], [T]),
  {
    name: "TESTVARIANT",
    format: "ABx",
    operands: ["reg", "variant"],
    test: true,
    effect: "if R[A] is variant Bx then pc++ (skip the JMP)",
  },
  {
    name: "TESTSTRUCT",
    format: "ABx",
    operands: ["reg", "struct"],
    test: true,
    effect: "if R[A] is an instance of struct Bx then pc++ (skip the JMP)",
  },
  {
    name: "TESTTUPLE",
    format: "ABC",
    operands: ["reg", "imm"],
    test: true,
    effect: "if R[A] is a tuple of B elements (B = 0: R[A] is ()) then pc++ (skip the JMP)",
  },
  // Jumps and loops
  { name: "JMP", format: "sJ", operands: ["jump"], terminator: true, effect: "pc += sJ" },
  {
    name: "FORPREP",
    format: "AsBx",
    operands: ["reg", "jump"],
    window: "2",
    errors: [T],
    effect:
      "int start R[A], limit R[A+1] (exclusive): if R[A] >= R[A+1] then pc += sBx else R[A+1] := R[A+1] - R[A] - 1",
  },
  {
    name: "FORPREPI",
    format: "AsBx",
    operands: ["reg", "jump"],
    window: "2",
    errors: [T],
    effect:
      "int start R[A], limit R[A+1] (inclusive): if R[A] > R[A+1] then pc += sBx else R[A+1] := R[A+1] - R[A]",
  },
  {
    name: "FORLOOP",
    format: "AsBx",
    operands: ["reg", "jump"],
    window: "2",
    errors: [T],
    effect: "if R[A+1] > 0 then R[A+1] -= 1; R[A] += 1; pc += sBx",
  },
  {
    name: "GETITER",
    format: "ABC",
    operands: ["reg", "reg"],
    errors: [T],
    effect: "R[A] := iterator over R[B] (array, str, range, or a value with a next() method)",
  },
  {
    name: "ITERNEXT",
    format: "AsBx",
    operands: ["reg", "jump"],
    window: "2",
    errors: [T],
    effect: "if iterator R[A] has a next value v then R[A+1] := v else pc += sBx",
  },
  // Calls
  {
    name: "CALL",
    format: "ABC",
    operands: ["reg", "imm"],
    window: "B+1",
    errors: [T, "ArityMismatch", "StackOverflow"],
    effect: "R[A] := R[A](R[A+1], ..., R[A+B])",
  },
  {
    name: "TAILCALL",
    format: "ABC",
    operands: ["reg", "imm"],
    window: "B+1",
    terminator: true,
    errors: [T, "ArityMismatch"],
    effect: "return R[A](R[A+1], ..., R[A+B]) reusing the current frame",
  },
  {
    name: "SELF",
    format: "ABC",
    operands: ["reg", "reg", "kstr"],
    window: "2",
    errors: [T, "UndefinedField"],
    effect: "R[A+1] := R[B]; R[A] := method K[C] of R[B]",
  },
  { name: "RETURN", format: "ABC", operands: ["reg"], terminator: true, effect: "return R[A]" },
  { name: "RETURNUNIT", format: "ABC", operands: [], terminator: true, effect: "return ()" },
  {
    name: "HALT",
    format: "ABC",
    operands: [],
    terminator: true,
    effect: "end the program normally (exit status 0)",
  },
  // Arrays, tuples, structs, enums, ranges
  {
    name: "NEWARRAY",
    format: "ABC",
    operands: ["reg", "imm"],
    window: "B+1",
    effect: "R[A] := [R[A+1], ..., R[A+B]]",
  },
  {
    name: "APPEND",
    format: "ABC",
    operands: ["reg", "imm"],
    window: "B+1",
    errors: [T, "LimitExceeded"],
    effect: "append R[A+1], ..., R[A+B] to the array R[A]",
  },
  {
    name: "GETINDEX",
    format: "ABC",
    operands: ["reg", "reg", "reg"],
    errors: [T, "IndexOutOfBounds"],
    effect: "R[A] := R[B][R[C]]",
  },
  {
    name: "SETINDEX",
    format: "ABC",
    operands: ["reg", "reg", "reg"],
    errors: [T, "IndexOutOfBounds"],
    effect: "R[A][R[B]] := R[C]",
  },
  {
    name: "NEWTUPLE",
    format: "ABC",
    operands: ["reg", "imm"],
    window: "B+1",
    effect: "R[A] := (R[A+1], ..., R[A+B])",
  },
  {
    name: "GETTUPLE",
    format: "ABC",
    operands: ["reg", "reg", "imm"],
    errors: [T, "IndexOutOfBounds"],
    effect: "R[A] := element C of the tuple R[B]",
  },
  {
    name: "NEWSTRUCT",
    format: "ABx",
    operands: ["reg", "struct"],
    window: "fields",
    effect: "R[A] := new struct Bx with fields R[A+1], ..., R[A+n] in declaration order",
  },
  {
    name: "GETFIELD",
    format: "ABC",
    operands: ["reg", "reg", "kstr"],
    errors: [T, "UndefinedField"],
    effect: "R[A] := field K[C] of R[B] (a struct instance or an error value)",
  },
  {
    name: "SETFIELD",
    format: "ABC",
    operands: ["reg", "kstr", "reg"],
    errors: [T, "UndefinedField"],
    effect: "field K[B] of the struct R[A] := R[C]",
  },
  {
    name: "NEWENUM",
    format: "ABx",
    operands: ["reg", "variant"],
    window: "arity",
    effect: "R[A] := variant Bx with payload R[A+1], ..., R[A+n]",
  },
  {
    name: "GETPAYLOAD",
    format: "ABC",
    operands: ["reg", "reg", "imm"],
    errors: [T, "IndexOutOfBounds"],
    effect: "R[A] := payload element C of the enum value R[B]",
  },
  {
    name: "NEWRANGE",
    format: "ABC",
    operands: ["reg", "bool"],
    window: "2",
    errors: [T],
    effect: "R[A] := range R[A] .. R[A+1], inclusive when B = 1",
  },
  // Conversions and errors
  {
    name: "CAST",
    format: "ABC",
    operands: ["reg", "reg", "cast"],
    errors: [T, OV],
    effect: "R[A] := R[B] as CAST_TARGETS[C]",
  },
  {
    name: "TRY",
    format: "AsBx",
    operands: ["reg", "jump"],
    effect: "push a handler: a Veld error unwinding to this frame sets R[A] := error and pc += sBx",
  },
  { name: "ENDTRY", format: "ABC", operands: [], effect: "pop this frame's innermost handler" },
  {
    name: "THROW",
    format: "ABC",
    operands: ["reg"],
    terminator: true,
    errors: ["Thrown"],
    effect: "raise R[A]: an error value is re-raised as is, any other value as kind Thrown",
  },
  {
    name: "RAISE",
    format: "ABC",
    operands: ["reg", "errkind"],
    terminator: true,
    effect: "raise a runtime error of kind B with message str(R[A])",
  },
  // Compare-and-branch with a number constant (loop bounds and float limits beyond sB)
  ...branch("LTK", "R[A] < K[B]", ["reg", "knum", "bool"], [T]),
  ...branch("LEK", "R[A] <= K[B]", ["reg", "knum", "bool"], [T]),
  ...branch("GTK", "R[A] > K[B]", ["reg", "knum", "bool"], [T]),
  ...branch("GEK", "R[A] >= K[B]", ["reg", "knum", "bool"], [T]),
  // The float bank: F[i] is an unboxed binary64 beside R[i] (spec/isa.md §3)
  { name: "FMOVE", format: "ABC", operands: ["freg", "freg"], effect: "F[A] := F[B]" },
  { name: "FLOADK", format: "ABx", operands: ["freg", "knum"], effect: "F[A] := float(K[Bx])" },
  {
    name: "FUNBOX",
    format: "ABC",
    operands: ["freg", "reg"],
    errors: [T],
    effect: "F[A] := float(R[B]) (R[B] must be a number; an int converts)",
  },
  { name: "FBOX", format: "ABC", operands: ["reg", "freg"], effect: "R[A] := F[B] (a float)" },
  ...farith("FADD", "+", []),
  ...farith("FSUB", "-", []),
  ...farith("FMUL", "*", []),
  ...farith("FDIV", "/", [DZ]),
  { name: "FNEG", format: "ABC", operands: ["freg", "freg"], effect: "F[A] := -F[B]" },
  ...branch("FLT", "F[A] < F[B]", ["freg", "freg", "bool"], []),
  ...branch("FLE", "F[A] <= F[B]", ["freg", "freg", "bool"], []),
  ...branch("FLTK", "F[A] < float(K[B])", ["freg", "knum", "bool"], []),
  ...branch("FLEK", "F[A] <= float(K[B])", ["freg", "knum", "bool"], []),
  ...branch("FGTK", "F[A] > float(K[B])", ["freg", "knum", "bool"], []),
  ...branch("FGEK", "F[A] >= float(K[B])", ["freg", "knum", "bool"], []),
  // Range patterns (`1..=9 =>`, `'a'..='z' =>`)
  {
    name: "TESTRANGE",
    format: "ABC",
    operands: ["reg", "kst", "kst"],
    test: true,
    effect:
      "if R[A] is an int and K[B], K[C] are ints, or all three are chars, and K[B] <= R[A] <= K[C] then pc++ (skip the JMP)",
  },
] as const satisfies readonly Row[];

function arith<N extends string>(name: N, op: string, errors: string[]): [Row<N>, Row<`${N}K`>] {
  return [
    {
      name,
      format: "ABC",
      operands: ["reg", "reg", "reg"],
      effect: `R[A] := R[B] ${op} R[C]`,
      errors,
    },
    {
      name: `${name}K` as `${N}K`,
      format: "ABC",
      operands: ["reg", "reg", "knum"],
      effect: `R[A] := R[B] ${op} K[C]`,
      errors,
    },
  ];
}

function farith<N extends string>(name: N, op: string, errors: string[]): [Row<N>, Row<`${N}K`>] {
  return [
    {
      name,
      format: "ABC",
      operands: ["freg", "freg", "freg"],
      effect: `F[A] := F[B] ${op} F[C]`,
      errors,
    },
    {
      name: `${name}K` as `${N}K`,
      format: "ABC",
      operands: ["freg", "freg", "knum"],
      effect: `F[A] := F[B] ${op} float(K[C])`,
      errors,
    },
  ];
}

function compare<N extends string>(name: N, op: string, errors: string[]): [Row<N>] {
  return [
    {
      name,
      format: "ABC",
      operands: ["reg", "reg", "reg"],
      effect: `R[A] := R[B] ${op} R[C]`,
      errors,
    },
  ];
}

function branch<N extends string>(
  name: N,
  cond: string,
  operands: OperandKind[],
  errors: string[],
): [Row<N>] {
  const k = operands.length - 1 === 1 ? "B" : "C";
  return [
    {
      name,
      format: "ABC",
      operands,
      test: true,
      errors,
      effect: `if (${cond}) != ${k} then pc++ (so the next JMP is taken when the test equals ${k})`,
    },
  ];
}

/** Opcode numbers are explicit and stable: the row's position in ROWS, starting at 0. */
export const OPCODES: readonly OpcodeInfo[] = ROWS.map((row: Row, code) => ({ ...row, code }));

export const OPCODE_BY_NAME: ReadonlyMap<string, OpcodeInfo> = new Map(
  OPCODES.map((info) => [info.name, info]),
);

/** Numeric opcode constants for the VM's switch and the compiler (`Op.ADD`). */
export const Op = Object.fromEntries(OPCODES.map((info) => [info.name, info.code])) as Readonly<
  Record<OpName, number>
>;
export type OpName = (typeof ROWS)[number]["name"];

/** Closed list of runtime error kinds (spec/semantics.md); RAISE's B operand indexes it. */
export const RUNTIME_ERROR_KINDS = [
  "TypeError",
  "DivisionByZero",
  "IntegerOverflow",
  "IndexOutOfBounds",
  "NoMatch",
  "ArityMismatch",
  "UndefinedField",
  "AssertionFailed",
  "Panic",
  "StackOverflow",
  "Thrown",
  "LimitExceeded",
] as const;
export type RuntimeErrorKind = (typeof RUNTIME_ERROR_KINDS)[number];

/** Targets of `as` (CAST's C operand): integer targets are range-checked, f32 rounds. */
export const CAST_TARGETS = [
  "i64",
  "i32",
  "i16",
  "i8",
  "u64",
  "u32",
  "u16",
  "u8",
  "f64",
  "f32",
  "str",
] as const;
export type CastTarget = (typeof CAST_TARGETS)[number];
