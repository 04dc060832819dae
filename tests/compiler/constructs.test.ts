// One small program per language construct (spec/language.md), run through the compiler and
// the runtime from `.veldc` bytes; stdout must match exactly.
import { describe, expect, it } from "vitest";
import { runVeld } from "../helpers/veld.js";
import { CONSTRUCT_CASES as CASES, ERROR_CASES as ERRORS } from "./cases.js";

describe("every language construct compiles and runs", () => {
  for (const [name, source, stdout] of CASES) {
    it.each([0, 1] as const)(`${name} (-O%i)`, (optimize) => {
      const out = runVeld(source, [], optimize);
      expect(out.error ? `${out.error}: ${out.message}` : null).toBeNull();
      expect(out.stdout).toBe(stdout);
    });
  }
});

describe("runtime errors surface with their kind", () => {
  for (const [name, source, kind] of ERRORS) {
    it.each([0, 1] as const)(`${name} (-O%i)`, (optimize) =>
      expect(runVeld(source, [], optimize).error).toBe(kind),
    );
  }
});
