/**
 * `hilum demo`: the whole recipe end to end on freshly generated synthetic phantoms (labelled as
 * synthetic everywhere): generate DICOMs at four sites → ingest → patient-disjoint split, one site
 * held out as the institution-disjoint external set → short MAE pretraining → fine-tune a small ViT
 * → export to ONNX behind the parity gate → calibrate and fit decision rules on validation → write
 * the bundle → evaluate the bundle with bootstrap CIs on the internal test and external sets,
 * subgroup audit, OOD → predict with an audit row per inference and FHIR output. Every figure it
 * returns is measured in this run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fitDecisionSpec } from '../../src-core/bundle/fitDecisionSpec';
import { HilumError } from '../../src-core/errors';
import { computeMetricsReport } from '../../src-core/metrics/report/computeMetricsReport';
import { evaluateOod } from '../../src-core/metrics/ood/evaluateOod';
import { energyScore } from '../../src-core/metrics/ood/logitOodScores';
import { mahalanobisScore } from '../../src-core/metrics/ood/fitMahalanobis';
import { parseSafetensors } from '../../src-core/safetensors';
import { vitPreset } from '../../src-core/model/vitConfig';
import { defaultPhantomSites } from '../../src-worker/datasets/phantoms/defaultPhantomSites';
import { generatePhantomDataset } from '../../src-worker/datasets/phantoms/generatePhantomDataset';
import { loadCsvMappingFile } from '../../src-worker/datasets/formats/csvMapping';
import { createOrtSession } from '../../src-worker/onnx/createOrtSession';
import { exportOnnx } from '../../src-worker/onnx/exportOnnx';
import { toMahalanobisModel } from '../../src-core/bundle';
import { createBundle } from '../bundle/createBundle';
import { loadBundle } from '../bundle/loadBundle';
import { importDatasetIntoStore } from '../datasets/importDatasetIntoStore';
import { splitDataset } from '../datasets/splitDataset';
import type { Store } from '../store/openStore';
import type { WorkerHost } from '../worker/WorkerHost';
import { hilumVersion } from '../version';
import { loadSplitArrays, writeSplitArrays } from './loadSplitArrays';
import { pixelStatistics, standardise } from './standardise';
import { groupTable, labelTable, predictionTable } from './metricsTables';
import { runOnnxOnArrays } from './runOnnxOnArrays';
import { decodeFarOodSet } from './decodeFarOodSet';
import { calibrationBeforeAfter } from './calibrationBeforeAfter';
import { predictFiles } from '../bundle/predictFiles';
import { auditInference } from '../bundle/auditInference';

export interface DemoOptions {
  store: Store;
  host: WorkerHost;
  seed: number;
  /** Internal phantoms (three sites); the external site gets a third of this. */
  images: number;
  imageSize: number;
  pretrainEpochs: number;
  trainEpochs: number;
  /** Non-chest DICOMs for far-OOD (optional). */
  farOodDir: string | null;
  bootstrapResamples: number;
  onStep: (step: string, detail: string) => void;
}

export interface DemoSummary {
  synthetic: true;
  dataDir: string;
  workDir: string;
  bundle: string;
  bundleHash: string;
  datasets: { internal: string; external: string };
  artefacts: Record<string, string>;
  figures: Record<string, unknown>;
  durationsMs: Record<string, number>;
}

export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
  const { store, host, seed } = options;
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const workDir = path.join(store.dataDir, 'demo', stamp);
  fs.mkdirSync(workDir, { recursive: true });
  const durations: Record<string, number> = {};
  const timed = async <T>(step: string, run: () => Promise<T> | T): Promise<T> => {
    const started = performance.now();
    const value = await run();
    durations[step] = Math.round(performance.now() - started);
    return value;
  };

  // 1. Synthetic phantoms: three internal sites, one external site with its own scanner.
  const sites = defaultPhantomSites;
  const [internalSites, externalSites] = [sites.slice(0, 3), sites.slice(3)];
  const phantoms = await timed('generate', async () => ({
    internal: await generatePhantomDataset({ dir: path.join(workDir, 'phantoms-internal'), count: options.images, seed, sites: internalSites, size: 128 }),
    external: await generatePhantomDataset({ dir: path.join(workDir, 'phantoms-external'), count: Math.round(options.images / 3), seed: seed + 1, sites: externalSites, size: 128 }),
  }));
  options.onStep('generate', `${phantoms.internal.files.length} internal + ${phantoms.external.files.length} external synthetic DICOM phantoms in ${workDir}`);

  // 2. Ingest both, split the internal set patient-disjoint, mark the other site as its external set.
  const names = { internal: `demo-${stamp}-internal`, external: `demo-${stamp}-external` };
  const imports = await timed('ingest', async () => ({
    internal: await importDatasetIntoStore(store, { name: names.internal, format: 'csv', root: phantoms.internal.dir, formatOptions: { mapping: loadCsvMappingFile(phantoms.internal.mappingFile) }, size: options.imageSize, patientNamespace: names.internal }),
    external: await importDatasetIntoStore(store, { name: names.external, format: 'csv', root: phantoms.external.dir, formatOptions: { mapping: loadCsvMappingFile(phantoms.external.mappingFile) }, size: options.imageSize, patientNamespace: names.external }),
  }));
  const split = splitDataset(store, { name: names.internal, seed });
  splitDataset(store, { name: names.external, seed, externalOf: names.internal });
  options.onStep('ingest', `imported ${imports.internal.imported} + ${imports.external.imported} (quarantined ${imports.internal.quarantined + imports.external.quarantined}); split ${JSON.stringify(split.images)}; shared patients across splits: ${split.leakage.shared.length}`);

  const train = loadSplitArrays(store, names.internal, 'train');
  const val = loadSplitArrays(store, names.internal, 'val');
  const test = loadSplitArrays(store, names.internal, 'test');
  const external = loadSplitArrays(store, names.external, null);
  const labelNames = train.labelNames;
  // Inputs are standardised with the training set's pixel mean and SD (recorded in the bundle's
  // preprocessing spec, which applies the same transform at serving time): small ViTs trained from
  // scratch barely move from the label prior on raw [0, 1] pixels.
  const normalization = pixelStatistics(train.pixels);
  for (const set of [train, val, test, external]) set.pixels = set.pixels.map((p) => standardise(p, normalization));
  const trainDir = writeSplitArrays(train, path.join(workDir, 'arrays', 'train'));
  const valDir = writeSplitArrays(val, path.join(workDir, 'arrays', 'val'));

  // 3. Short MAE pretraining on the training images (labels unused), then fine-tuning from it.
  const model = { preset: 'vit-micro', imageSize: options.imageSize, patchSize: 8, width: 64, depth: 3, heads: 4, mlpRatio: 2, numClasses: labelNames.length };
  const pretrain = await timed('pretrain', () =>
    host.run('model.pretrain', { config: { model, data: { source: 'npy', trainDir }, epochs: options.pretrainEpochs, batchSize: 32, microBatch: 16, lr: 1.5e-3, warmupEpochs: 1, maskRatio: 0.75, seed, outDir: path.join(workDir, 'runs', 'pretrain') } }, { onProgress: (p) => p.message && options.onStep('pretrain', p.message) }),
  );
  const trained = await timed('train', () =>
    host.run(
      'model.train',
      {
        config: {
          model, initWeights: pretrain.encoderWeights, data: { source: 'npy', trainDir, valDir }, epochs: options.trainEpochs, batchSize: 16, microBatch: 16, lr: 1e-3, minLr: 1e-5, warmupEpochs: 1,
          weightDecay: 0.05, clipNorm: 1, ema: 0, swaEpochs: 0, loss: { name: 'asymmetric', gammaPos: 0, gammaNeg: 1, clip: 0.05 }, seed, outDir: path.join(workDir, 'runs', 'train'),
        },
      },
      { onProgress: (p) => p.message && options.onStep('train', p.message) },
    ),
  );
  const weightsFile = trained.bestWeights ?? trained.lastWeights;
  options.onStep('train', `backend ${trained.backend}; ${trained.epochsRun} epochs; best validation macro-AUROC ${trained.bestMacroAuroc?.toFixed(3) ?? 'n/a'} (epoch ${trained.bestEpoch ?? '-'}); weights ${weightsFile}`);

  // 4. Export to ONNX (parity-gated), run the exported graph on every set, fit decision rules on validation.
  const config = vitPreset('vit-micro', { ...model, numClasses: labelNames.length });
  const weights = parseSafetensors(new Uint8Array(fs.readFileSync(weightsFile)), weightsFile).tensors;
  const parityImages = val.pixels.slice(0, 4);
  const exported = await timed('export', () => exportOnnx(config, weights, { parityImages, source: weightsFile }));
  const { session } = await createOrtSession(exported.bytes);
  const outputs = await timed('infer-raw', async () => ({
    train: await runOnnxOnArrays(session, train.pixels, options.imageSize),
    val: await runOnnxOnArrays(session, val.pixels, options.imageSize),
  }));
  const fit = fitDecisionSpec({
    labelNames, logits: outputs.val.logitColumns, labels: val.labelColumns,
    trainFeatures: outputs.train.features, trainLabels: train.labelColumns, featureDimension: outputs.train.width, valFeatures: outputs.val.features,
  });
  await session.release();

  // 5. The bundle: what is evaluated below is exactly what gets signed and served.
  const bundleDir = path.join(store.dataDir, 'bundles', `demo-${stamp}`);
  const bundle = await timed('bundle', () =>
    createBundle({
      dir: bundleDir, weights, parityImages,
      spec: {
        config, labels: { labels: labelNames }, preprocessing: { imageSize: options.imageSize, aspect: 'pad', voi: 'header', normalization },
        calibration: fit.calibration, thresholds: fit.thresholds, abstention: fit.abstention, ood: fit.ood,
        provenance: { trainingRun: trained.outDir, dataHash: `${imports.internal.datasetId}:${split.leakage ? 'leakage-checked' : ''}`, seed, codeVersion: hilumVersion, backend: trained.backend, createdUtc: new Date().toISOString(), notes: `hilum demo on SYNTHETIC phantoms${fit.unfitted.length ? `; not fitted on validation: ${fit.unfitted.map((u) => `${u.label} ${u.what} (${u.reason})`).join('; ')}` : ''}` },
      },
    }),
  );
  options.onStep('bundle', `${bundle.dir} (hash ${bundle.bundleHash.slice(0, 16)}…, ONNX parity max |Δlogit| ${bundle.parityMaxAbsDiff.toExponential(2)})`);

  // 6. Evaluate the bundle's ONNX graph with CIs; temperature scaling before/after; subgroups; OOD.
  const loaded = loadBundle(bundle.dir);
  const { session: served } = await createOrtSession(loaded.modelBytes);
  const evaluated = await timed('evaluate', async () => ({
    test: await runOnnxOnArrays(served, test.pixels, options.imageSize),
    external: await runOnnxOnArrays(served, external.pixels, options.imageSize),
  }));
  const report = (name: string, set: typeof test, out: typeof evaluated.test) => {
    const ids = set.imageIds.map(String);
    const calibrated = out.logitColumns.map((column, l) => column.map((z) => z / fit.calibration.temperatures[labelNames[l]!]!));
    return computeMetricsReport({
      predictions: predictionTable(name, ids, labelNames, calibrated), labels: labelTable(name, ids, labelNames, set.labelColumns),
      groups: groupTable(name, ids, set.patients, set.attributes), logits: true, clusters: 'patient',
      bootstrap: { resamples: options.bootstrapResamples, seed }, threshold: 0.5,
    });
  };
  const testReport = report('internal test', test, evaluated.test);
  const externalReport = report('external site', external, evaluated.external);

  const mahalanobis = toMahalanobisModel(fit.ood.mahalanobis!.params);
  const idScores = { energy: energyScore(evaluated.test.logitColumns), mahalanobis: mahalanobisScore(mahalanobis, evaluated.test.features) };
  const oodSets: Record<string, { n: number; energy: unknown; mahalanobis: unknown }> = {};
  const oodCase = (label: string, out: typeof evaluated.test) => {
    const safe = (f: () => unknown) => {
      try {
        return f();
      } catch (error) {
        return { undefined: (error as Error).message };
      }
    };
    oodSets[label] = {
      n: out.n,
      energy: safe(() => evaluateOod(idScores.energy, energyScore(out.logitColumns))),
      mahalanobis: safe(() => evaluateOod(idScores.mahalanobis, mahalanobisScore(mahalanobis, out.features))),
    };
  };
  oodCase('near: external site (scanner and population shift)', evaluated.external);
  if (options.farOodDir) {
    const far = await decodeFarOodSet(options.farOodDir, loaded.spec.preprocessing);
    if (far.images.length > 0) oodCase(`far: ${far.images.length} non-chest DICOMs from ${options.farOodDir}`, await runOnnxOnArrays(served, far.images.map((p) => standardise(p, normalization)), options.imageSize));
  }
  await served.release();
  const calibration = calibrationBeforeAfter(labelNames, evaluated.test.logitColumns, test.labelColumns, fit.calibration.temperatures);

  // 7. Serve: predict on external-site DICOMs (and far-OOD files) through the bundle, one audit row each, FHIR out.
  const predictInputs = [...external.sourceFiles.slice(0, 6), ...(options.farOodDir ? (await decodeFarOodSet(options.farOodDir, loaded.spec.preprocessing)).files.slice(0, 3) : [])];
  const fhirDir = path.join(workDir, 'fhir');
  const predicted = await timed('predict', () => predictFiles({ bundleDirs: [bundle.dir], inputs: predictInputs, expectedHash: bundle.bundleHash, fhirDir, onInference: auditInference(store, 'hilum-demo') }));
  const served_ = predicted.results.filter((r) => !('error' in r));
  options.onStep('predict', `${served_.length} predictions (${served_.filter((r) => 'abstained' in r && r.abstained).length} abstained, ${served_.filter((r) => 'ood' in r && r.ood.flagged).length} flagged OOD), ${predicted.results.length - served_.length} typed errors; FHIR in ${fhirDir}; one audit row each`);
  options.onStep('evaluate', `internal test macro-AUROC ${fmt(testReport)}; external ${fmt(externalReport)}`);

  const figures = {
    training: { backend: trained.backend, epochs: trained.epochsRun, bestValidationMacroAuroc: trained.bestMacroAuroc, pretrainEpochs: pretrain.epochsRun },
    onnxParityMaxAbsLogitDiff: bundle.parityMaxAbsDiff,
    temperatureScaling: Object.fromEntries(labelNames.map((l) => [l, { temperature: fit.calibration.temperatures[l], validationNllBefore: fit.temperatureFits[l]?.nllBefore ?? null, validationNllAfter: fit.temperatureFits[l]?.nllAfter ?? null }])),
    notFitted: fit.unfitted,
    thresholds: fit.thresholds.thresholds,
    calibrationInternalTest: calibration,
    predictions: predicted.results.map((r) => ('error' in r ? { input: r.input, error: r.error.code } : { input: r.input, abstained: r.abstained, oodFlagged: r.ood.flagged, oodReasons: r.ood.reasons })),
    internalTest: testReport,
    external: externalReport,
    ood: oodSets,
  };
  return {
    synthetic: true,
    dataDir: store.dataDir,
    workDir,
    bundle: bundle.dir,
    bundleHash: bundle.bundleHash,
    datasets: names,
    artefacts: { fhir: fhirDir, phantomsInternal: phantoms.internal.dir, phantomsExternal: phantoms.external.dir, pretrainRun: pretrain.outDir, trainRun: trained.outDir, weights: weightsFile, bundle: bundle.dir, store: store.file },
    figures,
    durationsMs: durations,
  };
}

function fmt(report: ReturnType<typeof computeMetricsReport>): string {
  const macro = (report as { macro?: { auroc?: { value: number | null; ci95?: [number | null, number | null] } } }).macro?.auroc;
  if (!macro || macro.value === null) return 'n/a';
  return `${macro.value.toFixed(3)} (95% CI ${macro.ci95?.[0]?.toFixed(3)}–${macro.ci95?.[1]?.toFixed(3)})`;
}

export function assertDemoOptions(o: { images: number; imageSize: number }): void {
  if (o.images < 60) throw new HilumError('INVALID_ARGUMENT', `--images must be at least 60 (got ${o.images})`);
  if (o.imageSize % 8 !== 0) throw new HilumError('INVALID_ARGUMENT', `--size must be a multiple of the patch size 8 (got ${o.imageSize})`);
}
