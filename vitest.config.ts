import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Stryker's sandboxes (stryker.config.mjs) hold copies of the tests.
    exclude: ["**/node_modules/**", ".stryker-tmp/**"],
    testTimeout: 60_000,
  },
});
