// Linking precompiled libraries at load time (spec/semantics.md §9.4): a program's IMPORTS
// bound to the EXPORTS of libraries given beside it, each mismatch a LoadError code, shared
// types one type across the boundary, each library's top level run once before its importers.
import { describe, expect, it } from "vitest";
import { assemble } from "../../assembler/index.js";
import { compileSource } from "../../compiler/index.js";
import { encode } from "../../format/instruction.js";
import { OPCODE_BY_NAME } from "../../format/opcodes.js";
import { writeModule } from "../../format/writer.js";
import { LoadError, load, loadLibrary, type Program } from "../../runtime/index.js";

const GEOMETRY = `
pub struct Point(x: i64, y: i64);
impl Point
  fn sum(self) => self.x + self.y
end
pub enum Shape
  Square(i64)
  Dot
end
pub fn area(s) => match s
  Shape.Square(n) => n * n,
  Shape.Dot => 0,
end
pub let ORIGIN = Point(x: 0, y: 0)
pub fn same(a, b) => a == b
println("geometry ready")
`;

function library(source: string, name: string, file = `${name}.veld`): Uint8Array {
  const r = compileSource(source, { fileName: file, library: name });
  if (!r.bytes) throw new Error(JSON.stringify(r.diagnostics));
  return r.bytes;
}

function asm(text: string): Uint8Array {
  const r = assemble(text);
  if (!r.bytes) throw new Error(r.report);
  return r.bytes;
}

/** A program that imports geometry's area, Shape, Point and ORIGIN and prints with them. */
const APP = `
.native println 1
.global G0 "area"
.global G1 "ORIGIN"
.struct T0 "Point"
  .field "x"
  .field "y"
.end
.enum T1 "Shape"
  .variant V0 "Square" 1
  .variant V1 "Dot" 0
.end
.import "geometry" "area" function G0 1
.import "geometry" "ORIGIN" constant G1
.import "geometry" "Point" struct T0
.import "geometry" "Shape" enum T1
.function main
  .registers 4
    GETGLOBAL R0, G0
    LOADI     R2, 3
    NEWENUM   R1, V0
    CALL      R0, 1
    GETNATIVE R1, println
    MOVE      R2, R0
    CALL      R1, 1
    GETNATIVE R1, println
    GETGLOBAL R2, G1
    CALL      R1, 1
    HALT
.end
`;

function run(p: Program): string {
  let out = "";
  const r = p.run({ write: (t) => (out += t), writeErr: () => {} });
  return r.status === "ok" ? out : `${out}!${r.error!.kind}: ${r.error!.message}`;
}

function linkError(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    if (e instanceof LoadError) return e.code;
    throw e;
  }
  return "linked";
}

/** Base, a library of one function; mid re-exports it; the app imports it both ways. */
const BASE = `
.native println 1
.global G0 "hello"
.module "base"
.export "hello" function G0 0
.function main
    CLOSURE   R0, hello
    SETGLOBAL R0, G0
    GETNATIVE R0, println
    LOADK     R1, "base ready"
    CALL      R0, 1
    HALT
.end
.function hello
    GETNATIVE R0, println
    LOADK     R1, "hello"
    CALL      R0, 1
    RETURNUNIT
.end
`;
const MID = `
.native println 1
.global G0 "hello"
.module "mid"
.export "greet" function G0 0
.import "base" "hello" function G0 0
.function main
    GETNATIVE R0, println
    LOADK     R1, "mid ready"
    CALL      R0, 1
    HALT
.end
`;
const CHAIN = `
.global G0 "greet"
.global G1 "hello"
.import "mid" "greet" function G0 0
.import "base" "hello" function G1 0
.function main
    GETGLOBAL R0, G0
    CALL      R0, 0
    GETGLOBAL R0, G1
    CALL      R0, 0
    HALT
.end
`;

/** The app calling a method of geometry's Point on a Point it made, and geometry's `same`. */
const SHARED = `
.native println 1
.global G0 "same"
.global G1 "ORIGIN"
.struct T0 "Point"
  .field "x"
  .field "y"
.end
.import "geometry" "same" function G0 2
.import "geometry" "ORIGIN" constant G1
.import "geometry" "Point" struct T0
.function main
  .registers 6
    LOADI     R1, 1
    LOADI     R2, 2
    NEWSTRUCT R0, T0
    SELF      R3, R0, "sum"
    CALL      R3, 1
    GETNATIVE R4, println
    MOVE      R5, R3
    CALL      R4, 1
    LOADI     R1, 0
    LOADI     R2, 0
    NEWSTRUCT R0, T0
    GETGLOBAL R3, G0
    MOVE      R4, R0
    GETGLOBAL R5, G1
    CALL      R3, 2
    GETNATIVE R4, println
    MOVE      R5, R3
    CALL      R4, 1
    HALT
.end
`;

describe("linking libraries", () => {
  const geometry = library(GEOMETRY, "geometry");

  it("runs a program against a library, the library's top level first", () => {
    expect(run(load(asm(APP), { modules: [geometry] }))).toBe(
      "geometry ready\n9\nPoint(x: 0, y: 0)\n",
    );
  });

  it("keeps a shared struct one type: the library's methods, == across the boundary", () => {
    expect(run(load(asm(SHARED), { modules: [geometry] }))).toBe("geometry ready\n3\ntrue\n");
  });

  it("links one library, loaded once, under two different programs", () => {
    const lib = loadLibrary(geometry);
    expect(lib.name).toBe("geometry");
    expect(run(load(asm(APP), { modules: [lib] }))).toBe("geometry ready\n9\nPoint(x: 0, y: 0)\n");
    expect(run(load(asm(SHARED), { modules: [lib] }))).toBe("geometry ready\n3\ntrue\n");
  });

  it("keeps a loaded library whatever the caller does to its bytes afterwards", () => {
    const bytes = geometry.slice();
    const lib = loadLibrary(bytes);
    bytes.fill(0xff);
    expect(run(load(asm(APP), { modules: [lib] }))).toBe("geometry ready\n9\nPoint(x: 0, y: 0)\n");
  });

  it("initialises each library once, dependencies first; HALT in a library's main ends only its top level", () => {
    const modules = [asm(MID), asm(BASE)];
    expect(run(load(asm(CHAIN), { modules }))).toBe("base ready\nmid ready\nhello\nhello\n");
  });

  it("leaves out libraries the program does not import, and ignores modules without IMPORTS", () => {
    expect(run(load(asm(BASE), { modules: [geometry] }))).toBe("base ready\n");
    expect(run(load(asm(CHAIN), { modules: [asm(MID), asm(BASE), geometry] }))).toBe(
      "base ready\nmid ready\nhello\nhello\n",
    );
  });

  it("makes every module's prelude Option one type: the program matches the library's Some", () => {
    const opt = library("pub fn wrap(n) => Option.Some(n)\nprintln(wrap(1))", "opt");
    const matcher = asm(`
.native println 1
.enum T0 "Option" prelude
  .variant V0 "Some" 1
  .variant V1 "None" 0
.end
.global G0 "wrap"
.import "opt" "wrap" function G0 1
.function main
  .registers 4
    GETGLOBAL R0, G0
    LOADI     R1, 5
    CALL      R0, 1
    TESTVARIANT R0, V0
    JMP       @no
    GETNATIVE R1, println
    LOADK     R2, "some"
    CALL      R1, 1
    HALT
no:
    GETNATIVE R1, println
    LOADK     R2, "not some"
    CALL      R1, 1
    HALT
.end
`);
    expect(run(load(matcher, { modules: [opt] }))).toBe("Option.Some(1)\nsome\n");
  });

  const app = (from: string, to: string) => {
    if (!APP.includes(from)) throw new Error(from);
    return asm(APP.replace(from, to));
  };
  const CASES: [string, () => unknown][] = [
    ["E_LINK_MODULE", () => load(asm(APP), { modules: [] })],
    ["E_LINK_MODULE", () => load(asm(APP))],
    ["E_LINK_MODULE", () => load(asm(CHAIN), { modules: [asm(APP)] })],
    [
      "E_LINK_EXPORT",
      () => load(app('"geometry" "area"', '"geometry" "volume"'), { modules: [geometry] }),
    ],
    [
      "E_LINK_KIND",
      () => load(app('"ORIGIN" constant G1', '"ORIGIN" function G1 0'), { modules: [geometry] }),
    ],
    ["E_LINK_ARITY", () => load(app("function G0 1", "function G0 2"), { modules: [geometry] })],
    ["E_LINK_SHAPE", () => load(app('.field "y"', '.field "z"'), { modules: [geometry] })],
    ["E_LINK_SHAPE", () => load(app('"Dot" 0', '"Dot" 1'), { modules: [geometry] })],
    ["E_LINK_DUPLICATE", () => load(asm(APP), { modules: [geometry, geometry] })],
    [
      "E_LINK_CYCLE",
      () =>
        load(asm(CHAIN), {
          modules: [
            asm(MID),
            asm(
              BASE.replace(
                '.export "hello" function G0 0',
                '.export "hello" function G0 0\n.global G1 "x"\n.import "mid" "greet" function G1 0',
              ),
            ),
          ],
        }),
    ],
  ];
  it.each(CASES)("%s", (code, fn) => {
    expect(linkError(fn)).toBe(code);
  });

  it("E_LINK_LIMIT when the linked program's tables exceed a format limit", () => {
    // Two libraries of 40,000 globals each: the linked program would have 80,002.
    const big = (name: string): Uint8Array =>
      writeModule({
        strings: ["main", name, "f"],
        constants: [],
        types: [],
        natives: [],
        globals: Array.from({ length: 40_000 }, () => ({ name: 2 })),
        functions: [
          {
            name: 0,
            params: 0,
            registers: 1,
            upvalues: [],
            children: [],
            constants: [],
            code: Uint32Array.of(encode(OPCODE_BY_NAME.get("HALT")!, [])),
          },
        ],
        exports: { module: 1, items: [{ name: 2, kind: "function", index: 0, arity: 0 }] },
        custom: [],
      });
    const two = `.global G0 "a"\n.global G1 "b"\n.import "p" "f" function G0 0\n.import "q" "f" function G1 0\n.function main\n    HALT\n.end\n`;
    expect(linkError(() => load(asm(two), { modules: [big("p"), big("q")] }))).toBe("E_LINK_LIMIT");
  });
});
