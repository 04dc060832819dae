// Vite build of the browser playground (`npm run build:playground`): static files in
// dist/playground with relative asset paths, so they can be served from any folder.
// `vite preview` / `vite` (dev) serve it cross-origin isolated (COOP + COEP), which lets a
// program's std.io.read_line wait for a line typed in the page (shared memory); without
// those headers the page offers an Input box instead.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { inlineOpcodes } from "../vite-inline-opcodes.js";

const here = fileURLToPath(new URL(".", import.meta.url));
export const ISOLATION_HEADERS = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

export default defineConfig({
  root: here,
  base: "./",
  plugins: [inlineOpcodes()],
  build: {
    outDir: fileURLToPath(new URL("../../dist/playground", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    // The page bundles the whole compiler and runtime in one chunk on purpose.
    chunkSizeWarningLimit: 1500,
  },
  worker: { format: "es", plugins: () => [inlineOpcodes()] },
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
});
