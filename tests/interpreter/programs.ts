// The programs both engines must agree on (tests/interpreter/differential.test.ts): the
// examples, the language corpus, the compiler tests' program tables, the benchmark programs
// at reduced sizes, and the regression programs the fuzzer found (tests/interpreter/corpus).

import { readdirSync, readFileSync } from "node:fs";
import { CONSTRUCT_CASES, ERROR_CASES, REFERENCE_BUG_CASES } from "../compiler/cases.js";

const root = new URL("../../", import.meta.url);

function dir(path: string): [name: string, source: string][] {
  const d = new URL(path, root);
  return readdirSync(d)
    .filter((f) => f.endsWith(".veld"))
    .sort()
    .map((f) => [`${path}${f}`, readFileSync(new URL(f, d), "utf8")]);
}

/** Each benchmark's size knobs, scaled down so the tree-walker runs it in well under a second. */
const BENCH_SIZES: Record<string, [from: string, to: string][]> = {
  "arrays.veld": [["let n = 1000000", "let n = 20000"]],
  "closures.veld": [
    ["1..=1000000", "1..=20000"],
    ["1..=100000", "1..=2000"],
  ],
  "fib.veld": [["fib(30)", "fib(16)"]],
  "loop.veld": [["i <= 10000000", "i <= 100000"]],
  "mandel.veld": [
    ["let w = 250", "let w = 30"],
    ["let h = 250", "let h = 30"],
  ],
  "nbody.veld": [["let n = 100000", "let n = 1000"]],
  "objects.veld": [["let n = 1000000", "let n = 20000"]],
  "sort.veld": [["let n = 3000", "let n = 300"]],
  "strbuf.veld": [["0..=100000", "0..=5000"]],
  "strings.veld": [["0..=20000", "0..=2000"]],
  "wordfreq.veld": [["0..1000000", "0..20000"]],
  "memo.veld": [["1..=100000", "1..=2000"]],
  "bfs.veld": [["let n = 100000", "let n = 2000"]],
  "binary_trees.veld": [["let max_depth = 13", "let max_depth = 6"]],
  "fannkuch.veld": [["fannkuch(9)", "fannkuch(6)"]],
  "spectral_norm.veld": [["let n = 500", "let n = 20"]],
  "nqueens.veld": [
    ["0..7 do", "0..1 do"],
    ["solve(11)", "solve(6)"],
  ],
  "tokenizer.veld": [
    ["0..60 do", "0..2 do"],
    ["0..12 do", "0..2 do"],
  ],
  "enum_interp.veld": [["[0, 0, 300000]", "[0, 0, 300]"]],
  "methods.veld": [["0..800000", "0..500"]],
  "pipeline.veld": [
    ["0..100000", "0..500"],
    ["0..20 do", "0..3 do"],
  ],
  "matmul.veld": [["let n = 200", "let n = 12"]],
  "heapsort.veld": [
    ["0..300000", "0..3000"],
    ["a[150000]} {a[299999]", "a[1500]} {a[2999]"],
  ],
  "sieve.veld": [["let n = 2000000", "let n = 20000"]],
  "vectors.veld": [["0..400000", "0..4000"]],
  "cons_list.veld": [["build(50000)", "build(500)"]],
  "string_ops.veld": [
    ["0..200000", "0..2000"],
    ["repeat(20000)", "repeat(200)"],
  ],
};

/** The benchmark programs with their sizes reduced; throws when a knob is no longer there. */
export function benchPrograms(): [name: string, source: string][] {
  return [...dir("bench/programs/"), ...dir("bench/programs/classic/")].map(([name, source]) => {
    const file = name.slice(name.lastIndexOf("/") + 1);
    const sizes = BENCH_SIZES[file];
    if (sizes === undefined) throw new Error(`no reduced size for ${name}: add it to BENCH_SIZES`);
    for (const [from, to] of sizes) {
      if (!source.includes(from)) throw new Error(`${name} no longer contains \`${from}\``);
      source = source.replaceAll(from, to);
    }
    return [`${name} (reduced)`, source];
  });
}

export function differentialPrograms(): [name: string, source: string][] {
  return [
    ...dir("examples/"),
    ...dir("tests/language/corpus/"),
    ...dir("tests/interpreter/corpus/"),
    ...CONSTRUCT_CASES.map(([n, s]): [string, string] => [`construct: ${n}`, s]),
    ...ERROR_CASES.map(([n, s]): [string, string] => [`error: ${n}`, s]),
    ...REFERENCE_BUG_CASES.map(([n, s]): [string, string] => [`reference bug: ${n}`, s]),
    ...benchPrograms(),
  ];
}
