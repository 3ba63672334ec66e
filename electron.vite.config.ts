// Build of the Electron app: main (+ the worker entries a utilityProcess / worker_thread starts),
// the sandboxed preload (one bundled CommonJS file: sandboxed preloads cannot load modules), and the renderer.
import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      rollupOptions: {
        input: {
          index: resolve(root, 'src-main/electron/main.ts'),
          workerUtility: resolve(root, 'src-main/electron/workerUtilityEntry.ts'),
          worker: resolve(root, 'src-worker/entry.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      externalizeDeps: false,
      rollupOptions: {
        input: { preload: resolve(root, 'src-main/electron/preload.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    base: './',
    plugins: [svelte()],
    // vtk.js's XML reader (pulled in by cornerstone's mesh cache) imports xmlbuilder2, a Node library.
    resolve: { alias: { xmlbuilder2: resolve(root, 'src-renderer/shims/xmlbuilder2.ts') } },
    build: {
      outDir: resolve(root, 'out/renderer'),
      target: 'chrome128',
      chunkSizeWarningLimit: 4096,
      rollupOptions: { input: resolve(root, 'src-renderer/index.html') },
    },
  },
});
