import { describe, expect, it } from "vitest";
import { parse, resolve, type Ident } from "../../language/index.js";
import { PRELUDE } from "../../language/prelude.js";
import { allCodes, parseOk } from "./helpers.js";

describe("resolver: diagnostics", () => {
  const cases: [string, string, string[]][] = [
    ["E0301 undefined", "let a = b", ["E0301@1:9"]],
    ["E0301 later local", "fn f() => g\nlet g = 1", ["E0301@1:11"]],
    ["E0302 let", "let a = 1\na = 2", ["E0302@2:1"]],
    ["E0302 param", "fn f(x) x += 1 end", ["E0302@1:9"]],
    ["E0302 loop var", "for i in xs do i = 1 end\nlet xs = 1", ["E0301@1:10", "E0302@1:16"]],
    ["E0303", "break", ["E0303@1:1"]],
    ["E0303 in lambda in loop", "while true do let f = () => continue end", ["E0303@1:29"]],
    ["E0304 decl", "struct P x: i64, x: i64 end", ["E0304@1:18"]],
    ["E0304 literal", "struct P(x: i64);\nP(x: 1, x: 2)", ["E0304@2:9"]],
    ["E0305 literal", "Q(x: 1)", ["E0305@1:1"]],
    ["E0305 pattern", "match 1 Q(a) => 1 end", ["E0305@1:9"]],
    ["E0306 expr", "enum E(A)\nE.B", ["E0306@2:1"]],
    ["E0306 pattern", "enum E(A)\nmatch 1 E.B => 1 end", ["E0306@2:9"]],
    ["E0307 missing", "struct P(x: i64, y: i64);\nP(x: 1)", ["E0307@2:1"]],
    ["E0307 unknown", "struct P(x: i64);\nP(x: 1, z: 2)", ["E0307@2:9"]],
    ["E0308", "fn f(a, a) => a", ["E0308@1:9"]],
    ["E0309", "var a = 1\nvar a = 2", ["E0309@2:5"]],
    ["E0310", "fn f() const K = 1 end", ["E0310@1:8"]],
    ["E0311", "fn f() => self", ["E0311@1:11"]],
    ["E0301 for f~ of an undefined f (E0312 retired)", "debug~(1)", ["E0301@1:1"]],
    ["E0313", "assert~()", ["E0313@1:1"]],
    ["E0314", "fn f() => 1\nfn f() => 2", ["E0314@2:1"]],
    ["E0301 prototype at top level (§4.4)", "fn f(x);\nf(1)", ["E0301@2:1"]],
    ["E0301 prototype in a block", "fn g()\n  fn f(x);\n  f(1)\nend", ["E0301@3:3"]],
    [
      "prototype then function",
      "fn f(x);\nfn f(x) => x\nfn g()\n  fn h();\n  fn h() => 1\nend",
      [],
    ],
    ["E0315", "enum E(A, A)", ["E0315@1:11"]],
    ["E0316", "enum E A(i64) end\nE.A(1, 2)", ["E0316@2:1"]],
    ["E0316 builtin", "Some(1, 2)", ["E0316@1:1"]],
    ["E0317", "struct P(x: i64);\nmatch 1 P(0) => 1 end", ["E0317@2:11"]],
    ["E0318 extra name", "match 1\n(a, 0) | (a, b) => a end", ["E0318@2:14"]],
    ["E0318 missing name", "match 1 Some(x) | None => 1 end", ["E0318@1:19"]],
    ["E0318 nested", "match 1 Some(1 | x) => 1 end", ["E0318@1:18"]],
  ];
  for (const [name, src, expected] of cases) {
    it(name, () => expect(allCodes(src)).toEqual(expected));
  }

  it("gives every alternative of a pattern the same variables", () => {
    const program = parseOk("match 1\n(a, 0) | (0, a) | (a, _) => a end");
    const res = resolve(program);
    expect(res.diagnostics).toEqual([]);
    const bound = [...res.declarations.values()].filter((b) => b.name === "a");
    expect(new Set(bound).size).toBe(1);
  });

  it("accepts shadowing, hoisting, top-level return and mutation of fields", () => {
    const src = "let a = 1\nlet a = 2\nprintln(g())\nfn g() => a\nlet p = [1]\np[0] = 2\nreturn";
    expect(allCodes(src)).toEqual([]);
  });

  it("lets a user enum shadow a built-in one", () => {
    expect(allCodes("enum Option(Nothing)\nOption.Nothing")).toEqual([]);
    expect(allCodes("enum Option(Nothing)\nOption.Some")).toEqual(["E0306@2:1"]);
    // The prelude's constructors and `?` then mean that type's variants, which must exist.
    expect(allCodes("enum Option(Nothing)\nlet x = None")).toEqual(["E0306@2:9"]);
    expect(allCodes("struct Option(v: i64);\nprintln(Some(1))")).toEqual(["E0306@2:9"]);
    expect(allCodes("struct Result(v: i64);\nfn f(o) => o?")).toEqual(["E0306@2:12"]);
    expect(allCodes("enum Option(None, Some(x))\nfn f(o) => Some(o?)")).toEqual([]);
  });
});

describe("resolver: side tables", () => {
  it("links uses to bindings with kind, mutability, depth and capture", () => {
    const program = parseOk("var n = 0\nfn inc()\n  let step = 1\n  n += step\nend\nprintln(n)");
    const r = resolve(program);
    const uses = [...r.uses.entries()].map(([id, b]: [Ident, (typeof r.bindings)[number]]) => [
      id.name,
      b.kind,
      b.mutable,
      b.depth,
      b.captured,
    ]);
    expect(uses).toEqual([
      ["step", "let", false, 1, false],
      ["n", "var", true, 0, true],
      ["println", "native-prelude", false, 0, false],
      ["n", "var", true, 0, true],
    ]);
    const ids = r.bindings.map((b) => b.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("records declarations and pattern targets", () => {
    const program = parse("enum E A(i64) end\nmatch E.A(1) E.A(x) => x end").program;
    const r = resolve(program);
    expect([...r.patterns.values()].map((t) => t.kind === "variant" && t.variant)).toEqual(["A"]);
    expect(r.bindings.find((b) => b.name === "x")?.kind).toBe("pattern");
    expect(r.bindings.find((b) => b.name === "E")?.kind).toBe("enum");
  });
});

describe("resolver: storage and natives", () => {
  // Binding ids counted from the first one after the prelude's, so new prelude names move none.
  const storageOf = (src: string) => {
    const r = resolve(parseOk(src));
    return Object.fromEntries(
      r.bindings
        .filter((b) => b.kind !== "native-prelude")
        .map((b) => [`${b.name}@${b.id - PRELUDE.length}`, b.storage]),
    );
  };

  it("stores top-level variables in globals only when a function captures them", () => {
    // `n` is also a parameter name: by name it would look captured; by binding it is not.
    expect(storageOf("fn f(n) => n\nvar n = 0\nvar m = 1\nfn g() => m\nlet k = () => 1")).toEqual({
      "f@0": "global",
      "g@1": "global",
      "n@2": "local",
      "n@3": "local",
      "m@4": "global",
      "k@5": "local",
    });
  });

  it("keeps nested functions and block variables local, types as types", () => {
    expect(
      storageOf(
        "struct P(x: i64)\nfn f()\n  fn g() => 1\n  g()\nend\ndo\n  let a = 1\n  let h = () => a\nend",
      ),
    ).toEqual({
      "P@0": "type",
      "f@1": "global",
      "g@2": "local",
      "a@3": "local",
      "h@4": "local",
    });
  });

  it("records what each native reference denotes", () => {
    const r = resolve(
      parseOk(
        "import std.io.{read_line as rl}\nimport std.math as m\nrl()\nm.sqrt(2.0)\nprintln(std.math.pi)\nstd.math.pi()",
      ),
    );
    expect([...r.natives.values()]).toEqual([
      { kind: "function", path: "std.io.read_line", arity: 0 },
      { kind: "function", path: "std.math.sqrt", arity: 1 },
      { kind: "function", path: "println", arity: 255 },
      { kind: "constant", path: "std.math.pi", value: Math.PI },
      { kind: "function", path: "std.math.pi", arity: 0 },
    ]);
  });

  it("says that a `let` is not visible in its own value, and how to recurse", () => {
    const src = "let fib = n => if n < 2 then n else fib(n - 1) end\n";
    const { program } = parse(src);
    const [d, ...rest] = resolve(program).diagnostics;
    expect(rest).toEqual([]);
    expect(d!.code).toBe("E0301");
    expect(d!.hint).toBe(
      "`fib` is not visible in its own `let` value; a function that calls itself is declared with `fn fib(…) … end`",
    );
    const other = resolve(parse("let a = b\n").program).diagnostics[0]!;
    expect(other.hint).toBeUndefined();
    // Not called: `[1].map(f)` on the next line continues the lambda; no recursion hint.
    const arg = resolve(parse("let f = x => x * 2\n[1].map(f)\n").program).diagnostics[0]!;
    expect(arg.hint).toBeUndefined();
  });

  it("points natives used as functions and habits from other languages at Veld's spelling", () => {
    const hint = (src: string) => resolve(parse(src).program).diagnostics[0]!.hint;
    expect(hint('panic("boom")\n')).toBe("use the macro `panic~(message)`");
    expect(hint("assert(1 == 1)\n")).toContain("`assert~(condition)`");
    expect(hint("println(len([1]))\n")).toBe("lengths are a method: `xs.len()`");
    expect(hint("for i in range(3) do end\n")).toContain("`0..n`");
    expect(hint('let p = {name: "Ada"}\n')).toBe(
      'a map key is a value: write `{"name": …}` for the string key',
    );
    expect(hint("let p = {1: name}\n")).toBeUndefined();
  });

  it("binds a name of `import p.*` to the native p.name, and nothing else", () => {
    expect(allCodes("import std.math.*\nsqrt(2.0)")).toEqual([]);
    expect(allCodes("import std.math.*\nnope(2.0)")).toEqual(["E0301@2:1"]);
  });
});
