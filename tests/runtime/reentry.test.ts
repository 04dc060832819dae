// Natives that call functions run as tasks beside the VM's frames (runtime/vm.ts, "native
// tasks"; spec/semantics.md §10): nesting them is bounded by maxDepth, not the host stack;
// errors unwind through them to Veld handlers with right traces and closed upvalues; the
// step and memory budgets stay exact; the tree-walker, which drives the same natives through
// callValue, agrees.

import { describe, expect, it } from "vitest";
import { interpret } from "../../interpreter/index.js";
import { loadModule, type RunOptions } from "../../runtime/index.js";
import { compileOrThrow } from "../helpers/veld.js";

function vm(source: string, options: RunOptions = {}) {
  let stdout = "";
  const r = loadModule(compileOrThrow(source).module).run(
    { write: (t) => (stdout += t), writeErr: () => {} },
    [],
    options,
  );
  return {
    stdout,
    error: r.error?.kind ?? null,
    message: r.error?.message ?? null,
    trace: r.error?.frames ?? [],
    steps: r.steps,
    allocated: r.allocated,
  };
}

/** The tree-walker's outcome; only for shallow programs (it recurses on the host stack). */
function walker(source: string) {
  let stdout = "";
  const r = interpret(
    source,
    { write: (t) => (stdout += t), now: () => 0 },
    {
      fileName: "test.veld",
    },
  );
  if ("diagnostics" in r) throw new Error(r.diagnostics[0]!.message);
  return { stdout, error: r.error?.kind ?? null, trace: r.error?.frames ?? [] };
}

const NEST = `fn nest(n) => if n == 0 then 0 else [n].map(fn(x) => nest(x - 1) + 1)[0] end`;

describe("natives calling Veld do not nest on the host stack", () => {
  it("map nests 60,000 deep (120,001 frames), far beyond any host stack's recursion", () => {
    expect(vm(`${NEST}\nprintln(nest(60000))`)).toMatchObject({ stdout: "60000\n", error: null });
  });

  it("each kind of task nests 4,000 deep", () => {
    const cases: Record<string, string> = {
      flat_map: `[n].flat_map(fn(x) => [f(x - 1) + 1])[0]`,
      filter: `do var d = 0; let k = [n].filter(fn(x) => do d = f(x - 1) + 1; true end); d end`,
      fold: `[n].fold(0, fn(a, x) => a + f(x - 1) + 1)`,
      reduce: `[n].reduce(0, fn(a, x) => a + f(x - 1) + 1)`,
      find: `do var d = 0; let k = [n].find(fn(x) => do d = f(x - 1) + 1; true end); d end`,
      any: `do var d = 0; let k = [n].any(fn(x) => do d = f(x - 1) + 1; false end); d end`,
      all: `do var d = 0; let k = [n].all(fn(x) => do d = f(x - 1) + 1; true end); d end`,
      sort: `do var d = 0; let k = [2, 1].sort(fn(a, b) => do d = f(n - 1) + 1; a - b end); d end`,
      sort_by: `do var d = 0; let k = [n].sort_by(fn(x) => do d = f(x - 1) + 1; 0 end); d end`,
      "Option.map": `Some(n).map(fn(x) => f(x - 1) + 1).unwrap()`,
      "Option.and_then": `Some(n).and_then(fn(x) => Some(f(x - 1) + 1)).unwrap()`,
      "Option.unwrap_or_else": `None.unwrap_or_else(fn() => f(n - 1) + 1)`,
      "Option.or_else": `None.or_else(fn() => Some(f(n - 1) + 1)).unwrap()`,
      "Option.filter": `do var d = 0; let k = Some(n).filter(fn(x) => do d = f(x - 1) + 1; true end); d end`,
      "Result.map": `Ok(n).map(fn(x) => f(x - 1) + 1).unwrap()`,
      "Result.map_err": `Err(n).map_err(fn(x) => f(x - 1) + 1).unwrap_err()`,
      "Result.and_then": `Ok(n).and_then(fn(x) => Ok(f(x - 1) + 1)).unwrap()`,
      "Result.or_else": `Err(n).or_else(fn(x) => Ok(f(x - 1) + 1)).unwrap()`,
      "Result.unwrap_or_else": `Err(n).unwrap_or_else(fn(x) => f(x - 1) + 1)`,
    };
    for (const [name, expr] of Object.entries(cases)) {
      const src = `fn f(n) => if n == 0 then 0 else ${expr} end\nprintln(f(4000))`;
      expect(vm(src), name).toMatchObject({ stdout: "4000\n", error: null });
    }
  });

  it("a native's tail call (TAILCALL of a task) ends its frame with the task's result", () => {
    const src = `fn t(n) => if n == 0 then [0] else [n].flat_map(fn(x) => t(x - 1)) end
fn u(n) => if n == 0 then Some(0) else Some(n).and_then(fn(x) => u(x - 1).map(fn(y) => y + 1)) end
println(t(5000))
println(u(5000))`;
    expect(vm(src)).toMatchObject({ stdout: "[0]\nOption.Some(5000)\n", error: null });
    expect(walker(src.replaceAll("5000", "50")).stdout).toBe("[0]\nOption.Some(50)\n");
  });

  it("a native called as a callback runs at once, in a task", () => {
    const src = `println([[1, 2], [3]].map(fn(a) => a.map(to_str)))
println([3, 1, 2].map(std.math.abs).fold(0, fn(a, x) => a + x))`;
    expect(vm(src)).toMatchObject({ stdout: "[[1, 2], [3]]\n6\n", error: null });
    expect(walker(src).stdout).toBe(vm(src).stdout);
  });

  it("unbounded nesting is StackOverflow at maxDepth, catchable", () => {
    const r = vm(
      `${NEST}\nprintln(try nest(10) catch e e.kind end)\nprintln(try nest(11) catch e e.kind end)\nprintln(nest(3))`,
      {
        maxDepth: 22,
      },
    );
    expect(r).toMatchObject({ stdout: "10\nStackOverflow\n3\n", error: null });
  });
});

describe("errors unwind through tasks", () => {
  it("a Veld handler 4,000 levels up catches, and the VM goes on", () => {
    const src = `fn dive(n) => if n == 0 then throw "bottom" else [n].map(fn(x) => dive(x - 1))[0] end
println(try dive(4000) catch e e.value end)
${NEST}
println(nest(4000))`;
    expect(vm(src)).toMatchObject({ stdout: "bottom\n4000\n", error: null });
  });

  it("a handler inside a callback keeps its task running", () => {
    const src = `println([1, 2, 3].map(fn(x) => try (if x == 2 then throw "e" else x end) catch e 0 end))
println([1, 2, 3].map(fn(x) => try [x].map(fn(y) => if y == 2 then throw "e" else y end)[0] catch e -1 end))`;
    expect(vm(src)).toMatchObject({ stdout: "[1, 0, 3]\n[1, -1, 3]\n", error: null });
  });

  it("an error raised by the native itself after a callback is caught in Veld", () => {
    const src = `fn f(n) => if n == 0 then [1].filter(fn(x) => 5) else [n].map(fn(x) => f(x - 1))[0] end
println(try f(4000) catch e e.kind end)
println(try [3, 1].sort(fn(a, b) => "no") catch e e.message end)`;
    expect(vm(src)).toMatchObject({
      stdout: "TypeError\nsort: the comparator must return an int, got str\n",
      error: null,
    });
  });

  it("closures made on the way down keep their variables after the unwinding", () => {
    const src = `var saved = []
fn dive(n)
  var here = n * 10
  saved.push(fn() => here)
  if n == 0 then throw "bottom" end
  let r = [n].map(fn(x) => do here = here + 1; dive(x - 1) end)
  r[0]
end
println(try dive(3000) catch e e.value end)
println~("{saved[0]()} {saved[1]()} {saved[3000]()}")`;
    expect(vm(src)).toMatchObject({ stdout: "bottom\n30001 29991 0\n", error: null });
  });

  it("traces name the callbacks and their natives' callers at their lines, as the tree-walker does", () => {
    const src = `fn dive(n)
  if n == 0 then
    throw "bottom"
  end
  let r = [n].map(fn(x) =>
    dive(x - 1) + 1)
  r[0]
end
let r = Some(2).map(fn(x) => dive(x) + 1)
println(r)`;
    const v = vm(src);
    expect(v.error).toBe("Thrown");
    const frames = v.trace.map((f) => `${f.function}:${f.line}`);
    expect(frames).toEqual([
      "dive:3",
      "<lambda>:6",
      "dive:5",
      "<lambda>:6",
      "dive:5",
      "<lambda>:9",
      "<main>:9",
    ]);
    expect(walker(src).trace.map((f) => `${f.function}:${f.line}`)).toEqual(frames);
  });

  it("a user iterator's next() that throws is caught around the for loop", () => {
    const src = `struct It(n: i64);
impl It
  fn next(mut self)
    self.n -= 1
    if self.n == 0 then throw "done early" end
    Some(self.n)
  end
end
let r = try do
  var s = 0
  for x in It(n: 4) do s += x end
  s
end catch e e.value end
println(r)
struct Bad(n: i64);
impl Bad
  fn next(self) => 1
end
println(try do for x in Bad(n: 1) do println(x) end end catch e e.kind end)`;
    expect(vm(src)).toMatchObject({ stdout: "done early\nTypeError\n", error: null });
    expect(walker(src).stdout).toBe("done early\nTypeError\n");
  });
});

describe("budgets stay exact through tasks", () => {
  const PIPELINE = `${NEST}
let xs = (0..200).to_array()
let ys = xs.map(fn(x) => x * 3 % 17).filter(fn(x) => x % 2 == 0)
println(ys.fold(0, fn(a, x) => a + x))
println(xs.sort(fn(a, b) => b - a).take(3))
println(xs.sort_by(fn(x) => -x).len())
println(nest(300))`;

  it("a run that takes N steps fits maxSteps N and not N - 1", () => {
    const full = vm(PIPELINE);
    expect(full.error).toBeNull();
    expect(vm(PIPELINE, { maxSteps: full.steps })).toMatchObject({
      stdout: full.stdout,
      error: null,
      steps: full.steps,
    });
    const short = vm(PIPELINE, { maxSteps: full.steps - 1 });
    expect(short.error).toBe("LimitExceeded");
    expect(short.steps).toBe(full.steps - 1);
  });

  it("a run that allocates B bytes fits maxMemory B and not B - 1", () => {
    const full = vm(PIPELINE, { maxMemory: 1e9 });
    expect(full.allocated).toBeGreaterThan(0);
    expect(vm(PIPELINE, { maxMemory: full.allocated })).toMatchObject({ error: null });
    expect(vm(PIPELINE, { maxMemory: full.allocated - 1 }).error).toBe("LimitExceeded");
  });

  it("callbacks are charged as their instructions and the natives as §10.1 says", () => {
    // f costs 2 steps (ADDI, RETURN); map of n elements: its CALL, n calls of f, and
    // floor(n / 64) for the receiver and again for the result.
    const steps = (n: number) =>
      vm(`let f = fn(x) => x + 1\nlet xs = (0..${n}).to_array()\nlet r = xs.map(f)`).steps -
      vm(`let f = fn(x) => x + 1\nlet xs = (0..${n}).to_array()\nlet r = xs`).steps;
    expect(steps(0)).toBe(2); // SELF + CALL
    expect(steps(128)).toBe(2 + 128 * 2 + 2 + 2);
  });
});

describe("sort with a comparator", () => {
  it("is stable and equals sort() and sort_by for consistent comparators", () => {
    const src = `var seed = 7
fn rand() => do seed = (seed * 1103515245 + 12345) % 2147483648; seed end
var bad = 0
for n in 0..60 do
  let xs = []
  for i in 0..n do xs.push((rand() % 10, i)) end
  let (by_key, _) = (xs.sort(fn(a, b) => do let (x, _) = a; let (y, _) = b; x - y end), 0)
  let keyed = xs.sort_by(fn(p) => do let (k, _) = p; k end)
  if by_key != keyed then bad += 1 end
  let ints = xs.map(fn(p) => do let (k, i) = p; k * 100 + i end)
  if ints.sort(fn(a, b) => b - a) != ints.sort().reverse() then bad += 1 end
end
println(bad)`;
    expect(vm(src)).toMatchObject({ stdout: "0\n", error: null });
  });

  it("calls the comparator n·log n times at most and never for fewer than 2 elements", () => {
    const src = `var calls = 0
let cmp = fn(a, b) => do calls += 1; a - b end
let r0 = [].sort(cmp)
let r1 = [1].sort(cmp)
println(calls)
let r = (0..1024).to_array().reverse().sort(cmp)
println(calls <= 1024 * 10)
println(r[0] == 0 and r[1023] == 1023)`;
    expect(vm(src).stdout).toBe("0\ntrue\ntrue\n");
  });
});
