// Vite builds the console into web/dist, which the server serves at / with an SPA fallback.
// In development the API and the Socket.IO feed are proxied so the browser sees one origin,
// exactly as in production, and the httpOnly session cookie just works.
import { fileURLToPath, URL } from 'node:url';
import { defineConfig, defaultClientConditions } from 'vite';
import react from '@vitejs/plugin-react';

const API_TARGET = 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  resolve: {
    // 'wsnoc-source' makes @wsnoc/shared resolve to its TypeScript source, so web never waits for a shared build.
    conditions: ['wsnoc-source', ...defaultClientConditions],
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    proxy: {
      '/api': { target: API_TARGET },
      '/socket.io': { target: API_TARGET, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // maplibre alone is ~1 MB minified; it loads lazily with the map screen only, never on first paint.
    chunkSizeWarningLimit: 1_200,
  },
});
