/**
 * Builds the console into the server package (`server/static/console/`), which Docket serves at
 * `/console/`. `npm run dev -w console` serves it with hot reload and forwards the API to a
 * Docket on :8080 (or DOCKET_URL).
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = process.env.DOCKET_URL ?? 'http://localhost:8080';

export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../server/static/console/', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 800,
  },
  server: { proxy: { '/v1': api, '/openapi.json': api } },
});
