// Vite configuration of the dashboard. `node web/build.mjs` (run by `npm run build`) bundles it into dist/web, which
// the server serves at `/`. For development against a running server: `npx vite web` (proxies the API to :3000).
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  publicDir: 'public',
  // Preact's automatic JSX runtime through Vite's own transformer: no Babel preset needed.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: {
    proxy: Object.fromEntries(['/api', '/health', '/docs'].map((path) => [path, 'http://localhost:3000'])),
  },
});
