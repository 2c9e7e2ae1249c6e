/**
 * Builds the renderer. `base: './'` keeps asset URLs relative so the same build loads from the
 * browser host (http://127.0.0.1) and from file:// inside Electron.
 */
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const CSP_META = /<meta http-equiv="Content-Security-Policy"[^>]*>\s*/;

/**
 * The dev server injects an inline React Refresh preamble and an HMR socket on its own port, both
 * of which the production CSP forbids; drop the meta tag while serving only. Builds keep it.
 */
function relaxCspInDev(): Plugin {
  return {
    name: 'hutong-relax-csp-in-dev',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(CSP_META, ''),
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react(), relaxCspInDev()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    // light-dark() and :has() are used as is; Electron's Chromium is far newer than this.
    cssTarget: 'chrome123',
    // No inline data: fonts or scripts; keeps the CSP simple.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
});
