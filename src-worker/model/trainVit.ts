/**
 * The fine-tuning loop: seeded shuffling and augmentation, micro-batches with gradient accumulation, AdamW with
 * warmup + cosine LR, global-norm clipping, layer-wise LR decay, EMA and SWA, validation macro-AUROC / AUPRC
 * each epoch, best and last checkpoints, exact resume at epoch boundaries, progress events.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { isNoDecayParam, layerIdOf } from '../../src-core/model/canonicalShapes';
import type { DataSource } from '../../src-core/model/dataSource';
import { layerLrScale, lrAt } from '../../src-core/model/lrSchedule';
import { resolveTrainingEngine } from '../../src-core/model/resolveTrainingEngine';
import { resolveTrainingWorkers } from '../../src-core/model/resolveTrainingWorkers';
import type { TrainConfig, TrainingEngineName } from '../../src-core/model/trainConfig';
import { createRng } from '../../src-core/random/createRng';
import { serializeSafetensors } from '../../src-core/safetensors/serializeSafetensors';
import { AdamW, clipByGlobalNorm } from './AdamW';
import { type BackendName, selectBackend } from './backends';
import { shuffleInPlace } from '../../src-core/random/shuffleInPlace';
import { type CheckpointState, initialCheckpointState, loadLastCheckpoint, saveCheckpoint, writeFileAtomic } from './checkpointStore';
import { buildInitialModel } from './buildInitialModel';
import { computeFeatureCache } from './computeFeatureCache';
import type { MultiLabelMetrics } from './evaluateMultiLabel';
import { evaluateValidation } from './evaluateValidation';
import { loadBatch } from './loadBatch';
import { type LossContext, multiLabelLoss } from './losses';
import { codeVersion, hashDataSources, streamSeed } from './runFingerprint';
import { OrtGradientEngine } from '../onnx/train/OrtGradientEngine';
import type { GradientSource } from './gradientSource';
import { GradientWorkerPool, type MicroBatch } from './parallel/GradientWorkerPool';
import { type GradientPort, WindowGradientSource } from './parallel/WindowGradientSource';
import { fullView, headView, type TrainingView } from './trainingView';
import { TrainingResources } from './TrainingResources';
import { WeightAverage } from './WeightAverage';

export type TrainEvent =
  | {
      type: 'step';
      epoch: number;
      step: number;
      totalSteps: number;
      loss: number;
      lr: number;
      gradNorm: number;
      imagesPerSec: number;
      etaSec: number;
    }
  | { type: 'epoch'; epoch: number; trainLoss: number; val: MultiLabelMetrics; numTensors: number; best: boolean }
  | { type: 'resumed'; epoch: number; step: number }
  | { type: 'info'; message: string };

export interface TrainOptions {
  config: TrainConfig;
  train: DataSource;
  val: DataSource;
  onEvent?: (e: TrainEvent) => void;
  signal?: AbortSignal;
  /** Continue from outDir/last.json when present (default true). */
  resume?: boolean;
  /** Port to the app's hidden WebGPU window (backend webgpu from the app): the gradients are computed there. */
  gradientPort?: GradientPort;
}

export interface TrainResult {
  outDir: string;
  backend: BackendName;
  /** What computed the gradients; `backend` then only ran validation (and the optimiser's tensors). */
  engine: TrainingEngineName;
  epochsRun: number;
  history: CheckpointState['history'];
  /** The epoch with the best validation `selectBy` metric, its value, and its macro-AUROC. */
  best: { epoch: number | null; selectBy: TrainConfig['selectBy']; value: number | null; macroAuroc: number | null };
  lastWeights: string;
  bestWeights: string | null;
  swaWeights: string | null;
  numTensorsPerEpoch: number[];
}

const SHUFFLE = 1;
const AUGMENT = 2;
const DROP_PATH = 3;

/** A config whose `engine` and `workers` have been resolved for this machine (run.json records what was used). */
type ResolvedTrainConfig = TrainConfig & { workers: number; engine: TrainingEngineName };

export async function trainVit(options: TrainOptions): Promise<TrainResult> {
  const engine = resolveTrainingEngine(options.config);
  // ONNX Runtime spreads one run over the cores itself: no tfjs gradient workers beside it.
  const workers = engine === 'onnxruntime' ? 1 : resolveTrainingWorkers(options.config, os.availableParallelism());
  const config: ResolvedTrainConfig = { ...options.config, engine, workers };
  const opts = { ...options, config };
  // With a WebGPU window the gradients are computed there; this process only validates and steps AdamW (auto backend).
  const backend = await selectBackend(opts.gradientPort ? undefined : config.backend, { wasmThreads: wasmThreadsFor(config) });
  mkdirSync(config.outDir, { recursive: true });
  const dataHash = await hashDataSources([opts.train, opts.val]);
  const provenance = { seed: String(config.seed), dataHash, backend, codeVersion: codeVersion(), config: JSON.stringify(config) };
  writeFileAtomic(
    path.join(config.outDir, 'run.json'),
    JSON.stringify({ ...provenance, config, mixedPrecision: 'not used: the wasm and cpu backends compute in float32 only' }, null, 1),
  );
  const resources = new TrainingResources();
  try {
    return await runTraining(opts, backend, dataHash, provenance, resources);
  } finally {
    await resources.release();
  }
}

/** The main thread's wasm threads: one per core, or none beyond its own when data-parallel workers take the cores. */
function wasmThreadsFor(config: ResolvedTrainConfig): number | undefined {
  return config.workers > 1 && !config.linearProbe ? 1 : undefined;
}

async function runTraining(
  opts: TrainOptions & { config: ResolvedTrainConfig },
  backend: BackendName,
  dataHash: string,
  provenance: Record<string, string>,
  resources: TrainingResources,
): Promise<TrainResult> {
  const { config } = opts;
  const emit = opts.onEvent ?? (() => {});
  const model = resources.own(buildInitialModel(config));
  let train = opts.train;
  let val = opts.val;
  let view: TrainingView = fullView(model);
  if (config.linearProbe) {
    const cache = await computeFeatureCache(model, [opts.train, opts.val], config, dataHash);
    emit({ type: 'info', message: cache.reused ? `reused cached features ${cache.file}` : `computed features once into ${cache.file}` });
    [train, val] = cache.sources as [DataSource, DataSource];
    view = headView(model);
  }
  const C = config.model.numClasses;
  const stepsPerEpoch = Math.ceil(train.size / config.batchSize);
  const totalSteps = stepsPerEpoch * config.epochs;
  const schedule = { peakLr: config.lr, minLr: config.minLr, warmupSteps: Math.round(config.warmupEpochs * stepsPerEpoch), totalSteps };
  const numLayers = config.model.depth + 2;
  const optimizer = resources.own(
    new AdamW(view.trainable, {
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
      weightDecay: config.weightDecay,
      noDecay: isNoDecayParam,
      lrScale: (n) => (config.layerDecay < 1 ? layerLrScale(layerIdOf(n, config.model.depth), numLayers, config.layerDecay) : 1),
    }),
  );
  const ema = config.ema > 0 ? resources.own(new WeightAverage(model.params)) : undefined;
  const swa = config.swaEpochs > 0 ? resources.own(new WeightAverage(model.params)) : undefined;
  const lossCtx = await lossContext(train, C);

  let state: CheckpointState = initialCheckpointState(config.seed);
  const resumed = opts.resume !== false ? loadLastCheckpoint(config.outDir) : undefined;
  if (resumed) {
    state = resumed.state;
    model.loadCanonical(resumed.weights);
    optimizer.loadState(resumed.optim, state.step);
    ema?.load(resumed.optim, 'ema.');
    swa?.load(resumed.optim, 'swa.');
    emit({ type: 'resumed', epoch: state.epoch, step: state.step });
  }
  const pool = resources.ownPool(await gradientSource(config, view, backend, opts.gradientPort));
  emit({ type: 'info', message: `gradients: ${pool?.description ?? `tfjs (${backend}) in this thread`}` });
  const numTensorsPerEpoch: number[] = [];
  const bestFile = path.join(config.outDir, 'best.safetensors');
  const started = Date.now();
  const stepsAtStart = state.step;

  for (let epoch = state.epoch; epoch < config.epochs; epoch++) {
    if (opts.signal?.aborted) break;
    const order = shuffled(train.size, createRng(streamSeed(config.seed, epoch, SHUFFLE)));
    const augRng = createRng(streamSeed(config.seed, epoch, AUGMENT));
    const dpRng = createRng(streamSeed(config.seed, epoch, DROP_PATH));
    let lossSum = 0;
    for (let b = 0; b < stepsPerEpoch; b++) {
      if (opts.signal?.aborted) break;
      const idx = order.slice(b * config.batchSize, (b + 1) * config.batchSize);
      const lr = lrAt(state.step, schedule);
      const { loss, gradNorm } = await accumulateAndStep(view, train, idx, config, augRng, dpRng, lossCtx, optimizer, lr, pool);
      ema?.update(model.params, config.ema);
      state.step += 1;
      lossSum += loss;
      const elapsed = (Date.now() - started) / 1000;
      const done = state.step - stepsAtStart;
      emit({
        type: 'step',
        epoch,
        step: state.step,
        totalSteps,
        loss,
        lr,
        gradNorm,
        imagesPerSec: (done * config.batchSize) / Math.max(elapsed, 1e-9),
        etaSec: ((totalSteps - state.step) * elapsed) / done,
      });
    }
    if (opts.signal?.aborted) break;
    if (swa && epoch >= config.epochs - config.swaEpochs) swa.accumulate(model.params, state.swaCount++);
    const evalParams = ema ? ema.swapIn(model.params) : undefined;
    const valMetrics = await evaluateValidation(
      view,
      val,
      config,
      C,
      config.engine === 'onnxruntime' && !config.linearProbe ? model : undefined,
    );
    if (evalParams) ema!.swapOut(model.params, evalParams);
    const metric = config.selectBy === 'auprc' ? valMetrics.macroAuprc : valMetrics.macroAuroc;
    const isBest = metric !== null && (state.bestMetric === null || metric > state.bestMetric);
    state.epoch = epoch + 1;
    if (isBest) {
      state.bestMetric = metric;
      state.bestEpoch = epoch;
      const weights = ema ? ema.exportCanonical(model) : model.exportCanonical();
      writeFileAtomic(
        bestFile,
        serializeSafetensors(weights, {
          ...provenance,
          epoch: String(epoch),
          weights: ema ? 'ema' : 'raw',
          selectedBy: `validation macro-${config.selectBy}`,
          [config.selectBy === 'auprc' ? 'macroAuprc' : 'macroAuroc']: String(metric),
        }),
      );
    }
    state.history.push({
      epoch,
      trainLoss: lossSum / stepsPerEpoch,
      valMacroAuroc: valMetrics.macroAuroc,
      valMacroAuprc: valMetrics.macroAuprc,
    });
    const optimState = optimizer.exportState();
    ema?.exportInto(optimState, 'ema.');
    swa?.exportInto(optimState, 'swa.');
    saveCheckpoint(config.outDir, state, model.exportCanonical(), optimState, provenance);
    numTensorsPerEpoch.push(tf.memory().numTensors);
    emit({ type: 'epoch', epoch, trainLoss: lossSum / stepsPerEpoch, val: valMetrics, numTensors: tf.memory().numTensors, best: isBest });
  }

  let swaFile: string | null = null;
  if (swa && state.swaCount > 0 && state.epoch === config.epochs) {
    swaFile = path.join(config.outDir, 'swa.safetensors');
    writeFileAtomic(
      swaFile,
      serializeSafetensors(swa.exportCanonical(model), { ...provenance, weights: `swa over ${state.swaCount} epochs` }),
    );
  }
  const lastDir = loadLastPointerDir(config.outDir);
  writeFileSync(
    path.join(config.outDir, 'result.json'),
    JSON.stringify(
      {
        history: state.history,
        bestEpoch: state.bestEpoch,
        selectBy: config.selectBy,
        bestMetric: state.bestMetric,
        backend,
        engine: config.engine,
      },
      null,
      1,
    ),
  );
  return {
    outDir: config.outDir,
    backend,
    engine: config.engine,
    epochsRun: state.epoch,
    history: state.history,
    best: {
      epoch: state.bestEpoch,
      selectBy: config.selectBy,
      value: state.bestMetric,
      macroAuroc: state.history.find((h) => h.epoch === state.bestEpoch)?.valMacroAuroc ?? null,
    },
    lastWeights: path.join(lastDir, 'weights.safetensors'),
    bestWeights: existsSync(bestFile) ? bestFile : null,
    swaWeights: swaFile,
    numTensorsPerEpoch,
  };
}

/**
 * Where the gradients come from besides tfjs in this thread: ONNX Runtime's training graph, or data-parallel tfjs
 * workers. A linear probe's head step is too small for either.
 */
async function gradientSource(
  config: ResolvedTrainConfig,
  view: TrainingView,
  backend: BackendName,
  port?: GradientPort,
): Promise<GradientSource | undefined> {
  if (port && !config.linearProbe) return WindowGradientSource.connect(port, { config: config.model, names: [...view.trainable.keys()] });
  port?.close();
  if (config.linearProbe) return undefined;
  if (config.engine === 'onnxruntime') {
    const params = [...view.trainable].map(([name, v]) => ({ name, shape: v.shape }));
    return new OrtGradientEngine({ config: config.model, params, threads: os.availableParallelism() });
  }
  return config.workers > 1 ? GradientWorkerPool.start(config.workers, config.model, backend, [...view.trainable.keys()]) : undefined;
}

function loadLastPointerDir(outDir: string): string {
  const c = loadLastCheckpoint(outDir);
  return c ? c.dir : outDir;
}

function shuffled(n: number, rng: ReturnType<typeof createRng>): number[] {
  return shuffleInPlace(
    Array.from({ length: n }, (_, i) => i),
    rng,
  );
}

async function lossContext(train: DataSource, C: number): Promise<LossContext> {
  const positives = new Float32Array(C);
  const known = new Float32Array(C);
  for (let i = 0; i < train.size; i++) {
    const s = await train.get(i);
    for (let c = 0; c < C; c++) {
      if (s.mask[c]! > 0) {
        known[c]! += 1;
        positives[c]! += s.targets[c]! >= 0.5 ? 1 : 0;
      }
    }
  }
  return { positives, prior: positives.map((p, c) => p / Math.max(known[c]!, 1)) };
}

/**
 * One optimiser step over a batch, split into micro-batches whose gradients are summed (scaled by their share)
 * into one flat array (FlatParams), clipped and applied by AdamW in a single pass over it.
 */
async function accumulateAndStep(
  view: TrainingView,
  data: DataSource,
  idx: number[],
  config: TrainConfig,
  augRng: ReturnType<typeof createRng>,
  dpRng: ReturnType<typeof createRng>,
  lossCtx: LossContext,
  optimizer: AdamW,
  lr: number,
  pool?: GradientSource,
): Promise<{ loss: number; gradNorm: number }> {
  const flat = optimizer.flat;
  // Mixing needs the whole batch: mix first, then cut micro-batches from the mixed arrays.
  const batch = await loadBatch(data, idx, view, config, augRng);
  let grads: Float32Array;
  let weights: Float32Array | undefined;
  let lossTotal = 0;
  if (pool) {
    weights = flat.read(pool.sharedWeights(flat.total));
    const r = await pool.gradients(
      weights,
      microBatches(batch.arrays, idx.length, config, dpRng),
      config.loss,
      lossCtx.prior!,
      lossCtx.positives!,
    );
    grads = r.grads;
    lossTotal = r.loss;
  } else {
    grads = new Float32Array(flat.total);
    for (let start = 0; start < idx.length; start += config.microBatch) {
      const n = Math.min(config.microBatch, idx.length - start);
      const share = n / idx.length;
      const { value, grads: g } = tf.variableGrads(() => {
        const x = batch.input(start, n);
        const logits = view.logits(x, true, dpRng);
        return tf.mul(multiLabelLoss(logits, batch.targets(start, n), batch.mask(start, n), config.loss, lossCtx), share) as tf.Scalar;
      }, flat.vars);
      lossTotal += value.dataSync()[0]!;
      value.dispose();
      // summed off the backend at once: no gradient tensor outlives its micro-batch
      flat.accumulate(
        grads,
        flat.vars.map((v) => g[v.name]!),
        start === 0,
      );
    }
  }
  const gradNorm = clipByGlobalNorm(grads, config.clipNorm);
  optimizer.applyFlat(grads, lr, weights);
  return { loss: lossTotal, gradNorm };
}

/** The mixed batch cut into micro-batches for the worker pool, each with its share of the batch and a drop-path seed. */
function microBatches(
  arrays: { pixels: Float32Array; targets: Float32Array; mask: Float32Array; per: number },
  size: number,
  config: TrainConfig,
  dpRng: ReturnType<typeof createRng>,
): MicroBatch[] {
  const { pixels, targets, mask, per } = arrays;
  const C = config.model.numClasses;
  const micro: MicroBatch[] = [];
  for (let start = 0; start < size; start += config.microBatch) {
    const n = Math.min(config.microBatch, size - start);
    micro.push({
      input: pixels.slice(start * per, (start + n) * per),
      n,
      targets: targets.slice(start * C, (start + n) * C),
      mask: mask.slice(start * C, (start + n) * C),
      share: n / size,
      dropPathSeed: dpRng.nextUint32(),
    });
  }
  return micro;
}
