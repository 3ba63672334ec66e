// trainVit with its gradients from the WebGPU gradient page (a port, as the app's hidden window gives a webgpu job): two
// epochs of vit-micro run end to end, the run says where its gradients came from, and the page answered one gradient
// message per optimiser step. Skipped, with the reason, where Chromium brings up no adapter.
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { securityHeaders } from '../../../src-main/app/contentSecurityPolicy';
import { syntheticSource } from '../../../src-core/model/syntheticSource';
import { parseTrainConfig } from '../../../src-core/model/trainConfig';
import { trainVit } from '../../../src-worker/model/trainVit';
import { bridgePagePort } from './helpers/bridgePagePort';
import { openWebgpuPage } from './helpers/openWebgpuPage';

const pageEntry = new URL('../../../src-worker/model/parallel/gradientPageMain.ts', import.meta.url).pathname;
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe('trainVit with a WebGPU gradient window', () => {
  it('trains two epochs with every gradient computed by the page', async (ctx) => {
    const opened = await openWebgpuPage(pageEntry, undefined, securityHeaders);
    if ('reason' in opened) return ctx.skip(opened.reason);
    cleanups.push(opened.close);
    if (!opened.adapter) return ctx.skip(opened.where);
    const config = parseTrainConfig({
      model: { preset: 'vit-micro', numClasses: 3 },
      data: { source: 'synthetic' },
      epochs: 2,
      batchSize: 4,
      microBatch: 2,
      lr: 1e-3,
      seed: 1,
      backend: 'webgpu',
      engine: 'tfjs',
      outDir: path.join(os.tmpdir(), `hilum-train-window-${process.pid}`),
    });
    const messages: string[] = [];
    const losses: number[] = [];
    let steps = 0;
    let answered = 0;
    const port = await bridgePagePort(opened.page);
    port.on('message', (e) => (e?.data as { kind?: string } | undefined)?.kind === 'grads' && answered++);
    const r = await trainVit({
      config,
      train: syntheticSource(16, 32, 3, 1),
      val: syntheticSource(8, 32, 3, 2),
      gradientPort: port,
      onEvent: (e) => {
        if (e.type === 'info') messages.push(e.message);
        if (e.type === 'epoch') losses.push(e.trainLoss);
        if (e.type === 'step') steps++;
      },
    });
    expect(messages.filter((m) => m.startsWith('gradients: tfjs webgpu in Chromium, adapter '))).toHaveLength(1);
    expect(r.epochsRun).toBe(2);
    expect(steps).toBe(8);
    expect(answered).toBe(steps);
    expect(losses.every(Number.isFinite)).toBe(true);
  }, 300_000);
});
