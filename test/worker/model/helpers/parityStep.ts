// One training step of vit-micro on whatever tfjs backend is active: gradients of the masked BCE loss and the
// weights after one AdamW update, from fixed seeded weights and data. Runs in Node and, bundled, in Chromium.
// `applyGrads` makes AdamW apply given gradients instead of the computed ones: Adam's first update is about
// lr·sign(g), so a gradient that is ~0 (its sign decided by rounding) would otherwise dominate a comparison
// of the updated weights between backends; this way the update arithmetic itself is compared.
import * as tf from '@tensorflow/tfjs';
import { isNoDecayParam } from '../../../../src-core/model/canonicalShapes';
import { defaultLoss } from '../../../../src-core/model/trainConfig';
import { vitPreset } from '../../../../src-core/model/vitConfig';
import { createRng } from '../../../../src-core/random/createRng';
import { AdamW } from '../../../../src-worker/model/AdamW';
import { gaussian, initVitParams } from '../../../../src-worker/model/initVitParams';
import { multiLabelLoss } from '../../../../src-worker/model/losses';
import { VitModel } from '../../../../src-worker/model/VitModel';

export interface ParityStepResult {
  backend: string;
  loss: number;
  grads: Record<string, number[]>;
  after: Record<string, number[]>;
}

export async function parityStep(applyGrads?: Record<string, number[]>): Promise<ParityStepResult> {
  const config = vitPreset('vit-micro', { numClasses: 3 });
  const model = VitModel.fromCanonical(config, initVitParams(config, createRng(11), undefined, 'fanInUniform'));
  const rng = createRng(12);
  const B = 2;
  const x = tf.tensor4d(
    Float32Array.from({ length: B * 32 * 32 }, () => gaussian(rng)),
    [B, 1, 32, 32],
  );
  const y = tf.tensor2d([1, 0, 1, 0, 1, 0], [B, 3]);
  const mask = tf.tensor2d([1, 1, 1, 1, 0, 1], [B, 3]);
  const names = [...model.params.keys()];
  const vars = names.map((n) => model.params.get(n)!);
  const { value, grads } = tf.variableGrads(() => multiLabelLoss(model.forward(x).logits, y, mask, defaultLoss), vars);
  const out: ParityStepResult = { backend: tf.getBackend(), loss: (await value.data())[0]!, grads: {}, after: {} };
  const gradMap = new Map(names.map((n, i) => [n, grads[vars[i]!.name]!]));
  for (const [n, g] of gradMap) out.grads[n] = [...(await g.data())];
  const opt = new AdamW(model.params, {
    beta1: 0.9,
    beta2: 0.999,
    eps: 1e-8,
    weightDecay: 0.05,
    noDecay: isNoDecayParam,
    lrScale: () => 1,
  });
  const given = applyGrads ? new Map(names.map((n) => [n, tf.tensor(applyGrads[n]!, model.params.get(n)!.shape)])) : undefined;
  await opt.apply(given ?? gradMap, 1e-2);
  for (const t of given?.values() ?? []) t.dispose();
  for (const [n, v] of model.params) out.after[n] = [...(await v.data())];
  for (const t of [value, x, y, mask, ...gradMap.values()]) t.dispose();
  opt.dispose();
  model.dispose();
  return out;
}
