// Vite build of the browser playground (`npm run build:playground`): static files in
// dist/playground with relative asset paths, so they can be served from any folder.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { inlineOpcodes } from "../vite-inline-opcodes.js";

const here = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root: here,
  base: "./",
  logLevel: "warn",
  plugins: [inlineOpcodes()],
  build: {
    outDir: fileURLToPath(new URL("../../dist/playground", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
  },
  worker: { format: "es", plugins: () => [inlineOpcodes()] },
});
