// WebGPU training-step parity: the gradients of one vit-micro step and the weights after one AdamW update on the
// tfjs webgpu backend agree with the wasm backend to 1e-4 relative (max |Δ| over a tensor divided by the
// tensor's max |value|). Where an adapter exists: in Node through Dawn (npm `webgpu`), else in Chromium from a
// page on 127.0.0.1 (a secure context) with SwiftShader. Where none does, the test is skipped with the reason.
import { afterAll, describe, expect, it } from 'vitest';
import { probeBackends, selectBackend } from '../../../src-worker/model/backends';
import { openWebgpuPage } from './helpers/openWebgpuPage';
import { relativeDiff } from './helpers/relativeDiff';
import { type ParityStepResult, parityStep } from './helpers/parityStep';

const TOLERANCE = 1e-4;
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** Runs parityStep in Chromium's WebGPU (SwiftShader); undefined with the reason when no adapter comes up. */
async function chromiumStep(
  applyGrads: Record<string, number[]>,
): Promise<{ result?: ParityStepResult; adapter?: string; reason?: string }> {
  const opened = await openWebgpuPage(new URL('./helpers/webgpuPage.ts', import.meta.url).pathname);
  if ('reason' in opened) return { reason: opened.reason };
  cleanups.push(opened.close);
  if (!opened.adapter) return { reason: opened.where };
  const result = await opened.page.evaluate(
    (g) => (globalThis as unknown as { runParityStep: (g: Record<string, number[]>) => Promise<ParityStepResult> }).runParityStep(g),
    applyGrads,
  );
  return { result, adapter: opened.where };
}

/** The webgpu side: Node's own backend when its probe finds an adapter, else Chromium. */
async function webgpuStep(applyGrads: Record<string, number[]>): Promise<{ result?: ParityStepResult; where: string }> {
  const probe = (await probeBackends()).find((p) => p.name === 'webgpu')!;
  if (probe.available) {
    await selectBackend('webgpu');
    return { result: await parityStep(applyGrads), where: `Node, Dawn: ${probe.detail ?? 'adapter found'}` };
  }
  const c = await chromiumStep(applyGrads);
  return c.result ? { result: c.result, where: c.adapter! } : { where: `Node: ${probe.reason}; ${c.reason}` };
}

describe('webgpu training step vs wasm', () => {
  it('gradients and one AdamW step agree within 1e-4 relative', async (ctx) => {
    await selectBackend('wasm');
    const reference = await parityStep();
    expect(reference.backend).toBe('wasm');
    const gpu = await webgpuStep(reference.grads); // AdamW applies wasm's gradients there too (see parityStep)
    if (!gpu.result) {
      console.warn(`webgpu parity skipped: no WebGPU adapter. ${gpu.where}`);
      ctx.skip(`no WebGPU adapter: ${gpu.where}`);
      return;
    }
    console.info(`webgpu parity on ${gpu.where}`);
    expect(gpu.result.backend).toBe('webgpu');
    expect(Math.abs(gpu.result.loss - reference.loss) / Math.abs(reference.loss)).toBeLessThan(TOLERANCE);
    const worst: Array<[string, number]> = [];
    for (const part of ['grads', 'after'] as const) {
      for (const [name, ref] of Object.entries(reference[part]))
        worst.push([`${part} ${name}`, relativeDiff(ref, gpu.result[part][name]!)]);
    }
    worst.sort((a, b) => b[1] - a[1]);
    expect(worst.length).toBeGreaterThan(60);
    console.info(
      `worst relative differences: ${worst
        .slice(0, 3)
        .map(([n, d]) => `${n} ${d.toExponential(2)}`)
        .join(', ')}`,
    );
    expect(worst[0]![1], `worst: ${worst[0]![0]}`).toBeLessThan(TOLERANCE);
  }, 300_000);
});
