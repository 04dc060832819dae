// A seeded generator of random well-formed, terminating Veld programs for differential
// testing: the VM against the tree-walking interpreter (tests/interpreter/fuzz.test.ts,
// `npm run fuzz`) and our runtime against another (`veld-conformance --diff`). Programs are
// typed as they are built (each expression is generated for a wanted type from the variables
// in scope), so they pass the front end; they may still fail at run time (overflow, bounds,
// division by zero, thrown values, …), which both engines must report alike. Termination:
// loops are bounded by counters, recursion only in one function with a shrinking argument,
// calls only go to functions defined earlier. Values at the edges come often: i64 bounds,
// 32-bit products beyond 2^53, -0.0, NaN and the infinities, on either side of a comparison.
//
// A program is a list of top-level chunks (declarations and statements) so the shrinker can
// drop chunks; chunks never depend on a later chunk.

export type Ty = "int" | "float" | "bool" | "str" | "arr" | "tup" | "P" | "Sh" | "opt" | "fn";

interface Var {
  name: string;
  ty: Ty;
  mutable: boolean;
}

/** mulberry32: small, fast, good enough for test generation. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EDGE_INTS = [
  "0",
  "1",
  "-1",
  "2",
  "7",
  "-3",
  "100",
  "255",
  "256",
  "65535",
  "2147483647",
  "-2147483648",
  "4294967296",
  "9007199254740991",
  "9007199254740992",
  "9007199254740993",
  "-9007199254740993",
  "4611686018427387904",
  "9223372036854775807",
  "-9223372036854775807",
  "-9223372036854775808",
  "3037000499",
  "3037000500",
];
/** 32-bit operands whose products lie beyond 2^53: exact only as i64 arithmetic. */
const INT32_EDGES = ["2147483647", "-2147483648", "-2147483647", "2147483646", "94906267"];
const FLOATS = [
  "0.0",
  "-0.0",
  "0.5",
  "1.0",
  "-1.5",
  "2.5",
  "3.14159",
  "0.1",
  "1000000000000000000000.0",
  "0.0000001",
  "9007199254740993.0",
  "123456789.125",
];
/** Float values no literal spells: NaN and the infinities. */
const SPECIAL_FLOATS = ["(-1.0).sqrt()", "(2.0 *^ 1024.0)", "(-(2.0 *^ 1024.0))"];
const STRINGS = ['""', '"a"', '"héllo"', '"🎉x"', '"ab cd"', '"Veld"', '"x\\ty"', '"ZZ"'];
const CAST_INT = ["i64", "i32", "i16", "i8", "u8", "u16", "u32", "u64"];

/** A negative literal is parenthesised: `-N.f()` and `-N as T` apply `-` last (§4.2). */
function lit(s: string): string {
  return s.startsWith("-") ? `(${s})` : s;
}

export class ProgramGen {
  private readonly r: () => number;
  private scopes: Var[][] = [[]];
  private counter = 0;
  /** Top-level functions defined so far: name, arity (all params and results are ints). */
  private readonly fns: { name: string; arity: number }[] = [];
  private loopDepth = 0;
  private fnDepth = 0;

  constructor(seed: number) {
    this.r = rng(seed);
  }

  // ---- helpers ----
  private int(n: number): number {
    return Math.floor(this.r() * n);
  }
  private chance(p: number): boolean {
    return this.r() < p;
  }
  private pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  private fresh(prefix: string): string {
    return `${prefix}${this.counter++}`;
  }
  private vars(ty: Ty): Var[] {
    return this.scopes.flat().filter((v) => v.ty === ty);
  }
  private declare(name: string, ty: Ty, mutable: boolean): void {
    this.scopes[this.scopes.length - 1]!.push({ name, ty, mutable });
  }
  private withScope<T>(f: () => T): T {
    this.scopes.push([]);
    try {
      return f();
    } finally {
      this.scopes.pop();
    }
  }
  private indent(s: string): string {
    return s
      .split("\n")
      .map((l) => "  " + l)
      .join("\n");
  }

  // ---- expressions ----
  expr(ty: Ty, d: number): string {
    const vs = this.vars(ty);
    if (vs.length > 0 && this.chance(d <= 0 ? 0.7 : 0.3)) return this.pick(vs).name;
    if (d <= 0) return this.leaf(ty);
    switch (ty) {
      case "int":
        return this.intExpr(d);
      case "float":
        return this.floatExpr(d);
      case "bool":
        return this.boolExpr(d);
      case "str":
        return this.strExpr(d);
      case "arr":
        return this.arrExpr(d);
      case "tup":
        return this.chance(0.7)
          ? `(${this.expr("int", d - 1)}, ${this.expr("str", d - 1)})`
          : this.leaf("tup");
      case "P":
        return this.chance(0.5)
          ? `P(x: ${this.expr("int", d - 1)}, y: ${this.expr("int", d - 1)})`
          : `P.origin()`;
      case "Sh":
        return this.shExpr(d);
      case "opt":
        return this.optExpr(d);
      case "fn":
        return this.fnExpr(d);
    }
  }

  private leaf(ty: Ty): string {
    switch (ty) {
      case "int":
        return lit(this.pick(EDGE_INTS));
      case "float":
        return this.chance(0.15) ? this.pick(SPECIAL_FLOATS) : lit(this.pick(FLOATS));
      case "bool":
        return this.pick(["true", "false"]);
      case "str":
        return this.pick(STRINGS);
      case "arr":
        return this.pick(["[]", "[1, 2, 3]", "[0]", "[5, -1, 9007199254740993]"]);
      case "tup":
        return `(${this.pick(EDGE_INTS)}, ${this.pick(STRINGS)})`;
      case "P":
        return `P(x: ${this.pick(EDGE_INTS)}, y: 1)`;
      case "Sh":
        return this.pick(["Sh.Empty", "Sh.Circle(1.5)", "Sh.Rect(2, 3)"]);
      case "opt":
        return this.pick(["None", "Some(1)", "Some(-7)"]);
      case "fn":
        return "((v) => v + 1)";
    }
  }

  private intExpr(d: number): string {
    const e = (t: Ty = "int") => this.expr(t, d - 1);
    switch (this.int(23)) {
      case 22:
        return `(${lit(this.pick(INT32_EDGES))} * ${this.chance(0.5) ? lit(this.pick(INT32_EDGES)) : e()})`;
      case 0:
      case 1:
        return `(${e()} ${this.pick(["+", "-", "*"])} ${e()})`;
      case 2:
        return `(${e()} ${this.pick(["/", "%"])} ${e()})`;
      case 3:
        return `(${e()} *^ ${this.pick(["0", "1", "2", "3", "31", "62", "63", "64"])})`;
      case 4:
        return `(-${e()})`;
      case 5:
        return `(${e()} as ${this.pick(CAST_INT)})`;
      case 6:
        return `(${e("float")} as ${this.pick(CAST_INT)})`;
      case 7:
        return `${e("str")}.len()`;
      case 8:
        return `${e("arr")}.len()`;
      case 9: {
        // an index that may be out of range
        return `${e("arr")}[${this.pick(["0", "1", "2", "-1", "3"])}]`;
      }
      case 10:
        return `${e("tup")}.0`;
      case 11:
        return `${e("P")}.${this.pick(["x", "y"])}`;
      case 12:
        return `(if ${e("bool")} then ${e()} else ${e()} end)`;
      case 13:
        return `match ${e("Sh")}\n  Sh.Circle(_) => ${e()},\n  Sh.Rect(a, b) where a < b => a * b,\n  Sh.Rect(a, _) => a,\n  Sh.Empty => ${e()}\nend`;
      case 14:
        return `match ${e("opt")}\n  Some(v) => v,\n  None => ${e()}\nend`;
      case 15: {
        if (this.fns.length === 0) return this.leaf("int");
        const f = this.pick(this.fns);
        if (f.name === "rec") return `rec(${this.pick(["0", "3", "10"])})`;
        return `${f.name}(${Array.from({ length: f.arity }, () => e()).join(", ")})`;
      }
      case 16:
        return `${e("P")}.sum()`;
      case 17:
        return `${e()}.${this.pick(["abs()", "signum()", "pow(2)", "min(3)", "max(-2)"])}`;
      case 18:
        return `${e("fn")}(${e()})`;
      case 19:
        return `${e("arr")}.sum()`;
      case 20:
        return `do\n  let ${this.fresh("t")} = ${e()};\n  ${e()}\nend`;
      default:
        return `${e("opt")}.unwrap_or(${e()})`;
    }
  }

  private floatExpr(d: number): string {
    const e = (t: Ty = "float") => this.expr(t, d - 1);
    switch (this.int(9)) {
      case 8:
        return `((-${e("int")}) ${this.pick(["*", "/", "+"])} ${e()})`;
      case 0:
      case 1:
        return `(${e()} ${this.pick(["+", "-", "*", "/", "%"])} ${e(this.chance(0.3) ? "int" : "float")})`;
      case 2:
        return `(${e("int")} as f64)`;
      case 3:
        return `(-${e()})`;
      case 4:
        return `${e()}.${this.pick(["abs()", "sqrt()", "floor()", "ceil()", "round()"])}`;
      case 5:
        return `(${e()} *^ ${this.pick(["0.5", "2", "-1", "2.0"])})`;
      case 6:
        return `(${e()} - ${this.pick(["0", "1", "0.0"])})`;
      default:
        return `match ${e("Sh")}\n  Sh.Circle(r) => r,\n  _ => ${e()}\nend`;
    }
  }

  private boolExpr(d: number): string {
    const e = (t: Ty) => this.expr(t, d - 1);
    switch (this.int(10)) {
      case 9: {
        const special = this.pick(SPECIAL_FLOATS);
        const other = e(this.pick<Ty>(["int", "float"]));
        const [x, y] = this.chance(0.5) ? [special, other] : [other, special];
        return `(${x} ${this.pick(["<", "<=", ">", ">=", "==", "!="])} ${y})`;
      }
      case 0:
      case 1: {
        const t = this.pick<Ty>(["int", "int", "float", "str"]);
        return `(${e(t)} ${this.pick(["<", "<=", ">", ">=", "==", "!="])} ${e(t)})`;
      }
      case 2:
        return `(${e("bool")} ${this.pick(["and", "or"])} ${e("bool")})`;
      case 3:
        return `!${e("bool")}`;
      case 4: {
        const t = this.pick<Ty>(["arr", "tup", "P", "Sh", "opt", "int"]);
        return `(${e(t)} ${this.pick(["==", "!="])} ${e(t)})`;
      }
      case 5:
        return `${e("str")}.${this.pick(["contains", "starts_with", "ends_with"])}(${e("str")})`;
      case 6:
        return `${e("opt")}.is_some()`;
      case 7:
        return `${e("int")}.${this.pick(["is_even()", "is_odd()"])}`;
      default:
        return `(${e("int")} == ${e("float")})`;
    }
  }

  private strExpr(d: number): string {
    const e = (t: Ty = "str") => this.expr(t, d - 1);
    switch (this.int(9)) {
      case 0:
      case 1:
        return `(${e()} + ${e()})`;
      case 2:
        return `(${e("bool")} as str)`;
      case 3:
        return `(${e(this.pick<Ty>(["int", "float", "P", "Sh"]))} as str)`;
      case 4:
        return `${e()}.${this.pick(["to_upper()", "to_lower()", "trim()"])}`;
      case 5:
        return `${e()}.substring(${this.pick(["0", "1", "2"])}, ${this.pick(["1", "2", "3"])})`;
      case 6:
        return `${e("arr")}.join(${this.pick(['", "', '"-"', '""'])})`;
      case 7:
        return `${e("tup")}.1`;
      default:
        return `${e()}.repeat(${this.pick(["0", "1", "2", "-1"])})`;
    }
  }

  private arrExpr(d: number): string {
    const e = (t: Ty = "int") => this.expr(t, d - 1);
    switch (this.int(6)) {
      case 0:
      case 1:
        return `[${Array.from({ length: this.int(4) }, () => e()).join(", ")}]`;
      case 2:
        return `${e("arr")}.map(${e("fn")})`;
      case 3:
        return `${e("arr")}.filter((v) => ${this.withLambdaVar(() => this.expr("bool", d - 1))})`;
      case 4:
        return `${e("arr")}.${this.pick(["reverse()", "sort()", "take(2)", "drop(1)"])}`;
      default:
        return `(0..${this.pick(["0", "3", "5"])}).to_array()`;
    }
  }

  private withLambdaVar(body: () => string): string {
    return this.withScope(() => {
      this.declare("v", "int", false);
      this.fnDepth++;
      const saveLoop = this.loopDepth;
      this.loopDepth = 0;
      try {
        return body();
      } finally {
        this.fnDepth--;
        this.loopDepth = saveLoop;
      }
    });
  }

  private shExpr(d: number): string {
    switch (this.int(3)) {
      case 0:
        return `Sh.Circle(${this.expr("float", d - 1)})`;
      case 1:
        return `Sh.Rect(${this.expr("int", d - 1)}, ${this.expr("int", d - 1)})`;
      default:
        return "Sh.Empty";
    }
  }

  private optExpr(d: number): string {
    switch (this.int(4)) {
      case 0:
        return `Some(${this.expr("int", d - 1)})`;
      case 1:
        return `${this.expr("arr", d - 1)}.get(${this.pick(["0", "1", "5", "-1"])})`;
      case 2:
        return `${this.expr("arr", d - 1)}.${this.pick(["first()", "last()", "pop()"])}`;
      default:
        return "None";
    }
  }

  private fnExpr(d: number): string {
    const unary = this.fns.filter((f) => f.arity === 1 && f.name !== "rec");
    if (this.chance(0.3) && unary.length > 0) return this.pick(unary).name;
    return `((v) => ${this.withLambdaVar(() => this.expr("int", d - 1))})`;
  }

  // ---- statements ----
  private printStmt(): string {
    const ty = this.pick<Ty>([
      "int",
      "int",
      "float",
      "bool",
      "str",
      "arr",
      "tup",
      "P",
      "Sh",
      "opt",
    ]);
    return `println(${this.expr(ty, 2 + this.int(2))})`;
  }

  stmt(d: number): string {
    const k = this.int(d <= 0 ? 4 : 14);
    switch (k) {
      case 0:
      case 1:
        return this.printStmt();
      case 2: {
        const ty = this.pick<Ty>(["int", "int", "float", "str", "arr", "P", "bool", "opt", "fn"]);
        const mutable = this.chance(0.5);
        const name = this.fresh("x");
        const s = `${mutable ? "var" : "let"} ${name} = ${this.expr(ty, 2)}`;
        this.declare(name, ty, mutable);
        return s;
      }
      case 3:
        return this.assignStmt();
      case 4:
        return this.ifStmt(d);
      case 5:
        return this.whileStmt(d);
      case 6:
        return this.forStmt(d);
      case 7:
      case 8:
        return this.tryStmt(d);
      case 9: {
        const a = this.fresh("a");
        const b = this.fresh("b");
        const s = `let (${a}, ${b}) = ${this.expr("tup", 2)}`;
        this.declare(a, "int", false);
        this.declare(b, "str", false);
        return s;
      }
      case 10:
        return this.loopDepth > 0 && this.chance(0.6)
          ? `if ${this.expr("bool", 1)} then ${this.pick(["break", "continue"])} end`
          : this.printStmt();
      case 11: {
        const arrs = this.vars("arr");
        if (arrs.length === 0) return this.printStmt();
        const a = this.pick(arrs).name;
        return this.pick([
          `${a}.push(${this.expr("int", 1)})`,
          `${a}[${this.pick(["0", "1", "-1", "2"])}] = ${this.expr("int", 1)}`,
          `${a}[0] += ${this.expr("int", 1)}`,
        ]);
      }
      case 12: {
        if (this.chance(0.3)) return this.interpolation();
        const ps = this.vars("P");
        if (ps.length === 0) return this.printStmt();
        return `${this.pick(ps).name}.${this.pick(["x", "y"])} ${this.pick(["=", "+=", "-=", "*="])} ${this.expr("int", 1)}`;
      }
      default:
        return this.chance(0.3) ? this.closureStmt() : this.featureStmt();
    }
  }

  /** Small programs around one construct each, with random values plugged in. */
  private featureStmt(): string {
    const i = () => this.expr("int", 1);
    const n = this.fresh("z");
    const top = this.scopes.length === 1;
    let k = this.int(17);
    if (!top && (k === 3 || k === 11)) k = 0; // types and impls only at the top level
    switch (k) {
      case 0: // closures capture each iteration's variables
        return `let ${n} = []\nfor j in 0..3 do\n  let m = j * ${i()}\n  ${n}.push(() => m + j)\nend\nprintln(${n}.map((f) => f()))`;
      case 1: // finally runs on break and continue
        return `for j in 0..4 do\n  try\n    if j == 1 then continue end\n    if j == 3 then break end\n    println(j * ${i()})\n  finally\n    println("fin {j}")\n  end\nend`.replace(
          'println("fin {j}")',
          'println~("fin {j}")',
        );
      case 13: // return and break inside finally blocks
        return `fn ${n}(v)\n  try\n    return v\n  finally\n    if v > ${i()} then return 0 end\n  end\nend\nprintln(${n}(${i()}))\nfor j in 0..3 do\n  try\n    println(j)\n  finally\n    if j == 1 then break end\n  end\nend`;
      case 2: // finally runs on return; the catch sees the error
        return `fn ${n}(v)\n  try\n    if v > 0 then return v * 2 end\n    v / 0\n  catch e\n    println(e.kind)\n    -1\n  finally\n    println("done")\n  end\nend\nprintln(${n}(${i()}))\nprintln(${n}(0))`;
      case 3: // a user iterator
        return `struct ${n.toUpperCase()}\n  cur: i64,\n  stop: i64\nend\nimpl ${n.toUpperCase()}\n  fn next(self)\n    if self.cur >= self.stop then\n      None\n    else\n      self.cur += 1\n      Some(self.cur)\n    end\n  end\nend\nfor v in ${n.toUpperCase()}(cur: ${this.pick(["0, stop: 2", "-2, stop: 0", "9223372036854775805, stop: 9223372036854775807", "3, stop: 1"])}) do\n  println(v)\nend`;
      case 4: // Result and ?
        return `fn ${n}(v)\n  let a = (if v > 0 then Ok(v) else Err("neg {v}") end)?\n  Ok(a + 1)\nend\nprintln(${n}(${i()}))\nprintln(${n}(${i()}).is_ok())`.replace(
          '"neg {v}"',
          '"neg " + (v as str)',
        );
      case 5: // pipes and let … in
        return `fn ${n}(a, b) => a * 10 + b\nprintln(${i()} |> ${n}(3))\nprintln(let q = ${i()} in q |> ((v) => v - 1))`;
      case 6: // array methods with functions
        return `let ${n} = [${i()}, 3, ${i()}, -4]\nprintln(${n}.reduce(0, (a, b) => a + b))\nprintln((${n}.any((v) => v > 2), ${n}.all((v) => v != 0)))\nprintln(${n}.sort((a, b) => b - a))\nprintln(${n}.enumerate().map((t) => t.0 * t.1))\nprintln(${n}.zip(${n}.reverse()))`;
      case 7: // chars and strings by scalar
        return `let ${n} = "${this.pick(["héllo", "🎉ab", "xyz", "ÅÄÖ"])}"\nprintln(${n}[${this.pick(["0", "1", "4", "9"])}])\nprintln(${n}.chars().map((c) => c.to_int()))\nprintln((${n}.index_of("${this.pick(["l", "b", "z", "Ö"])}"), ${n}.len(), ${n} < "hz", ${n}.char_at(1)))\nprintln((${n}.split("").len(), ${n}.to_upper()))`;
      case 8: // structural equality and printing of nested values
        return `let ${n} = [P(x: ${i()}, y: 2), P(x: 1, y: 2)]\nprintln((${n}[0] == ${n}[1], ${n} == [P(x: 1, y: 2), P(x: 1, y: 2)]))\nprintln((${n}, Sh.Rect(1, 2), Some(None)))\nlet c${n} = [1]\nc${n}.push(c${n})\nprintln(c${n})`;
      case 9: // assert~ / panic~ / throw inside try
        return `try\n  ${this.pick([`assert~(${this.expr("bool", 1)}, "bad")`, `panic~(${i()})`, `throw Sh.Rect(${i()}, 1)`, `assert~(${this.expr("bool", 1)})`])}\n  println("ok")\ncatch e\n  println((e.kind, e.message))\nend`.replace(
          "println((e.kind, e.message))",
          "println((e.kind, e.message, e.value))",
        );
      case 10: // float formatting and conversions
        return `let ${n} = ${this.expr("float", 2)}\nprintln((${n}, ${n} as f32, ${n} * 1000000.0, ${n} / 3.0))\nprintln((${n}.is_nan(), ${n}.to_int()))`;
      case 11: // methods on enums and shadowing
        return `impl Sh\n  fn area${n}(self) => match self\n    Sh.Circle(r) => r * r,\n    Sh.Rect(a, b) => (a * b) as f64,\n    Sh.Empty => 0.0\n  end\nend\nprintln(${this.expr("Sh", 1)}.area${n}())`;
      case 12: // integer limits through methods and casts
        return `let ${n} = ${i()}\nprintln((${n}.abs(), ${n} as i8, ${n} as u64, ${n} *^ 2, ${n}.pow(3), (${n} as f64) as i64))`;
      case 15: // float locals the optimizer keeps in the float bank
        return this.floatBank(n);
      case 16: {
        // a closure made in a try body outlives the error, the handler and a finally
        const handler = this.pick([
          "catch e\n    let d = [e.message, e.message]\n    println(d.len())",
          "finally\n    let d = [1, 2, 3]\n    println(d.len())",
        ]);
        return [
          `var ${n} = () => 0`,
          `fn f${n}(v)`,
          `  try`,
          `    let c = v * 2`,
          `    ${n} = () => c + v`,
          `    if v ${this.pick([">", "<", "!="])} 0 then throw "t" end`,
          `  ${handler}`,
          `  end`,
          `  let w = [v, v]`,
          `  w.len()`,
          `end`,
          `try println(f${n}(${i()})) catch e println(e.kind) end`,
          `println(${n}())`,
        ].join("\n");
      }
      default: // nested functions, recursion and shadowing (k = 14)
        return `fn ${n}(v)\n  fn inner(k) => if k <= 0 then 0 else k + inner(k - 1) end\n  let v = v % 50\n  inner(v)\nend\nprintln(${n}(${i()}))`;
    }
  }

  /**
   * Float-only arithmetic over two `var`s, compares and compound assignment in a loop: every
   * value is float-typed, so -O1 keeps both in the float bank (compiler/float-locals.ts).
   */
  private floatBank(n: string): string {
    const [a, b] = [`${n}a`, `${n}b`];
    const lits = ["0.5", "-1.5", "2.0", "0.1", "-0.0", "0.0", "1000000000000000000000.0"];
    const ints = ["3", "-2", "0", "9007199254740993"];
    const fe = (vars: string[], d: number): string => {
      if (d <= 0 || this.chance(0.3)) {
        const k = this.int(3);
        if (k === 0 && vars.length > 0) return this.pick(vars);
        if (k === 1) return `(${this.expr("int", 1)} as f64)`;
        return lit(this.pick(lits));
      }
      if (this.chance(0.15)) return `(-${fe(vars, d - 1)})`;
      const op = this.pick(["+", "-", "*", "/"]);
      const right = this.chance(0.25) ? lit(this.pick(ints)) : fe(vars, d - 1);
      return `(${fe(vars, d - 1)} ${op} ${right})`;
    };
    const cmp = () => this.pick(["<", "<=", ">", ">="]);
    const right = () => (this.chance(0.5) ? lit(this.pick([...lits, ...ints])) : fe([a, b], 1));
    return [
      `var ${a} = ${fe([], 2)}`,
      `var ${b} = ${fe([a], 2)}`,
      `for j in 0..${this.pick(["3", "6"])} do`,
      `  ${a} = ${fe([a, b], 2)}`,
      `  if ${fe([a, b], 1)} ${cmp()} ${right()} then`,
      `    ${b} = ${fe([a, b], 2)}`,
      `  else`,
      `    ${b} ${this.pick(["+=", "-=", "*="])} ${fe([a], 1)}`,
      `  end`,
      `  if ${a} ${cmp()} ${right()} then break end`,
      `end`,
      `println((${a}, ${b}, ${a} == ${b}))`,
    ].join("\n");
  }

  /** `println~` with `{expr}` holes: the holes hold names and numbers only (no `"` inside). */
  private interpolation(): string {
    const named = this.scopes.flat().filter((v) => v.ty !== "fn");
    const hole = () =>
      named.length > 0 && this.chance(0.8) ? this.pick(named).name : this.pick(EDGE_INTS);
    return `println~("a{${hole()}}b {{x}} {${hole()}}")`;
  }

  private assignStmt(): string {
    const muts = this.scopes.flat().filter((v) => v.mutable);
    if (muts.length === 0) return this.printStmt();
    const v = this.pick(muts);
    const compound = (v.ty === "int" || v.ty === "float") && this.chance(0.5);
    return compound
      ? `${v.name} ${this.pick(["+=", "-=", "*=", "/=", "%="])} ${this.expr(v.ty, 1)}`
      : `${v.name} = ${this.expr(v.ty, 2)}`;
  }

  private block(d: number, n = 1 + this.int(3)): string {
    return this.withScope(() =>
      Array.from({ length: n }, () => this.indent(this.stmt(d - 1))).join("\n"),
    );
  }

  private ifStmt(d: number): string {
    const c = this.expr("bool", 2);
    const t = this.block(d);
    if (this.chance(0.5)) return `if ${c} then\n${t}\nend`;
    // An else block starting with `if` would read as an `else if` chain (one shared `end`).
    const e = this.block(d).replace(/^ {2}if /, '  println("else")\n  if ');
    return `if ${c} then\n${t}\nelse\n${e}\nend`;
  }

  private loopBody(d: number, pre = ""): string {
    this.loopDepth++;
    try {
      return (pre ? this.indent(pre) + "\n" : "") + this.block(d);
    } finally {
      this.loopDepth--;
    }
  }

  private whileStmt(d: number): string {
    const i = this.fresh("i");
    const bound = this.pick(["0", "1", "3", "5"]);
    // The counter is incremented first so `continue` cannot skip it.
    const cond = this.chance(0.5) ? ` and ${this.expr("bool", 1)}` : "";
    const s = `var ${i} = 0\nwhile ${i} < ${bound}${cond} do\n${this.loopBody(d, `${i} += 1`)}\nend`;
    this.declare(i, "int", false); // assignable only by its loop
    return s;
  }

  private forStmt(d: number): string {
    const x = this.fresh("k");
    const src = this.pick([
      () => `0..${this.pick(["0", "2", "4"])}`,
      () =>
        `${this.pick(["-2", "9223372036854775805"])}..=${this.pick(["0", "9223372036854775807"])}`,
      () => `${this.expr("arr", 1)}.take(6)`,
      () => `${this.pick(STRINGS)}`,
    ])();
    const isStr = src.startsWith('"');
    return this.withScope(() => {
      this.declare(x, isStr ? "str" : "int", false);
      // a string loop variable is a char: only print it
      if (isStr) {
        this.scopes[this.scopes.length - 1]!.pop();
        return `for ${x} in ${src} do\n${this.loopBody(d, `print(${x})`)}\nend\nprintln()`;
      }
      // bound long ranges: break after a few rounds
      const guard = `if ${x} > ${this.pick(["1", "3"])} and ${x} < 9223372036854775800 then break end`;
      return `for ${x} in ${src} do\n${this.loopBody(d, src.includes("..=") ? `${guard}\nprintln(${x})` : "")}\nend`;
    });
  }

  private tryStmt(d: number): string {
    const e = this.fresh("e");
    const body = this.withScope(() => {
      const inner = this.block(d);
      return this.chance(0.3)
        ? `${inner}\n  throw ${this.expr(this.pick<Ty>(["int", "str", "P", "Sh"]), 1)}`
        : inner;
    });
    const handler = `  println(${e}.kind)\n  println(${e}.value)`;
    const fin = this.chance(0.3) ? `\nfinally\n  println("finally")` : "";
    return `try\n${body}\ncatch ${e}\n${handler}${fin}\nend`;
  }

  private closureStmt(): string {
    const c = this.fresh("c");
    const mk = this.fresh("mk");
    const s = [
      `fn ${mk}(start)`,
      `  var n = start`,
      `  () => do`,
      `    n += ${this.pick(["1", "2", "-1", "4611686018427387904"])}`,
      `    n`,
      `  end`,
      `end`,
      `let ${c} = ${mk}(${this.expr("int", 1)})`,
      `println(${c}())`,
      `println(${c}())`,
    ].join("\n");
    return s;
  }

  // ---- top level ----
  private fnDecl(): string {
    const name = this.fresh("f");
    const arity = 1 + this.int(2);
    const params = Array.from({ length: arity }, (_, i) => `p${i}`);
    const body = this.withScope(() => {
      for (const p of params) this.declare(p, "int", false);
      this.fnDepth++;
      const saveLoop = this.loopDepth;
      this.loopDepth = 0;
      try {
        const stmts = Array.from({ length: this.int(3) }, () => this.indent(this.stmt(1)));
        const early = this.chance(0.3)
          ? [this.indent(`if ${this.expr("bool", 1)} then return ${this.expr("int", 1)} end`)]
          : [];
        // In parentheses: a line starting with `[` would continue the previous statement.
        return [...stmts, ...early, this.indent(`(${this.expr("int", 2)})`)].join("\n");
      } finally {
        this.fnDepth--;
        this.loopDepth = saveLoop;
      }
    });
    this.fns.push({ name, arity });
    return `fn ${name}(${params.join(", ")})\n${body}\nend`;
  }

  private optFn(): string {
    const name = this.fresh("q");
    const body = this.withScope(() => {
      this.declare("a", "arr", false);
      return `  let v = a.get(${this.pick(["0", "1", "3"])})?\n  Some(v * ${this.expr("int", 1)})`;
    });
    return `fn ${name}(a)\n${body}\nend\nprintln(${name}(${this.expr("arr", 1)}))`;
  }

  /** A whole program as chunks (each chunk is self-contained given the earlier ones). */
  program(): string[] {
    const chunks: string[] = [
      [
        "struct P",
        "  x: i64,",
        "  y: i64",
        "end",
        "impl P",
        "  fn sum(self) => self.x + self.y",
        "  fn origin() => P(x: 0, y: 0)",
        "end",
        "enum Sh",
        "  Circle(f64),",
        "  Rect(i64, i64),",
        "  Empty",
        "end",
        "fn rec(n) => if n <= 0 then 0 else n + rec(n - 1) end",
      ].join("\n"),
    ];
    this.fns.push({ name: "rec", arity: 1 });
    const n = 2 + this.int(6);
    for (let i = 0; i < n; i++) {
      const k = this.int(10);
      if (k === 0) chunks.push(this.fnDecl());
      else if (k === 1) chunks.push(this.optFn());
      else if (this.chance(0.5)) chunks.push(this.stmt(2));
      else {
        // Guarded: a runtime error here does not end the program.
        const body = this.withScope(() => this.indent(this.stmt(2)));
        chunks.push(`try\n${body}\ncatch e\n  println(e.kind)\nend`);
      }
    }
    return chunks;
  }
}

export function generateProgram(seed: number): string[] {
  return new ProgramGen(seed).program();
}
