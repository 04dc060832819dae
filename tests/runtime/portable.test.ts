// The runtime bundles for a browser-like platform without Node built-ins and runs a program
// inside a fresh JS realm that has no Node globals.
import { build as esbuild } from "esbuild";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { writeModule } from "../../format/writer.js";
import { build } from "./build.js";

describe("portability", () => {
  it("bundles for the browser and runs in a bare realm", async () => {
    const result = await esbuild({
      entryPoints: [new URL("../../runtime/index.ts", import.meta.url).pathname],
      bundle: true,
      platform: "neutral",
      format: "iife",
      globalName: "Veld",
      write: false,
    });
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/\bnode:|require\(|\bprocess\.|from "fs"|Buffer\./);
    const bytes = writeModule(
      build({
        natives: [["println", 255]],
        functions: [
          {
            name: "main",
            registers: 2,
            consts: ["héllo"],
            code: [["GETNATIVE", 0, 0], ["LOADK", 1, 0], ["CALL", 0, 1], ["RETURNUNIT"]],
          },
        ],
      }),
    );
    const out: string[] = [];
    const sandbox = { bytes, out, TextDecoder, TextEncoder };
    runInNewContext(
      `${code}
       const r = Veld.load(bytes).run({ write: (t) => out.push(t), writeErr: () => {} });
       out.push(r.status);`,
      sandbox,
    );
    expect(out).toEqual(["héllo\n", "ok"]);
  });
});
