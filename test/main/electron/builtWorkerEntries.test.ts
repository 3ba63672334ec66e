// The packaged app needs no tsx: the main section of electron.vite.config.ts is built here (its real
// config, into out/test-workers/main so the app's own out/main is left alone), and every worker entry is
// loaded from there and runs a job: the job worker as a worker_thread and as a utilityProcess (its
// parentPort simulated), and the data-parallel gradient worker.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkerToHost } from '../../../src-core/contracts/jobs';
import { canonicalShapes } from '../../../src-core/model/canonicalShapes';
import { defaultLoss } from '../../../src-core/model/trainConfig';
import { vitPreset } from '../../../src-core/model/vitConfig';
import type { MicroBatch, ToGradientWorker } from '../../../src-worker/model/parallel/protocol';
import { WorkerHost } from '../../../src-main/worker/WorkerHost';
import { WorkerPool } from '../../../src-main/worker/WorkerPool';
import { repoRoot, sharedDataDir } from '../../helpers/paths';

const outMain = path.join(repoRoot, 'out', 'test-workers', 'main');

beforeAll(() => {
  fs.rmSync(outMain, { recursive: true, force: true });
  execFileSync('npx', ['electron-vite', 'build'], {
    cwd: repoRoot,
    stdio: 'pipe',
    timeout: 120_000,
    env: { ...process.env, HILUM_MAIN_OUT_DIR: outMain },
  });
  for (const name of ['index.js', 'worker.js', 'workerUtility.js', 'gradientWorker.js'])
    expect(fs.existsSync(path.join(outMain, name)), name).toBe(true);
}, 150_000);

/** The packages a built file loads, following its relative imports (static and dynamic) through the chunks. */
function packagesLoadedBy(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = fs.readFileSync(path.join(outMain, file), 'utf8');
    const specifiers = [...code.matchAll(/^(?:import|export)\s[^;]*?\sfrom\s*"([^"]+)"|^import\s*"([^"]+)"|\bimport\("([^"]+)"\)/gm)].map(
      (m) => m[1] ?? m[2] ?? m[3]!,
    );
    for (const spec of specifiers) {
      if (spec.startsWith('./')) pending.push(spec.slice(2));
      else packages.add(spec);
    }
  }
  return packages;
}

describe('built worker entries', () => {
  it('the Electron main process bundle loads no decoder, inference or training library', () => {
    const packages = [...packagesLoadedBy('index.js')];
    expect(packages).toContain('better-sqlite3');
    expect(
      packages.filter((p) =>
        /^(onnxruntime-node|@tensorflow\/|@cornerstonejs\/codec|dicom-parser|jpeg-js|jpeg-lossless-decoder-js|pngjs)/.test(p),
      ),
    ).toEqual([]);
    // The job worker is where they are.
    expect([...packagesLoadedBy('worker.js')]).toEqual(expect.arrayContaining(['onnxruntime-node', 'dicom-parser']));
  });

  it('worker.js serves jobs in a worker_thread, DICOM codecs included', async () => {
    const pool = new WorkerHost({ entry: path.join(outMain, 'worker.js'), size: 1 });
    try {
      await expect(pool.run('diagnostics.echo', { message: 'built' })).resolves.toMatchObject({ message: 'built' });
      const file = path.join(sharedDataDir, 'dicom', 'fo-dicom', 'D_CLUNIE_CT1_RLE_FRAGS.dcm');
      const image = await pool.run('images.viewerPixels', { file, studyId: 'x' });
      expect(image.rows * image.columns).toBeGreaterThan(0);
    } finally {
      await pool.close();
    }
  });

  it('workerUtility.js serves jobs over a utilityProcess-style parentPort', async () => {
    // Electron's utilityProcess hands messages to the entry wrapped as { data }; this thread does the same.
    const code = `
      const { parentPort } = require('node:worker_threads');
      process.parentPort = {
        postMessage: (message) => parentPort.postMessage(message),
        on: (_event, listener) => parentPort.on('message', (data) => listener({ data })),
      };
      import(${JSON.stringify(pathToFileURL(path.join(outMain, 'workerUtility.js')).href)});`;
    const pool = new WorkerPool(
      () => {
        const worker = new Worker(code, { eval: true });
        return {
          postMessage: (message) => worker.postMessage(message),
          onMessage: (listener) => worker.on('message', (message: WorkerToHost) => listener(message)),
          onExit: (listener) => worker.on('exit', listener),
          onCrash: (listener) => worker.on('error', (error) => listener(error.message)),
          kill: () => void worker.terminate(),
        };
      },
      { size: 1 },
    );
    try {
      await expect(pool.run('diagnostics.echo', { message: 'utility' })).resolves.toMatchObject({ message: 'utility' });
    } finally {
      await pool.close();
    }
  });

  it('gradientWorker.js builds its model and answers a gradient step', async () => {
    const worker = new Worker(path.join(outMain, 'gradientWorker.js'));
    const next = () =>
      new Promise<{ kind: string; message?: string; loss?: number; grads?: Float32Array }>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
    try {
      const config = vitPreset('vit-micro', { numClasses: 2 });
      // One trainable tensor is enough to prove the bundled tfjs model builds and differentiates.
      const [name, shape] = [...canonicalShapes(config)].find(([n]) => n === 'head.bias')!;
      worker.postMessage({ kind: 'init', config, backend: 'cpu', names: [name], wasmThreads: 1 } satisfies ToGradientWorker);
      expect(await next()).toEqual({ kind: 'ready' });
      const n = 1;
      const pixels = config.imageSize * config.imageSize;
      const micro: MicroBatch = {
        input: new Float32Array(n * pixels).fill(0.5),
        n,
        targets: new Float32Array([1, 0]),
        mask: new Float32Array([1, 1]),
        share: 1,
        dropPathSeed: 1,
      };
      worker.postMessage({
        kind: 'step',
        id: 1,
        // The weights travel flat (FlatParams order), as the pool sends them.
        weights: new Float32Array(shape.reduce((a, b) => a * b, 1)),
        micro: [micro],
        loss: defaultLoss,
        prior: new Float32Array([0.5, 0.5]),
        positives: new Float32Array([1, 1]),
      } satisfies ToGradientWorker);
      const reply = await next();
      expect(reply.kind, reply.message).toBe('grads');
      expect(Number.isFinite(reply.loss)).toBe(true);
      expect(reply.grads?.length).toBe(2);
    } finally {
      await worker.terminate();
    }
  });
});
