// Vite builds the renderer as static files: served by `crashlens serve` and loaded by Electron
// from disk, hence relative asset paths (base './'). Vite 8 transforms TSX (automatic JSX) itself.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
  },
});
