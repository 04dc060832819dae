import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runVeld, runVeldInMemory } from "../helpers/veld.js";

const dir = new URL("../../examples/", import.meta.url);
const examples = readdirSync(dir).filter((f) => f.endsWith(".veld"));

describe("examples/*.veld produce their .out", () => {
  it("has examples", () => expect(examples.length).toBeGreaterThanOrEqual(8));
  for (const file of examples) {
    it(file, () => {
      const source = readFileSync(new URL(file, dir), "utf8");
      const expected = readFileSync(new URL(file.replace(/\.veld$/, ".out"), dir), "utf8");
      const fromBytes = runVeld(source);
      expect(fromBytes.error).toBeNull();
      expect(fromBytes.stdout).toBe(expected);
      expect(runVeldInMemory(source)).toEqual(fromBytes);
    });
  }
});

const benchDir = new URL("../../bench/programs/", import.meta.url);
const CHECKSUMS: Record<string, string> = {
  "sort.veld": "1 25 65520 505202\n",
  "strings.veld": "88895\n",
  "strbuf.veld": "488896\n",
};

describe("benchmark programs compute the anchors' checksums", () => {
  for (const [file, out] of Object.entries(CHECKSUMS)) {
    it(file, () => {
      const source = readFileSync(new URL(file, benchDir), "utf8");
      expect(runVeld(source)).toEqual({ stdout: out, error: null, message: null });
    });
  }
});
