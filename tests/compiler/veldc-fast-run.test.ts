// `veldc run` handled by the bin's fast path (tools/cli/veldc-run.ts): it parses with the full
// CLI's own grammar (veldc-commands.ts) and hands help, --interp and usage errors to the full
// CLI, which owns their text.

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
      fastRun(["run", "--max-steps", "100", "-O0", "--no-cache", "--trace", "f.veld", "a", "b"]),
    ).toMatchObject({
      file: "f.veld",
      args: ["a", "b"],
      O0: true,
      cache: false,
      trace: true,
      "max-steps": 100,
    });
    // Every word after the file is the program's (spec/cli.md §1).
    expect(fastRun(["run", "f.veld", "--trace", "-"])).toMatchObject({
      file: "f.veld",
      args: ["--trace", "-"],
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
      ["run", "--max-depth", "x", "f.veld"],
      ["run", "--stats=yes", "f.veld"],
    ]) {
      expect(fastRun(argv), argv.join(" ")).toBeUndefined();
    }
  });
});
