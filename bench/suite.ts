// The benchmark suite (docs/product-targets.md): the ten programs of the performance anchors and
// three map programs (word frequencies, a memoized recursion, a BFS over an adjacency map), in a
// base and a ×10 "warm" variant, each in Veld (bench/programs) and Lua (bench/lua), with the
// expected output of each. Outputs compare after collapsing whitespace (Lua's print uses tabs).

export const PROGRAMS = [
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
export type ProgramName = (typeof PROGRAMS)[number];
export type Suite = "base" | "warm";

interface Expected {
  veld: string;
  lua: string;
}

const BASE: Record<ProgramName, Expected | string> = {
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

/** Warm variants repeat the base work ten times and print the base checksum each round. */
const WARM_SPECIAL: Partial<Record<ProgramName, Expected | string>> = {
  closures: "10000000 1000000",
  nbody: { veld: "-0.16907516382852447 -0.16908618459855648", lua: "-0.169075164 -0.169086185" },
};

export function expected(suite: Suite, p: ProgramName, family: "veld" | "lua"): string {
  const pick = (e: Expected | string) => (typeof e === "string" ? e : e[family]);
  if (suite === "base") return pick(BASE[p]);
  const special = WARM_SPECIAL[p];
  return special !== undefined ? pick(special) : Array(10).fill(pick(BASE[p])).join(" ");
}

export function normalize(out: string): string {
  return out.trim().split(/\s+/).join(" ");
}
