// `veldc run` handled by the bin's fast path (tools/cli/veldc-run.ts) only when node:util
// recognises every argument exactly as the yargs CLI means it; anything else goes to the full
// CLI, which owns help and usage errors.

import { describe, expect, it } from "vitest";
import { fastRun } from "../../tools/cli/veldc-run.js";

describe("veldc run's fast path", () => {
  it("takes plain runs with their options and program arguments", () => {
    expect(fastRun(["run", "f.veld"])).toMatchObject({
      file: "f.veld",
      args: [],
      O0: false,
      cache: true,
    });
    expect(
      fastRun(["run", "--max-steps", "100", "--O0", "--no-cache", "--trace", "f.veld", "a", "b"]),
    ).toMatchObject({
      file: "f.veld",
      args: ["a", "b"],
      O0: true,
      cache: false,
      trace: true,
      "max-steps": 100,
    });
    expect(fastRun(["run", "-", "--", "--not-an-option"])).toMatchObject({
      file: "-",
      args: ["--not-an-option"],
    });
  });

  it("hands everything else to the full CLI", () => {
    for (const argv of [
      [],
      ["build", "f.veld"],
      ["run"],
      ["run", "--help"],
      ["run", "-h", "f.veld"],
      ["run", "--interp", "f.veld"],
      ["run", "--O1", "f.veld"],
      ["run", "--max-steps", "0", "f.veld"],
      ["run", "--max-steps", "1e3", "f.veld"],
      ["run", "--max-depth", "x", "f.veld"],
      ["run", "f.veld", "--unknown"],
      ["run", "--stats=yes", "f.veld"],
    ]) {
      expect(fastRun(argv), argv.join(" ")).toBeUndefined();
    }
  });
});
