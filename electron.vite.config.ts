// Build of the Electron app: main (+ every worker entry the pool or a worker thread starts, so the
// packaged app needs no tsx at runtime), the sandboxed preload (one bundled CommonJS file: sandboxed
// preloads cannot load modules), and the renderer.
import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;

/**
 * out/main/<name>.js for each: the app's main process, the job worker as a utilityProcess (the app's
 * pool) and as a worker_thread (WorkerHost), and the data-parallel gradient worker that training starts.
 * test/main/electron/builtWorkerEntries.test.ts loads each worker entry from out/ and runs a job through it.
 */
export const mainEntries = {
  index: resolve(root, 'src-main/electron/main.ts'),
  workerUtility: resolve(root, 'src-main/electron/workerUtilityEntry.ts'),
  worker: resolve(root, 'src-worker/entry.ts'),
  gradientWorker: resolve(root, 'src-worker/model/parallel/gradientWorkerMain.ts'),
};

/**
 * HILUM_MAIN_OUT_DIR builds only the main section, into that folder (the built-entries test uses it so it
 * never empties the out/ an app or another test is running from).
 */
const mainOnlyOutDir = process.env.HILUM_MAIN_OUT_DIR;

const main = {
  build: {
    outDir: mainOnlyOutDir ?? resolve(root, 'out/main'),
    rollupOptions: {
      input: mainEntries,
      // Entries and chunks side by side in out/main: code that starts a worker from `new URL('./<entry>.js',
      // import.meta.url)` finds it from whichever chunk it was bundled into.
      output: { entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
};

export default defineConfig(
  mainOnlyOutDir
    ? { main }
    : {
        main,
        preload: {
          build: {
            outDir: resolve(root, 'out/preload'),
            externalizeDeps: false,
            rollupOptions: {
              input: {
                preload: resolve(root, 'src-main/electron/preload.ts'),
                // The hidden WebGPU gradient window's own preload (hands its page a MessagePort, exposes nothing).
                gradientWindowPreload: resolve(root, 'src-main/electron/gradientWindowPreload.ts'),
              },
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
            rollupOptions: {
              input: {
                index: resolve(root, 'src-renderer/index.html'),
                // The hidden window a webgpu training job computes its gradients in (src-main/electron/openGradientWindow.ts).
                gradients: resolve(root, 'src-renderer/gpu/gradients.html'),
              },
            },
          },
        },
      },
);
