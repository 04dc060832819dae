// The benchmark suites (docs/product-targets.md): the ten programs of the performance anchors and
// three map programs (word frequencies, a memoized recursion, a BFS over an adjacency map) in a
// base and a ×10 "warm" variant, and eight classic programs nobody tuned the VM for ("classic":
// binary-trees, fannkuch-redux, spectral-norm, n-queens, a tokenizer/evaluator, an enum-AST
// interpreter, method-heavy structs, a map/filter/fold pipeline; then six more written after the
// tier was tuned: a float matrix product, heap sort, a sieve, float-vector structs, an enum cons
// list, string building and splitting), each in Veld (bench/programs)
// and Lua (bench/lua), with the expected output of each. Outputs compare after collapsing
// whitespace (Lua's print uses tabs).

export const BASE_PROGRAMS = [
  "fib",
  "loop",
  "closures",
  "arrays",
  "sort",
  "strings",
  "strbuf",
  "objects",
  "mandel",
  "nbody",
  "wordfreq",
  "memo",
  "bfs",
] as const;
export const CLASSIC_PROGRAMS = [
  "binary_trees",
  "fannkuch",
  "spectral_norm",
  "nqueens",
  "tokenizer",
  "enum_interp",
  "methods",
  "pipeline",
  "matmul",
  "heapsort",
  "sieve",
  "vectors",
  "cons_list",
  "string_ops",
] as const;
export type ProgramName = (typeof BASE_PROGRAMS)[number] | (typeof CLASSIC_PROGRAMS)[number];
export const SUITES = ["base", "warm", "classic"] as const;
export type Suite = (typeof SUITES)[number];
export const SUITE_PROGRAMS: Record<Suite, readonly ProgramName[]> = {
  base: BASE_PROGRAMS,
  warm: BASE_PROGRAMS,
  classic: CLASSIC_PROGRAMS,
};
/** The directory of a suite's programs under bench/programs and bench/lua. */
export const suiteDir = (suite: Suite) => (suite === "base" ? "" : suite);

interface Expected {
  veld: string;
  lua: string;
}

const BASE: Record<(typeof BASE_PROGRAMS)[number], Expected | string> = {
  fib: "832040",
  loop: "5000000",
  closures: "1000000 100000",
  arrays: "1000000 499500000",
  sort: "1 25 65520 505202",
  strings: "88895",
  strbuf: "488896",
  objects: "502499998",
  mandel: "16148 1898564",
  nbody: { veld: "-0.16907516382852447 -0.1690798593916698", lua: "-0.169075164 -0.169079859" },
  wordfreq: "20000 w1078 64 w1150 64 w1343 64",
  memo: "77031 350 217212",
  bfs: "100000 14 1074936",
};

const CLASSIC: Record<(typeof CLASSIC_PROGRAMS)[number], Expected | string> = {
  binary_trees: "1299808 16383",
  fannkuch: "8629 30",
  spectral_norm: { veld: "1.2742241159529055", lua: "1.274224116" },
  nqueens: "92 18760",
  tokenizer: "623232 14434",
  enum_interp: "300000 810003",
  methods: "819084 800000 1 1 2",
  pipeline: "441678",
  matmul: "7284.25",
  heapsort: "true 0 32748 65535",
  sieve: "148933",
  vectors: "39999900.000 300000.000 1600089833.555",
  cons_list: "425003",
  string_ops: "200000 1088890 220000 880000",
};

/** Warm variants repeat the base work ten times and print the base checksum each round. */
const WARM_SPECIAL: Partial<Record<(typeof BASE_PROGRAMS)[number], Expected | string>> = {
  closures: "10000000 1000000",
  nbody: { veld: "-0.16907516382852447 -0.16908618459855648", lua: "-0.169075164 -0.169086185" },
};

export function expected(suite: Suite, p: ProgramName, family: "veld" | "lua"): string {
  const pick = (e: Expected | string) => (typeof e === "string" ? e : e[family]);
  if (suite === "classic") {
    if (!(p in CLASSIC)) throw new Error(`${p} is not a classic program`);
    return pick(CLASSIC[p as keyof typeof CLASSIC]);
  }
  if (!(p in BASE)) throw new Error(`${p} is not a base program`);
  const b = p as keyof typeof BASE;
  if (suite === "base") return pick(BASE[b]);
  const special = WARM_SPECIAL[b];
  return special !== undefined ? pick(special) : Array(10).fill(pick(BASE[b])).join(" ");
}

export function normalize(out: string): string {
  return out.trim().split(/\s+/).join(" ");
}
