// The single source of truth for the Veld instruction set (spec/isa.md is generated from it).
// Every tool derives names, numbers, encodings, operand checks and listings from OPCODES;
// the VM's switch labels are the generated `Op` enum (format/op.ts; a test proves the switch
// covers every row). Each row's number is explicit, as in wabt's opcode.def.
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
  /**
   * A jump table follows: one JMP per variant of variant Bx's enum, in tag order, then one JMP
   * for any other value (spec/isa.md §4, Branches). Bx must be the enum's first variant.
   */
  readonly table?: true;
  /** The format minor version that added the instruction (absent: 1.0); see formatMinor. */
  readonly minor?: 1 | 2;
}

const T = "TypeError";
const OV = "IntegerOverflow";
const DZ = "DivisionByZero";

type Row<N extends string = string> = Omit<OpcodeInfo, "name"> & { readonly name: N };

const ROWS = [
  // Loads and moves
  { code: 0, name: "MOVE", format: "ABC", operands: ["reg", "reg"], effect: "R[A] := R[B]" },
  { code: 1, name: "LOADK", format: "ABx", operands: ["reg", "kst"], effect: "R[A] := K[Bx]" },
  { code: 2, name: "LOADI", format: "AsBx", operands: ["reg", "simm"], effect: "R[A] := int(sBx)" },
  {
    code: 3,
    name: "LOADF",
    format: "AsBx",
    operands: ["reg", "simm"],
    effect: "R[A] := float(sBx)",
  },
  { code: 4, name: "LOADTRUE", format: "ABC", operands: ["reg"], effect: "R[A] := true" },
  { code: 5, name: "LOADFALSE", format: "ABC", operands: ["reg"], effect: "R[A] := false" },
  {
    code: 6,
    name: "LOADUNIT",
    format: "ABC",
    operands: ["reg", "imm"],
    window: "B+1",
    effect: "R[A], ..., R[A+B] := ()",
  },
  // Globals, natives, upvalues, closures
  {
    code: 7,
    name: "GETGLOBAL",
    format: "ABx",
    operands: ["reg", "global"],
    effect: "R[A] := G[Bx]",
  },
  {
    code: 8,
    name: "SETGLOBAL",
    format: "ABx",
    operands: ["reg", "global"],
    effect: "G[Bx] := R[A]",
  },
  {
    code: 9,
    name: "GETNATIVE",
    format: "ABx",
    operands: ["reg", "native"],
    effect: "R[A] := N[Bx]",
  },
  { code: 10, name: "GETUPVAL", format: "ABC", operands: ["reg", "upval"], effect: "R[A] := U[B]" },
  { code: 11, name: "SETUPVAL", format: "ABC", operands: ["reg", "upval"], effect: "U[B] := R[A]" },
  {
    code: 12,
    name: "CLOSE",
    format: "ABC",
    operands: ["reg"],
    effect: "close every open upvalue of this frame at R[A] or above",
  },
  {
    code: 13,
    name: "CLOSURE",
    format: "ABx",
    operands: ["reg", "child"],
    effect: "R[A] := closure(P[Bx]) capturing its upvalue descriptors",
  },
  // Arithmetic
  ...arith([14, 15], "ADD", "+", [T, OV]),
  ...arith([16, 17], "SUB", "-", [T, OV]),
  ...arith([18, 19], "MUL", "*", [T, OV]),
  ...arith([20, 21], "DIV", "/", [T, DZ, OV]),
  ...arith([22, 23], "MOD", "%", [T, DZ]),
  ...arith([24, 25], "POW", "*^", [T, OV]),
  {
    code: 26,
    name: "ADDI",
    format: "ABC",
    operands: ["reg", "reg", "simm"],
    effect: "R[A] := R[B] + int(sC)",
    errors: [T, OV],
  },
  {
    code: 27,
    name: "NEG",
    format: "ABC",
    operands: ["reg", "reg"],
    effect: "R[A] := -R[B]",
    errors: [T, OV],
  },
  {
    code: 28,
    name: "NOT",
    format: "ABC",
    operands: ["reg", "reg"],
    effect: "R[A] := not R[B]",
    errors: [T],
  },
  {
    code: 29,
    name: "CONCAT",
    format: "ABC",
    operands: ["reg", "imm"],
    window: "B",
    effect: "R[A] := str(R[A]) ++ ... ++ str(R[A+B-1])",
  },
  // Comparisons producing a bool
  ...compare(30, "SEQ", "==", []),
  ...compare(31, "SNE", "!=", []),
  ...compare(32, "SLT", "<", [T]),
  ...compare(33, "SLE", "<=", [T]),
  // Fused compare-and-branch: each skips the next instruction (a JMP) unless the test holds
  ...branch(34, "EQ", "R[A] == R[B]", ["reg", "reg", "bool"], []),
  ...branch(35, "LT", "R[A] < R[B]", ["reg", "reg", "bool"], [T]),
  ...branch(36, "LE", "R[A] <= R[B]", ["reg", "reg", "bool"], [T]),
  ...branch(37, "EQK", "R[A] == K[B]", ["reg", "kst", "bool"], []),
  ...branch(38, "EQI", "R[A] == int(sB)", ["reg", "simm", "bool"], []),
  ...branch(39, "LTI", "R[A] < int(sB)", ["reg", "simm", "bool"], [T]),
  ...branch(40, "LEI", "R[A] <= int(sB)", ["reg", "simm", "bool"], [T]),
  ...branch(41, "GTI", "R[A] > int(sB)", ["reg", "simm", "bool"], [T]),
  ...branch(42, "GEI", "R[A] >= int(sB)", ["reg", "simm", "bool"], [T]),
  ...branch(43, "TEST", "R[A]", ["reg", "bool"], [T]),
  {
    code: 44,
    name: "TESTVARIANT",
    format: "ABx",
    operands: ["reg", "variant"],
    test: true,
    effect: "if R[A] is variant Bx then pc++ (skip the JMP)",
  },
  {
    code: 45,
    name: "TESTSTRUCT",
    format: "ABx",
    operands: ["reg", "struct"],
    test: true,
    effect: "if R[A] is an instance of struct Bx then pc++ (skip the JMP)",
  },
  {
    code: 46,
    name: "TESTTUPLE",
    format: "ABC",
    operands: ["reg", "imm"],
    test: true,
    effect: "if R[A] is a tuple of B elements (B = 0: R[A] is ()) then pc++ (skip the JMP)",
  },
  // Jumps and loops
  { code: 47, name: "JMP", format: "sJ", operands: ["jump"], terminator: true, effect: "pc += sJ" },
  {
    code: 48,
    name: "FORPREP",
    format: "AsBx",
    operands: ["reg", "jump"],
    window: "2",
    errors: [T],
    effect:
      "int start R[A], limit R[A+1] (exclusive): if R[A] >= R[A+1] then pc += sBx else R[A+1] := R[A+1] - R[A] - 1",
  },
  {
    code: 49,
    name: "FORPREPI",
    format: "AsBx",
    operands: ["reg", "jump"],
    window: "2",
    errors: [T],
    effect:
      "int start R[A], limit R[A+1] (inclusive): if R[A] > R[A+1] then pc += sBx else R[A+1] := R[A+1] - R[A]",
  },
  {
    code: 50,
    name: "FORLOOP",
    format: "AsBx",
    operands: ["reg", "jump"],
    window: "2",
    errors: [T],
    effect: "if R[A+1] > 0 then R[A+1] -= 1; R[A] += 1; pc += sBx",
  },
  {
    code: 51,
    name: "GETITER",
    format: "ABC",
    operands: ["reg", "reg"],
    errors: [T],
    effect:
      "R[A] := iterator over R[B] (array, str, range, map, set, or a value with a next() method)",
  },
  {
    code: 52,
    name: "ITERNEXT",
    format: "AsBx",
    operands: ["reg", "jump"],
    window: "2",
    errors: [T, "LimitExceeded"],
    effect:
      "if iterator R[A] has a next value v then R[A+1] := v else pc += sBx (a map yields (key, value) tuples)",
  },
  // Calls
  {
    code: 53,
    name: "CALL",
    format: "ABC",
    operands: ["reg", "imm"],
    window: "B+1",
    errors: [T, "ArityMismatch", "StackOverflow"],
    effect: "R[A] := R[A](R[A+1], ..., R[A+B])",
  },
  {
    code: 54,
    name: "TAILCALL",
    format: "ABC",
    operands: ["reg", "imm"],
    window: "B+1",
    terminator: true,
    errors: [T, "ArityMismatch"],
    effect: "return R[A](R[A+1], ..., R[A+B]) reusing the current frame",
  },
  {
    code: 55,
    name: "SELF",
    format: "ABC",
    operands: ["reg", "reg", "kstr"],
    window: "2",
    errors: [T, "UndefinedField"],
    effect: "R[A+1] := R[B]; R[A] := method K[C] of R[B]",
  },
  {
    code: 56,
    name: "RETURN",
    format: "ABC",
    operands: ["reg"],
    terminator: true,
    effect: "return R[A]",
  },
  {
    code: 57,
    name: "RETURNUNIT",
    format: "ABC",
    operands: [],
    terminator: true,
    effect: "return ()",
  },
  {
    code: 58,
    name: "HALT",
    format: "ABC",
    operands: [],
    terminator: true,
    effect: "end the program normally (exit status 0)",
  },
  // Arrays, tuples, structs, enums, ranges
  {
    code: 59,
    name: "NEWARRAY",
    format: "ABC",
    operands: ["reg", "imm"],
    window: "B+1",
    effect: "R[A] := [R[A+1], ..., R[A+B]]",
  },
  {
    code: 60,
    name: "APPEND",
    format: "ABC",
    operands: ["reg", "imm"],
    window: "B+1",
    errors: [T, "LimitExceeded"],
    effect: "append R[A+1], ..., R[A+B] to the array R[A]",
  },
  {
    code: 61,
    name: "GETINDEX",
    format: "ABC",
    operands: ["reg", "reg", "reg"],
    errors: [T, "IndexOutOfBounds", "KeyNotFound"],
    effect: "R[A] := R[B][R[C]] (an array or str element, or a map's value for key R[C])",
  },
  {
    code: 62,
    name: "SETINDEX",
    format: "ABC",
    operands: ["reg", "reg", "reg"],
    errors: [T, "IndexOutOfBounds", "LimitExceeded"],
    effect: "R[A][R[B]] := R[C] (an array element, or a map's value for key R[B])",
  },
  {
    code: 63,
    name: "NEWTUPLE",
    format: "ABC",
    operands: ["reg", "imm"],
    window: "B+1",
    effect: "R[A] := (R[A+1], ..., R[A+B])",
  },
  {
    code: 64,
    name: "GETTUPLE",
    format: "ABC",
    operands: ["reg", "reg", "imm"],
    errors: [T, "IndexOutOfBounds"],
    effect: "R[A] := element C of the tuple R[B]",
  },
  {
    code: 65,
    name: "NEWSTRUCT",
    format: "ABx",
    operands: ["reg", "struct"],
    window: "fields",
    effect: "R[A] := new struct Bx with fields R[A+1], ..., R[A+n] in declaration order",
  },
  {
    code: 66,
    name: "GETFIELD",
    format: "ABC",
    operands: ["reg", "reg", "kstr"],
    errors: [T, "UndefinedField"],
    effect: "R[A] := field K[C] of R[B] (a struct instance or an error value)",
  },
  {
    code: 67,
    name: "SETFIELD",
    format: "ABC",
    operands: ["reg", "kstr", "reg"],
    errors: [T, "UndefinedField"],
    effect: "field K[B] of the struct R[A] := R[C]",
  },
  {
    code: 68,
    name: "NEWENUM",
    format: "ABx",
    operands: ["reg", "variant"],
    window: "arity",
    effect: "R[A] := variant Bx with payload R[A+1], ..., R[A+n]",
  },
  {
    code: 69,
    name: "GETPAYLOAD",
    format: "ABC",
    operands: ["reg", "reg", "imm"],
    errors: [T, "IndexOutOfBounds"],
    effect: "R[A] := payload element C of the enum value R[B]",
  },
  {
    code: 70,
    name: "NEWRANGE",
    format: "ABC",
    operands: ["reg", "bool"],
    window: "2",
    errors: [T],
    effect: "R[A] := range R[A] .. R[A+1], inclusive when B = 1",
  },
  // Conversions and errors
  {
    code: 71,
    name: "CAST",
    format: "ABC",
    operands: ["reg", "reg", "cast"],
    errors: [T, OV],
    effect: "R[A] := R[B] as CAST_TARGETS[C]",
  },
  {
    code: 72,
    name: "TRY",
    format: "AsBx",
    operands: ["reg", "jump"],
    effect: "push a handler: a Veld error unwinding to this frame sets R[A] := error and pc += sBx",
  },
  {
    code: 73,
    name: "ENDTRY",
    format: "ABC",
    operands: [],
    effect: "pop this frame's innermost handler",
  },
  {
    code: 74,
    name: "THROW",
    format: "ABC",
    operands: ["reg"],
    terminator: true,
    errors: ["Thrown"],
    effect: "raise R[A]: an error value is re-raised as is, any other value as kind Thrown",
  },
  {
    code: 75,
    name: "RAISE",
    format: "ABC",
    operands: ["reg", "errkind"],
    terminator: true,
    effect: "raise a runtime error of kind B with message str(R[A])",
  },
  // Compare-and-branch with a number constant (loop bounds and float limits beyond sB)
  ...branch(76, "LTK", "R[A] < K[B]", ["reg", "knum", "bool"], [T]),
  ...branch(77, "LEK", "R[A] <= K[B]", ["reg", "knum", "bool"], [T]),
  ...branch(78, "GTK", "R[A] > K[B]", ["reg", "knum", "bool"], [T]),
  ...branch(79, "GEK", "R[A] >= K[B]", ["reg", "knum", "bool"], [T]),
  // The float bank: F[i] is an unboxed binary64 beside R[i] (spec/isa.md §3)
  { code: 80, name: "FMOVE", format: "ABC", operands: ["freg", "freg"], effect: "F[A] := F[B]" },
  {
    code: 81,
    name: "FLOADK",
    format: "ABx",
    operands: ["freg", "knum"],
    effect: "F[A] := float(K[Bx])",
  },
  {
    code: 82,
    name: "FUNBOX",
    format: "ABC",
    operands: ["freg", "reg"],
    errors: [T],
    effect: "F[A] := float(R[B]) (R[B] must be a number; an int converts)",
  },
  {
    code: 83,
    name: "FBOX",
    format: "ABC",
    operands: ["reg", "freg"],
    effect: "R[A] := F[B] (a float)",
  },
  ...farith([84, 85], "FADD", "+", []),
  ...farith([86, 87], "FSUB", "-", []),
  ...farith([88, 89], "FMUL", "*", []),
  ...farith([90, 91], "FDIV", "/", [DZ]),
  { code: 92, name: "FNEG", format: "ABC", operands: ["freg", "freg"], effect: "F[A] := -F[B]" },
  ...branch(93, "FLT", "F[A] < F[B]", ["freg", "freg", "bool"], []),
  ...branch(94, "FLE", "F[A] <= F[B]", ["freg", "freg", "bool"], []),
  ...branch(95, "FLTK", "F[A] < float(K[B])", ["freg", "knum", "bool"], []),
  ...branch(96, "FLEK", "F[A] <= float(K[B])", ["freg", "knum", "bool"], []),
  ...branch(97, "FGTK", "F[A] > float(K[B])", ["freg", "knum", "bool"], []),
  ...branch(98, "FGEK", "F[A] >= float(K[B])", ["freg", "knum", "bool"], []),
  // The float bank and struct fields, without boxing (nbody's `b.vx = b.vx + dx * m`)
  {
    code: 160,
    name: "GETFIELDF",
    minor: 2,
    format: "ABC",
    operands: ["freg", "reg", "kstr"],
    errors: [T, "UndefinedField"],
    effect: "F[A] := float(field K[C] of R[B]) (GETFIELD, then FUNBOX's conversion)",
  },
  {
    code: 161,
    name: "SETFIELDF",
    minor: 2,
    format: "ABC",
    operands: ["reg", "kstr", "freg"],
    errors: [T, "UndefinedField"],
    effect: "field K[B] of the struct R[A] := F[C] (a float, as FBOX then SETFIELD)",
  },
  {
    code: 162,
    name: "FSQRT",
    minor: 2,
    format: "ABC",
    operands: ["freg", "freg"],
    effect: "F[A] := sqrt(F[B]) (correctly rounded; NaN below zero, as std.math.sqrt)",
  },
  // `match` on an enum: one dispatch through a jump table instead of a test per arm
  {
    code: 163,
    name: "SWITCHVARIANT",
    minor: 2,
    format: "ABx",
    operands: ["reg", "variant"],
    table: true,
    effect:
      "take table entry t: t = the tag of R[A] if it is a value of variant Bx's enum, else n (the enum's variant count)",
  },
  // Range patterns (`1..=9 =>`, `'a'..='z' =>`)
  {
    code: 140,
    name: "TESTRANGE",
    minor: 1,
    format: "ABC",
    operands: ["reg", "kst", "kst"],
    test: true,
    effect:
      "if R[A] is an int and K[B], K[C] are ints, or all three are chars, and K[B] <= R[A] <= K[C] then pc++ (skip the JMP)",
  },
  // Maps and sets (GETINDEX, SETINDEX and GETITER also take maps)
  {
    code: 100,
    name: "NEWMAP",
    minor: 1,
    format: "ABC",
    operands: ["reg"],
    errors: ["LimitExceeded"],
    effect: "R[A] := {} (a new empty map)",
  },
] as const satisfies readonly Row[];

function arith<N extends string>(
  [code, codeK]: [number, number],
  name: N,
  op: string,
  errors: string[],
): [Row<N>, Row<`${N}K`>] {
  return [
    {
      code,
      name,
      format: "ABC",
      operands: ["reg", "reg", "reg"],
      effect: `R[A] := R[B] ${op} R[C]`,
      errors,
    },
    {
      code: codeK,
      name: `${name}K` as `${N}K`,
      format: "ABC",
      operands: ["reg", "reg", "knum"],
      effect: `R[A] := R[B] ${op} K[C]`,
      errors,
    },
  ];
}

function farith<N extends string>(
  [code, codeK]: [number, number],
  name: N,
  op: string,
  errors: string[],
): [Row<N>, Row<`${N}K`>] {
  return [
    {
      code,
      name,
      format: "ABC",
      operands: ["freg", "freg", "freg"],
      effect: `F[A] := F[B] ${op} F[C]`,
      errors,
    },
    {
      code: codeK,
      name: `${name}K` as `${N}K`,
      format: "ABC",
      operands: ["freg", "freg", "knum"],
      effect: `F[A] := F[B] ${op} float(K[C])`,
      errors,
    },
  ];
}

function compare<N extends string>(code: number, name: N, op: string, errors: string[]): [Row<N>] {
  return [
    {
      code,
      name,
      format: "ABC",
      operands: ["reg", "reg", "reg"],
      effect: `R[A] := R[B] ${op} R[C]`,
      errors,
    },
  ];
}

function branch<N extends string>(
  code: number,
  name: N,
  cond: string,
  operands: OperandKind[],
  errors: string[],
): [Row<N>] {
  const k = operands.length - 1 === 1 ? "B" : "C";
  return [
    {
      code,
      name,
      format: "ABC",
      operands,
      test: true,
      errors,
      effect: `if (${cond}) != ${k} then pc++ (so the next JMP is taken when the test equals ${k})`,
    },
  ];
}

/**
 * Every opcode, in number order. A number is written once, in its row, and never changes:
 * a new instruction takes a free number (the table may have gaps) and moves no other row.
 */
export const OPCODES: readonly OpcodeInfo[] = [...(ROWS as readonly OpcodeInfo[])].sort(
  (x, y) => x.code - y.code,
);

/** OPCODE_BY_CODE[word & 0xff]: the opcode of an instruction word, undefined if unassigned. */
export const OPCODE_BY_CODE: readonly (OpcodeInfo | undefined)[] = (() => {
  const byCode = Array.from<OpcodeInfo | undefined>({ length: 256 });
  for (const info of OPCODES) byCode[info.code] ??= info;
  return byCode;
})();

export const OPCODE_BY_NAME: ReadonlyMap<string, OpcodeInfo> = new Map(
  OPCODES.map((info) => [info.name, info]),
);

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
  "KeyNotFound",
] as const;
export type RuntimeErrorKind = (typeof RUNTIME_ERROR_KINDS)[number];
/** How many of RUNTIME_ERROR_KINDS format 1.0 had: a RAISE of a later one needs format 1.1. */
export const RUNTIME_ERROR_KINDS_1_0 = 12;

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
