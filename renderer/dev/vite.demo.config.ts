// Development only: serves renderer/dev/demo.html (the app on a synthetic engine) with Vite's dev server.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

export default defineConfig({ root: fileURLToPath(new URL('..', import.meta.url)), server: { host: '127.0.0.1', strictPort: true } });
