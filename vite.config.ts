import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

/**
 * @fontsource CSS lists a .woff fallback after every .woff2; every browser we
 * support loads woff2, so drop the fallbacks (≈3 MB less in dist/, smaller CSS).
 */
function woff2Only(): Plugin {
  return {
    name: "cc-woff2-only",
    enforce: "pre",
    transform(code, id) {
      if (!id.includes("/@fontsource/") || !id.endsWith(".css")) return null;
      return { code: code.replace(/,\s*url\([^)]*\.woff\)\s*format\(["']woff["']\)/g, ""), map: null };
    },
  };
}

/**
 * Vite config for the browser app.
 *
 * - `base: './'`: every URL in dist/ is relative, so the build works from any
 *   static host, from a subfolder and from file-less offline copies.
 * - The machine runs in a module Web Worker (`worker.format: 'es'`). It is
 *   created after first paint, so just-bash and the engine load in their own
 *   chunk and never weigh on the initial page.
 * - Lessons are Markdown files under lessons/ loaded with
 *   `import.meta.glob('/lessons/ko/*.md', { query: '?raw', import: 'default' })`
 *   (lazy by default): each lesson becomes its own small chunk.
 * - The editor (Monaco) is one lazy chunk, imported by src/editor/session.ts
 *   the first time a file is opened. src/editor/monaco/setup.ts picks Monaco's
 *   ESM entry points (editor core, a few features, the Dockerfile/shell/YAML
 *   grammars); its only worker, the editor worker, is bundled by Vite through
 *   `?worker` (same origin, ES module). No language-service workers, no CDN.
 */
export default defineConfig({
  base: "./",
  plugins: [react(), woff2Only()],
  worker: {
    format: "es",
  },
  build: {
    target: "es2022",
    outDir: "dist",
    assetsDir: "assets",
    sourcemap: true,
    // The machine worker (just-bash + engine, ≈1.6 MB) and the lazy editor chunk
    // (Monaco, ≈3.6 MB, ≈0.9 MB gzip) are legitimately big and never part of the
    // first load; the initial JS is checked separately (target ≤ 250 KB gzip).
    chunkSizeWarningLimit: 4000,
  },
  server: {
    host: "127.0.0.1",
    port: 5173,
    strictPort: false,
    // lessons/ sits beside src/ in the project root; the root is allowed by default.
    fs: { strict: true },
  },
  preview: {
    host: "127.0.0.1",
    port: 4173,
  },
});
