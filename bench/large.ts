// The generated large program of the load benchmark: ≥ 20,000 lines of varied Veld
// (functions with loops, matches, closures, structs, strings), every function reachable.
const STRUCTS = `struct Pair
  a: i64,
  b: i64
end

impl Pair
  fn sum(self) => self.a + self.b
end

enum Shape
  Circle(f64),
  Rect(f64, f64),
  Empty
end
`;

function chunk(i: number): string {
  const prev = i === 0 ? "" : `  acc = acc + f${i - 1}(x % 7, 1) % 3\n`;
  return `fn f${i}(a, b: i64) -> i64
  var acc = a * ${i % 97} + b
  let x = ${i}
${prev}  for k in 0..3 do
    if k % 2 == 0 then
      acc += k
    else if k == ${i % 5} then
      continue
    end
  end
  let p = Pair(a: acc, b: ${i % 13})
  let t = (p.sum(), [1, 2, ${i % 11}], "s${i}")
  let s = match Shape.Rect(1.5, ${i % 9}.0)
    Shape.Circle(r) => r,
    Shape.Rect(w, h) => w * h,
    Shape.Empty => 0.0,
  end
  let g = y => y + t.0
  let label = "f${i}:" + acc.to_str()
  if label.len() > 100 or s < 0.0 then
    return 0
  end
  g(acc) % 1000
end

`;
}

/** Veld source of at least `minLines` lines; main prints the last function's value. */
export function largeProgram(minLines: number): { source: string; lines: number } {
  const parts = [STRUCTS];
  let lines = STRUCTS.split("\n").length - 1;
  let i = 0;
  while (lines < minLines) {
    const c = chunk(i++);
    parts.push(c);
    lines += c.split("\n").length - 1;
  }
  parts.push(`println(f${i - 1}(2, 3))\n`);
  return { source: parts.join(""), lines: lines + 1 };
}
