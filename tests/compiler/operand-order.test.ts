// Operands run left to right (spec/language.md §5): a local's value is the one it has when
// its operand is evaluated, so the compiler copies a local when a later operand of the same
// expression may assign it (`codegen.operand`, `float-bank.foperand`) — directly in a `do`
// block, or through a closure that captured it. Each program runs at -O0 and -O1 and must
// print what the tree-walker prints.

import { describe, expect, it } from "vitest";
import { interpret } from "../../interpreter/index.js";
import { runVeld } from "../helpers/veld.js";

const POINT = "struct P\n  x: i64,\nend\n";

/** `f(a)` called with 1, its body a statement that prints. */
const CASES: [what: string, body: string, stdout: string][] = [
  ["`x + (x assigned)`", "var x = a\nprintln(x + do\n  x = 10\n  x\nend)", "11\n"],
  ["`x - (x assigned)`", "var x = a\nprintln(x - do\n  x = 10\n  1\nend)", "0\n"],
  ["`x < (x assigned)`", "var x = a\nprintln(x < do\n  x = 0\n  2\nend)", "true\n"],
  ["`x > (x assigned)`", "var x = a\nprintln(x > do\n  x = 5\n  2\nend)", "false\n"],
  ["`x == (x assigned)`", "var x = a\nprintln(x == do\n  x = 0\n  1\nend)", "true\n"],
  [
    "a branch on `x < (x assigned)`",
    "var x = a\nif x < do\n  x = 0\n  2\nend then println(x) else println(-x) end",
    "0\n",
  ],
  [
    "`arr[(arr assigned)]`",
    "var arr = [1, 2, 3]\nprintln(arr[do\n  arr = [7, 8, 9]\n  0\nend])",
    "1\n",
  ],
  [
    "`arr[i] = (i assigned)`",
    "var i = 0\nlet arr = [1, 2, 3]\narr[i] = do\n  i = 2\n  5\nend\nprintln(arr)",
    "[5, 2, 3]\n",
  ],
  [
    "`b[(b assigned)] = v`",
    "var b = [1, 2, 3]\nlet keep = b\nb[do\n  b = [0, 0]\n  1\nend] = 9\nprintln((keep, b))",
    "([1, 9, 3], [0, 0])\n",
  ],
  [
    "`b[i] = (b assigned)`",
    "var b = [1, 2, 3]\nlet keep = b\nb[0] = do\n  b = [0, 0]\n  1\nend\nprintln((keep, b))",
    "([1, 2, 3], [0, 0])\n",
  ],
  [
    "`p.x = (p assigned)`",
    "var p = P(x: 1)\nlet q = p\np.x = do\n  p = P(x: 5)\n  7\nend\nprintln((p, q))",
    "(P(x: 5), P(x: 7))\n",
  ],
  [
    "`p.x += (p assigned)`",
    "var p = P(x: 1)\nlet q = p\np.x += do\n  p = P(x: 5)\n  7\nend\nprintln((p, q))",
    "(P(x: 5), P(x: 8))\n",
  ],
  ["`x += (x assigned)`", "var x = a\nx += do\n  x = 100\n  1\nend\nprintln(x)", "2\n"],
  [
    "`c + g()` where g assigns the captured c",
    "var c = a\nlet bump = fn() => do\n  c = 50\n  c\nend\nprintln(c + bump())",
    "51\n",
  ],
  [
    "`c < g()` where g assigns the captured c",
    "var c = a\nlet bump = fn() => do\n  c = 0\n  c\nend\nprintln(c < bump())",
    "false\n",
  ],
  [
    "`[c, g()]` where g assigns the captured c",
    "var c = a\nlet bump = fn() => do\n  c = 50\n  c\nend\nprintln(arr_of(c, bump()))",
    "[1, 50]\n",
  ],
  [
    "a match subject assigned by a guard",
    "var x = a\nprintln(match x\n  1 where do\n    x = 9\n    false\n  end => x\n  1 => x * 100\n  _ => -1\nend)",
    "900\n",
  ],
  [
    "a float local times a block that assigns it",
    "var x = 0.5\nx = x * a\nx = x * do\n  x = 2.0\n  x\nend\nprintln(x)",
    "1\n",
  ],
  [
    "a float local compared with a block that assigns it",
    "var x = 0.5\nx = x * a\nprintln(x < do\n  x = 0.25\n  x * 3.0\nend)\nprintln(x)",
    "true\n0.25\n",
  ],
  [
    "a float chain over a block that assigns its local",
    "var x = 0.5\nx = x * a\nx = x * 2.0 + do\n  x = 10.0\n  x\nend\nprintln(x)",
    "11\n",
  ],
];

const PRELUDE = `${POINT}fn arr_of(u, v) => [u, v]\n`;

function program(body: string): string {
  return `${PRELUDE}fn f(a)\n  ${body.replace(/\n/g, "\n  ")}\nend\nf(1)\n`;
}

describe("operands run left to right", () => {
  for (const [what, body, stdout] of CASES) {
    it(what, () => {
      const source = program(body);
      let walked = "";
      const r = interpret(source, { write: (t) => void (walked += t) });
      expect("status" in r && r.status).toBe("ok");
      expect(walked).toBe(stdout);
      for (const optimize of [0, 1] as const) {
        const out = runVeld(source, [], optimize);
        expect({ optimize, ...out }).toEqual({ optimize, stdout, error: null, message: null });
      }
    });
  }
});
