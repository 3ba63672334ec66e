// WindowGradientSource against the real gradient page (src-worker/model/parallel/gradientPageMain.ts) in Chromium on
// WebGPU (SwiftShader, page on 127.0.0.1): the summed gradients and loss of a step of vit-micro micro-batches (masked
// labels, unequal shares, drop path, logit adjustment) agree with a tfjs-wasm gradient worker's within 1e-4 relative
// (max |Δ| / max |ref| per tensor). Also: a page without WebGPU is refused with the reason, a step past its time limit
// is a TIMEOUT, and a window that goes away fails the step. Skipped, with the reason, where no adapter comes up.
import { afterAll, describe, expect, it } from 'vitest';
import { securityHeaders } from '../../../src-main/app/contentSecurityPolicy';
import type { HilumError } from '../../../src-core/errors';
import { defaultLoss, type LossConfig } from '../../../src-core/model/trainConfig';
import { vitPreset } from '../../../src-core/model/vitConfig';
import { createRng } from '../../../src-core/random/createRng';
import { selectBackend } from '../../../src-worker/model/backends';
import { FlatParams } from '../../../src-worker/model/FlatParams';
import { gaussian, initVitParams } from '../../../src-worker/model/initVitParams';
import { GradientWorkerPool, type MicroBatch } from '../../../src-worker/model/parallel/GradientWorkerPool';
import { WindowGradientSource } from '../../../src-worker/model/parallel/WindowGradientSource';
import { VitModel } from '../../../src-worker/model/VitModel';
import { bridgePagePort } from './helpers/bridgePagePort';
import { openWebgpuPage } from './helpers/openWebgpuPage';
import { relativeDiff } from './helpers/relativeDiff';

const TOLERANCE = 1e-4;
const pageEntry = new URL('../../../src-worker/model/parallel/gradientPageMain.ts', import.meta.url).pathname;
const config = vitPreset('vit-micro', { numClasses: 3, dropPath: 0.2 });
const loss: LossConfig = { ...defaultLoss, logitAdjustTau: 1 };
const prior = Float32Array.from([0.3, 0.5, 0.2]);
const positives = Float32Array.from([3, 5, 2]);
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** Three micro-batches of 3, 2 and 1 images: shares 3/6, 2/6, 1/6, some labels masked out, a drop-path seed each. */
function microBatches(): MicroBatch[] {
  const rng = createRng(21);
  const px = config.imageSize * config.imageSize;
  return [3, 2, 1].map((n, k) => ({
    n,
    input: Float32Array.from({ length: n * px }, () => gaussian(rng)),
    targets: Float32Array.from({ length: n * 3 }, () => (rng.nextFloat() < 0.4 ? 1 : 0)),
    mask: Float32Array.from({ length: n * 3 }, (_, j) => (j % 4 === 1 ? 0 : 1)),
    share: n / 6,
    dropPathSeed: 100 + k,
  }));
}

/** Seeded vit-micro weights in the FlatParams layout, and each parameter's segment. */
async function startingWeights(): Promise<{ names: string[]; weights: Float32Array; segments: Array<[string, number, number]> }> {
  await selectBackend('wasm');
  const model = VitModel.fromCanonical(config, initVitParams(config, createRng(11), undefined, 'fanInUniform'));
  const names = [...model.params.keys()];
  const flat = new FlatParams(names.map((n) => model.params.get(n)!));
  const weights = flat.read();
  const segments = names.map((n, i): [string, number, number] => [n, flat.offsets[i]!, flat.offsets[i]! + flat.sizes[i]!]);
  model.dispose();
  return { names, weights, segments };
}

/** The gradient page served with the app's security headers (CSP: scripts from the app only, no eval). */
async function openPage(args?: string[]): Promise<Extract<Awaited<ReturnType<typeof openWebgpuPage>>, { page: unknown }> | string> {
  const opened = await openWebgpuPage(pageEntry, args, securityHeaders);
  if ('reason' in opened) return opened.reason;
  cleanups.push(opened.close);
  return opened;
}

describe('WindowGradientSource: tfjs webgpu in a Chromium page vs a tfjs-wasm gradient worker', () => {
  it('sums the same gradients and loss within 1e-4 relative; a late step times out; a closed window fails the step', async (ctx) => {
    const opened = await openPage();
    if (typeof opened === 'string' || !opened.adapter) {
      const why = typeof opened === 'string' ? opened : opened.where;
      console.warn(`window gradient parity skipped: no WebGPU adapter. ${why}`);
      ctx.skip(`no WebGPU adapter: ${why}`);
      return;
    }
    const { names, weights, segments } = await startingWeights();
    const micro = microBatches();
    const pool = await GradientWorkerPool.start(1, config, 'wasm', names, 1);
    const reference = await pool.gradients(weights, micro, loss, prior, positives).finally(() => pool.close());

    const source = await WindowGradientSource.connect(await bridgePagePort(opened.page), { config, names });
    console.info(`window gradients on ${opened.where}: ${source.description}`);
    expect(source.description).toMatch(/^tfjs webgpu in Chromium, adapter /);
    const sent = source.sharedWeights(weights.length);
    sent.set(weights);
    const got = await source.gradients(sent, micro, loss, prior, positives);

    expect(got.grads.length).toBe(weights.length);
    expect(Math.abs(got.loss - reference.loss) / Math.abs(reference.loss)).toBeLessThan(TOLERANCE);
    const worst = segments
      .map(([name, from, to]): [string, number] => [name, relativeDiff(reference.grads.subarray(from, to), got.grads.subarray(from, to))])
      .sort((a, b) => b[1] - a[1]);
    console.info(
      `worst relative differences: ${worst
        .slice(0, 3)
        .map(([n, d]) => `${n} ${d.toExponential(2)}`)
        .join(', ')}`,
    );
    expect(worst.length).toBeGreaterThan(30);
    expect(worst[0]![1], `worst: ${worst[0]![0]}`).toBeLessThan(TOLERANCE);

    // A second page in the same browser, with a step limit no step can meet.
    const second = await opened.browser.newPage();
    await second.goto(opened.page.url());
    const hurried = await WindowGradientSource.connect(await bridgePagePort(second), { config, names, stepTimeoutMs: 1 });
    await expect(hurried.gradients(sent, micro, loss, prior, positives)).rejects.toMatchObject({ code: 'TIMEOUT' });
    await hurried.close();

    // The rejection is taken at once: the page's 'close' fires while page.close() is still under way.
    const pending = source.gradients(sent, micro, loss, prior, positives).then(
      () => undefined,
      (e: unknown) => e as HilumError,
    );
    await opened.page.close();
    const error = await pending;
    expect(error?.code).toBe('WORKER_CRASHED');
    expect(error?.message).toMatch(/closed or crashed/);
    await source.close();
  }, 300_000);

  it('refuses a window without WebGPU with the reason, as UNSUPPORTED', async (ctx) => {
    const opened = await openPage(['--disable-features=WebGPU']);
    if (typeof opened === 'string') {
      ctx.skip(opened);
      return;
    }
    expect(opened.adapter, `this Chromium still exposed an adapter: ${opened.where}`).toBeUndefined();
    const port = await bridgePagePort(opened.page);
    const error = (await WindowGradientSource.connect(port, { config, names: ['cls'] }).catch((e: unknown) => e)) as HilumError;
    console.info(`without WebGPU: ${error.message}`);
    expect(error.code).toBe('UNSUPPORTED');
    expect(error.message).toMatch(/WebGPU gradient window: no WebGPU in this window: navigator.gpu is missing|no WebGPU adapter/);
  }, 120_000);
});
