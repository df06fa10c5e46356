// The web console's build: `scripts/build-console.sh` runs it after generating the typed API client.
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  // The console's pages carry no inline script or style, so the server's strict CSP holds.
  build: { outDir: '../dist/console', emptyOutDir: true, sourcemap: false, assetsInlineLimit: 0 },
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  logLevel: 'warn',
});
