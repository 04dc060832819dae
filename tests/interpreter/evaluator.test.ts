// The tree-walker (interpreter/evaluator.ts) on small programs that the vectors leave out, in
// the test process where mutation testing sees it: each one's output and error must be the
// VM's (at -O0 and -O1), and the expected one.

import { describe, expect, it } from "vitest";
import { compileFiles, compileSource } from "../../compiler/index.js";
import { interpret, interpretModules, type InterpOptions } from "../../interpreter/index.js";
import { loadProgram, type ModuleHost } from "../../language/modules.js";
import { loadModule } from "../../runtime/index.js";
import type { VeldError } from "../../runtime/errors.js";

interface Outcome {
  stdout: string;
  error?: { kind: string; message: string; frames: string[] };
}

const frames = (e: VeldError) => e.frames.map((f) => `${f.function} ${f.line}:${f.column}`);

function onInterpreter(source: string, options: InterpOptions): Outcome {
  let stdout = "";
  const r = interpret(source, { write: (t) => void (stdout += t), now: () => 0 }, options);
  if ("diagnostics" in r) throw new Error(`rejected: ${r.diagnostics[0]!.message}`);
  const e = r.error;
  return e
    ? { stdout, error: { kind: e.kind, message: e.message, frames: frames(e) } }
    : { stdout };
}

function onVm(source: string, optimize: 0 | 1, options: InterpOptions): Outcome {
  const module = compileSource(source, { fileName: "test.veld", optimize }).module!;
  let stdout = "";
  const host = { write: (t: string) => void (stdout += t), writeErr: () => {}, now: () => 0 };
  const e = loadModule(module, { trusted: true }).run(host, [], options).error;
  return e
    ? { stdout, error: { kind: e.kind, message: e.message, frames: frames(e) } }
    : { stdout };
}

/** Runs `source` on the tree-walker and the VM: the same outcome, and the one expected. */
function agree(source: string, expected: Outcome, options: InterpOptions = {}) {
  const interp = onInterpreter(source, options);
  expect(interp).toEqual(onVm(source, 0, options));
  expect(interp).toEqual(onVm(source, 1, options));
  expect(interp).toEqual(expected);
}

/** What a program that prints nothing and fails with this error gives. */
const fails = (kind: string, message: string, ...frames: string[]) => ({
  stdout: "",
  error: { kind, message, frames },
});

const divByZero = (...frames: string[]) => ({
  kind: "DivisionByZero",
  message: "division by zero",
  frames,
});

/** Runs a program of several files (`main.veld` first) on both engines; frames with files. */
function agreeFiles(files: Record<string, string>, expected: Outcome) {
  const host: ModuleHost = {
    readFile: (path) =>
      Object.hasOwn(files, path) ? new TextEncoder().encode(files[path]) : undefined,
  };
  const withFiles = (e: VeldError) => e.frames.map((f) => `${f.function} ${f.file}:${f.line}`);
  let stdout = "";
  const modules = loadProgram("main.veld", host, []).modules;
  const r = interpretModules(modules, { write: (t) => void (stdout += t) });
  if ("diagnostics" in r) throw new Error(`rejected: ${r.diagnostics[0]!.message}`);
  const interp: Outcome = { stdout };
  if (r.error)
    interp.error = { kind: r.error.kind, message: r.error.message, frames: withFiles(r.error) };
  const compiled = compileFiles("main.veld", host, {});
  let vmOut = "";
  const vmHost = { write: (t: string) => void (vmOut += t), writeErr: () => {}, now: () => 0 };
  const e = loadModule(compiled.module!, { trusted: true }).run(vmHost, []).error;
  const vm: Outcome = { stdout: vmOut };
  if (e) vm.error = { kind: e.kind, message: e.message, frames: withFiles(e) };
  expect(interp).toEqual(vm);
  expect(interp).toEqual(expected);
}

describe("the tree-walker agrees with the VM", () => {
  it("a library's top level runs as a frame called at the main file's import that needs it", () => {
    const files = {
      "main.veld": "import a\nimport b\nprintln(a.one())\n",
      "a.veld": "import x\nimport y\npub fn one() => 1\n",
      "x.veld": "import z\n",
      "y.veld": "import z\n",
      "z.veld": 'println("z")\n',
      "b.veld": "import d\npub fn two() => 2\n",
      "d.veld": "import c\n",
      "c.veld": 'println("c")\nlet x = 1 / 0\n',
    };
    agreeFiles(files, {
      stdout: "z\nc\n",
      error: divByZero("<module c> c.veld:2", "<main> main.veld:2"),
    });
  });

  it("a closure's frame names the file it was made in", () => {
    agreeFiles(
      {
        "main.veld": "import lib\nlet f = lib.make()\nf(1)\n",
        "lib.veld": "pub fn make() => fn(x) => x / 0\n",
      },
      { stdout: "", error: divByZero("<lambda> lib.veld:1", "<main> main.veld:3") },
    );
  });

  it("two modules declare an enum Option: the prelude's constructors build the first's", () => {
    const mod =
      "enum Option\n  None\n  Some(v)\nend\npub fn h(v) => match v\n  Some(x) => x,\n  _ => -1,\nend\n";
    agreeFiles(
      {
        "main.veld": "import a\nimport b\nprintln(a.h(Some(5)))\nprintln(b.h(Some(6)))\n",
        "a.veld": mod,
        "b.veld": mod,
      },
      { stdout: "5\n-1\n" },
    );
  });

  it("a function prototype outside a kind declares nothing (spec/language.md §4.4)", () => {
    agree(
      "fn g()\n  fn f(x);\n  println(4)\nend\ng()\nfn h(x);\nfn h(x) => x + 1\nprintln(h(4))\n",
      { stdout: "4\n5\n" },
    );
  });

  it("reads lines from the host, or none without one", () => {
    const source = "println(std.io.read_line())\nprintln(std.io.read_line())\n";
    const lines = ["first"];
    let out = "";
    const host = { write: (t: string) => void (out += t), readLine: () => lines.shift() };
    expect(interpret(source, host)).toEqual({ status: "ok" });
    expect(out).toBe("Option.Some(first)\nOption.None\n");
    agree(source, { stdout: "Option.None\nOption.None\n" });
  });

  it("an array may have maxArrayLength elements, not more", () => {
    // Built by push: the VM's NEWARRAY (an array literal's first 50 elements) does not check
    // the limit, which matters only below 50 (docs/testing.md, interpreter/).
    const source = "var a = [1, 2]\na.push(3)\nprintln(a)\na.push(4)\n";
    agree(
      source,
      {
        stdout: "[1, 2, 3]\n",
        error: {
          kind: "LimitExceeded",
          message: "array longer than 3 elements",
          frames: ["<main> 4:1"],
        },
      },
      { maxArrayLength: 3 },
    );
  });

  it("a program's own Option is the one Some, None and `?` make and take", () => {
    const source =
      "enum Option\n  Some(i64)\n  None\n  Extra\nend\n" +
      "fn f(o) => match o\n  Option.Some(x) => x\n  Option.Extra => 99\n  _ => 0\nend\n" +
      "fn p(o)\n  let v = o?\n  v + 1\nend\n" +
      "println(f(Some(3)))\nprintln(f(Option.Extra))\nprintln(p(Some(1)))\nprintln(p(None))\n";
    agree(source, { stdout: "3\n99\n2\nOption.None\n" });
  });

  it("a method declared without a body is not there", () => {
    const types = "struct P v: i64 end\nimpl P\n  fn m(self);\n  fn k(self) => 2\nend\n";
    agree(types + "println(P(v: 1).k())\nprintln(P(v: 1).m())\n", {
      stdout: "2\n",
      error: { kind: "UndefinedField", message: "P has no method 'm'", frames: ["<main> 7:9"] },
    });
  });

  it("a top-level function is made once, before the first statement", () => {
    agree("let g = f\nfn f() => 1\nprintln(g == f)\nprintln(g())\n", { stdout: "true\n1\n" });
  });

  it("patterns fail on values of another type; `_` in a tuple let reads nothing", () => {
    const source =
      "struct A v: i64 end\nstruct B v: i64 end\nenum E X(i64), Y end\nenum F X(i64), Y end\n" +
      "fn s(o) => match o\n  A(v: n) => n\n  _ => -1\nend\n" +
      "fn e(o) => match o\n  E.X(n) => n\n  _ => -2\nend\n" +
      "fn t(o) => match o\n  (a, b) => a + b\n  _ => -3\nend\n" +
      "println([s(A(v: 1)), s(B(v: 2)), s(5)])\n" +
      "println([e(E.X(1)), e(F.X(2)), e(5), e(E.Y)])\n" +
      "println([t((1, 2)), t((1, 2, 3)), t(4)])\n" +
      "let (a, _, _) = (1, 2)\nprintln(a)\n";
    agree(source, { stdout: "[1, -1, -1]\n[1, -2, -2, -2]\n[3, -3, -3]\n1\n" });
  });

  it("a for loop's bounds must be ints; next() must return an Option", () => {
    agree("for i in 0..2.5 do println(i) end\n", {
      stdout: "",
      error: {
        kind: "TypeError",
        message: "for-loop bounds must be ints, got int and float",
        frames: ["<main> 1:1"],
      },
    });
    agree(
      "struct It n: i64 end\nimpl It\n  fn next(self) => 5\nend\nfor x in It(n: 1) do println(x) end\n",
      {
        stdout: "",
        error: {
          kind: "TypeError",
          message: "next() must return an Option, got int",
          frames: ["It.next 3:20", "<main> 5:1"],
        },
      },
    );
    // Another enum is no Option, whatever its tags.
    for (const v of ["A", "B"])
      agree(
        `enum E A, B end\nstruct It n: i64 end\nimpl It\n  fn next(self) => E.${v}\nend\nfor x in It(n: 1) do println(x) end\n`,
        {
          stdout: "",
          error: {
            kind: "TypeError",
            message: "next() must return an Option, got E",
            frames: ["It.next 4:20", "<main> 6:1"],
          },
        },
      );
  });

  it("a struct pattern without a field list matches every value of its struct", () => {
    agree(
      "struct U end\nstruct V x: i64 end\nfn f(o) => match o\n  U() => 1\n  V() => 2\n  _ => 3\nend\nprintln([f(U()), f(V(x: 1)), f(4)])\n",
      { stdout: "[1, 2, 3]\n" },
    );
    // A bare `None` is a constructor pattern without an argument list: here, of a struct.
    agree(
      "struct None end\nfn f(o) => match o\n  None => 1\n  _ => 2\nend\nprintln([f(None()), f(4)])\n",
      { stdout: "[1, 2]\n" },
    );
  });

  it("the errors of fields, tuples, indexes, `?`, `assert~`, `!` and `for`", () => {
    agree("let t = 5\nt.x = 1\n", {
      stdout: "",
      error: { kind: "TypeError", message: "cannot set field 'x' of int", frames: ["<main> 2:1"] },
    });
    agree("let x = 5\nprintln(x.0)\n", {
      stdout: "",
      error: { kind: "TypeError", message: "cannot take element 0 of int", frames: ["<main> 2:9"] },
    });
    agree('println("abc"[-1])\n', {
      stdout: "",
      error: {
        kind: "IndexOutOfBounds",
        message: "index -1 out of bounds for a string",
        frames: ["<main> 1:9"],
      },
    });
    agree('println("abc"[3])\n', {
      stdout: "",
      error: {
        kind: "IndexOutOfBounds",
        message: "index 3 out of bounds for a string",
        frames: ["<main> 1:9"],
      },
    });
    agree("var a = [1]\na[1] = 2\n", {
      stdout: "",
      error: {
        kind: "IndexOutOfBounds",
        message: "index 1 out of bounds for length 1",
        frames: ["<main> 2:1"],
      },
    });
    agree("var a = 5\na[0] = 2\n", {
      stdout: "",
      error: {
        kind: "TypeError",
        message: "cannot assign to an index of int",
        frames: ["<main> 2:1"],
      },
    });
    agree("println([1][9223372036854775807])\n", {
      stdout: "",
      error: {
        kind: "IndexOutOfBounds",
        message: "index 9223372036854775807 out of bounds",
        frames: ["<main> 1:9"],
      },
    });
    agree("println([1][1.5])\n", {
      stdout: "",
      error: {
        kind: "TypeError",
        message: "index must be an int, got float",
        frames: ["<main> 1:9"],
      },
    });
    agree("fn f(x) => x?\nprintln(f(5))\n", {
      stdout: "",
      error: {
        kind: "TypeError",
        message: "cannot take payload 0 of int",
        frames: ["f 1:12", "<main> 2:9"],
      },
    });
    agree('assert~(1 == 2, "custom")\n', {
      stdout: "",
      error: { kind: "AssertionFailed", message: "custom", frames: ["<main> 1:1"] },
    });
    agree("println(!(true and false) or false)\nprintln(!5)\n", {
      stdout: "true\n",
      error: { kind: "TypeError", message: "! must be a bool, got int", frames: ["<main> 2:9"] },
    });
    agree("for i in 1.0..2 do println(i) end\n", {
      stdout: "",
      error: {
        kind: "TypeError",
        message: "for-loop bounds must be ints, got float and int",
        frames: ["<main> 1:1"],
      },
    });
  });

  it("an error's fields, catch without a name, format~ of a value, a static method as a value", () => {
    agree(
      "let e = try\n  throw 1\ncatch x\n  x\nend\nprintln(e.message)\nprintln(e.kind)\nprintln(e.value)\n" +
        "let r = try\n  1 / 0\ncatch\n  7\nend\nprintln(r)\nprintln(format~(5))\n" +
        "struct P v: i64 end\nimpl P\n  fn mk() => P(v: 3)\nend\nlet m = P.mk\nprintln(m())\n",
      { stdout: "1\nThrown\n1\n7\n5\nP(v: 3)\n" },
    );
  });

  it("a set element, a map key and range bounds that are refused are reported where they are", () => {
    const typeError = (message: string, frame: string) => fails("TypeError", message, frame);
    const immutable = (kind: string) =>
      `${kind} cannot be a map key or set element (only immutable values)`;
    // The struct literal's last field is evaluated last, on another line.
    agree(
      "struct P v: i64 end\nlet s = {1,\n  P(v:\n    2)}\n",
      typeError(immutable("P"), "<main> 3:3"),
    );
    agree("let m = {1: 2,\n  [3]:\n    4}\n", typeError(immutable("array"), "<main> 2:3"));
    agree(
      "let m = {1: 2, std.math.sqrt(-1.0): 3}\n",
      typeError("NaN cannot be a map key or set element (NaN != NaN)", "<main> 1:16"),
    );
    agree(
      "let r = 1..\n  2.5\n",
      typeError("range bounds must be ints, got int and float", "<main> 1:9"),
    );
    agree(
      "let r = 0.5..=\n  2\n",
      typeError("range bounds must be ints, got float and int", "<main> 1:9"),
    );
  });

  it("fields, tuple elements and indexes a value does not have", () => {
    agree(
      "struct P v: i64 end\nfn f(o) => o.zz\nprintln(f(P(v: 1)))\n",
      fails("UndefinedField", "P has no field 'zz'", "f 2:12", "<main> 3:9"),
    );
    agree(
      "let e = try\n  throw 1\ncatch x\n  x\nend\nfn f(o) => o.zz\nprintln(f(e))\n",
      fails("UndefinedField", "error values have no field 'zz'", "f 6:12", "<main> 7:9"),
    );
    agree(
      "fn f(o) => o.zz\nprintln(f(5))\n",
      fails("TypeError", "cannot read field 'zz' of int", "f 1:12", "<main> 2:9"),
    );
    agree(
      "struct P v: i64 end\nfn f(o)\n  o.zz = 1\nend\nf(P(v: 1))\n",
      fails("UndefinedField", "P has no field 'zz'", "f 3:3", "<main> 5:1"),
    );
    agree(
      "fn f(t) => t.5\nprintln(f((1, 2)))\n",
      fails("IndexOutOfBounds", "tuple of 2 has no element 5", "f 1:12", "<main> 2:9"),
    );
    agree(
      "fn f(t) => t[0]\nprintln(f(5))\n",
      fails("TypeError", "cannot index int", "f 1:12", "<main> 2:9"),
    );
    agree(
      'fn f(t)\n  t[0] = 1\nend\nf("abc")\n',
      fails("TypeError", "cannot assign to an index of str", "f 2:3", "<main> 4:1"),
    );
    agree(
      "var a = [1]\na[-1] = 2\n",
      fails("IndexOutOfBounds", "index -1 out of bounds for length 1", "<main> 2:1"),
    );
    agree("let m = {1: 2}\nprintln(m[3])\n", fails("KeyNotFound", "key 3 not found", "<main> 2:9"));
    agree("enum E A, B(i64) end\nfn f(x) => x?\nprintln(f(E.B(3)))\nprintln(f(E.A))\n", {
      ...fails("IndexOutOfBounds", "variant has no payload element 0", "f 2:12", "<main> 4:9"),
      stdout: "3\n",
    });
  });

  it("compound assignments to a map entry, an element and a field; `?` returning", () => {
    agree(
      "var m = {1: 2}\nm[3] = 4\nm[1] += 5\nprintln(m)\nvar a = [1, 2]\na[1] *= 7\nprintln(a)\n" +
        "struct P v: i64 end\nlet p = P(v: 2)\np.v -= 5\nprintln(p.v)\n" +
        "fn f(x) => x?\nprintln(f(Some(2)))\nprintln(f(None))\nprintln(f(Ok(1)))\nprintln(f(Err(4)))\n",
      { stdout: "{1: 7, 3: 4}\n[1, 14]\n-3\n2\nOption.None\n1\nResult.Err(4)\n" },
    );
  });

  it("a callback's frame, when the native fails after it, is where it returned", () => {
    const notBool = (got: string, ...frames: string[]) => ({
      kind: "TypeError",
      message: `filter: the function must return a bool, got ${got}`,
      frames,
    });
    // An if that ran no branch; an if's branch; a match arm; a do block; a body ending in a
    // statement; a `return`.
    agree("println([1].filter(fn(x) =>\n  if x > 5 then\n    true\n  end))\n", {
      stdout: "",
      error: notBool("()", "<lambda> 2:3", "<main> 1:9"),
    });
    agree("println([1].filter(fn(x) => if x > 0 then\n    5\n  else\n    true\n  end))\n", {
      stdout: "",
      error: notBool("int", "<lambda> 2:5", "<main> 1:9"),
    });
    agree("fn k(x) => match x\n  1 =>\n    7\n  _ => true\nend\nprintln([1].filter(k))\n", {
      stdout: "",
      error: notBool("int", "k 3:5", "<main> 6:9"),
    });
    agree("fn k(x) => do\n  println(x)\n  x\nend\nprintln([1].filter(k))\n", {
      stdout: "1\n",
      error: notBool("int", "k 3:3", "<main> 5:9"),
    });
    agree("fn k(x)\n  let y = x\nend\nprintln([1].filter(k))\n", {
      stdout: "",
      error: notBool("()", "k 2:3", "<main> 4:9"),
    });
    agree("fn k(x)\n  return\n    x\nend\nprintln([1].filter(k))\n", {
      stdout: "",
      error: notBool("int", "k 2:3", "<main> 5:9"),
    });
  });

  it("range patterns at their bounds, literal, or- and guarded patterns", () => {
    agree(
      "fn r(x) => match x\n" +
        '  0..3 => "a"\n' +
        '  3..=5 => "b"\n' +
        "  'a'..='c' => \"c\"\n" +
        "  'x'..'z' => \"d\"\n" +
        '  _ => "-"\n' +
        "end\n" +
        "println([r(-1), r(0), r(2), r(3), r(5), r(6), r('a'), r('c'), r('d'), r('x'), r('y'), r('z'), r(2.5), r(\"a\")])\n" +
        "fn l(x) => match x\n" +
        '  1 | 2 => "one-two"\n' +
        '  (1, y) where y > 2 => "tuple"\n' +
        '  "s" => "str"\n' +
        '  true => "t"\n' +
        '  _ => "other"\n' +
        "end\n" +
        'println([l(1), l(2), l(3), l((1, 3)), l((1, 2)), l("s"), l(true), l(false)])\n',
      {
        stdout:
          "[-, a, a, b, b, -, c, c, -, d, d, -, -, -]\n" +
          "[one-two, one-two, other, tuple, other, str, t, other]\n",
      },
    );
  });

  it("conditions: `!`, `and` and `or` inside them, and what is not a bool", () => {
    agree(
      "var b = 3\nwhile !(b > 5) and !false do\n  b += 1\nend\nprintln(b)\n" +
        "if !!true then println(2) end\nprintln(!true or !false)\n" +
        "if true and !(1 == 2) and (false or !false) then println(3) end\n",
      { stdout: "6\n2\ntrue\n3\n" },
    );
    const notBool = (message: string, frame: string) => fails("TypeError", message, frame);
    // `!` in a condition is the condition's: its operand must be a bool.
    agree(
      "if !5 then\n  println(1)\nend\n",
      notBool("a condition must be a bool, got int", "<main> 1:5"),
    );
    agree(
      "let b = true\nif -b then\n  println(1)\nend\n",
      notBool("cannot negate bool", "<main> 2:4"),
    );
    agree(
      "if true and 5 then println(1) end\n",
      notBool("a condition must be a bool, got int", "<main> 1:13"),
    );
    agree(
      "if 5 or true then println(1) end\n",
      notBool("a condition must be a bool, got int", "<main> 1:4"),
    );
  });

  it("a NUL in a string, a tuple's last element, a runtime error's value, format~'s string", () => {
    agree(
      "println(\"a\\0b\"[1] == '\\0')\nlet t = (1, 2)\nfn f(o, i) => match i\n  2 => o.2\n  _ => o.1\nend\n" +
        "println(f(t, 1))\nlet e = try\n  1 / 0\ncatch x\n  x\nend\nprintln(e.value)\n" +
        'println(format~(5) + "!")\nprintln(f(t, 2))\n',
      {
        stdout: "true\n2\n()\n5!\n",
        error: {
          kind: "IndexOutOfBounds",
          message: "tuple of 2 has no element 2",
          frames: ["f 4:8", "<main> 15:9"],
        },
      },
    );
  });

  it("`return`, `break` and `continue` leave a try without entering its catch block", () => {
    agree(
      'fn g()\n  try\n    return 1\n  catch x\n    println("caught")\n  end\n  2\nend\nprintln(g())\n' +
        'var i = 0\nwhile i < 5 do\n  i += 1\n  try\n    if i > 2 then break end\n    continue\n  catch\n    println("no")\n  end\n  println("after")\nend\nprintln(i)\n',
      { stdout: "1\n3\n" },
    );
  });

  it("an interpolation longer than a string may be", () => {
    agree('let s = "x".repeat(134217728)\nlet t = format~("{s}{s}{s}")\n', {
      stdout: "",
      error: { kind: "LimitExceeded", message: "string too long", frames: ["<main> 2:25"] },
    });
  });

  it("a type's own method before the built-in one of that name; a method that is not there", () => {
    const types =
      'struct P v: i64 end\nimpl P\n  fn len(self) => 99\n  fn to_str(self) => "P!"\nend\n' +
      "enum E A, B end\nimpl E\n  fn len(self) => 7\nend\nfn f(o) => o.nope()\n";
    const noMethod = (message: string) => ({
      kind: "UndefinedField",
      message,
      frames: ["f 10:12", "<main> 12:9"],
    });
    agree(
      types + "println([P(v: 1).len(), E.A.len(), [1, 2].len()])\nprintln(P(v: 1).to_str())\n",
      { stdout: "[99, 7, 2]\nP!\n" },
    );
    agree(types + "\nprintln(f(P(v: 1)))\n", {
      stdout: "",
      error: noMethod("P has no method 'nope'"),
    });
    agree(types + "\nprintln(f(E.B))\n", { stdout: "", error: noMethod("E has no method 'nope'") });
    agree(types + "\nprintln(f(5))\n", { stdout: "", error: noMethod("int has no method 'nope'") });
  });

  it("a long chain is evaluated without recursing down it (spec/language.md §4.2)", () => {
    const n = 20000;
    agree(`fn inc(x) => x + 1\nprintln(0${" + 1".repeat(n)})\nprintln(0${" |> inc".repeat(n)})\n`, {
      stdout: `${n}\n${n}\n`,
    });
  });

  it("what a chain's links leave out: a pipe's callee that may change, `and` and `or`", () => {
    // The callee of a pipe is read first when its variable may change; `and`/`or` operands
    // are evaluated once each, left to right, until one decides.
    agree(
      "var f = (x) => x + 1\nfn change()\n  f = (x) => x * 100\n  5\nend\nprintln(change() |> f)\n" +
        "fn t(x)\n  print(x)\n  x > 0\nend\n" +
        "println(t(1) and t(2) and t(0) and t(3))\nprintln(t(0) or t(0) or t(4) or t(5))\n",
      { stdout: "6\n120false\n004true\n" },
    );
  });

  it("unit written, and returned by a function without a value", () => {
    agree("let u = ()\nfn nothing()\nend\nprintln(u == nothing())\nprintln(-(0.0))\n", {
      stdout: "true\n-0\n",
    });
  });

  it("an error leaving a try through its finally block is raised again at the block's end", () => {
    const g = "fn g(x) => x / 0\n";
    // From the try body, from a function it called, from the catch block; nested.
    agree(
      g +
        'fn f()\n  try\n    1 / 0\n  finally\n    println("f")\n    println("g")\n  end\nend\nf()\n',
      {
        stdout: "f\ng\n",
        error: divByZero("f 7:5", "<main> 10:1"),
      },
    );
    agree(g + 'fn f()\n  try\n    g(1)\n  finally\n    println("f")\n  end\nend\nf()\n', {
      stdout: "f\n",
      error: divByZero("f 6:5", "<main> 9:1"),
    });
    agree(
      g +
        'fn f()\n  try\n    throw 1\n  catch e\n    g(1)\n  finally\n    println("f")\n  end\nend\nf()\n',
      { stdout: "f\n", error: divByZero("f 8:5", "<main> 11:1") },
    );
    agree(
      "fn f(n)\n  try\n    if n > 0 then f(n - 1) else 1 / 0 end\n  finally\n    print(n)\n  end\nend\nf(3)\n",
      { stdout: "0123", error: divByZero("f 5:5", "<main> 8:1") },
    );
    agree("try\n  1 / 0\nfinally\n  let y = [1,\n    2]\nend\n", {
      stdout: "",
      error: divByZero("<main> 5:5"),
    });
  });

  it("negative literals, tuples and unit", () => {
    agree(
      "println(-9223372036854775808)\nprintln(-(9223372036854775807) - 1)\nprintln(-1.5)\n" +
        "println(-(2))\nprintln(-(2.5))\nprintln((1,))\nprintln([(), (2, 3)])\n",
      { stdout: "-9223372036854775808\n-9223372036854775808\n-1.5\n-2\n-2.5\n(1)\n[(), (2, 3)]\n" },
    );
  });

  it("a variable named as a type is the variable", () => {
    agree(
      "enum Color Red, Green end\nstruct P Red: i64 end\n" +
        "fn f() =>\n  let Color = P(Red: 5) in Color.Red\nprintln(f())\n",
      { stdout: "5\n" },
    );
  });
});

describe("tail calls reuse the caller's frame (spec/semantics.md §5)", () => {
  const g = "fn g(x) => x / 0\n";

  it("a call that is the function's value, through if, match and do", () => {
    agree(g + "fn f(x) => g(x)\nf(1)\n", { stdout: "", error: divByZero("g 1:12", "<main> 3:1") });
    agree(g + "fn f(x)\n  println(x)\n  if x > 0 then g(x) else 0 end\nend\nf(1)\n", {
      stdout: "1\n",
      error: divByZero("g 1:12", "<main> 6:1"),
    });
    agree(g + "fn f(x) => match x\n  0 => 0\n  _ => do\n    g(x)\n  end\nend\nf(1)\n", {
      stdout: "",
      error: divByZero("g 1:12", "<main> 8:1"),
    });
  });

  it("an if without else, and an empty body", () => {
    agree(g + "fn e()\nend\nfn f(x)\n  e()\n  if x > 0 then g(x) end\nend\nf(0)\nf(1)\n", {
      stdout: "",
      error: divByZero("g 1:12", "<main> 9:1"),
    });
  });

  it("methods, static methods and lambdas", () => {
    const types =
      "struct P v: i64 end\nimpl P\n  fn m(self) => g(self.v)\n  fn s(x) => P(v: x).m()\nend\n";
    agree(g + types + "let h = fn(x) => P.s(x)\nh(1)\n", {
      stdout: "",
      error: divByZero("g 1:12", "<main> 8:1"),
    });
  });

  it("`return` of a call, but not in a try body nor in a catch block with a finally", () => {
    agree(g + "fn f(x)\n  return g(x)\nend\nf(1)\n", {
      stdout: "",
      error: divByZero("g 1:12", "<main> 5:1"),
    });
    agree(g + "fn f(x)\n  try\n    throw 1\n  catch e\n    return g(x)\n  end\nend\nf(1)\n", {
      stdout: "",
      error: divByZero("g 1:12", "<main> 9:1"),
    });
    agree(g + "fn f(x)\n  try\n    println(1)\n  finally\n    return g(x)\n  end\nend\nf(1)\n", {
      stdout: "1\n",
      error: divByZero("g 1:12", "<main> 9:1"),
    });
  });

  it("`return` of a call in a loop body", () => {
    agree(g + "fn f(x)\n  while true do\n    return g(x)\n  end\nend\nf(1)\n", {
      stdout: "",
      error: divByZero("g 1:12", "<main> 7:1"),
    });
  });

  it("a handler makes `return` of a call an ordinary call, which uses depth", () => {
    // An error passing a finally block is traced where the VM rethrows it, so the depth
    // limit is what tells the two apart here.
    const caught = "let k = try\n  f(20)\ncatch e\n  e.kind\nend\nprintln(k)\n";
    const f = (body: string) =>
      `fn f(n)\n  if n == 0 then\n    return 0\n  end\n${body}\nend\n${caught}`;
    const options = { maxDepth: 10 };
    agree(f("  return f(n - 1)"), { stdout: "0\n" }, options);
    agree(
      f('  try\n    return f(n - 1)\n  finally\n    print("")\n  end'),
      {
        stdout: "StackOverflow\n",
      },
      options,
    );
    agree(
      f("  try\n    throw 1\n  catch e\n    return f(n - 1)\n  end"),
      { stdout: "0\n" },
      options,
    );
    agree(
      f('  try\n    throw 1\n  catch e\n    return f(n - 1)\n  finally\n    print("")\n  end'),
      { stdout: "StackOverflow\n" },
      options,
    );
  });

  it("not a pipe, a let … in, a call inside an expression, nor main's calls", () => {
    agree(g + "fn f(x) => x |> g\nf(1)\n", {
      stdout: "",
      error: divByZero("g 1:12", "f 2:12", "<main> 3:1"),
    });
    agree(g + "fn f(x) => let y = x in g(y)\nf(1)\n", {
      stdout: "",
      error: divByZero("g 1:12", "f 2:25", "<main> 3:1"),
    });
    agree(g + "fn f(x) => 1 + g(x)\nf(1)\n", {
      stdout: "",
      error: divByZero("g 1:12", "f 2:16", "<main> 3:1"),
    });
    agree(g + "g(1)\n", { stdout: "", error: divByZero("g 1:12", "<main> 2:1") });
  });

  it("a native keeps the caller's frame; a callback's tail call replaces the callback's", () => {
    agree(g + "fn f(xs) => xs.map(fn(x) => g(x))\nf([1])\n", {
      stdout: "",
      error: divByZero("g 1:12", "f 2:13", "<main> 3:1"),
    });
  });

  it("an error in a callback after another call returned is traced where it happened", () => {
    agree("println([1, 0].map(fn(x) => if x == 0 then 1 / x else x end))\n", {
      stdout: "",
      error: divByZero("<lambda> 1:44", "<main> 1:9"),
    });
  });

  it("`()` in let, for and let … in binds nothing and tests nothing, as `_`", () => {
    agree(
      'let () = println("x")\nlet () = 5\nfor () in [(), ()] do println("it") end\n' +
        "println(let () = () in 3)\nlet ((), a) = (1, 2)\nprintln(a)\n",
      { stdout: "x\nit\nit\n3\n2\n" },
    );
  });

  it("a tuple too short for its pattern fails at the element it lacks", () => {
    agree("fn f(t)\n  let (c, d) = t\n  c\nend\nf((1,))\n", {
      stdout: "",
      error: {
        kind: "IndexOutOfBounds",
        message: "tuple of 1 has no element 1",
        frames: ["f 2:11", "<main> 5:1"],
      },
    });
    agree("for (k, (a, b, c)) in [(1, (2, 3))] do println(k) end\n", {
      stdout: "",
      error: {
        kind: "IndexOutOfBounds",
        message: "tuple of 2 has no element 2",
        frames: ["<main> 1:16"],
      },
    });
  });

  it("a method's arity message does not count its receiver", () => {
    agree('println("abc".len(1))\n', {
      stdout: "",
      error: {
        kind: "ArityMismatch",
        message: "str.len takes 0 arguments, got 1",
        frames: ["<main> 1:9"],
      },
    });
    agree("var xs = [1]\nxs.push(2, 3)\n", {
      stdout: "",
      error: {
        kind: "ArityMismatch",
        message: "array.push takes 1 argument, got 2",
        frames: ["<main> 2:1"],
      },
    });
  });

  it("the arity of a tail call is checked in the caller's frame", () => {
    agree(g + "fn f(x) => g(x, x)\nf(1)\n", {
      stdout: "",
      error: {
        kind: "ArityMismatch",
        message: "g takes 1 argument, got 2",
        frames: ["f 2:12", "<main> 3:1"],
      },
    });
  });

  it("a tail-recursive loop uses no depth; the caller's depth is kept", () => {
    const loop =
      "fn count(n, acc) => if n == 0 then acc else count(n - 1, acc + 1) end\n" +
      "fn deep(n) => if n == 0 then count(1000, 0) else 1 + deep(n - 1) end\n";
    agree(
      loop + "println(count(1000, 0))\nprintln(deep(8))\nprintln(deep(9))\n",
      {
        stdout: "1000\n1008\n",
        error: {
          kind: "StackOverflow",
          message: "call depth exceeds 10",
          frames: ["deep 2:54", "<main> 5:9"],
        },
      },
      { maxDepth: 10 },
    );
  });
});
