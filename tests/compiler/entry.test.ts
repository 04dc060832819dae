// compileSource's options as a caller sees them: the default file name and optimisation, and
// --strip (spec/cli.md `veldc build`; docs/tools.md); compileProgram on a resolved program; a
// program of several files: each library module's top level called at the line of the main
// file's import that needs it, and a compile error naming its file at its offset there; a
// module's `pub const` used by its importers at -O1, where folding drops the constant's global.
import { describe, expect, it } from "vitest";
import { disassemble } from "../../assembler/index.js";
import { compileFiles, compileProgram, compileSource } from "../../compiler/index.js";
import { readModule, writeModule } from "../../format/index.js";
import { MAX_SOURCE_BYTES, parse, resolve } from "../../language/index.js";
import { load, loadModule } from "../../runtime/index.js";
import { runProgram } from "../helpers/veld.js";

const SOURCE = "let x = 2.5\nfn f(a) => a * x + 1\nprintln(f(2))\n";

describe("compileSource options", () => {
  it("names an unnamed source <input> in its debug section", () => {
    const { module } = readModule(compileSource(SOURCE).bytes!);
    expect(module.debug?.sourceFile).toBe("<input>");
    expect(
      readModule(compileSource(SOURCE, { fileName: "a.veld" }).bytes!).module.debug?.sourceFile,
    ).toBe("a.veld");
  });

  it("optimises by default: the same bytes as -O1, not those of -O0", () => {
    const bytes = (optimize?: 0 | 1) =>
      Buffer.from(compileSource(SOURCE, { fileName: "a.veld", optimize }).bytes!);
    expect(bytes().equals(bytes(1))).toBe(true);
    expect(bytes().equals(bytes(0))).toBe(false);
  });

  it("strip leaves out the debug section and nothing else", () => {
    const full = readModule(compileSource(SOURCE, { fileName: "a.veld" }).bytes!).module;
    const stripped = readModule(
      compileSource(SOURCE, { fileName: "a.veld", strip: true }).bytes!,
    ).module;
    expect(full.debug).toBeDefined();
    expect(stripped.debug).toBeUndefined();
    expect(stripped.functions).toEqual(full.functions);
  });
});

describe("compileProgram", () => {
  it("compiles a parsed, resolved program as compileSource does when nothing folds", () => {
    const source = "fn f(a) => a + 1\nprintln(f(2))\n";
    const { program } = parse(source, "a.veld");
    const resolution = resolve(program, { file: "a.veld" });
    expect(resolution.diagnostics).toEqual([]);
    const bytes = (optimize?: 0 | 1) =>
      Buffer.from(writeModule(compileProgram(program, resolution, "a.veld", optimize)));
    const expected = (optimize: 0 | 1) =>
      Buffer.from(compileSource(source, { fileName: "a.veld", optimize }).bytes!);
    expect(bytes().equals(expected(1))).toBe(true);
    expect(bytes(0).equals(expected(0))).toBe(true);
  });
});

describe("a program of several files", () => {
  const FILES: Record<string, string> = {
    "main.veld": "import a\n\nimport b\nprintln(a.f() + b.g())\n",
    "a.veld": 'import c\npub fn f() => c.h()\nprintln("a")\n',
    "b.veld": 'import c\npub fn g() => 2\nprintln("b")\n',
    "c.veld": 'pub fn h() => 1\nprintln("c")\n',
  };
  const compile = (files: Record<string, string>) =>
    compileFiles("main.veld", {
      readFile: (p) => (p in files ? new TextEncoder().encode(files[p]) : undefined),
    });

  it("calls each library module's top level at the line of the import that needs it", () => {
    const r = compile(FILES);
    expect(r.diagnostics).toEqual([]);
    const text = disassemble(r.bytes!, { debug: true });
    const main = text.slice(text.indexOf('.function F0 "<main>"'), text.indexOf(".end"));
    const calls = main.slice(
      main.lastIndexOf(".loc", main.indexOf("CLOSURE    R0, P3")),
      main.indexOf("GETNATIVE"),
    );
    // c (needed through a, line 1), then a (line 1), then b (line 3).
    expect(calls.split("\n").map((l) => l.trim().replace(/\s+/g, " "))).toEqual([
      ".loc 1 1",
      "CLOSURE R0, P3",
      "CALL R0, 0",
      "CLOSURE R0, P4",
      "CALL R0, 0",
      ".loc 3 1",
      "CLOSURE R0, P5",
      "CALL R0, 0",
      ".loc 4 1",
      "",
    ]);
  });

  it("a module imported twice below one import does not make that import reach every module", () => {
    // Below `a`, both c and d import e: the walk meets e twice. f and b are reached only
    // through `b` (line 3): their top levels are called at line 3, not at `a`'s line 1.
    const r = compile({
      "main.veld": "import a\n\nimport b\nprintln(a.f() + b.g())\n",
      "a.veld": "import c\nimport d\npub fn f() => c.h() + d.k()\n",
      "b.veld": "import f\npub fn g() => f.m()\n",
      "c.veld": "import e\npub fn h() => e.n()\n",
      "d.veld": "import e\npub fn k() => e.n()\n",
      "e.veld": "pub fn n() => 1\n",
      "f.veld": "pub fn m() => 2\n",
    });
    expect(r.diagnostics).toEqual([]);
    const text = disassemble(r.bytes!, { debug: true });
    const main = text.slice(text.indexOf('.function F0 "<main>"'), text.indexOf(".end"));
    const calls = main.slice(
      main.lastIndexOf(".loc", main.indexOf("CLOSURE    R0, P6")),
      main.indexOf("GETNATIVE"),
    );
    // e, c, d, a (line 1), then f, b (line 3).
    expect(calls.split("\n").map((l) => l.trim().replace(/\s+/g, " "))).toEqual([
      ".loc 1 1",
      ...["P6", "P7", "P8", "P9"].flatMap((p) => [`CLOSURE R0, ${p}`, "CALL R0, 0"]),
      ".loc 3 1",
      ...["P10", "P11"].flatMap((p) => [`CLOSURE R0, ${p}`, "CALL R0, 0"]),
      ".loc 4 1",
      "",
    ]);
  });

  it("a compile error names its file, with the offset of its line and column there", () => {
    const big = `pub fn k()\n${Array.from({ length: 257 }, (_, i) => `  let v${i} = ${i}`).join("\n")}\n  v0\nend\n`;
    for (const file of ["c.veld", "b.veld", "main.veld"]) {
      const source = `${FILES[file]}\n${big}`;
      const r = compile({ ...FILES, [file]: source });
      expect(r.diagnostics.length, file).toBe(1);
      const d = r.diagnostics[0]!;
      const line = source.split("\n").indexOf("  let v256 = 256") + 1;
      const offset = source.indexOf("  let v256 = 256") + 2;
      expect({ file: d.file, code: d.code, start: d.span.start, end: d.span.end }).toEqual({
        file,
        code: "E0906",
        start: { line, col: 3, offset },
        end: { line, col: 3, offset },
      });
    }
  });

  it("a one-file program's compile error names no file", () => {
    const source = `fn k()\n${Array.from({ length: 257 }, (_, i) => `  let v${i} = ${i}`).join("\n")}\n  v0\nend\n`;
    const d = compileSource(source, { fileName: "t.veld" }).diagnostics;
    expect(d.map((x) => [x.code, "file" in x])).toEqual([["E0906", false]]);
  });
});

describe("a pub const of another module", () => {
  // At -O1 a const whose value folds is dropped from its module and every use becomes the
  // literal: the importers' uses too (by name, through the module, by `*`), or they would read
  // a global that is not there (was: E0901 "GETGLOBAL operand undefined" for `m.PI`, an
  // internal error for `import m.{PI}`).
  const FILES: Record<string, string> = {
    "main.veld":
      "import m\nimport m.{PI}\nimport k\nimport k.*\nprintln(m.PI)\nprintln(PI + k.TAU + TAU)\nprintln(m.NAME)\n",
    "m.veld": 'pub const PI = 3.0\npub const NAME = "m"\n',
    "k.veld": "import m.{PI}\npub const TAU = PI * 2.0\n",
  };
  const host = {
    readFile: (p: string) => (p in FILES ? new TextEncoder().encode(FILES[p]) : undefined),
  };

  it("is its value in every importer at -O1 and -O0", () => {
    for (const optimize of [1, 0] as const) {
      const r = compileFiles("main.veld", host, { optimize });
      expect(r.diagnostics, `-O${optimize}`).toEqual([]);
      expect(runProgram(load(r.bytes!)).stdout, `-O${optimize}`).toBe("3\n15\nm\n");
    }
  });

  it("stays an export of a library built at -O1", () => {
    const r = compileFiles("m.veld", host, { library: "m" });
    expect(r.diagnostics).toEqual([]);
    const m = r.module!;
    expect(m.exports?.items.map((e) => [m.strings[e.name], e.kind])).toEqual([
      ["PI", "constant"],
      ["NAME", "constant"],
    ]);
    expect(runProgram(loadModule(r.module!)).stdout).toBe("");
  });

  it("is dropped from every module but a library's main file", () => {
    // SETGLOBALs per function: only main's hoisted functions and k's TAU (an export) are
    // stored; m's PI and NAME (not exported by this library) and a program's `pub const` go.
    const stores = (bytes: Uint8Array) =>
      disassemble(bytes, { debug: false })
        .split(".function")
        .slice(1)
        .map((f) => `${f.split("\n")[0]!.trim()}: ${f.split("SETGLOBAL").length - 1}`);
    const lib = compileFiles("k.veld", host, { library: "k" });
    expect(lib.diagnostics).toEqual([]);
    expect(stores(lib.bytes!)).toEqual(['F0 "<main>": 1', 'F1 "<module m>": 0']);
    const program = compileSource("pub const K = 6\nprintln(K)\n");
    expect(stores(program.bytes!)).toEqual(['F0 "<main>": 0']);
  });
});

describe("compileSource and compileFiles results", () => {
  const listing = (source: string, optimize?: 0 | 1): string => {
    const r = compileSource(source, { fileName: "t.veld", optimize });
    expect(r.diagnostics).toEqual([]);
    return disassemble(r.bytes!, { debug: false });
  };

  it("by default keeps float locals in the float bank, as -O1 does", () => {
    const source = "fn f(a)\n  let x = 0.5 * a\n  x * 2.0\nend\nprintln(f(3))\n";
    expect(listing(source)).toBe(listing(source, 1));
    expect(listing(source)).toContain("FMULK");
  });

  it("-O1 code uses the -O1 forms; -O0 code does not", () => {
    const source = "fn f(a) => a + 1\nprintln(f(3))\n";
    expect(listing(source, 1)).toContain("ADDI");
    expect(listing(source, 0)).not.toContain("ADDI");
  });

  it("outside a session a top-level variable no function reads stays in a register", () => {
    expect(listing("let x = 1\nprintln(x)\n")).not.toContain("SETGLOBAL");
  });

  it("the main function's field names take its first constant slots", () => {
    const source = 'struct P(x: i64);\nlet s = "a"\nlet p = P(x: 1)\nprintln(s)\nprintln(p.x)\n';
    const text = listing(source);
    const main = text.slice(text.search(/\.function F\d+ "<main>"/));
    expect(main).toMatch(/GETFIELD\s+R\d+, R\d+, K0\n/);
    expect(main).toMatch(/LOADK\s+R\d+, K1\n/);
  });

  it("main's hoisted closure is at its declaration's line, HALT at the end of the file", () => {
    const text = disassemble(compileSource(SOURCE, { fileName: "t.veld" }).bytes!, {
      debug: true,
    });
    const main = text.slice(text.search(/\.function F\d+ "<main>"/));
    expect(main).toMatch(/\.loc 2 1\n\s+CLOSURE/);
    expect(main).toMatch(/\.loc 4 1\n\s+HALT/);
  });

  it("-O1 drops the main function's dead code; -O0 keeps it", () => {
    const source = 'var a = 1\nif a > 0 then\n  throw "x"\nelse\n  throw "y"\nend\nprintln(a)\n';
    const main = (optimize: 0 | 1) => {
      const text = listing(source, optimize);
      return text.slice(text.search(/\.function F\d+ "<main>"/));
    };
    expect(main(1)).not.toContain("HALT");
    expect(main(0)).toContain("HALT");
  });

  it("a source over a third of the size limit (its bytes counted) still compiles", () => {
    const source = `println(1)\n${" ".repeat(MAX_SOURCE_BYTES / 3)}\n`;
    const r = compileSource(source, { fileName: "t.veld" });
    expect(r.diagnostics).toEqual([]);
    expect(r.bytes).toBeDefined();
  });

  it("a string used twice is one constant", () => {
    const text = listing('println("a")\nprintln("a")\n');
    expect(text.match(/^\.constant /gm)).toHaveLength(1);
  });

  it("a syntax error is its diagnostic, with no module", () => {
    const r = compileSource("fn f(\n", { fileName: "t.veld" });
    expect(r.module).toBeUndefined();
    expect(r.bytes).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(["E0201"]);
  });

  it("a compile error after blank lines points at its own line", () => {
    const lets = Array.from({ length: 257 }, (_, i) => `  let v${i} = ${i}`).join("\n");
    const source = `\n\nfn k()\n${lets}\n  v0\nend\n`;
    const d = compileSource(source, { fileName: "t.veld" }).diagnostics;
    const line = source.split("\n").indexOf("  let v256 = 256") + 1;
    expect(d.map((x) => [x.code, x.span.start])).toEqual([
      ["E0906", { line, col: 3, offset: source.indexOf("  let v256 = 256") + 2 }],
    ]);
  });

  it("a one-file module has no file table; compileFiles returns each file's text", () => {
    expect(compileSource(SOURCE, { fileName: "t.veld" }).module!.debug!.files).toBeUndefined();
    const files: Record<string, string> = {
      "main.veld": "import lib\nlib.g()\n",
      "lib.veld": "pub fn g() => 1\n",
    };
    const r = compileFiles("main.veld", {
      readFile: (p) => (p in files ? new TextEncoder().encode(files[p]) : undefined),
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.module!.debug!.files).toEqual(["lib.veld"]);
    expect(Object.fromEntries(r.sources)).toEqual(files);
  });

  it("a library exports its `pub` items only", () => {
    const source =
      "pub fn g() => 1\nfn h() => 2\npub let A = 1\nlet B = 2\nstruct S(x: i64);\npub struct T(y: i64);\npub type N = i64\npub kind K\n  fn k(self)\nend\n";
    const r = compileSource(source, { fileName: "lib.veld", library: "lib" });
    expect(r.diagnostics).toEqual([]);
    const m = r.module!;
    expect(m.exports!.items.map((i) => `${m.strings[i.name]} ${i.kind}`)).toEqual([
      "g function",
      "A constant",
      "T struct",
    ]);
  });
});
