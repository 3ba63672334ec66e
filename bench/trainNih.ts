/**
 * Real-data experiment (bench/results/train-nih.md): a small ViT on the NIH ChestX-ray14 64 px subset,
 * patient-disjoint 60/20/20 split, trained (a) from scratch and (b) from an MAE encoder pretrained on
 * unlabelled radiographs (Kermany pediatric train images, MHH COVID-19 images, and the NIH *training split*
 * images without labels), with the same fine-tuning budget. Test "any finding" AUROC and macro-AUROC with
 * 95% patient-clustered bootstrap CIs. Usage: npm run bench -- trainNih [pretrainEpochs] [finetuneEpochs] [outDir] [fineTuneLr] [tag] [truncNormal|fanInUniform]
 *        npm run bench -- trainNih eval <outDir> [tag]   (paired bootstrap of the two arms' best checkpoints)
 *        npm run bench -- trainNih baseline [outDir]     (writes the split as split.json, then runs the scikit-learn
 *                                                        logistic-regression sanity baseline bench/_nihBaseline.py on it)
 * A quality study, not a timing benchmark: training times printed are of this one run, for context only.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { computeAuroc } from '../src-core/metrics/discrimination/computeAuroc';
import { bootstrapMany } from '../src-core/metrics/bootstrap/bootstrapCi';
import { pairedBootstrap } from '../src-core/metrics/bootstrap/pairedBootstrap';
import { type DataSource, inMemorySource, type TrainSample } from '../src-core/model/dataSource';
import { parsePretrainConfig, parseTrainConfig } from '../src-core/model/trainConfig';
import { createRng } from '../src-core/random/createRng';
import { shuffleInPlace } from '../src-core/random/shuffleInPlace';
import { decodeRasterImage } from '../src-worker/datasets/image/decodeRasterImage';
import { resampleToSquare } from '../src-worker/datasets/image/resampleToSquare';
import { selectBackend } from '../src-worker/model/backends';
import { loadVitWeights } from '../src-worker/model/loadVitWeights';
import { NIH_FINDINGS } from '../src-core/datasets/labelVocabularies';
import { pretrainMae } from '../src-worker/model/pretrainMae';
import { trainVit } from '../src-worker/model/trainVit';

const data = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../shared/data');
const FINDINGS = NIH_FINDINGS;
const C = FINDINGS.length + 1; // + "any finding"
const S = 64;
const model = {
  preset: 'vit-micro',
  imageSize: S,
  patchSize: 8,
  width: 96,
  depth: 4,
  heads: 3,
  mlpRatio: 2,
  numClasses: C,
  dropPath: 0.05,
};

async function loadGrey(file: string): Promise<Float32Array> {
  return resampleToSquare(await decodeRasterImage(readFileSync(file), file), S, 'pad').pixels;
}

interface Row {
  file: string;
  patient: string;
  targets: Float32Array;
}

export function readNih(): Row[] {
  const lines = readFileSync(path.join(data, 'nih-cxr14-subset-64px/Data_Entry_2017_subset.csv'), 'utf8').trim().split('\n').slice(1);
  return lines.map((l) => {
    const cols = l.split(',');
    const labels = cols[1]!.split('|');
    const t = new Float32Array(C);
    FINDINGS.forEach((f, i) => (t[i] = labels.includes(f) ? 1 : 0));
    t[C - 1] = labels.includes('No Finding') ? 0 : 1;
    return { file: path.join(data, 'nih-cxr14-subset-64px/images', cols[0]!), patient: cols[3]!, targets: t };
  });
}

export function splitByPatient(rows: Row[], seed: number): { train: Row[]; val: Row[]; test: Row[] } {
  const patients = [...new Set(rows.map((r) => r.patient))].sort();
  shuffleInPlace(patients, createRng(seed));
  const a = Math.round(patients.length * 0.6);
  const b = Math.round(patients.length * 0.8);
  const of = (set: Set<string>): Row[] => rows.filter((r) => set.has(r.patient));
  return { train: of(new Set(patients.slice(0, a))), val: of(new Set(patients.slice(a, b))), test: of(new Set(patients.slice(b))) };
}

interface NihData {
  split: ReturnType<typeof splitByPatient>;
  train: DataSource;
  val: DataSource;
  test: DataSource;
  mean: number;
  std: number;
  norm: (p: Float32Array) => Float32Array;
  pixels: Map<string, Float32Array>;
}

async function prepareNih(): Promise<NihData> {
  const rows = readNih();
  const split = splitByPatient(rows, 2026);
  const pixels = new Map<string, Float32Array>();
  for (const r of rows) pixels.set(r.file, await loadGrey(r.file));
  // normalisation from the training split only
  let sum = 0;
  let sq = 0;
  let n = 0;
  for (const r of split.train)
    for (const v of pixels.get(r.file)!) {
      sum += v;
      sq += v * v;
      n++;
    }
  const mean = sum / n;
  const std = Math.sqrt(sq / n - mean * mean);
  const norm = (p: Float32Array): Float32Array => p.map((v) => (v - mean) / std);
  const ones = new Float32Array(C).fill(1);
  const source = (rs: Row[]): DataSource =>
    inMemorySource(rs.map((r): TrainSample => ({ pixels: norm(pixels.get(r.file)!), targets: r.targets, mask: ones })));
  return { split, train: source(split.train), val: source(split.val), test: source(split.test), mean, std, norm, pixels };
}

async function testScores(weightsFile: string, test: DataSource): Promise<Float32Array> {
  const { model: m } = loadVitWeights(parseTrainConfig({ model, outDir: 'x', data: { source: 'synthetic' } }).model, weightsFile);
  const N = test.size;
  const scores = new Float32Array(N * C);
  for (let i = 0; i < N; i += 32) {
    const k = Math.min(32, N - i);
    const px = new Float32Array(k * S * S);
    for (let j = 0; j < k; j++) px.set((await test.get(i + j)).pixels, j * S * S);
    scores.set(
      tf.tidy(() => tf.sigmoid(m.predict(tf.tensor4d(px, [k, 1, S, S])).logits).dataSync() as Float32Array),
      i * C,
    );
  }
  m.dispose();
  return scores;
}

function aurocOf(scores: Float32Array, rows: Row[], c: number, w: Float64Array): number {
  const N = rows.length;
  const s = Float64Array.from({ length: N }, (_, i) => scores[i * C + c]!);
  const y = Float64Array.from({ length: N }, (_, i) => rows[i]!.targets[c]!);
  try {
    return computeAuroc(s, y, w);
  } catch {
    return NaN;
  }
}

/** Post-hoc: paired patient-clustered bootstrap of (MAE-finetuned − scratch) on the test split. */
async function evaluatePaired(out: string, tag: string): Promise<void> {
  await selectBackend('wasm');
  const d = await prepareNih();
  const rows = d.split.test;
  const macroLabels = FINDINGS.map((_, c) => c).filter((c) => rows.filter((r) => r.targets[c] === 1).length >= 10);
  const a = await testScores(path.join(out, `mae-finetuned${tag}/best.safetensors`), d.test);
  const b = await testScores(path.join(out, `scratch${tag}/best.safetensors`), d.test);
  const opts = { resamples: 2000, seed: 11, clusters: rows.map((x) => x.patient) };
  const macro =
    (sc: Float32Array) =>
    (w: Float64Array): number =>
      macroLabels.reduce((acc, c) => acc + aurocOf(sc, rows, c, w), 0) / macroLabels.length;
  const anyP = pairedBootstrap(
    rows.length,
    (w) => aurocOf(a, rows, C - 1, w),
    (w) => aurocOf(b, rows, C - 1, w),
    opts,
  );
  const macroP = pairedBootstrap(rows.length, macro(a), macro(b), opts);
  const fmt = (r: { value: number; ci95: [number, number] }): string =>
    `${r.value.toFixed(3)} [${r.ci95.map((v) => v.toFixed(3)).join(', ')}]`;
  console.log(
    `test images ${rows.length}, patients ${new Set(rows.map((r) => r.patient)).size}; macro labels (>= 10 test positives): ${macroLabels.map((c) => FINDINGS[c]).join(', ')}`,
  );
  console.log(
    `any finding: MAE-finetuned ${fmt(anyP.a)}, scratch ${fmt(anyP.b)}, difference ${fmt(anyP.difference)}, p = ${anyP.pValue.toFixed(3)}`,
  );
  console.log(
    `macro-AUROC: MAE-finetuned ${fmt(macroP.a)}, scratch ${fmt(macroP.b)}, difference ${fmt(macroP.difference)}, p = ${macroP.pValue.toFixed(3)} (undefined resamples: ${macroP.difference.undefinedResamples})`,
  );
  console.log(
    `ratio: MAE-finetuned vs scratch any-finding AUROC difference ${anyP.difference.value >= 0 ? '+' : ''}${anyP.difference.value.toFixed(3)}`,
  );
}

/** The same patient-disjoint split the ViT arms use, as the rows _nihBaseline.py reads; then runs it. */
function runLogisticBaseline(outDir: string): void {
  const split = splitByPatient(readNih(), 2026);
  const rows = (['train', 'val', 'test'] as const).flatMap((name) =>
    split[name].map((r) => ({ file: r.file, any: r.targets[C - 1], split: name })),
  );
  mkdirSync(outDir, { recursive: true });
  const splitFile = path.join(outDir, 'split.json');
  writeFileSync(splitFile, JSON.stringify(rows));
  const script = path.join(path.dirname(new URL(import.meta.url).pathname), '_nihBaseline.py');
  const out = execFileSync('/usr/bin/python3', [script, splitFile], { encoding: 'utf8' });
  console.log(`split: ${splitFile} (${rows.length} rows)`);
  console.log(`scikit-learn logistic regression, "any finding": ${out.trim()}`);
}

export default async function run(args: string[]): Promise<void> {
  if (args[0] === 'baseline') return runLogisticBaseline(args[1] ?? path.join(os.tmpdir(), 'hilum-train-nih'));
  if (args[0] === 'eval') return evaluatePaired(args[1] ?? path.join(os.tmpdir(), 'hilum-train-nih'), args[2] ?? '');
  const preEpochs = Number(args[0] ?? 20);
  const ftEpochs = Number(args[1] ?? 30);
  const out = args[2] ?? path.join(os.tmpdir(), 'hilum-train-nih');
  // fine-tuning peak LR and a tag for the arms' run directories (a second fine-tuning setting reuses the MAE encoder)
  const ftLr = Number(args[3] ?? 1e-3);
  const tag = args[4] ?? '';
  // fresh-weight initialisation for the MAE encoder and the scratch arm (see src-worker/model/initVitParams.ts)
  const weightInit = (args[5] ?? 'truncNormal') as 'truncNormal' | 'fanInUniform';
  const backend = await selectBackend('wasm');
  const t0 = Date.now();
  const { split, train, val, test, mean, std, norm, pixels } = await prepareNih();
  // unlabelled pool: Kermany (every fourth image, for time on a shared 2-core machine), MHH, NIH training split
  const kDir = path.join(data, 'kermany-pediatric-224px/train');
  const kFiles = ['NORMAL', 'PNEUMONIA']
    .flatMap((d) =>
      readdirSync(path.join(kDir, d))
        .sort()
        .map((f) => path.join(kDir, d, f)),
    )
    .filter((_, i) => i % 4 === 0);
  const mDir = path.join(data, 'mhh-covid19-640px/png');
  const mFiles = readdirSync(mDir)
    .sort()
    .map((f) => path.join(mDir, f));
  const unlabelled: TrainSample[] = [];
  for (const f of [...kFiles, ...mFiles])
    unlabelled.push({ pixels: norm(await loadGrey(f)), targets: new Float32Array(C), mask: new Float32Array(C) });
  for (const r of split.train)
    unlabelled.push({ pixels: norm(pixels.get(r.file)!), targets: new Float32Array(C), mask: new Float32Array(C) });
  console.log(
    `split (patients disjoint): train ${split.train.length}, val ${split.val.length}, test ${split.test.length} images; unlabelled pool ${unlabelled.length}; decode ${((Date.now() - t0) / 1000).toFixed(0)} s; backend ${backend}`,
  );

  const log =
    (label: string) =>
    (e: { type: string; epoch?: number; loss?: number; trainLoss?: number; val?: { macroAuroc: number | null } }): void => {
      if (e.type === 'epoch')
        console.log(
          `${label} epoch ${e.epoch! + 1}: loss ${(e.loss ?? e.trainLoss)!.toFixed(4)}${e.val ? ` val macro-AUROC ${e.val.macroAuroc?.toFixed(4)}` : ''} (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
        );
    };
  const tPre = Date.now();
  const pre = await pretrainMae({
    config: parsePretrainConfig({
      model,
      data: { source: 'synthetic' },
      epochs: preEpochs,
      batchSize: 64,
      microBatch: 32,
      lr: 1.5e-3,
      warmupEpochs: 1,
      weightDecay: 0.05,
      maskRatio: 0.75,
      decoderWidth: 64,
      decoderDepth: 2,
      decoderHeads: 2,
      seed: 1,
      backend: 'wasm',
      weightInit,
      outDir: path.join(out, 'mae'),
    }),
    data: inMemorySource(unlabelled),
    onEvent: log('mae'),
  });
  const preSec = (Date.now() - tPre) / 1000;
  const ft = (name: string, initWeights?: string) =>
    parseTrainConfig({
      model,
      initWeights,
      data: { source: 'synthetic' },
      epochs: ftEpochs,
      batchSize: 32,
      microBatch: 32,
      lr: ftLr,
      warmupEpochs: 2,
      weightDecay: 0.05,
      layerDecay: initWeights ? 0.75 : 1,
      ema: 0,
      augment: { rotateDeg: 5, scale: 0.05, brightness: 0.1, contrast: 0.1, noiseStd: 0.02 },
      seed: 7,
      backend: 'wasm',
      weightInit,
      outDir: path.join(out, name + tag),
    });
  const results: Array<{
    name: string;
    any: ReturnType<typeof bootstrapMany>[number];
    macro: ReturnType<typeof bootstrapMany>[number];
    bestEpoch: number | null;
    sec: number;
  }> = [];
  const testRows = split.test;
  const macroLabels = FINDINGS.map((_, c) => c).filter((c) => testRows.filter((r) => r.targets[c] === 1).length >= 10);
  for (const [name, init] of [
    ['scratch', undefined],
    ['mae-finetuned', pre.encoderWeights],
  ] as const) {
    const t1 = Date.now();
    const r = await trainVit({ config: ft(name, init), train, val, onEvent: log(name) });
    const sec = (Date.now() - t1) / 1000;
    const N = test.size;
    const scores = await testScores(r.bestWeights!, test);
    const col = (c: number): [Float64Array, Float64Array] => [
      Float64Array.from({ length: N }, (_, i) => scores[i * C + c]!),
      Float64Array.from({ length: N }, (_, i) => testRows[i]!.targets[c]!),
    ];
    const auc = (c: number, w: Float64Array): number => {
      const [s, y] = col(c);
      try {
        return computeAuroc(s, y, w);
      } catch {
        return NaN;
      }
    };
    const [anyCi, macroCi] = bootstrapMany(
      N,
      [(w) => auc(C - 1, w), (w) => macroLabels.reduce((a, c) => a + auc(c, w), 0) / macroLabels.length],
      { resamples: 2000, seed: 11, clusters: testRows.map((x) => x.patient) },
    );
    results.push({ name, any: anyCi!, macro: macroCi!, bestEpoch: r.best.epoch, sec });
    console.log(
      `${name}: test any-finding AUROC ${anyCi!.value.toFixed(3)} [${anyCi!.ci95.map((v) => v.toFixed(3)).join(', ')}], macro-AUROC ${macroCi!.value.toFixed(3)} [${macroCi!.ci95.map((v) => v.toFixed(3)).join(', ')}] (best epoch ${r.best.epoch! + 1}, ${sec.toFixed(0)} s)`,
    );
  }
  const summary = {
    backend,
    ftLr,
    tag,
    split: { train: split.train.length, val: split.val.length, test: split.test.length },
    unlabelled: unlabelled.length,
    preEpochs,
    ftEpochs,
    preSec,
    macroLabels: macroLabels.map((c) => FINDINGS[c]),
    results,
    mean,
    std,
    model,
  };
  writeFileSync(path.join(out, `summary${tag}.json`), JSON.stringify(summary, null, 1));
  console.log(JSON.stringify(summary));
  const d = results[1]!.any.value - results[0]!.any.value;
  console.log(`ratio: MAE-finetuned vs scratch any-finding AUROC difference ${d >= 0 ? '+' : ''}${d.toFixed(3)}`);
}
