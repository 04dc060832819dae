import { describe, expect, it } from "vitest";
import { MAX_NESTING, parse, printProgram } from "../../language/index.js";
import { codes, parseOk, stripSpans } from "./helpers.js";

/** Canonical re-print of a source: a compact view of the tree the parser built. */
const canon = (src: string) => printProgram(parseOk(src)).trim();
const expr = (src: string) => {
  const s = parseOk(src).stmts[0]!;
  if (s.kind !== "ExprStmt") throw new Error(s.kind);
  return stripSpans(s.expr);
};

describe("parser: productions", () => {
  const productions: [string, string, string][] = [
    ["precedence and < or", "a or b and c", "a or b and c"],
    ["and binds tighter than or", "(a or b) and c", "(a or b) and c"],
    ["power is right-assoc", "(2 *^ 3) *^ 2", "(2 *^ 3) *^ 2"],
    ["prefix minus binds tighter than power", "-x *^ 2", "-x *^ 2"],
    ["comparison left-assoc", "a < b == c", "a < b == c"],
    ["mul over add", "(1 + 2) * 3 - 4 % 2", "(1 + 2) * 3 - 4 % 2"],
    ["range of sums", "a + 1..b * 2", "a + 1..b * 2"],
    ["open ranges", "let r = (..5, ..=5, 1..)", "let r = (..5, ..=5, 1..)"],
    ["pipe lowest", "x |> f(1) |> g", "x |> f(1) |> g"],
    ["postfix chain", "a.b(1)[2].0 as f64", "a.b(1)[2].0 as f64"],
    ["propagate", "let x = f()?", "let x = f()?"],
    ["negative literal", "let n = -5", "let n = -5"],
    ["minus before a method call on a literal", "let n = -(5).abs()", "let n = -5.abs()"],
    ["minus on a parenthesised literal", "let n = -(5)", "let n = -(5)"],
    ["unit, tuple, one-tuple", "let t = ((), (1, 2), (1,))", "let t = ((), (1, 2), (1,))"],
    ["struct literal", "P(x: 1, y: 2)", "P(x: 1, y: 2)"],
    ["enum construction", 'E.V(1, "s")', 'E.V(1, "s")'],
    ["macro", 'assert~(x, "m")', 'assert~(x, "m")'],
    ["interpolation", 'println~("a {x + 1} {{b}}")', 'println~("a {x + 1} {{b}}")'],
    ["let-in", "let y = let x = 1 in x", "let y = let x = 1 in x"],
    ["lambda forms", "let f = x => x", "let f = (x) => x"],
    ["typed fn lambda", "let f = fn(x: i64) -> i64 => x", "let f = fn(x: i64) -> i64 => x"],
    ["block lambda", "let f = fn(a) a end", "let f = fn(a)\n  a\nend"],
    ["if expression", "let v = if c then 1 else 2 end", "let v = if c then\n  1\nelse\n  2\nend"],
    [
      "else if chain",
      "if a then 1 else if b then 2 end",
      "if a then\n  1\nelse if b then\n  2\nend",
    ],
    ["while", "while c do x end", "while c do\n  x\nend"],
    ["for with tuple pattern", "for (a, _) in xs do a end", "for (a, _) in xs do\n  a\nend"],
    [
      "break continue return",
      "while c do break continue end",
      "while c do\n  break\n  continue\nend",
    ],
    ["do block", "do 1 end", "do\n  1\nend"],
    ["try", "try a catch e b finally c end", "try\n  a\ncatch e\n  b\nfinally\n  c\nend"],
    ["throw", "throw 1", "throw 1"],
    ["match", "match x 1 => a E.V => b end", "match x\n  1 => a,\n  E.V => b,\nend"],
    ["match guard", "match x n where n > 1 => n end", "match x\n  n where n > 1 => n,\nend"],
    [
      "match patterns",
      "match x\n(E.V(a, _), S(f: -1, g), None, Some(y)) => 1 end",
      "match x\n  (E.V(a, _), S(f: -1, g), None, Some(y)) => 1,\nend",
    ],
    ["fn forms", "fn f(a, b) a end", "fn f(a, b)\n  a\nend"],
    ["fn arrow", "fn f(x: i64) -> i64 => x", "fn f(x: i64) -> i64 => x"],
    ["fn prototype", "fn f(x);", "fn f(x);"],
    ["generics", "fn f<T: A + B, U>(x: T) -> [U] => x", "fn f<T: A + B, U>(x: T) -> [U] => x"],
    ["struct one-line", "struct P(x: f64, y: f64);", "struct P\n  x: f64\n  y: f64\nend"],
    ["enum one-line", "enum E(A, B)", "enum E\n  A\n  B\nend"],
    ["enum payloads", "enum E A, B(i64, str) end", "enum E\n  A\n  B(i64, str)\nend"],
    ["impl with methods", "impl P fn m(mut self) => 1 end", "impl P\n  fn m(mut self) => 1\nend"],
    ["impl kind", "impl K for P fn m(self) => 1 end", "impl P <- K\n  fn m(self) => 1\nend"],
    ["kind", "kind K fn m(self) -> str end", "kind K\n  fn m(self) -> str;\nend"],
    ["import", "import std.math.{sqrt, pi as p}", "import std.math.{sqrt, pi as p}"],
    ["type alias", "type F = fn(i64, (str,)) -> ()", "type F = fn(i64, (str,)) -> ()"],
    ["assignment forms", "a.b[1] %= 2", "a.b[1] %= 2"],
    ["let forms", "let mut a: i64 = 1", "let mut a: i64 = 1"],
    ["keywords as field names", "e.kind", "e.kind"],
    ["map literals", "let m = ({}, {1: a}, {a: b, c: d,})", "let m = ({}, {1: a}, {a: b, c: d})"],
    [
      "set literals",
      "let s = ({a}, {a,}, {1, (2, 3), {b}})",
      "let s = ({a}, {a}, {1, (2, 3), {b}})",
    ],
    ["a map of sets", "let m = {{1}: {2, 3}}", "let m = {{1}: {2, 3}}"],
    ["optional semicolons", "let a = 1; a;", "let a = 1\na"],
    [
      "format specs and templates in every ~ call",
      'println~("{x:>8.2}|{P(x: 1)}|{c == \':\'}") Err~("a {b:05} {{") f~(x, "{{}}")',
      'println~("{x:>8.2}|{P(x: 1)}|{c == \':\'}")\nErr~("a {b:05} {{")\nf~(x, "{{}}")',
    ],
    [
      "pattern alternatives and ranges",
      "match x\n(1 | 2) | 3 => a, -9..=-1 | 'a'..'z' => b, Some(n | -1) => n end",
      "match x\n  1 | 2 | 3 => a,\n  -9..=-1 | 'a'..'z' => b,\n  Some(n | -1) => n,\nend",
    ],
    [
      "a parenthesised field called: its value, not a method (language §5)",
      "(o.f)(1)\no.f(1)\n(o.f)\n((o).f)(2)(3)\n(a.b.c)()",
      "(o.f)(1)\no.f(1)\no.f\n(o.f)(2)(3)\n(a.b.c)()",
    ],
    ["a parenthesised field piped into", "x |> (o.f)\nx |> o.f", "x |> (o.f)\nx |> o.f"],
  ];
  for (const [name, src, printed] of productions) {
    it(name, () => expect(canon(src)).toBe(printed));
  }

  it("marks only a parenthesised field callee as a call of the field's value", () => {
    const calls = parseOk("(o.f)(1)\no.f(1)\n(o).f(1)\n").stmts.map(
      (s) => s.kind === "ExprStmt" && s.expr.kind === "Call" && s.expr.fieldValue === true,
    );
    expect(calls).toEqual([true, false, false]);
    const round = parseOk(printProgram(parseOk("(o.f)(1)")));
    expect(stripSpans(round)).toEqual(stripSpans(parseOk("(o.f)(1)")));
  });

  it("folds `-` into number literals only when no postfix follows", () => {
    expect(expr("-5")).toEqual({ kind: "IntLit", value: "-5n" });
    expect(expr("-5.5")).toMatchObject({ kind: "FloatLit", value: -5.5 });
    expect(expr("-5 as f64")).toMatchObject({ kind: "Unary", operand: { kind: "Cast" } });
  });

  it("applies the newline rule only to `(`", () => {
    expect(parseOk("f\n(1)").stmts).toHaveLength(2);
    expect(parseOk("f(1)").stmts).toHaveLength(1);
    expect(parseOk("a\n- b").stmts).toHaveLength(1);
    expect(parseOk("a\n[0]").stmts).toHaveLength(1);
    expect(parseOk("a\n.b").stmts).toHaveLength(1);
  });

  it("treats `E.V` in patterns as a variant test and `_` as a wildcard", () => {
    const m = expr("match x E.V => 1 _ => 2 end") as { arms: { pattern: unknown }[] };
    expect(m.arms.map((a) => a.pattern)).toEqual([
      { kind: "CtorPat", path: ["E", "V"], args: null },
      { kind: "WildcardPat" },
    ]);
  });

  it("recognises lambdas only at expression start, not in guards", () => {
    expect(expr("(a, b) => a")).toMatchObject({ kind: "Lambda" });
    const m = expr("match x n where ok => 1 end") as { arms: { guard: unknown }[] };
    expect(m.arms[0]!.guard).toEqual({ kind: "Ident", name: "ok" });
  });

  it("uses the last statement as a block's value", () => {
    const f = parseOk("fn f() 1 2 end").stmts[0]!;
    expect(f.kind === "FnDecl" && f.body?.kind === "Block" && f.body.stmts.length).toBe(2);
  });
});

describe("parser: diagnostics", () => {
  const cases: [string, string, string[]][] = [
    ["E0201", "let = 3", ["E0201@1:5"]],
    ["E0202", "while x do\n  y", ["E0202@1:1"]],
    ["E0204", "f() = 3", ["E0204@1:1"]],
    ["E0205", "if a then 1\nelif b then 2 end", ["E0205@2:1"]],
    ["E0206", 'println!("x")', ["E0206@1:1"]],
    ["E0207", "P(x: 1, 2)", ["E0207@1:1"]],
    ["E0208", "let spawn = 1", ["E0208@1:5"]],
    ["E0209", "if a 1 end", ["E0209@1:6"]],
    ["E0210", "try 1 end", ["E0210@1:1"]],
    ["E0211", "let a = 1\nend", ["E0211@2:1"]],
    ["E0212", 'println~("a {b")', ["E0212@1:13"]],
    ["E0213", "let 1 = x", ["E0213@1:5"]],
    ["E0212 bad format spec", 'println~("a {x:5z}")', ["E0212@1:13"]],
    ["E0212 radix with precision", 'format~("{x:.2x}")', ["E0212@1:10"]],
    ["E0213 alternatives", "let (a | a) = x", ["E0213@1:6"]],
    ["E0214 empty range", "match x 9..=1 => 0 end", ["E0214@1:9"]],
    ["E0214 empty half-open", "match x 'b'..'b' => 0 end", ["E0214@1:9"]],
    ["E0214 mixed bounds", "match x 1..='z' => 0 end", ["E0214@1:9"]],
    ["E0214 float bounds", "match x 1.0..=2.0 => 0 end", ["E0214@1:9"]],
    ["E0214 open range", "match x 1.. => 0 end", ["E0214@1:13"]],
    ["E0201 map entry after a set element", "let s = {1, 2: 3}", ["E0201@1:14"]],
    ["E0201 set element after a map entry", "let m = {1: 2, 3}", ["E0201@1:17"]],
  ];
  for (const [code, src, expected] of cases) {
    it(`reports ${code}`, () => expect(codes(parse(src).diagnostics)).toEqual(expected));
  }

  it("reports E0203 instead of overflowing the stack", () => {
    for (const src of [
      "(".repeat(10_000) + "1" + ")".repeat(10_000),
      "do ".repeat(10_000) + "end ".repeat(10_000),
      "-".repeat(10_000) + "x",
      "x" + " *^ x".repeat(5_000),
      "f" + "(1)".repeat(100_000), // a call of a call's result nests (the compiler recurses)
    ]) {
      const ds = parse(src).diagnostics;
      expect(ds.map((d) => d.code)).toEqual(["E0203"]);
    }
    expect(MAX_NESTING).toBe(256);
  });

  it("counts a call of a call's result as nesting, not a method chain", () => {
    expect(parse("f" + "(1)".repeat(200)).diagnostics).toEqual([]);
    expect(parse("a" + ".f()".repeat(100_000)).diagnostics).toEqual([]);
  });

  it("recovers and reports several errors in one run", () => {
    const src = "let a = = 1\nlet b = 2\nwhile x y end\nlet c = )\n";
    expect(codes(parse(src).diagnostics)).toEqual(["E0201@1:9", "E0209@3:9", "E0201@4:9"]);
  });

  it("explains `=` used for comparison and missing `end`", () => {
    const [d] = parse("if a = 1 then 2 end").diagnostics;
    expect(d!.hint).toBe("to compare values use `==`");
    expect(parse("fn f()\n  1\n").diagnostics[0]!.message).toBe("missing `end` for this `fn`");
  });

  it("reports an assignment after `=>` at its operator, with the fix, and goes on", () => {
    // Was "expected a pattern, found `+=`" and then a stray `end` for the match's own `end`.
    const src =
      "match x\n  Some(n) => total += n\n  None => 0\nend\nlet f = () => a = 1\nfn g() => b -= 1\nlet h = fn(x) => c *= x\n";
    const ds = parse(src).diagnostics;
    expect(codes(ds)).toEqual(["E0201@2:20", "E0201@5:17", "E0201@6:13", "E0201@7:20"]);
    expect(ds[0]!.message).toBe(
      "an assignment (`+=`) is a statement and cannot be the expression after `=>`",
    );
    expect(ds[0]!.hint).toBe("make the body a block: `=> do … += … end`");
    expect(parse("match x\n  Some(n) => do total += n end\nend\n").diagnostics).toEqual([]);
  });

  it("reports a reserved word used as a name at each use and parses on", () => {
    // Was E0208 and then a stray `end`: the parameter list was abandoned with the `fn`.
    const src = "fn move(from, to)\n  let x = from\n  match to\n    spawn => spawn\n  end\nend\n";
    expect(codes(parse(src).diagnostics)).toEqual([
      "E0208@1:9",
      "E0208@2:11",
      "E0208@4:5",
      "E0208@4:14",
    ]);
  });

  it("says when a match arm ran on into the next arm's pattern, and goes on", () => {
    // spec/language.md §4.1's trap: `-1` on the next line continues the arm above.
    const src = "match x\n  0 => a\n  -1 => b\n  _ => c\nend\n";
    const ds = parse(src).diagnostics;
    expect(codes(ds)).toEqual(["E0201@3:6"]);
    expect(ds[0]!.hint).toContain("end the arm above with `,`");
    expect(parse("match x\n  0 => a,\n  -1 => b\n  _ => c\nend\n").diagnostics).toEqual([]);
  });

  it("says when an array literal starting a line was taken as an index of the line above", () => {
    const [d] = parse("let f = x => x * 2\n[1, 2].map(f)\n").diagnostics;
    expect(codes([d!])).toEqual(["E0201@2:3"]);
    expect(d!.hint).toContain("the `[` on line 2 indexes the expression on the line above");
    expect(parse("let f = x => x * 2;\n[1, 2].map(f)\n").diagnostics).toEqual([]);
    expect(parse("let a = b\n  [1 + 2]\n").diagnostics).toEqual([]); // an index: no error
  });

  it("names a keyword used as a function's name (was: expected `(` to open the parameter list)", () => {
    const [d, ...rest] = parse("fn kind(x) => x\nprintln(1)\n").diagnostics;
    expect(rest).toEqual([]);
    expect(codes([d!])).toEqual(["E0201@1:4"]);
    expect(d!.message).toBe("expected a function name, found `kind`");
    expect(d!.hint).toBe("`kind` is a keyword");
    expect(parse("fn(x) => x\n").diagnostics).toEqual([]);
  });

  it("says why an `end` is stray when an `if` on the line after `else` made an `else if`", () => {
    // The user meant an `if` nested in the else block; the chain's one `end` closed the `fn`.
    const src =
      "fn f(c)\n  if c then\n    1\n  else\n    if c then\n      2\n    end\n    3\n  end\nend\n";
    const [d, ...rest] = parse(src).diagnostics;
    expect(rest).toEqual([]);
    expect(codes([d!])).toEqual(["E0211@10:1"]);
    expect(d!.hint).toContain("the `if` on line 5 directly after `else` continues that `if`");
    const plain = parse("if a then 1 else if b then 2 end\nend\n").diagnostics[0]!;
    expect(plain.hint).toBe("remove it, or check the block above for an extra `end`");
  });

  it("locates interpolation errors inside the string", () => {
    expect(codes(parse('println~("ab {1 +}")').diagnostics)).toEqual(["E0201@1:18"]);
    expect(codes(parse('println~("a } b")').diagnostics)).toEqual(["E0212@1:13"]);
    expect(codes(parse('println~("{}")').diagnostics)).toEqual(["E0212@1:11"]);
  });

  it("reports a string or comment left open alone, not the `)` or `end` it swallowed", () => {
    expect(codes(parse('println("abc)\n').diagnostics)).toEqual(["E0102@1:9"]);
    expect(codes(parse('fn f()\n  println("x)\nend\n').diagnostics)).toEqual(["E0102@2:11"]);
    expect(codes(parse("if true then\n  #[[ open\n").diagnostics)).toEqual(["E0103@2:3"]);
    // an error before the literal is still reported
    expect(codes(parse('let = 1\nprintln("abc)').diagnostics)).toEqual(["E0201@1:5", "E0102@2:9"]);
  });

  it("recovers past a skipped line's own `try … end` without a stray `end`", () => {
    const after =
      "println(try 1 catch e e.message end)\nprintln(if true then 1 else if false then 2 else 3 end)\n";
    expect(codes(parse(`println~("{}")\n${after}`).diagnostics)).toEqual(["E0212@1:11"]);
    expect(codes(parse(`let x = 1 +* 2\n${after}`).diagnostics)).toEqual(["E0201@1:12"]);
    // an error in a match arm: the match's own `end` is skipped, the fn's closes the fn
    const arm = "fn f(x)\n  match x\n    1 => 1 +* 2\n    _ => 0\n  end\nend\nlet = 2\n";
    expect(codes(parse(arm).diagnostics)).toEqual(["E0201@3:13", "E0201@7:5"]);
    // an `end` of the enclosing block still ends the skipping
    expect(
      codes(parse("fn f()\n  let x = 1 +* match 1 _ => 2 end\nend\nf()\n").diagnostics),
    ).toEqual(["E0201@2:14"]);
  });

  it("says when a match subject ran on into a first arm starting with `-`", () => {
    const [d, ...rest] = parse("match t\n  -5..=-1 => 1\n  _ => 2\nend\n").diagnostics;
    expect(rest).toEqual([]);
    expect(codes([d!])).toEqual(["E0201@2:11"]);
    expect(d!.hint).toContain("write the first pattern in parentheses");
    expect(codes(parse("match t\n  (-5..=-1) => 1\n  _ => 2\nend\n").diagnostics)).toEqual([]);
  });

  it("says why a hole with a string literal is unclosed", () => {
    const [d] = parse('println~("{xs.join(", ")}")').diagnostics;
    expect(codes([d!])).toEqual(["E0212@1:11"]);
    expect(d!.hint).toContain('a hole cannot contain a `"`, which ends the string');
    // also when what follows the cut-off template is not a `,` or `)`
    for (const src of ['println~("{"name":<10}|")', 'println~("{if c then "a" else "b" end}")'])
      expect(codes(parse(src).diagnostics)).toEqual(["E0212@1:11"]);
  });

  it("does not end or open a hole at a brace inside a char literal", () => {
    for (const src of [`println~("a{'}'}b")`, `println~("a{'{'}b{'\\''}")`, `println~("{'}':>3}")`])
      expect(codes(parse(src).diagnostics)).toEqual([]);
    expect(codes(parse(`println~("a{1 + '}b")`).diagnostics)).toEqual(["E0106@1:17"]);
  });
});
