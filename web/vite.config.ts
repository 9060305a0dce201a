import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// `npm run dev:web` serves web/ with hot reload and forwards RPC paths to the API on :8080
// (API_URL to change it); `npm run build:web` writes web/dist, which `npm start` serves.
export default defineConfig({
  root,
  base: '/',
  publicDir: 'public',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2022' },
  oxc: { jsx: { runtime: 'automatic' } },
  server: {
    proxy: {
      '^/(hotel\\.v1|grpc\\.)': { target: process.env['API_URL'] ?? 'http://127.0.0.1:8080', changeOrigin: true },
    },
  },
});
