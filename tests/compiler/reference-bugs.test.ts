// Regression tests for every bug of the reference register VM (each case names the bug):
// each program is the one that exposed the bug there, with the intended result.
import { describe, expect, it } from "vitest";
import { runVeld } from "../helpers/veld.js";
import { REFERENCE_BUG_CASES as CASES } from "./cases.js";

describe("bugs of the reference VM stay fixed", () => {
  for (const [bug, source, stdout] of CASES) {
    it.each([0, 1] as const)(`${bug} (-O%i)`, (optimize) => {
      const out = runVeld(source, [], optimize);
      expect(out.error ? `${out.error}: ${out.message}` : null).toBeNull();
      expect(out.stdout).toBe(stdout);
    });
  }
});
