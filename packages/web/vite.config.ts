// Builds the portal into dist/, which the CSOC server serves on its own origin (servePortal.ts).
// `npm run dev -w @csoc/web` proxies /api to a CSOC on CSOC_URL (default http://127.0.0.1:8080).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/api': process.env.CSOC_URL ?? 'http://127.0.0.1:8080' } },
});
