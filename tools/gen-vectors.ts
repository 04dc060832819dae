// `npm run vectors`: regenerates test-vectors/ (everything but src/) from test-vectors/src and
// the scripted malformed cases (tools/vectors/), deterministically. `--out DIR` writes elsewhere.

import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildVectors, writeVectors } from "./vectors/generate.js";

const root = fileURLToPath(new URL("../test-vectors", import.meta.url));
const outFlag = process.argv.indexOf("--out");
const out = outFlag > 0 ? process.argv[outFlag + 1]! : root;

try {
  const vectors = buildVectors(join(root, "src"));
  if (out === root) {
    for (const entry of readdirSync(root)) {
      if (entry !== "src") rmSync(join(root, entry), { recursive: true, force: true });
    }
  }
  const files = writeVectors(vectors, out);
  const areas = new Map<string, number>();
  for (const v of vectors) {
    const area = v.name.split("/")[0]!;
    areas.set(area, (areas.get(area) ?? 0) + 1);
  }
  console.log(
    `${vectors.length} vectors (${[...areas].map(([a, n]) => `${a} ${n}`).join(", ")}), ${files.length} files → ${out}`,
  );
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 1;
}
