// Losses (BCE, focal, asymmetric, logit adjustment, class-balanced; masked mean) and AdamW against PyTorch references.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultLoss, type LossConfig } from '../../../src-core/model/trainConfig';
import { AdamW, clipByGlobalNorm } from '../../../src-worker/model/AdamW';
import { selectBackend } from '../../../src-worker/model/backends';
import { multiLabelLoss } from '../../../src-worker/model/losses';
import { repoRoot } from '../../helpers/paths';

const ref = JSON.parse(readFileSync(path.join(repoRoot, 'test/fixtures/model/loss_optim_reference.json'), 'utf8')) as Record<
  string,
  unknown
> & { B: number; C: number };
const arr = (k: string): number[] => ref[k] as number[];

function loss(cfg: Partial<LossConfig>): number {
  return tf.tidy(() => {
    const z = tf.tensor2d(arr('logits'), [ref.B, ref.C]);
    const y = tf.tensor2d(arr('targets'), [ref.B, ref.C]);
    const m = tf.tensor2d(arr('mask'), [ref.B, ref.C]);
    return multiLabelLoss(
      z,
      y,
      m,
      { ...defaultLoss, ...cfg },
      { prior: Float32Array.from(arr('prior')), positives: Float32Array.from(arr('positives')) },
    ).dataSync()[0]!;
  });
}

describe('losses and AdamW vs PyTorch', () => {
  beforeAll(async () => {
    await selectBackend('cpu');
  });

  it('matches each loss within 1e-5 relative', () => {
    const cases: Array<[Partial<LossConfig>, string]> = [
      [{ name: 'bce' }, 'bce'],
      [{ name: 'focal', gamma: 2 }, 'focal_gamma2'],
      [{ name: 'asymmetric', gammaPos: 1, gammaNeg: 4, clip: 0.05 }, 'asl_gp1_gn4_clip005'],
      [{ name: 'bce', logitAdjustTau: 0.7 }, 'bce_logit_adjust_tau07'],
      [{ name: 'bce', classBalancedBeta: 0.99 }, 'bce_class_balanced_099'],
    ];
    for (const [cfg, key] of cases) {
      const want = ref[key] as number;
      expect(Math.abs(loss(cfg) - want) / Math.abs(want), key).toBeLessThan(1e-5);
    }
  });

  it('masked terms do not change the loss', () => {
    const base = loss({ name: 'bce' });
    const logits = arr('logits').slice();
    const maskV = arr('mask');
    const i = maskV.findIndex((v) => v === 0);
    logits[i] = 50; // a wildly wrong logit on an unknown label
    const changed = tf.tidy(
      () =>
        multiLabelLoss(
          tf.tensor2d(logits, [ref.B, ref.C]),
          tf.tensor2d(arr('targets'), [ref.B, ref.C]),
          tf.tensor2d(maskV, [ref.B, ref.C]),
          defaultLoss,
        ).dataSync()[0]!,
    );
    expect(changed).toBeCloseTo(base, 6);
  });

  it('AdamW with decoupled decay (none on the bias) matches torch.optim.AdamW over 4 steps', async () => {
    const init = ref.adamw_init as { w: number[]; b: number[] };
    const params = new Map<string, tf.Variable>([
      ['w.weight', tf.variable(tf.tensor2d(init.w, [3, 2]))],
      ['x.bias', tf.variable(tf.tensor1d(init.b))],
    ]);
    const opt = new AdamW(params, {
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
      weightDecay: 0.1,
      noDecay: (n) => n.endsWith('.bias'),
      lrScale: () => 1,
    });
    const grads = ref.adamw_grads as Array<{ w: number[]; b: number[] }>;
    for (const [k, lr] of arr('adamw_lrs').entries()) {
      const g = new Map<string, tf.Tensor>([
        ['w.weight', tf.tensor2d(grads[k]!.w, [3, 2])],
        ['x.bias', tf.tensor1d(grads[k]!.b)],
      ]);
      await opt.apply(g, lr);
      for (const t of g.values()) t.dispose();
    }
    const fin = ref.adamw_final as { w: number[]; b: number[] };
    const gotW = params.get('w.weight')!.dataSync();
    const gotB = params.get('x.bias')!.dataSync();
    fin.w.forEach((v, i) => expect(Math.abs(gotW[i]! - v)).toBeLessThan(1e-6));
    fin.b.forEach((v, i) => expect(Math.abs(gotB[i]! - v)).toBeLessThan(1e-6));
    opt.dispose();
    for (const p of params.values()) p.dispose();
  });

  it('clips flat gradients by their global norm, in place', () => {
    const g = Float32Array.from([3, 0, 0, 4]);
    expect(clipByGlobalNorm(g, 1)).toBeCloseTo(5, 5);
    expect(Math.hypot(...g)).toBeCloseTo(1, 4);
    expect(g[0]! / g[3]!).toBeCloseTo(0.75, 5);
    const small = Float32Array.from([0.3, 0.4]);
    expect(clipByGlobalNorm(small, 1)).toBeCloseTo(0.5, 5);
    expect([...small]).toEqual([Math.fround(0.3), Math.fround(0.4)]);
  });
});
