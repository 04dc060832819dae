// Benchmark (not a test): generates a ~50,000-line Veld program from a mix of constructs and
// times lexing + parsing and name resolution. Run: npx tsx bench/parse-large.ts
import { check, parse } from "../language/index.js";

const TARGET_LINES = 50_000;

function chunk(i: number): string {
  return `fn f${i}(a, b: i64) -> i64
  var acc = a * ${i} + b
  for x in 0..10 do
    if x % 2 == 0 then
      acc += x
    else if x == 7 then
      continue
    end
  end
  let t = (acc, [1, 2, 3], "s{${i}}")
  let r = match t.0
    0 => 1,
    n where n > 5 => n - 1,
    _ => -1,
  end
  let g = y => y + r
  g(acc) |> f${i === 0 ? 0 : i - 1}(1)
end
`;
}

const parts: string[] = [];
let lines = 0;
for (let i = 0; lines < TARGET_LINES; i++) {
  const c = chunk(i);
  parts.push(c);
  lines += c.split("\n").length - 1;
}
const source = parts.join("");

const runs = 5;
let best = Infinity;
let bestCheck = Infinity;
for (let r = 0; r < runs; r++) {
  const t0 = performance.now();
  const { program, diagnostics } = parse(source, "large.veld");
  const t1 = performance.now();
  const checked = check(program);
  const t2 = performance.now();
  if (diagnostics.length + checked.length > 0) throw new Error("benchmark program has diagnostics");
  best = Math.min(best, t1 - t0);
  bestCheck = Math.min(bestCheck, t2 - t1);
}
const kb = (source.length / 1024).toFixed(0);
console.log(
  `${lines} lines, ${kb} KiB: parse ${best.toFixed(1)} ms, check ${bestCheck.toFixed(1)} ms (best of ${runs})`,
);
