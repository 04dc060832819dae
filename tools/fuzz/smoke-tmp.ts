import { runInput, isBad, signature } from "./oracle.js";
import { TARGETS, makeInput } from "./targets.js";
for (const t of TARGETS) {
  const counts: Record<string, number> = {};
  const sigs = new Map<string, number>();
  const t0 = performance.now();
  const N = 300;
  for (let i = 0; i < N; i++) {
    const input = makeInput(t, 1, i);
    const o = runInput(input);
    counts[o.cls] = (counts[o.cls] ?? 0) + 1;
    if (isBad(o.cls)) {
      const s = signature(o);
      if (!sigs.has(s)) console.log("  ", i, s, "|", input.note.slice(0, 120));
      sigs.set(s, (sigs.get(s) ?? 0) + 1);
    }
  }
  const s = (performance.now() - t0) / 1000;
  console.log(t.name, (N / s).toFixed(0) + "/s", JSON.stringify(counts));
}
