// Regression tests for every bug of the reference register VM (research/reference-vm.md §7):
// each program is the one that exposed the bug there, with the intended result.
import { describe, expect, it } from "vitest";
import { runVeld } from "../helpers/veld.js";

const many = Array.from({ length: 10 }, (_, i) => `v${i + 1}`);
const CASES: [bug: string, source: string, stdout: string][] = [
  [
    "1: enum match tests the variant",
    `enum Many(${many.join(", ")})\nprintln(match Many.v5\n${many.map((v, i) => `  Many.${v} => ${i + 1}`).join("\n")}\nend)`,
    "5\n",
  ],
  [
    "1: Result.err against an ok arm first",
    "enum R\n  ok(i64),\n  err(i64)\nend\nprintln(match R.err(404)\n  R.ok(val) => val * 2\n  R.err(code) => code\nend)",
    "404\n",
  ],
  [
    "1: None against a Some arm first",
    "println(match None\n  Some(x) => x\n  None => -1\nend)",
    "-1\n",
  ],
  [
    "2: break in while",
    "var i = 0\nwhile true do\n  i += 1\n  if i == 3 then break end\nend\nprintln(i)",
    "3\n",
  ],
  [
    "3: power(2, 10)",
    "fn power(b, e)\n  var r = 1\n  var i = 0\n  while i < e do\n    r = r * b\n    i = i + 1\n  end\n  r\nend\nprintln(power(2, 10))",
    "1024\n",
  ],
  [
    "3: gcd(48, 18)",
    "fn gcd(a, b) => if b == 0 then a else gcd(b, a % b) end\nprintln(gcd(48, 18))",
    "6\n",
  ],
  ["3: add(x, 7)", "fn add(a, b) => a + b\nlet x = 5\nprintln(add(x, 7))", "12\n"],
  [
    "3: unwrap_or(some_val, 0)",
    "fn unwrap_or(o, d) => match o\n  Some(v) => v\n  None => d\nend\nlet some_val = Some(4)\nprintln(unwrap_or(some_val, 0))",
    "4\n",
  ],
  [
    "4: counter closure",
    "fn make_counter()\n  var n = 0\n  () => do\n    n += 1\n    n\n  end\nend\nlet c = make_counter()\nprintln(c())\nprintln(c())\nprintln(c())",
    "1\n2\n3\n",
  ],
  [
    "5: open upvalues alias the variable",
    "fn f()\n  var x = 1\n  let get = () => x\n  x = 5\n  get()\nend\nprintln(f())",
    "5\n",
  ],
  [
    "6: three-level capture",
    "fn outer(a)\n  fn mid(b)\n    (c) => a + b + c\n  end\n  mid\nend\nprintln(outer(1)(10)(100))",
    "111\n",
  ],
  ["7: parameters shadow outer names", "let x = 100\nfn f(x) x + 1 end\nprintln(f(1))", "2\n"],
  [
    "8: struct literal fields keep their values",
    "struct Point(x: i64, y: i64);\nlet p = Point(x: 10, y: 20)\nprintln(p.x + p.y)",
    "30\n",
  ],
  ["9: lambdas capture", "let k = 5\nlet f = (a) => a + k\nprintln(f(1))", "6\n"],
  [
    "10: nested recursion, mutual recursion, forward calls",
    "println(later(3))\nfn later(n) => ping(n)\nfn ping(n) => if n == 0 then 0 else pong(n - 1) + 1 end\nfn pong(n) => if n == 0 then 0 else ping(n - 1) + 1 end\nfn outer()\n  fn fact(n) => if n == 0 then 1 else n * fact(n - 1) end\n  fact(5)\nend\nprintln(outer())",
    "3\n120\n",
  ],
  ["11: top-level redeclaration", "let x = 1\nlet x = 2\nprintln(x)", "2\n"],
  ["12: the program prints only what it prints", "let x = 1 + 2", ""],
  [
    "13: match as a function's last statement",
    'fn f(n)\n  match n\n    1 => "one"\n    _ => "many"\n  end\nend\nprintln(f(1))',
    "one\n",
  ],
  [
    "14: short-circuit and/or",
    "println(false and (1 / 0 == 0))\nprintln(true or (1 / 0 == 0))",
    "false\ntrue\n",
  ],
  ["15: char + str", 'var out = ""\nfor c in "abc" do out = c + out end\nprintln(out)', "cba\n"],
  [
    "16: struct printing is in declaration order",
    "struct S(z: i64, a: i64, m: i64);\nprintln(S(m: 3, a: 2, z: 1))",
    "S(z: 1, a: 2, m: 3)\n",
  ],
  [
    "17: more than 256 constants, then a field name",
    `struct P(x: i64, y: i64);\nfn f(p)\n  var s = 0\n${Array.from({ length: 300 }, (_, i) => `  s = s + ${100000 + i}`).join("\n")}\n  s + p.y\nend\nprintln(f(P(x: 1, y: 2)))`,
    `${Array.from({ length: 300 }, (_, i) => 100000 + i).reduce((a, b) => a + b, 0) + 2}\n`,
  ],
  [
    "18: iterating a large array is linear",
    "let a = []\nfor i in 0..200000 do a.push(i) end\nvar s = 0\nfor x in a do s += x end\nprintln(s)",
    "19999900000\n",
  ],
];

describe("bugs of the reference VM stay fixed", () => {
  for (const [bug, source, stdout] of CASES) {
    it.each([0, 1] as const)(`${bug} (-O%i)`, (optimize) => {
      const out = runVeld(source, [], optimize);
      expect(out.error ? `${out.error}: ${out.message}` : null).toBeNull();
      expect(out.stdout).toBe(stdout);
    });
  }
});
