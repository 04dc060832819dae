// Collection literals and macros (compiler/calls.ts) as the tree-walker runs them: an array
// literal longer than one NEWARRAY window (APPEND chunks of 50), set and map literals, and
// `assert~` (its default message, its own, and its value `()`), `panic~`, `format~`. Each
// program runs at -O0 and -O1.

import { describe, expect, it } from "vitest";
import { interpret } from "../../interpreter/index.js";
import { runVeld } from "../helpers/veld.js";

const range = (n: number) => Array.from({ length: n }, (_, i) => i).join(", ");

const CASES: [what: string, source: string, stdout: string][] = [
  ["an array of 50 elements", `let a = [${range(50)}]\nprintln((a.len(), a[49]))\n`, "(50, 49)\n"],
  [
    "an array of 101 elements (two APPEND chunks)",
    `let a = [${range(101)}]\nprintln((a.len(), a[0], a[49], a[50], a[99], a[100]))\n`,
    "(101, 0, 49, 50, 99, 100)\n",
  ],
  ["a set literal", "println({1, 2, 2, 3}.len())\nprintln({1, 2}.contains(2))\n", "3\ntrue\n"],
  ["a map literal", 'println({"a": 1, "b": 2})\n', "{a: 1, b: 2}\n"],
  ["`assert~` as a value", "let u = assert~(true)\nprintln(u)\n", "()\n"],
  [
    "`assert~` without and with a message",
    'try\n  assert~(1 > 2)\ncatch e\n  println(e.message)\nend\ntry\n  assert~(1 > 2, "custom")\ncatch e\n  println((e.kind, e.message))\nend\n',
    "assertion failed\n(AssertionFailed, custom)\n",
  ],
  [
    "`panic~`",
    'try\n  panic~("p")\ncatch e\n  println((e.kind, e.message))\nend\n',
    "(Panic, p)\n",
  ],
  ["`format~`", 'println(format~(12))\nprintln(format~(1.5) + "!")\n', "12\n1.5!\n"],
];

describe("collection literals and macros", () => {
  for (const [what, source, stdout] of CASES) {
    it(what, () => {
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
