import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check, parse, printProgram } from "../../language/index.js";
import { codes, stripSpans } from "./helpers.js";

const dirs = [join(import.meta.dirname, "corpus"), join(import.meta.dirname, "../../examples")];
const files = dirs.flatMap((d) =>
  readdirSync(d)
    .filter((f) => f.endsWith(".veld"))
    .map((f) => join(d, f)),
);

describe("corpus", () => {
  it("has at least 40 corpus programs", () => {
    expect(files.filter((f) => f.includes("corpus")).length).toBeGreaterThanOrEqual(40);
  });
  for (const file of files) {
    it(file.split("/").slice(-2).join("/"), () => {
      const source = readFileSync(file, "utf8");
      const first = parse(source, file);
      expect(codes(first.diagnostics)).toEqual([]);
      expect(codes(check(first.program))).toEqual([]);
      const printed = printProgram(first.program);
      const second = parse(printed, "printed.veld");
      expect(codes(second.diagnostics)).toEqual([]);
      expect(stripSpans(second.program)).toEqual(stripSpans(first.program));
      expect(printProgram(second.program)).toBe(printed);
    });
  }
});
