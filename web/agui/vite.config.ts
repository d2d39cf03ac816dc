/**
 * Vite build of the agent workspace (`/AGUI/`) and the supervisor page (`/AGUI/supervisor/`).
 * Built by `scripts/build-web.mjs` into `dist/agui`, which the server serves under `/AGUI/`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const page = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root,
  base: '/AGUI/',
  // JSX through esbuild alone: Preact's automatic runtime needs no Vite plugin.
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: fileURLToPath(new URL('../../dist/agui', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Every browser that runs ES2022 supports modulepreload: skip the polyfill's extra code.
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: { agent: page('index.html'), supervisor: page('supervisor/index.html') },
      // What both pages use (Preact, src/shared, the style sheet) in one chunk with a plain name.
      output: { manualChunks: (id) => (id.includes('/node_modules/') || id.includes('/src/shared/') ? 'shared' : undefined) },
    },
  },
});
