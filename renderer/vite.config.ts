/**
 * Builds the renderer. `base: './'` keeps asset URLs relative so the same build loads from the
 * browser host (http://127.0.0.1) and from file:// inside Electron.
 */
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { contentSecurityPolicy, withCspMeta } from '../shared/csp';

/**
 * Writes the renderer's CSP (shared/csp.ts, the one source of every policy) into the built
 * index.html: a file: page gets no headers in Electron, so this tag is its only policy. The dev
 * server gets none here (its inline React Refresh preamble and HMR socket would be refused);
 * Electron adds the dev policy as a header instead.
 */
export function cspMeta(): Plugin {
  return {
    name: 'hutong-csp-meta',
    apply: 'build',
    transformIndexHtml: (html) => withCspMeta(html, contentSecurityPolicy({ delivery: 'meta' })),
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react(), cspMeta()],
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
