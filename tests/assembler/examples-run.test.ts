// The hand-written examples/asm programs run on the portable runtime with their documented
// output (each file's header comment states it).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assemble } from "../../assembler/index.js";
import { load } from "../../runtime/index.js";

const EXPECTED: Record<string, string> = {
  "hello.vasm": "Hello, Veld!\n",
  "fib.vasm": "6765\n",
  "counter.vasm": "1\n2\n3\n",
  "shapes.vasm": "Size(w: 3, h: 4)\n12\n300\n",
};

describe("examples/asm on the runtime", () => {
  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(`${file} prints its documented output`, () => {
      const text = readFileSync(join(import.meta.dirname, "../../examples/asm", file), "utf8");
      const { bytes, report } = assemble(text, file);
      expect(report).toBe("");
      let out = "";
      let err = "";
      const result = load(bytes!).run({ write: (t) => (out += t), writeErr: (t) => (err += t) });
      expect(result.status).toBe("ok");
      expect(err).toBe("");
      expect(out).toBe(expected);
    });
  }
});
