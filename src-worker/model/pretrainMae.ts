/**
 * MAE pretraining loop: seeded masking and light augmentation, micro-batches with gradient accumulation,
 * AdamW + warmup/cosine, epoch-end checkpoints with exact resume, and an encoder checkpoint in canonical names
 * (no head) that fine-tuning loads via `initWeights`.
 */
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { isNoDecayParam } from '../../src-core/model/canonicalShapes';
import type { DataSource } from '../../src-core/model/dataSource';
import { lrAt } from '../../src-core/model/lrSchedule';
import { resolveTrainingEngine } from '../../src-core/model/resolveTrainingEngine';
import { defaultAugment, type PretrainConfig, type TrainingEngineName } from '../../src-core/model/trainConfig';
import { createRng, type Rng } from '../../src-core/random/createRng';
import { serializeSafetensors } from '../../src-core/safetensors/serializeSafetensors';
import type { NamedTensor } from '../../src-core/safetensors/types';
import { AdamW, clipByGlobalNorm } from './AdamW';
import { type BackendName, selectBackend } from './backends';
import { augmentImage } from './augment/augmentImage';
import { shuffleInPlace } from '../../src-core/random/shuffleInPlace';
import { type CheckpointState, initialCheckpointState, loadLastCheckpoint, saveCheckpoint, writeFileAtomic } from './checkpointStore';
import { initVitParams } from './initVitParams';
import { type MaeMicroBatch, OrtMaeGradients } from '../onnx/train/OrtMaeGradients';
import { MaeDecoder } from './MaeDecoder';
import { codeVersion, hashDataSources, streamSeed } from './runFingerprint';
import { TrainingResources } from './TrainingResources';
import { VitModel } from './VitModel';

export type PretrainEvent =
  | { type: 'step'; epoch: number; step: number; totalSteps: number; loss: number; lr: number; imagesPerSec: number; etaSec: number }
  | { type: 'epoch'; epoch: number; loss: number; numTensors: number }
  | { type: 'resumed'; epoch: number; step: number };

export interface PretrainResult {
  outDir: string;
  backend: BackendName;
  /** What computed the gradients (resolveTrainingEngine). */
  engine: TrainingEngineName;
  encoderWeights: string;
  epochsRun: number;
  history: CheckpointState['history'];
  numTensorsPerEpoch: number[];
}

export interface PretrainOptions {
  config: PretrainConfig;
  data: DataSource;
  onEvent?: (e: PretrainEvent) => void;
  signal?: AbortSignal;
}

export async function pretrainMae(opts: PretrainOptions): Promise<PretrainResult> {
  const { config, data } = opts;
  const backend = await selectBackend(config.backend);
  const engine = resolveTrainingEngine({ engine: config.engine, linearProbe: false, backend: config.backend });
  mkdirSync(config.outDir, { recursive: true });
  const provenance = {
    seed: String(config.seed),
    dataHash: await hashDataSources([data]),
    backend,
    engine,
    codeVersion: codeVersion(),
    config: JSON.stringify(config),
    kind: 'mae-encoder',
  };
  writeFileAtomic(path.join(config.outDir, 'run.json'), JSON.stringify({ ...provenance, config }, null, 1));
  const resources = new TrainingResources();
  try {
    return await runPretraining(opts, backend, engine, provenance, resources);
  } finally {
    await resources.release();
  }
}

async function runPretraining(
  opts: PretrainOptions,
  backend: BackendName,
  engine: TrainingEngineName,
  provenance: Record<string, string>,
  resources: TrainingResources,
): Promise<PretrainResult> {
  const { config, data } = opts;
  const emit = opts.onEvent ?? (() => {});
  const initRng = createRng(config.seed);
  const encoder = resources.own(VitModel.fromCanonical(config.model, initVitParams(config.model, initRng, undefined, config.weightInit)));
  const mae = resources.own(new MaeDecoder(encoder, config, initRng));
  const trainable = new Map<string, tf.Variable>([...[...encoder.params].filter(([n]) => !n.startsWith('head.')), ...mae.params]);
  const optimizer = resources.own(
    new AdamW(trainable, {
      beta1: 0.9,
      beta2: 0.95,
      eps: 1e-8,
      weightDecay: config.weightDecay,
      noDecay: (n) => isNoDecayParam(n) || n === 'mask_token' || n === 'decoder_pos_embed',
      lrScale: () => 1,
    }),
  );
  const ortMae = resources.ownPool(
    engine === 'onnxruntime'
      ? new OrtMaeGradients(
          config.model,
          config,
          [...trainable].map(([name, v]) => ({ name, shape: v.shape })),
          os.availableParallelism(),
        )
      : undefined,
  );
  const S = config.model.imageSize;
  const stepsPerEpoch = Math.ceil(data.size / config.batchSize);
  const schedule = {
    peakLr: config.lr,
    minLr: config.minLr,
    warmupSteps: Math.round(config.warmupEpochs * stepsPerEpoch),
    totalSteps: stepsPerEpoch * config.epochs,
  };
  let state: CheckpointState = initialCheckpointState(config.seed);
  const resumed = loadLastCheckpoint(config.outDir);
  if (resumed) {
    state = resumed.state;
    encoder.loadCanonical(resumed.weights);
    optimizer.loadState(resumed.optim, state.step);
    mae.loadState(new Map([...resumed.optim].filter(([n]) => n.startsWith('dec.')).map(([n, t]) => [n.slice(4), t])));
    emit({ type: 'resumed', epoch: state.epoch, step: state.step });
  }
  const aug = { ...defaultAugment, noiseStd: 0, rotateDeg: 3 };
  const numTensorsPerEpoch: number[] = [];
  const started = Date.now();
  const step0 = state.step;
  for (let epoch = state.epoch; epoch < config.epochs && !opts.signal?.aborted; epoch++) {
    const rng = createRng(streamSeed(config.seed, epoch, 1));
    const order = shuffleInPlace(
      Array.from({ length: data.size }, (_, i) => i),
      rng,
    );
    let lossSum = 0;
    for (let b = 0; b < stepsPerEpoch && !opts.signal?.aborted; b++) {
      const idx = order.slice(b * config.batchSize, (b + 1) * config.batchSize);
      const px = new Float32Array(idx.length * S * S);
      for (let k = 0; k < idx.length; k++) px.set(augmentImage((await data.get(idx[k]!)).pixels, S, S, aug, rng), k * S * S);
      const lr = lrAt(state.step, schedule);
      const loss = ortMae
        ? await ortPretrainStep(px, idx.length, config.microBatch, S, mae, rng, ortMae, optimizer, lr)
        : // tidy: a failure mid-step leaves no gradient tensors behind
          tf.tidy(() => pretrainStep(px, idx.length, config.microBatch, S, (x) => mae.loss(x, rng), optimizer, lr));
      state.step += 1;
      lossSum += loss;
      const elapsed = (Date.now() - started) / 1000;
      const done = state.step - step0;
      emit({
        type: 'step',
        epoch,
        step: state.step,
        totalSteps: schedule.totalSteps,
        loss,
        lr,
        imagesPerSec: (done * config.batchSize) / elapsed,
        etaSec: ((schedule.totalSteps - state.step) * elapsed) / done,
      });
    }
    if (opts.signal?.aborted) break;
    state.epoch = epoch + 1;
    state.history.push({ epoch, loss: lossSum / stepsPerEpoch });
    const optim = optimizer.exportState();
    for (const [n, t] of mae.exportState()) optim.set(`dec.${n}`, t);
    saveCheckpoint(config.outDir, state, encoder.exportCanonical(), optim, provenance);
    numTensorsPerEpoch.push(tf.memory().numTensors);
    emit({ type: 'epoch', epoch, loss: lossSum / stepsPerEpoch, numTensors: tf.memory().numTensors });
  }
  const encoderFile = path.join(config.outDir, 'encoder.safetensors');
  const enc = new Map<string, NamedTensor>([...encoder.exportCanonical()].filter(([n]) => !n.startsWith('head.')));
  writeFileAtomic(encoderFile, serializeSafetensors(enc, { ...provenance, epochs: String(state.epoch) }));
  return {
    outDir: config.outDir,
    backend,
    engine,
    encoderWeights: encoderFile,
    epochsRun: state.epoch,
    history: state.history,
    numTensorsPerEpoch,
  };
}

/** One optimiser step: micro-batch gradients summed (each scaled by its share) into one flat array, clipped to norm 1, AdamW. Returns the loss. */
function pretrainStep(
  px: Float32Array,
  size: number,
  microBatch: number,
  S: number,
  lossOf: (x: tf.Tensor4D) => tf.Scalar,
  optimizer: AdamW,
  lr: number,
): number {
  const flat = optimizer.flat;
  const grads = new Float32Array(flat.total);
  let loss = 0;
  for (let start = 0; start < size; start += microBatch) {
    const n = Math.min(microBatch, size - start);
    const { value, grads: g } = tf.variableGrads(
      () => tf.mul(lossOf(tf.tensor4d(px.subarray(start * S * S, (start + n) * S * S), [n, 1, S, S])), n / size) as tf.Scalar,
      flat.vars,
    );
    loss += value.dataSync()[0]!;
    value.dispose();
    flat.accumulate(
      grads,
      flat.vars.map((v) => g[v.name]!),
      start === 0,
    );
  }
  clipByGlobalNorm(grads, 1);
  optimizer.applyFlat(grads, lr);
  return loss;
}

/**
 * The same step with the gradients from ONNX Runtime's MAE graph: each micro-batch's masks drawn here, in the order
 * MaeDecoder.loss draws them on the tfjs path, then one flat gradient for the batch, clipped to norm 1, AdamW.
 */
async function ortPretrainStep(
  px: Float32Array,
  size: number,
  microBatch: number,
  S: number,
  mae: MaeDecoder,
  rng: Rng,
  engine: OrtMaeGradients,
  optimizer: AdamW,
  lr: number,
): Promise<number> {
  const micro: MaeMicroBatch[] = [];
  for (let start = 0; start < size; start += microBatch) {
    const n = Math.min(microBatch, size - start);
    const { keep, masked } = mae.drawMasks(n, rng);
    micro.push({ pixels: px.subarray(start * S * S, (start + n) * S * S), n, share: n / size, keep, masked });
  }
  const weights = optimizer.flat.read();
  const { grads, loss } = await engine.gradients(weights, micro);
  clipByGlobalNorm(grads, 1);
  optimizer.applyFlat(grads, lr, weights);
  return loss;
}
