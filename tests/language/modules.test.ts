// Programs of several files (spec/language.md §11): finding modules, exports and imports,
// initialisation order and the diagnostics, on an in-memory file system, through both
// engines (the compiled VM and the tree-walker) so they agree.

import { describe, expect, it } from "vitest";
import { compileFiles } from "../../compiler/index.js";
import { interpretModules } from "../../interpreter/index.js";
import { loadProgram, type ModuleHost } from "../../language/modules.js";
import { load, loadModule } from "../../runtime/index.js";
import { readModule } from "../../format/reader.js";
import { writeModule } from "../../format/writer.js";
import { stripDebug, verifyModule } from "../../format/index.js";
import type { FormatError } from "../../format/errors.js";
import { runProgram } from "../helpers/veld.js";

function host(files: Record<string, string>): ModuleHost {
  return {
    readFile: (path) =>
      Object.hasOwn(files, path) ? new TextEncoder().encode(files[path]) : undefined,
  };
}

/** Diagnostics as `file:line:col CODE message`. */
function diagnostics(files: Record<string, string>, main = "main.veld", searchPath: string[] = []) {
  const r = compileFiles(main, host(files), { searchPath });
  return r.diagnostics.map(
    (d) => `${d.file ?? main}:${d.span.start.line}:${d.span.start.col} ${d.code} ${d.message}`,
  );
}

/** Runs on the VM (from bytes) and on the tree-walker; both must agree. */
function run(files: Record<string, string>, main = "main.veld", searchPath: string[] = []) {
  const r = compileFiles(main, host(files), { searchPath });
  expect(r.diagnostics).toEqual([]);
  const vm = runProgram(load(r.bytes!));
  const loaded = loadProgram(main, host(files), searchPath);
  let stdout = "";
  const ir = interpretModules(loaded.modules, { write: (t) => (stdout += t) });
  if ("diagnostics" in ir) throw new Error("the interpreter rejected the program");
  expect(stdout).toBe(vm.stdout);
  expect(ir.error?.kind ?? null).toBe(vm.error);
  return { ...vm, bytes: r.bytes!, module: r.module!, trace: ir.error?.frames };
}

describe("finding modules", () => {
  it("looks beside the importing file, then in each search directory in order", () => {
    const files = {
      "app/main.veld": "import a\nimport b\nprintln(a.f() + b.g())",
      "app/a.veld": "pub fn f() => 1",
      "lib1/b.veld": "pub fn g() => 10",
      "lib2/b.veld": "pub fn g() => 20",
      "lib2/a.veld": "pub fn f() => 100",
    };
    expect(run(files, "app/main.veld", ["lib1", "lib2"]).stdout).toBe("11\n");
    expect(run(files, "app/main.veld", ["lib2", "lib1"]).stdout).toBe("21\n");
  });

  it("maps a dotted path to directories, and a nested module searches beside itself", () => {
    const files = {
      "main.veld": "import shapes.circle\nprintln(circle.area(2))",
      "shapes/circle.veld": "import helper.{sq}\npub fn area(r) => 3 * sq(r)",
      "shapes/helper.veld": "pub fn sq(x) => x * x",
    };
    expect(run(files).stdout).toBe("12\n");
  });

  it("reports a missing module at its import, naming where it looked", () => {
    const d = diagnostics({ "main.veld": "let x = 1\nimport nowhere.thing\n" }, "main.veld", [
      "lib",
    ]);
    expect(d).toEqual(["main.veld:2:1 E0330 cannot find module `nowhere.thing`"]);
    const r = compileFiles("main.veld", host({ "main.veld": "import gone" }), {
      searchPath: ["lib"],
    });
    expect(r.diagnostics[0]!.hint).toBe("looked for gone.veld, lib/gone.veld");
  });

  it("points `import math` (no such file) at `import std.math`", () => {
    const r = compileFiles("main.veld", host({ "main.veld": "import random" }));
    expect(r.diagnostics[0]!.hint).toBe(
      "the native library's `random` is `import std.random`; looked for random.veld",
    );
  });

  it("names the cycle at the import that closes it", () => {
    const d = diagnostics({
      "main.veld": "import a",
      "a.veld": "import b",
      "b.veld": "import c",
      "c.veld": "import a",
    });
    expect(d).toEqual(["c.veld:1:1 E0332 import cycle: a → b → c → a"]);
    expect(diagnostics({ "main.veld": "import main\n" })).toEqual([
      "main.veld:1:1 E0332 import cycle: main.veld → main.veld",
    ]);
  });

  it("treats std imports as the native library, and a one-file program has no modules", () => {
    expect(run({ "main.veld": "import std.math\nprintln(math.floor(2.5))" }).stdout).toBe("2\n");
  });
});

describe("exports and imports", () => {
  const lib = [
    "pub let K = 7",
    "let hidden = 1",
    "pub struct P(x: i64)",
    "pub enum E(A, B(i64))",
    "impl P",
    "  fn get(self) => self.x + hidden",
    "end",
    "pub fn make(x) => P(x: x)",
    "fn private_fn() => 0",
  ].join("\n");

  it("binds items, aliases, module names and wildcards", () => {
    const main = [
      "import lib.{P, E, make as mk, K}",
      "import lib as l",
      "let p = mk(2)",
      "println((p.get(), l.K, K, P(x: 2) == p, l.make(2) == p))",
      "println(match E.B(3)",
      "  E.B(n) => n,",
      "  E.A => 0,",
      "end)",
      "println((p, E.A))",
    ].join("\n");
    expect(run({ "main.veld": main, "lib.veld": lib }).stdout).toBe(
      "(3, 7, 7, true, true)\n3\n(P(x: 2), E.A)\n",
    );
    const star = "import lib.*\nprintln((make(1).get(), K))";
    expect(run({ "main.veld": star, "lib.veld": lib }).stdout).toBe("(2, 7)\n");
  });

  it("keeps undefined-name errors after `import m.*`", () => {
    const d = diagnostics({
      "main.veld": "import lib.*\nprintln(hidden, nothing)",
      "lib.veld": lib,
    });
    expect(d).toEqual([
      "main.veld:2:9 E0301 cannot find `hidden` in this scope",
      "main.veld:2:17 E0301 cannot find `nothing` in this scope",
    ]);
  });

  it("reports private and unknown items at the item, in the importing file", () => {
    const d = diagnostics({
      "main.veld": "import lib.{hidden, nope}\nimport lib as l\nprintln(l.private_fn())",
      "lib.veld": lib,
    });
    expect(d).toEqual([
      "main.veld:1:13 E0331 `hidden` is private to module `lib`",
      "main.veld:1:21 E0331 module `lib` has no item `nope`",
      "main.veld:3:9 E0331 `private_fn` is private to module `lib`",
    ]);
  });

  it("diagnoses the module rules", () => {
    const cases: [string, string][] = [
      ["fn f()\n  import lib\nend", "E0333"],
      ["import lib as l\nlet p = l.E.A", "E0334"],
      ["import lib.{P}\nimpl P\n  fn z(self) => 0\nend", "E0335"],
      ["import lib.{make}\nfn make() => 0", "E0314"],
      ["import lib.{K}\nK = 3", "E0302"],
      ["import lib as l\nprintln(l)", "E0301"],
    ];
    for (const [main, code] of cases) {
      const d = compileFiles("main.veld", host({ "main.veld": main, "lib.veld": lib }));
      expect(
        d.diagnostics.map((x) => x.code),
        main,
      ).toEqual([code]);
    }
  });

  it("gives each module its own top-level names and types", () => {
    const files = {
      "main.veld":
        "import a\nimport b\nstruct T(v: i64)\nprintln((a.t() == b.t(), a.t(), T(v: 3)))",
      "a.veld": "struct T(v: i64)\nlet n = 1\npub fn t() => T(v: n)",
      "b.veld": "struct T(v: i64)\nlet n = 1\npub fn t() => T(v: n)",
    };
    expect(run(files).stdout).toBe("(false, T(v: 1), T(v: 3))\n");
  });
});

describe("initialisation", () => {
  it("runs each module once, depth-first in import order, the main file last", () => {
    const files = {
      "main.veld": 'import a\nimport b\nimport c\nprintln("main")',
      "a.veld": 'import c\nprintln("a")',
      "b.veld": 'import c\nimport a\nprintln("b")',
      "c.veld": 'println("c")\nreturn;\nprintln("not reached")',
    };
    expect(run(files).stdout).toBe("c\na\nb\nmain\n");
  });

  it("traces an error in a module's top level into its file", () => {
    const files = {
      "main.veld": "let x = 1\nimport bad\nprintln(x)",
      "bad.veld": "pub fn f() => [1][2]\nlet y = f()",
    };
    const r = run(files);
    expect(r.error).toBe("IndexOutOfBounds");
    const frames = (r.trace ?? []).map((f) => `${f.function} ${f.file}:${f.line}`);
    expect(frames).toEqual(["f bad.veld:1", "<module bad> bad.veld:2", "<main> main.veld:2"]);
    const vm = loadModule(r.module, { trusted: true }).run({ write: () => {}, writeErr: () => {} });
    expect(vm.error!.frames.map((f) => `${f.function} ${f.file}:${f.line}`)).toEqual(frames);
  });
});

describe("the compiled file", () => {
  const files = {
    "main.veld": "import lib.{f}\nprintln(f())",
    "lib.veld": "pub fn f() => 42",
  };

  it("has a file table (format 1.1) that reads back, and strips to 1.0", () => {
    const r = compileFiles("main.veld", host(files));
    expect(r.bytes![9]).toBe(1);
    const { module } = readModule(r.bytes!);
    expect(module.debug!.files).toEqual(["lib.veld"]);
    expect(writeModule(module)).toEqual(r.bytes);
    const stripped = writeModule(stripDebug(module));
    expect(stripped[9]).toBe(0);
    expect(runProgram(load(stripped)).stdout).toBe("42\n");
  });

  it("rejects an empty or inconsistent file table, and a minor version the file does not need", () => {
    const { module } = readModule(compileFiles("main.veld", host(files)).bytes!);
    const code = (m: typeof module) => {
      try {
        verifyModule(m);
        return "ok";
      } catch (e) {
        return (e as FormatError).code;
      }
    };
    const debug = module.debug!;
    expect(code(module)).toBe("ok");
    expect(code({ ...module, debug: { ...debug, files: [] } })).toBe("E_DEBUG_SHAPE");
    expect(code({ ...module, debug: { ...debug, files: ["main.veld"] } })).toBe("E_DEBUG_SHAPE");
    const far = debug.functions.map((f, i) => (i === 1 ? { ...f, file: 2 } : f));
    expect(code({ ...module, debug: { ...debug, functions: far } })).toBe("E_DEBUG_SHAPE");
    const one = compileFiles("main.veld", host({ "main.veld": "println(1)" })).bytes!.slice();
    one[9] = 1;
    expect(() => readModule(one)).toThrow(
      expect.objectContaining({ code: "E_VERSION", offset: 9 }),
    );
  });

  it("writes a one-file program exactly as a single source", async () => {
    const { compileSource } = await import("../../compiler/index.js");
    const source = "fn f() => 1\nprintln(f())";
    const one = compileFiles("main.veld", host({ "main.veld": source }));
    expect(one.bytes).toEqual(compileSource(source, { fileName: "main.veld" }).bytes);
    expect(one.bytes![9]).toBe(0);
  });
});

describe("limits", () => {
  it("bounds the depth of a chain of imports (E0336), not the number of modules", () => {
    const files: Record<string, string> = { "main.veld": "import m0\nprintln(m0.v)" };
    for (let i = 0; i < 300; i++)
      files[`m${i}.veld`] = i < 299 ? `import m${i + 1}\npub let v = ${i}` : "pub let v = 0";
    const d = compileFiles("main.veld", host(files)).diagnostics;
    expect(d.map((x) => `${x.file} ${x.code}`)).toEqual(["m254.veld E0336"]);
    const wide: Record<string, string> = { "main.veld": "" };
    for (let i = 0; i < 300; i++) {
      wide["main.veld"] += `import w${i}\n`;
      wide[`w${i}.veld`] = `pub let v = ${i}`;
    }
    wide["main.veld"] += "println(w299.v)";
    expect(run(wide).stdout).toBe("299\n");
  });
});

describe("precompiled libraries (§11.6)", () => {
  const lib = compileFiles(
    "shapes.veld",
    host({
      "shapes.veld": [
        "pub struct Box(w: i64, h: i64);",
        "impl Box",
        "  fn area(self) => self.w * self.h",
        "end",
        "pub enum Kind",
        "  Flat",
        "  Tall(i64)",
        "end",
        "pub fn make(w, h) => Box(w: w, h: h)",
        "pub let UNIT = Box(w: 1, h: 1)",
        'println("shapes ready")',
      ].join("\n"),
    }),
    { library: "shapes" },
  );
  const libraries = [{ file: "lib/shapes.veldc", module: lib.module! }];
  const files = {
    "main.veld": [
      "import util",
      "import shapes.{make, Box, Kind}",
      "let b = make(2, 3)",
      "println(b.area())",
      "println(b == Box(w: 2, h: 3))",
      "println(util.classify(Box(w: 1, h: 5)))",
      "match Kind.Tall(4)",
      "  Kind.Tall(n) => println(n),",
      "  Kind.Flat => println(0),",
      "end",
    ].join("\n"),
    "util.veld": [
      "import shapes as s",
      "import shapes.{Box, Kind}",
      "pub fn classify(b) => if b.h > b.w then Kind.Tall(b.h) else Kind.Flat end",
      "println(s.UNIT)",
    ].join("\n"),
    // A source module of the library's name: the library given wins, this is never read.
    "shapes.veld": "this is not read",
  };

  it("compiles against the library's exports, imports them, and runs linked", () => {
    const r = compileFiles("main.veld", host(files), { libraries });
    expect(r.diagnostics).toEqual([]);
    const m = r.module!;
    const imported = (m.imports ?? []).map((i) => `${m.strings[i.name]} ${i.kind}`);
    expect(imported).toEqual(["Box struct", "Kind enum", "make function", "UNIT constant"]);
    // The library has no code and no file here: only util.veld beside the main file.
    expect(m.debug?.files).toEqual(["util.veld"]);
    const linked = runProgram(load(r.bytes!, { modules: [lib.bytes!] }));
    expect(linked.stdout).toBe("shapes ready\nBox(w: 1, h: 1)\n6\ntrue\nKind.Tall(5)\n4\n");
  });

  it("checks imports against the exports: E0331 at the item, E0307 for a missing field", () => {
    const bad = {
      "main.veld": "import shapes.{make, area}\nprintln(make(1, 2))\n",
    };
    const r = compileFiles("main.veld", host(bad), { libraries });
    expect(r.diagnostics.map((d) => `${d.span.start.line}:${d.span.start.col} ${d.code}`)).toEqual([
      "1:22 E0331",
    ]);
    const field = compileFiles(
      "main.veld",
      host({ "main.veld": "import shapes.{Box}\nprintln(Box(w: 1))\n" }),
      { libraries },
    );
    expect(field.diagnostics.map((d) => d.code)).toEqual(["E0307"]);
  });
});
