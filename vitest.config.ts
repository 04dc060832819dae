import { defineConfig } from "vitest/config";
import { inlineOpcodes } from "./tools/vite-inline-opcodes.js";

export default defineConfig({
  plugins: [inlineOpcodes()],
  test: {
    include: ["tests/**/*.test.ts"],
    // Stryker's sandboxes (stryker.config.mjs) hold copies of the tests.
    exclude: ["**/node_modules/**", ".stryker-tmp/**"],
    testTimeout: 60_000,
  },
});
