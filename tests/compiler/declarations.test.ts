// The module-level pre-pass (compiler/declarations.ts): types and their methods, the global
// slots of top-level variables a function captures, and a REPL session's types and methods
// taken over from the prior module.
import { describe, expect, it } from "vitest";
import { compileFiles, compileSource } from "../../compiler/index.js";
import { interpretModules } from "../../interpreter/index.js";
import { loadProgram, type ModuleHost } from "../../language/modules.js";
import { load } from "../../runtime/index.js";
import { runProgram, runVeld } from "../helpers/veld.js";
import { runSteps, step } from "./session-steps.js";

describe("declarations", () => {
  it("a method declared without a body is left out of its type", () => {
    const source =
      "struct P\n  x: int\n  fn m(self);\n  fn n(self) => self.x + 1\nend\n" +
      "impl P\n  fn o(self);\nend\nprintln(P(x: 1).n())\n";
    const r = compileSource(source);
    expect(r.diagnostics).toEqual([]);
    const m = r.module!;
    expect(m.types[0]!.methods.map((x) => m.strings[x.name])).toEqual(["n"]);
    expect(runVeld(source).stdout).toBe("2\n");
  });

  it("a top-level variable of a tuple pattern that a function captures is a global", () => {
    const source = "let (a, (b, _)) = (1, (2, 3))\nfn f() => a + b\nprintln(f())\n";
    expect(runVeld(source).stdout).toBe("3\n");
    expect(runVeld(source, [], 0).stdout).toBe("3\n");
    const m = compileSource(source).module!;
    expect(m.globals.map((g) => m.strings[g.name])).toEqual(["a", "b", "f"]);
  });
});

describe("a module's enum named Option", () => {
  it("is the one the prelude's constructors build, the first in initialisation order", () => {
    const mod =
      "enum Option\n  None\n  Some(v)\nend\npub fn h(v) => match v\n  Some(x) => x,\n  _ => -1,\nend\n";
    const files: Record<string, string> = {
      "main.veld": "import a\nimport b\nprintln(a.h(Some(5)))\nprintln(b.h(Some(6)))\n",
      "a.veld": mod,
      "b.veld": mod,
    };
    const host: ModuleHost = {
      readFile: (path) =>
        files[path] === undefined ? undefined : new TextEncoder().encode(files[path]),
    };
    const r = compileFiles("main.veld", host, {});
    expect(r.diagnostics).toEqual([]);
    expect(runProgram(load(r.bytes!)).stdout).toBe("5\n-1\n");
    let out = "";
    interpretModules(loadProgram("main.veld", host, []).modules, { write: (t) => (out += t) });
    expect(out).toBe("5\n-1\n");
  });
});

describe("a type named Option or Result in another module shadows the prelude's for the program", () => {
  const hostOf = (files: Record<string, string>): ModuleHost => ({
    readFile: (path) =>
      files[path] === undefined ? undefined : new TextEncoder().encode(files[path]),
  });
  const errors = (files: Record<string, string>) =>
    compileFiles("main.veld", hostOf(files), {}).diagnostics.map((d) => `${d.code} ${d.message}`);
  const struct = "pub struct Option\n  x: int\nend\npub fn one() => 1\n";

  it("a struct: the constructors, `Option.Some` and `?` are errors, not a crash", () => {
    const not =
      "E0306 `Option` is not an enum (a struct `Option` in the program shadows the prelude's)";
    expect(errors({ "main.veld": "import a\nprintln(Some(1))\n", "a.veld": struct })).toEqual([
      not,
    ]);
    expect(errors({ "main.veld": "import a\nprintln(None)\n", "a.veld": struct })).toEqual([not]);
    expect(
      errors({ "main.veld": "import a\nfn f(o) => o?\nprintln(f(1))\n", "a.veld": struct }),
    ).toEqual([not]);
    expect(
      errors({ "main.veld": "import a\nprintln(Option.Some(1))\n", "a.veld": struct }),
    ).toEqual(["E0919 struct `Option` has no method `Some`"]);
    const result = "pub struct Result\n  x: int\nend\n";
    expect(errors({ "main.veld": "import a\nprintln(Ok(1))\n", "a.veld": result })).toEqual([
      "E0306 `Result` is not an enum (a struct `Result` in the program shadows the prelude's)",
    ]);
  });

  it("an enum: its variants and their arities, on the VM and the tree-walker", () => {
    const files: Record<string, string> = {
      "main.veld":
        "import b\nprintln(Some(1, 2))\nfn f(o) => match o\n  Some(x, y) => x + y,\n  _ => 0,\nend\nprintln(f(Some(3, 4)))\n",
      "b.veld": "enum Option\n  Some(int, int)\n  Nada\nend\npub fn one() => 1\n",
    };
    const r = compileFiles("main.veld", hostOf(files), {});
    expect(r.diagnostics).toEqual([]);
    expect(runProgram(load(r.bytes!)).stdout).toBe("Option.Some(1, 2)\n7\n");
    let out = "";
    interpretModules(loadProgram("main.veld", hostOf(files), []).modules, {
      write: (t) => (out += t),
    });
    expect(out).toBe("Option.Some(1, 2)\n7\n");
    expect(errors({ ...files, "main.veld": "import b\nprintln(None)\n" })).toEqual([
      "E0306 enum `Option` has no variant `None`",
    ]);
    expect(errors({ ...files, "main.veld": "import b\nprintln(Some(1))\n" })[0]).toMatch(/^E0316 /);
  });
});

describe("a REPL session's types", () => {
  it("are the prior module's, with their fields and methods, not declared or hoisted again", () => {
    const decl =
      "struct P\n  x: int\n  y: int\n  fn sum(self) => self.x * 10 + self.y\nend\n" +
      "impl P\n  fn make() => P(y: 2, x: 1)\nend\n";
    const first = step("", `${decl}println(P.make().sum())\n`);
    const second = step(
      `${decl}println(())\n`,
      "let p = P(y: 4, x: 3)\nprintln(p.sum())\nprintln(P.make().y)\nprintln(p.x)\n",
      first,
    );
    expect(second.types).toEqual(first.types);
    // The methods' slots are the prior ones; the one new global is `p`.
    expect(second.globals.slice(0, -1)).toEqual(first.globals);
    expect(second.strings[second.globals.at(-1)!.name]).toBe("p");
    // Only main: no method compiled again.
    expect(second.functions).toHaveLength(1);

    expect(runSteps(first, second).out).toBe("12\n34\n2\n3\n");
  });
});
