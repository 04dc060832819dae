// The REPL session (tools/repl/session.ts) driven in memory: persistence of every kind of
// definition, no replayed side effects, rollback on errors, diagnostics and frames in the
// coordinates of the input that holds them, multi-line completeness, :dis.

import { describe, expect, it } from "vitest";
import { isIncomplete, ReplSession, type ReplOptions } from "../../tools/repl/session.js";

function session(options: ReplOptions = {}) {
  const io = { out: "", err: "" };
  const s = new ReplSession(
    { write: (t) => void (io.out += t), writeErr: (t) => void (io.err += t) },
    options,
  );
  /** Evaluates inputs in turn; returns stdout and stderr of the last one only. */
  const feed = (...inputs: string[]) => {
    let status = "";
    for (const input of inputs) {
      io.out = "";
      io.err = "";
      status = s.eval(input);
    }
    return { out: io.out, err: io.err, status };
  };
  return { s, feed, io };
}

describe("state between inputs", () => {
  it("keeps variables and their updates", () => {
    const { feed } = session();
    expect(feed("var x = 1", "x += 1", "x").out).toBe("2\n");
  });

  it("does not repeat earlier side effects", () => {
    const { s, io } = session();
    let all = "";
    for (const input of ['println("once")', "let a = 40", "a + 2", 'println("twice?")', "a"]) {
      s.eval(input);
      all += io.out;
      io.out = "";
    }
    expect(all).toBe("once\n42\ntwice?\n40\n");
  });

  it("keeps functions, recursion and closures with their captured state", () => {
    const { feed } = session();
    expect(feed("fn fact(n) => if n <= 1 then 1 else n * fact(n - 1) end", "fact(20)").out).toBe(
      "2432902008176640000\n",
    );
    const counter = "let next = do\n  var n = 0\n  fn() => do\n    n += 1\n    n\n  end\nend";
    expect(feed(counter, "next()", "next()", "next()").out).toBe("3\n");
  });

  it("keeps structs, methods and enums, and matches values made earlier", () => {
    const { feed } = session();
    const out = feed(
      "struct P x: int, y: int end",
      "impl P\n  fn sum(self) => self.x + self.y\nend",
      "enum Shape Dot, Box(int) end",
      "let p = P(x: 3, y: 4)",
      "let s = Shape.Box(7)",
      "match s\n  Shape.Box(n) => n + p.sum()\n  Shape.Dot => 0\nend",
    ).out;
    expect(out).toBe("14\n");
    expect(feed("p").out).toBe("P(x: 3, y: 4)\n");
  });

  it("echoes values in a form that tells kinds apart, and nothing for ()", () => {
    const { feed } = session();
    expect(feed('"42"').out).toBe('"42"\n');
    expect(feed("42").out).toBe("42\n");
    expect(feed("42.0").out).toBe("42.0\n");
    expect(feed("'4'").out).toBe("'4'\n");
    expect(feed('"say \\"hi\\"\\n"').out).toBe('"say \\"hi\\"\\n"\n');
    expect(feed('[1.0, 2.5, "a", (\'b\', Some("c"))]').out).toBe(
      '[1.0, 2.5, "a", (\'b\', Option.Some("c"))]\n',
    );
    expect(feed("()").out).toBe("");
    expect(feed('println("x")').out).toBe("x\n");
    expect(feed("let y = 5").out).toBe("");
  });

  it("separates inputs so one cannot continue another", () => {
    const { feed } = session();
    // Joined as text, `x` then `- 1` would read as `x - 1`.
    expect(feed("let x = 5", "x", "- 1", "x").out).toBe("5\n");
    expect(feed("let y = 1;", "y").out).toBe("1\n");
  });

  it("replays the clock instead of reading it again", () => {
    let t = 1000;
    const { feed } = session({ now: () => (t += 1000) });
    expect(feed("let t0 = std.time.now()", "t0").out).toBe("2000\n");
    expect(feed("std.time.now() - t0").out).toBe("1000\n");
  });
});

describe("limits", () => {
  it("gives each input its own step budget (replaying earlier inputs is not charged)", () => {
    const { feed } = session({ maxSteps: 20_000 });
    for (let i = 0; i < 4; i++) {
      expect(feed(`var n${i} = 0\nwhile n${i} < 2000 do n${i} += 1 end\nn${i}`).out).toBe("2000\n");
    }
    const r = feed("while true do end");
    expect(r.err).toMatch(/^error\[LimitExceeded\]/);
    expect(feed("n3").out).toBe("2000\n");
  });
});

describe("top-level return", () => {
  it("ends that input only; later inputs still run", () => {
    const { feed } = session();
    const r = feed("let a = 1", 'println("before")\nif a == 1 then return end\nprintln("after")');
    expect(r.out).toBe("before\n");
    expect(feed("a + 1").out).toBe("2\n");
    expect(feed('println("later")').out).toBe("later\n");
  });

  it("keeps functions that return, and the declarations of a returning input", () => {
    const { feed } = session();
    expect(feed("fn g(x)\n  return x * 2\nend", "g(4)").out).toBe("8\n");
    feed("fn h() => 3\nreturn");
    expect(feed("h() + g(1)").out).toBe("5\n");
  });
});

describe("errors", () => {
  it("reports a runtime error and keeps what the input did before it (as lua and node)", () => {
    const { feed } = session();
    const r = feed("var y = 1", "y = 5\n1 / 0");
    expect(r.status).toBe("error");
    expect(r.err).toBe("error[DivisionByZero]: division by zero\n  at <main> (<repl:2>:2:1)\n");
    expect(feed("y").out).toBe("5\n");
    // A variable whose initializer failed does not exist.
    expect(feed("let z = 1 / 0").status).toBe("error");
    expect(feed("z").err).toContain("error[E0301]");
  });

  it("keeps the declarations of an input that failed", () => {
    const { feed } = session();
    expect(feed("fn half(n) => n / 2\nhalf(1) / 0").status).toBe("error");
    expect(feed("half(10)").out).toBe("5\n");
  });

  it("shows frames in the input that holds them", () => {
    const { feed } = session();
    const r = feed("fn bad(n) => n / 0", "let ok = 1", "bad(3)");
    expect(r.err).toBe(
      "error[DivisionByZero]: division by zero\n" +
        "  at bad (<repl:1>:1:14)\n" +
        "  at <main> (<repl:3>:1:1)\n",
    );
  });

  it("renders diagnostics against the input as typed", () => {
    const { feed } = session();
    const r = feed("let a = 1", "let b = a +\n  nope");
    expect(r.status).toBe("diagnostics");
    expect(r.err).toContain("<repl:2>:2:3: error[E0301]: cannot find `nope` in this scope");
    expect(r.err).toContain("2 |   nope\n  |   ^^^^");
    // The failed input defined nothing.
    expect(feed("b").err).toContain("error[E0301]");
  });

  it("lets a new definition replace an old one, for earlier callers too", () => {
    const { feed } = session();
    expect(feed("fn f() => 1", "fn g() => f() * 10", "fn f() => 2").err).toBe("");
    expect(feed("g()").out).toBe("20\n");
    expect(feed("var v = 1", 'var v = "s"', "v").out).toBe('"s"\n');
    expect(feed("struct P x: int end", "let p = P(x: 1)", "struct P x: int, y: int end").err).toBe(
      "",
    );
    expect(feed("P(x: 1, y: 2)").out).toBe("P(x: 1, y: 2)\n");
    expect(feed("p").out).toBe("P(x: 1)\n");
    // Within one input the language's rules hold, as in a file.
    expect(feed("fn h() => 1\nfn h() => 2").err).toContain("error[E0314]");
  });

  it("keeps a shadowed top-level let apart from its shadow, as in a file", () => {
    const { feed } = session();
    expect(feed("let x = 1\nlet f = () => x\nlet x = 2\nf() * 10 + x").out).toBe("12\n");
    expect(feed("f()", "x").out).toBe("2\n");
    expect(feed("f()").out).toBe("1\n");
    expect(feed("let x = 3", "f() + x").out).toBe("4\n");
  });

  it("takes mutually recursive functions in one input", () => {
    const { feed } = session();
    const tour =
      "fn is_even(n) => if n == 0 then true else is_odd(n - 1) end\n" +
      "fn is_odd(n) => if n == 0 then false else is_even(n - 1) end";
    expect(feed(tour, "is_even(10)").out).toBe("true\n");
  });

  it("holds more than 256 session globals (1,000 lets)", () => {
    const { s, io } = session();
    for (let i = 0; i < 1000; i++) s.eval(`let v${i} = ${i}`);
    expect(io.err).toBe("");
    s.eval("v0 + v999 + v500");
    expect(io.out).toBe("1499\n");
  });

  it("runs an input once: later inputs do not pay for earlier ones", () => {
    const { feed } = session({ maxSteps: 20_000 });
    expect(feed("var n = 0\nwhile n < 1000 do n += 1 end").err).toBe("");
    for (let i = 0; i < 5; i++) expect(feed("n += 1\nn").out).toBe(`${1001 + i}\n`);
  });

  it("stops an input when interrupted and keeps the session", () => {
    let polls = 0;
    const { feed } = session({ interrupt: () => ++polls > 3 });
    const r = feed("var i = 0", "while true do i += 1 end");
    expect(r.err).toMatch(/^error\[LimitExceeded\]: interrupted/);
    polls = -1_000_000;
    expect(Number(feed("i").out)).toBeGreaterThan(0);
  });

  it("ends unterminated output with a newline before the echo or an error", () => {
    const { feed } = session();
    expect(feed('print("abc")\n42').out).toBe("abc\n42\n");
    expect(feed('print("x")').out).toBe("x");
    const r = feed('print("y")\n1 / 0');
    expect(r.out).toBe("y\n");
  });

  it("reports parse errors with carets", () => {
    const { feed } = session();
    const r = feed("let x = 1 )");
    expect(r.err).toMatch(/^<repl:1>:1:11: error\[E0201\]/);
    expect(r.err).toContain("^");
  });
});

describe("completeness", () => {
  it.each([
    "fn f(x)",
    "if true then",
    "1 +",
    "[1, 2",
    "foo(1,",
    "add(\n  10",
    "match x",
    "struct P",
    "#[[ open comment",
    'let s = "two\nlines',
    "let s = do\n  1",
  ])("%j needs more lines", (text) => {
    expect(isIncomplete(text)).toBe(true);
  });

  it.each(["1 + 2", "fn f(x) => x", "x end", "let = 3", "1 )", "", "# comment"])(
    "%j is complete (or wrong)",
    (text) => {
      expect(isIncomplete(text)).toBe(false);
    },
  );
});

describe(":dis", () => {
  it("lists a session function's own code", () => {
    const { s, feed } = session();
    feed("fn f(n) => n * 3 + 1");
    const listing = s.disassemble("f")!;
    expect(listing).toMatch(/^\.function F\d+ "f"/);
    expect(listing).toMatch(/MUL/);
    expect(listing).not.toContain("GETGLOBAL");
  });

  it("lists the bytecode of an expression over session globals", () => {
    const { s, feed } = session();
    feed("let k = 41");
    const listing = s.disassemble("k + 1")!;
    expect(listing).toMatch(/^\.function F\d+ "__expr"/);
    expect(listing).toContain("GETGLOBAL");
    expect(listing).toMatch(/ADDI\s+R\d+, R\d+, 1/);
    expect(listing.trimEnd().endsWith(".end")).toBe(true);
  });

  it("includes nested functions and reports bad expressions", () => {
    const { s, io } = session();
    const listing = s.disassemble("[1, 2].map(x => x * 2)")!;
    expect(listing.match(/^\.function /gm)).toHaveLength(2);
    expect(s.disassemble("missing + 1")).toBeUndefined();
    expect(io.err).toContain("<dis>:1:1: error[E0301]");
  });
});
