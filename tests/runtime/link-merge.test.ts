// The merged module itself (spec/semantics.md §9.4), read exactly: relocated operands,
// function names and children, the prologue, the debug tables, the limits at their
// boundaries, and the message of every link error (what a user sees of a LoadError).

import { describe, expect, it } from "vitest";
import { assemble } from "../../assembler/index.js";
import { encode } from "../../format/instruction.js";
import type { DebugInfo, FunctionProto, Module } from "../../format/module.js";
import { OPCODE_BY_NAME } from "../../format/opcodes.js";
import { readModule } from "../../format/reader.js";
import { LIMITS } from "../../format/verifier.js";
import { LoadError } from "../../runtime/errors.js";
import { asLibrary, initOrder, linkLibraries } from "../../runtime/link.js";

function mod(text: string): Module {
  const r = assemble(text);
  if (!r.bytes) throw new Error(r.report);
  return readModule(r.bytes).module;
}

const ins = (name: string, operands: number[] = []) => encode(OPCODE_BY_NAME.get(name)!, operands);

/** The LoadError `fn` throws, as "code: message". */
function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof LoadError) return `${e.code}: ${e.message}`;
    throw e;
  }
  return "linked";
}

const LIB = `
.native to_str 1
.global G0 "one"
.global G1 "two"
.enum T0 "Tri"
  .variant V0 "A" 0
  .variant V1 "B" 0
  .variant V2 "C" 0
.end
.struct T1 "Pair"
  .field "a"
  .field "b"
.end
.module "lib"
.export "one" function G0 0
.export "two" constant G1
.export "Pair" struct T1
.export "Tri" enum T0
.function main
    CLOSURE   R0, stop
    LOADI     R0, 7
    SETGLOBAL R0, G1
    LOADI     R0, 9
    HALT
.end
.function stop
    HALT
.end
`;

/** Imports lib's `two` as its G2, has globals and types of its own after lib's. */
const PROG = `
.native println 1
.global G0 "mine"
.global G1 "also"
.global G2 "two"
.struct T0 "Own"
  .field "p"
.end
.enum T1 "Tri"
  .variant V0 "A" 0
  .variant V1 "B" 0
  .variant V2 "C" 0
.end
.enum T2 "Mine"
  .variant V3 "X" 0
  .variant V4 "Y" 0
.end
.import "lib" "two" constant G2
.import "lib" "Tri" enum T1
.function main
  .registers 3
    GETGLOBAL R0, G2
    GETGLOBAL R1, G1
    NEWSTRUCT R0, T0
    NEWENUM   R1, V4
    NEWENUM   R1, V2
    TESTSTRUCT R1, T0
    JMP       @end
end:
    GETNATIVE R2, println
    LOADI     R0, 3
    LOADK     R1, "s"
    LOADK     R1, 5000000000
    HALT
.end
`;

describe("the merged module", () => {
  it("relocates globals, types, variants and natives; names library mains; runs them first", () => {
    const lib = mod(LIB);
    const prog = mod(PROG);
    const m = linkLibraries(prog, [asLibrary(lib)]);
    // lib's globals 0 and 1, then the program's G0 and G1 (G2 is lib's G1).
    expect(m.globals.map((g) => m.strings[g.name])).toEqual(["one", "two", "mine", "also"]);
    // lib's Pair, Tri; the program's Own and Mine (its Tri is lib's).
    expect(m.types.map((t) => m.strings[t.name])).toEqual(["Tri", "Pair", "Own", "Mine"]);
    expect(m.natives.map((n) => [m.strings[n.name], n.arity])).toEqual([
      ["to_str", 1],
      ["println", 1],
    ]);
    expect(m.functions.map((f) => m.strings[f.name])).toEqual(["main", "<module lib>", "stop"]);
    const main = m.functions[0]!;
    expect(main.children).toEqual([1]);
    // HALT in the library's other functions stays HALT.
    expect([...m.functions[2]!.code]).toEqual([ins("HALT")]);
    expect([...main.code]).toEqual([
      ins("CLOSURE", [0, 0]),
      ins("CALL", [0, 0]),
      ins("LOADUNIT", [0, 0]),
      ins("GETGLOBAL", [0, 1]),
      ins("GETGLOBAL", [1, 3]),
      ins("NEWSTRUCT", [0, 2]),
      ins("NEWENUM", [1, 4]),
      ins("NEWENUM", [1, 2]),
      ins("TESTSTRUCT", [1, 2]),
      prog.functions[0]!.code[6]!,
      ins("GETNATIVE", [2, 1]),
      ins("LOADI", [0, 3]),
      prog.functions[0]!.code[9]!,
      prog.functions[0]!.code[10]!,
      ins("HALT"),
    ]);
    // The library's main: HALT became RETURNUNIT, its operands relocated.
    expect([...m.functions[1]!.code]).toEqual([
      ins("CLOSURE", [0, 0]),
      ins("LOADI", [0, 7]),
      ins("SETGLOBAL", [0, 1]),
      ins("LOADI", [0, 9]),
      ins("RETURNUNIT"),
    ]);
    // Strings and constants: each once, in order of first use; ints kept as ints.
    expect(m.strings).toEqual([
      "one",
      "two",
      "Tri",
      "A",
      "B",
      "C",
      "Pair",
      "a",
      "b",
      "to_str",
      "<module lib>",
      "stop",
      "mine",
      "also",
      "Own",
      "p",
      "Mine",
      "X",
      "Y",
      "println",
      "s",
      "main",
    ]);
    expect(m.constants).toEqual([
      { kind: "str", string: m.strings.indexOf("s") },
      { kind: "int", value: 5000000000n },
    ]);
    expect(main.constants.map((k) => m.constants[k])).toEqual(m.constants);
    expect(m.debug).toBeUndefined();
    expect(m.custom).toEqual([]);
    expect(m.imports).toBeUndefined();
    expect(m.exports).toBeUndefined();
  });

  it("leaves a program without libraries as it is (no prologue)", () => {
    const prog = mod(`.global G0 "x"\n.function main\n    GETGLOBAL R0, G0\n    HALT\n.end\n`);
    const m = linkLibraries(prog, []);
    expect([...m.functions[0]!.code]).toEqual([...prog.functions[0]!.code]);
    expect(m.functions[0]!.children).toEqual([]);
  });

  it("keeps a program's own struct of a library struct's shape a type of its own", () => {
    const lib = mod(LIB);
    const prog = mod(`
.struct T0 "Pair"
  .field "a"
  .field "b"
.end
.global G0 "two"
.import "lib" "two" constant G0
.function main
  .registers 3
    NEWSTRUCT R0, T0
    HALT
.end
`);
    const m = linkLibraries(prog, [asLibrary(lib)]);
    expect(m.types.map((t) => m.strings[t.name])).toEqual(["Tri", "Pair", "Pair"]);
    expect(m.functions[0]!.code[3]).toBe(ins("NEWSTRUCT", [0, 2]));
  });

  it("merges the prelude Option of two modules, with both modules' methods", () => {
    // Each module also has a plain enum of Option's shape: not the prelude, a type of its own.
    const optionOf = (plain: string, method: string, extra: string, more = "") =>
      mod(`
.global G0 "${method}"
.enum T0 "${plain}"
  .variant V0 "Some" 1
  .variant V1 "None" 0
.end
.enum T1 "Option" prelude
  .variant V2 "Some" 1
  .variant V3 "None" 0
  .method "${method}" G0
${more}
.end
.enum T2 "Result" prelude
  .variant V4 "Ok" 1
  .variant V5 "Err" 1
.end
${extra}
.function main
    HALT
.end
`);
    const lib = optionOf(
      "Maybe",
      "m1",
      `.module "lib"\n.export "m1" function G0 0`,
      `  .method "m0" G0`,
    );
    const prog = optionOf("Perhaps", "m2", `.global G1 "m1"\n.import "lib" "m1" function G1 0`);
    const m = linkLibraries(prog, [asLibrary(lib)]);
    expect(m.types.map((t) => m.strings[t.name])).toEqual(["Maybe", "Option", "Result", "Perhaps"]);
    expect(m.types[1]!.methods.map((x) => [m.strings[x.name], x.global])).toEqual([
      ["m1", 0],
      ["m0", 0],
      ["m2", 1],
    ]);
    const clash = optionOf("Perhaps", "m1", `.global G1 "x"\n.import "lib" "m1" function G1 0`);
    expect(failure(() => linkLibraries(clash, [asLibrary(lib)]))).toBe(
      "E_LINK_DUPLICATE: two modules define the method 'm1' of the prelude Option",
    );
  });
});

describe("debug tables", () => {
  const withDebug = (m: Module, debug: DebugInfo): Module => ({ ...m, debug });
  const fd = (n: number, file?: number) => ({
    lines: Uint32Array.from({ length: n }, (_, i) => i + 1),
    columns: new Uint32Array(n).fill(2),
    locals: [{ name: "v", register: 0, bank: 0, startPc: 1, endPc: n }],
    upvalueNames: [],
    ...(file === undefined ? {} : { file }),
  });

  it("keeps the program's file as file 0, adds the libraries' files, pads main's tables", () => {
    const lib = withDebug(mod(LIB), {
      sourceFile: "lib.veld",
      sourceHash: new Uint8Array(0),
      functions: [fd(5), fd(1)],
    });
    const prog = mod(PROG);
    const n = prog.functions[0]!.code.length;
    const hash = new Uint8Array(32).fill(5);
    const debugged = withDebug(prog, {
      sourceFile: "prog.veld",
      sourceHash: hash,
      functions: [fd(n)],
    });
    const m = linkLibraries(debugged, [asLibrary(lib)]);
    const d = m.debug!;
    expect(d.sourceFile).toBe("prog.veld");
    expect(d.sourceHash).toEqual(hash);
    expect(d.files).toEqual(["lib.veld"]);
    expect(d.functions[1]!.file).toBe(1);
    expect(d.functions[0]!.file).toBe(0);
    expect([...d.functions[0]!.lines]).toEqual([0, 0, 0, ...fd(n).lines]);
    expect([...d.functions[0]!.columns]).toEqual([0, 0, 0, ...fd(n).columns]);
    expect(d.functions[0]!.locals).toEqual([
      { name: "v", register: 0, bank: 0, startPc: 4, endPc: n + 3 },
    ]);

    // A library without debug information, linked to a program with it: empty tables, and
    // the library's functions are placed in the program's file.
    const m2 = linkLibraries(debugged, [asLibrary(mod(LIB))]);
    expect(m2.debug!.files).toBeUndefined();
    expect(m2.debug!.functions[1]).toEqual({
      lines: new Uint32Array(5),
      columns: new Uint32Array(5),
      locals: [],
      upvalueNames: [],
      file: 0,
    });

    // Only the library has debug information: the program's file is "" and its hash empty.
    const m3 = linkLibraries(prog, [asLibrary(lib)]);
    expect(m3.debug!.sourceFile).toBe("");
    expect(m3.debug!.sourceHash).toEqual(new Uint8Array(0));
    expect(m3.debug!.files).toEqual(["lib.veld"]);
    expect(m3.debug!.functions[0]!.file).toBe(0);
    expect(m3.debug!.functions[1]!.file).toBe(1);
  });

  it("maps a library's own file table, and shares a file named twice", () => {
    const lib = withDebug(mod(LIB), {
      sourceFile: "lib.veld",
      sourceHash: new Uint8Array(0),
      functions: [fd(5, 2), fd(1, 2)],
      files: ["a.veld", "prog.veld"],
    });
    const lib2 = withDebug(mod(LIB.replace('.module "lib"', '.module "lib2"')), {
      sourceFile: "lib2.veld",
      sourceHash: new Uint8Array(0),
      functions: [fd(5, 1), fd(1, 1)],
      files: ["b.veld"],
    });
    const prog = mod(PROG.replace('.import "lib" "Tri" enum T1', '.import "lib2" "Tri" enum T1'));
    const debugged = withDebug(prog, {
      sourceFile: "prog.veld",
      sourceHash: new Uint8Array(0),
      functions: [fd(prog.functions[0]!.code.length)],
    });
    const m = linkLibraries(debugged, [asLibrary(lib), asLibrary(lib2)]);
    // lib's function is in its file 2, "prog.veld": the program's file 0.
    expect(m.functions.map((f) => m.strings[f.name])).toEqual([
      "main",
      "<module lib>",
      "stop",
      "<module lib2>",
      "stop",
    ]);
    expect(m.debug!.functions[1]!.file).toBe(0);
    expect(m.debug!.files).toEqual(["b.veld"]);
    expect(m.debug!.functions[3]!.file).toBe(1);
    const again = withDebug(mod(LIB.replace('.module "lib"', '.module "lib2"')), {
      sourceFile: "lib2.veld",
      sourceHash: new Uint8Array(0),
      functions: [fd(5, 0), fd(1, 0)],
      files: ["b.veld"],
    });
    const m2 = linkLibraries(debugged, [asLibrary(lib), asLibrary(again)]);
    expect(m2.debug!.files).toEqual(["lib2.veld"]);
    const both = withDebug(prog, {
      sourceFile: "prog.veld",
      sourceHash: new Uint8Array(0),
      functions: [fd(prog.functions[0]!.code.length)],
    });
    const libA = withDebug(mod(LIB), {
      sourceFile: "x.veld",
      sourceHash: new Uint8Array(0),
      functions: [fd(5), fd(1)],
    });
    const libB = withDebug(mod(LIB.replace('.module "lib"', '.module "lib2"')), {
      sourceFile: "x.veld",
      sourceHash: new Uint8Array(0),
      functions: [fd(5), fd(1)],
    });
    const m3 = linkLibraries(both, [asLibrary(libA), asLibrary(libB)]);
    expect(m3.debug!.files).toEqual(["x.veld"]);
    expect(m3.debug!.functions.map((f) => f.file)).toEqual([0, 1, 1, 1, 1]);
  });
});

describe("link errors, with their messages", () => {
  const lib = () => mod(LIB);
  it("names the mismatch", () => {
    expect(failure(() => asLibrary(mod(".function main\n    HALT\n.end\n")))).toBe(
      "E_LINK_MODULE: the module given as a library has no EXPORTS section",
    );
    expect(failure(() => initOrder(mod(PROG), [asLibrary(lib()), asLibrary(lib())]))).toBe(
      "E_LINK_DUPLICATE: two libraries are named 'lib'",
    );
    expect(failure(() => initOrder(mod(PROG), []))).toBe(
      "E_LINK_MODULE: the program imports module 'lib', not given",
    );
    const needsX = mod(
      LIB.replace(".function main", '.global G2 "y"\n.import "x" "y" constant G2\n.function main'),
    );
    expect(failure(() => initOrder(mod(PROG), [asLibrary(needsX)]))).toBe(
      "E_LINK_MODULE: library 'lib' imports module 'x', not given",
    );
    const a = mod(
      `.global G0 "f"\n.global G1 "g"\n.module "a"\n.export "f" function G0 0\n.import "b" "g" function G1 0\n.function main\n    HALT\n.end\n`,
    );
    const b = mod(
      `.global G0 "g"\n.global G1 "f"\n.module "b"\n.export "g" function G0 0\n.import "c" "h" function G1 0\n.function main\n    HALT\n.end\n`,
    );
    const c = mod(
      `.global G0 "h"\n.global G1 "g"\n.module "c"\n.export "h" function G0 0\n.import "b" "g" function G1 0\n.function main\n    HALT\n.end\n`,
    );
    const p = mod(
      `.global G0 "f"\n.import "a" "f" function G0 0\n.function main\n    HALT\n.end\n`,
    );
    expect(failure(() => initOrder(p, [a, b, c].map(asLibrary)))).toBe(
      "E_LINK_CYCLE: libraries import each other: b -> c -> b",
    );
    const imp = (line: string) =>
      mod(
        `.global G0 "x"\n.struct T0 "Pair"\n  .field "a"\n  .field "z"\n.end\n${line}\n.function main\n    HALT\n.end\n`,
      );
    const link = (line: string) => failure(() => linkLibraries(imp(line), [asLibrary(lib())]));
    expect(link('.import "lib" "three" function G0 0')).toBe(
      "E_LINK_EXPORT: library 'lib' does not export 'three'",
    );
    expect(link('.import "lib" "one" constant G0')).toBe(
      "E_LINK_KIND: 'lib.one' is a function, imported as a constant",
    );
    expect(link('.import "lib" "one" function G0 2')).toBe(
      "E_LINK_ARITY: 'lib.one' takes 0 arguments, imported with 2",
    );
    expect(link('.import "lib" "Pair" struct T0')).toBe(
      `E_LINK_SHAPE: 'lib.Pair' is struct("a", "b"), imported as struct("a", "z")`,
    );
    const en = mod(
      `.enum T0 "Tri"\n  .variant V0 "A" 0\n  .variant V1 "B" 1\n  .variant V2 "C" 0\n.end\n.import "lib" "Tri" enum T0\n.function main\n    HALT\n.end\n`,
    );
    expect(failure(() => linkLibraries(en, [asLibrary(lib())]))).toBe(
      `E_LINK_SHAPE: 'lib.Tri' is enum("A"/0, "B"/0, "C"/0), imported as enum("A"/0, "B"/1, "C"/0)`,
    );
  });

  it("checks a library's natives too", () => {
    const bad = mod(LIB.replace(".global G0", ".native no_such_native 1\n.global G0"));
    expect(failure(() => linkLibraries(mod(PROG), [asLibrary(bad)]))).toBe(
      "E_LINK_NATIVE: native 1 'no_such_native' is not provided by this runtime",
    );
  });
});

describe("limits of the linked program, at their boundaries", () => {
  const main = (code: number[], children: number[] = []): FunctionProto => ({
    name: 0,
    params: 0,
    registers: 2,
    upvalues: [],
    children,
    constants: [],
    code: Uint32Array.from(code),
  });
  /** A library "p" with `n` globals, exporting its global 0 as `f`. */
  const big = (n: number, name = "p"): Module => ({
    strings: ["main", name, "f"],
    constants: [],
    types: [],
    natives: [],
    globals: Array.from({ length: n }, () => ({ name: 2 })),
    functions: [main([ins("HALT")])],
    exports: { module: 1, items: [{ name: 2, kind: "function", index: 0, arity: 0 }] },
    custom: [],
  });
  /** A program importing `f` from each named library, with `own` globals of its own. */
  const program = (libs: string[], code: number[], own = 0, children: number[] = []): Module => ({
    strings: ["main", "f", "g", ...libs],
    constants: [],
    types: [],
    natives: [],
    globals: Array.from({ length: libs.length + own }, (_, i) => ({
      name: i < libs.length ? 1 : 2,
    })),
    functions: [main(code, children)],
    imports: libs.map((_, i) => ({ module: 3 + i, name: 1, kind: "function", index: i, arity: 0 })),
    custom: [],
  });

  it("a relocated operand beyond 16 bits", () => {
    const at = (n: number) =>
      failure(() =>
        linkLibraries(program(["p"], [ins("GETGLOBAL", [0, 1]), ins("HALT")], 1), [
          asLibrary(big(n)),
        ]),
      );
    expect(at(65_535)).toBe("linked");
    expect(at(65_536)).toBe(
      "E_LINK_LIMIT: the linked program's global 65536 does not fit the operand",
    );
  });

  it("the number of globals", () => {
    const at = (n: number) =>
      failure(() => linkLibraries(program(["p"], [ins("HALT")], n), [asLibrary(big(1))]));
    expect(at(LIMITS.globals - 1)).toBe("linked");
    expect(at(LIMITS.globals)).toBe(
      `E_LINK_LIMIT: the linked program has ${LIMITS.globals + 1} globals`,
    );
  });

  it("the number of types and of enum variants", () => {
    const withTypes = (types: Module["types"]): Module => ({ ...big(1), types });
    const struct = { kind: "struct" as const, name: 2, flags: 0, fields: [], methods: [] };
    const own = (types: Module["types"]): Module => ({ ...program(["p"], [ins("HALT")]), types });
    const types = (n: number) =>
      failure(() =>
        linkLibraries(own([struct]), [asLibrary(withTypes(new Array(n).fill(struct)))]),
      );
    expect(types(LIMITS.types - 1)).toBe("linked");
    expect(types(LIMITS.types)).toBe(
      `E_LINK_LIMIT: the linked program has ${LIMITS.types + 1} types`,
    );
    const enumOf = (n: number) => ({
      kind: "enum" as const,
      name: 2,
      flags: 0,
      variants: Array.from({ length: n }, () => ({ name: 2, arity: 0 })),
      methods: [],
    });
    const variants = (n: number) =>
      failure(() => linkLibraries(own([enumOf(1)]), [asLibrary(withTypes([enumOf(n)]))]));
    expect(variants(LIMITS.variants - 1)).toBe("linked");
    expect(variants(LIMITS.variants)).toBe(
      `E_LINK_LIMIT: the linked program has ${LIMITS.variants + 1} enum variants`,
    );
  });

  it("main's child list and code length", () => {
    const children = (n: number, libs: string[]) =>
      failure(() =>
        linkLibraries(
          program(libs, [ins("HALT")], 0, new Array<number>(n).fill(0)),
          libs.map((l) => asLibrary(big(1, l))),
        ),
      );
    expect(children(LIMITS.children - 2, ["p", "q"])).toBe("linked");
    expect(children(LIMITS.children - 1, ["p", "q"])).toBe(
      "E_LINK_LIMIT: main's child list is full",
    );
    const code = (n: number) =>
      failure(() =>
        linkLibraries(program(["p"], new Array<number>(n).fill(ins("HALT"))), [asLibrary(big(1))]),
      );
    expect(code(LIMITS.codeLength - 3)).toBe("linked");
    expect(code(LIMITS.codeLength - 2)).toBe("E_LINK_LIMIT: main's code is too long");
  });
});
