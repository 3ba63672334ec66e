/**
 * `hilum demo`: the whole recipe end to end on freshly generated synthetic phantoms (labelled as
 * synthetic everywhere): generate DICOMs at four sites → ingest → patient-disjoint split, one site
 * held out as the institution-disjoint external set → short MAE pretraining → fine-tune a small ViT
 * → export to ONNX behind the parity gate → calibrate and fit decision rules on validation → write
 * the bundle → evaluate the bundle with bootstrap CIs on the internal test and external sets,
 * subgroup audit, OOD → predict with an audit row per inference and FHIR output. Every figure it
 * returns is measured in this run.
 */
import { describeTrainingEngine } from '../../src-core/model/resolveTrainingEngine';
import fs from 'node:fs';
import path from 'node:path';
import { HilumError } from '../../src-core/errors';
import { bundleRun } from '../bundle/bundleRun';
import { importDatasetIntoStore } from '../datasets/importDatasetIntoStore';
import { splitDataset } from '../datasets/splitDataset';
import type { Store } from '../store/openStore';
import type { WorkerHost } from '../worker/WorkerHost';
import { loadSplitRecords } from '../datasets/loadSplitRecords';
import { trainFromDataset } from '../runs/trainFromDataset';
import { predictFiles } from '../bundle/predictFiles';
import { auditInference } from '../bundle/auditInference';
import { runEvaluation } from '../evaluation/runEvaluation';
import { runDemoGovernance } from './runDemoGovernance';
import { runPhantomsTool } from './runPhantomsTool';

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

  // 1. Synthetic phantoms: three internal sites, one external site with its own scanner. The generator is a
  // tool (tools/phantoms), run as a child process: product code never imports tools/.
  const phantoms = await timed('generate', async () => ({
    internal: await runPhantomsTool({
      dir: path.join(workDir, 'phantoms-internal'),
      count: options.images,
      seed,
      siteIds: ['north', 'river', 'brigid'],
      size: 128,
      transcode: true,
    }),
    external: await runPhantomsTool({
      dir: path.join(workDir, 'phantoms-external'),
      count: Math.round(options.images / 3),
      seed: seed + 1,
      siteIds: ['harbor'],
      size: 128,
      transcode: true,
    }),
  }));
  options.onStep(
    'generate',
    `${phantoms.internal.files.length} internal + ${phantoms.external.files.length} external synthetic DICOM phantoms in ${workDir}`,
  );

  // 2. Ingest both, split the internal set patient-disjoint, mark the other site as its external set.
  const names = { internal: `demo-${stamp}-internal`, external: `demo-${stamp}-external` };
  const imports = await timed('ingest', async () => ({
    internal: await importDatasetIntoStore(store, {
      name: names.internal,
      format: 'csv',
      root: phantoms.internal.dir,
      formatOptions: { mappingFile: phantoms.internal.mappingFile },
      size: options.imageSize,
      patientNamespace: names.internal,
    }),
    external: await importDatasetIntoStore(store, {
      name: names.external,
      format: 'csv',
      root: phantoms.external.dir,
      formatOptions: { mappingFile: phantoms.external.mappingFile },
      size: options.imageSize,
      patientNamespace: names.external,
    }),
  }));
  const split = splitDataset(store, { name: names.internal, seed });
  splitDataset(store, { name: names.external, seed, externalOf: names.internal });
  options.onStep(
    'ingest',
    `imported ${imports.internal.imported} + ${imports.external.imported} (quarantined ${imports.internal.quarantined + imports.external.quarantined}); split ${JSON.stringify(split.images)}; shared patients across splits: ${split.leakage.shared.length}`,
  );

  const external = loadSplitRecords(store, names.external, null);

  // 3. Short MAE pretraining on the training images (labels unused). The arrays are standardised with the
  // training split's pixel mean and SD — the same statistics `train --dataset` fits and records below, so
  // the encoder and the fine-tuned model see identical inputs.
  const trainRecords = loadSplitRecords(store, names.internal, 'train');
  const model = { preset: 'vit-micro', imageSize: options.imageSize, patchSize: 8, width: 64, depth: 3, heads: 4, mlpRatio: 2 };
  const pretrainDir = path.join(workDir, 'runs', 'pretrain');
  const pretrainArrays = await host.run('arrays.prepare', {
    cacheDir: path.join(store.dataDir, 'cache'),
    imageSize: options.imageSize,
    normalization: null,
    sets: [{ name: 'train', cacheKeys: trainRecords.cacheKeys, outDir: path.join(pretrainDir, 'data') }],
  });
  const pretrain = await timed('pretrain', () =>
    host.run(
      'model.pretrain',
      {
        config: {
          model: { ...model, numClasses: trainRecords.labelNames.length },
          data: { source: 'npy', trainDir: path.join(pretrainDir, 'data') },
          epochs: options.pretrainEpochs,
          batchSize: 32,
          microBatch: 16,
          lr: 1.5e-3,
          warmupEpochs: 1,
          maskRatio: 0.75,
          seed,
          weightInit: 'fanInUniform',
          outDir: pretrainDir,
        },
      },
      { onProgress: (p) => p.message && options.onStep('pretrain', p.message) },
    ),
  );
  // 4. Fine-tune from the encoder: `hilum train --dataset` (stored run with lineage, audited).
  const trained = await timed('train', () =>
    trainFromDataset(store, host, {
      dataset: names.internal,
      actor: 'hilum-demo',
      onProgress: (p) => p.message && p.data?.type !== 'step' && options.onStep('train', p.message),
      config: {
        model,
        initWeights: pretrain.encoderWeights,
        epochs: options.trainEpochs,
        batchSize: 16,
        microBatch: 16,
        lr: 2e-3,
        minLr: 1e-5,
        warmupEpochs: 1,
        weightInit: 'fanInUniform',
        weightDecay: 0.05,
        clipNorm: 1,
        ema: 0,
        swaEpochs: 0,
        loss: { name: 'asymmetric', gammaPos: 0, gammaNeg: 1, clip: 0.05 },
        seed,
      },
    }),
  );
  const trainResult = trained.result as {
    backend: string;
    engine?: string;
    epochsRun: number;
    bestMacroAuroc: number | null;
    bestEpoch: number | null;
    bestWeights: string | null;
    lastWeights: string;
  };
  const normalization = trained.preprocessing!.normalization;
  if (Math.abs(normalization.mean - pretrainArrays.normalization.mean) > 1e-9)
    throw new HilumError('BUG', 'pretraining and fine-tuning arrays were normalised differently', {});
  options.onStep(
    'train',
    `run ${trained.run}; ${describeTrainingEngine(trainResult)}; ${trainResult.epochsRun} epochs; best validation macro-AUROC ${trainResult.bestMacroAuroc?.toFixed(3) ?? 'n/a'} (epoch ${trainResult.bestEpoch === null ? '-' : trainResult.bestEpoch + 1})`,
  );

  // 5. `hilum bundle --run`: export to ONNX (parity-gated), fit decision rules on validation, write the
  // bundle: what is evaluated below is exactly what gets signed and served.
  const bundled = await timed('bundle', () =>
    bundleRun(store, host, {
      runId: trained.run,
      weights: 'best',
      threshold: { kind: 'maxF1' },
      abstention: { kind: 'band', halfWidth: 0.1 },
      actor: 'hilum-demo',
    }),
  );
  const bundle = { dir: bundled.bundle, bundleHash: bundled.hash, parityMaxAbsDiff: bundled.parityMaxAbsDiff };
  const fit = bundled.fit;
  const labelNames = trainRecords.labelNames;
  options.onStep(
    'bundle',
    `${bundle.dir} (hash ${bundle.bundleHash.slice(0, 16)}…, ONNX parity max |Δlogit| ${bundle.parityMaxAbsDiff.toExponential(2)})`,
  );

  // 6. Evaluate the bundle itself (its verified ONNX graph, its temperatures and decision rules) with
  // patient-level bootstrap CIs, subgroups and OOD sets — the same service as `hilum eval` — and store the results.
  const evaluate = (dataset: string, split: 'test' | 'all', external: boolean, reportDir: string) =>
    runEvaluation(store, host, {
      model: bundle.dir,
      dataset,
      split,
      external,
      reportDir,
      resamples: options.bootstrapResamples,
      seed,
      ...(external ? {} : { oodNear: names.external }),
      ...(options.farOodDir ? { oodFar: options.farOodDir } : {}),
    });
  const evaluations = await timed('evaluate', async () => ({
    internal: await evaluate(names.internal, 'test', false, path.join(workDir, 'report-internal-test')),
    external: await evaluate(names.external, 'all', true, path.join(workDir, 'report-external')),
  }));
  options.onStep(
    'evaluate',
    `internal test macro-AUROC ${fmt(evaluations.internal.report.metrics)}; external site ${fmt(evaluations.external.report.metrics)}; reports in ${workDir}`,
  );

  // 7. Serve: predict on external-site DICOMs (and far-OOD files) through the bundle, one audit row each, FHIR out.
  // Far-OOD inputs: the non-chest files the external evaluation already decoded (its `far` set).
  const farFiles = evaluations.external.report.ood.sets.find((set) => set.name === 'far')?.files ?? [];
  const predictInputs = [...external.sourceFiles.slice(0, 6), ...farFiles.slice(0, 3)];
  const fhirDir = path.join(workDir, 'fhir');
  const predicted = await timed('predict', () =>
    predictFiles({
      bundleDirs: [bundle.dir],
      inputs: predictInputs,
      expectedHash: bundle.bundleHash,
      fhirDir,
      onInference: auditInference(store, 'hilum-demo'),
    }),
  );
  const servedOk = predicted.results.filter((r) => !('error' in r));
  options.onStep(
    'predict',
    `${servedOk.length} predictions (${servedOk.filter((r) => 'abstained' in r && r.abstained).length} abstained, ${servedOk.filter((r) => 'ood' in r && r.ood.flagged).length} flagged OOD), ${predicted.results.length - servedOk.length} typed errors; FHIR in ${fhirDir}; one audit row each`,
  );

  // 8. Governance: register, store evaluations, gate, sign, try to lock, model card.
  const governance = await timed('governance', () =>
    runDemoGovernance({
      store,
      workDir,
      name: 'hilum-demo-vit',
      version: stamp,
      bundle,
      evaluations: [
        { id: evaluations.internal.evaluationId, recordAs: 'internal' },
        { id: evaluations.external.evaluationId, recordAs: 'external' },
      ],
    }),
  );
  options.onStep(
    'govern',
    governance.performed
      ? `gates ${
          governance.gates.passed
            ? 'passed'
            : `failed (${governance.gates.results
                .filter((g) => !g.passed)
                .map((g) => g.id)
                .join(', ')})`
        }; ${governance.signatures.length} signatures; lock ${governance.lock.locked ? 'granted' : `refused and audited: ${governance.lock.refusedBecause.join('; ')}`}; model card ${governance.modelCard}`
      : governance.reason,
  );

  const figures = {
    training: {
      run: trained.run,
      backend: trainResult.backend,
      engine: describeTrainingEngine(trainResult),
      epochs: trainResult.epochsRun,
      bestValidationMacroAuroc: trainResult.bestMacroAuroc,
      pretrainEpochs: pretrain.epochsRun,
      inputStandardisation: normalization,
    },
    onnxParityMaxAbsLogitDiff: bundle.parityMaxAbsDiff,
    temperatureScaling: Object.fromEntries(labelNames.map((l) => [l, { temperature: fit.calibration.temperatures[l] }])),
    notFitted: fit.unfitted,
    thresholds: fit.thresholds.thresholds,
    internalTest: {
      macro: evaluations.internal.report.metrics.macro,
      calibration: evaluations.internal.report.calibration,
      ood: evaluations.internal.report.ood.sets,
    },
    external: {
      macro: evaluations.external.report.metrics.macro,
      calibration: evaluations.external.report.calibration,
      ood: evaluations.external.report.ood.sets,
    },
    predictions: predicted.results.map((r) =>
      'error' in r
        ? { input: r.input, error: r.error.code }
        : { input: r.input, abstained: r.abstained, oodFlagged: r.ood.flagged, oodReasons: r.ood.reasons },
    ),
    governance,
  };
  return {
    synthetic: true,
    dataDir: store.dataDir,
    workDir,
    bundle: bundle.dir,
    bundleHash: bundle.bundleHash,
    datasets: names,
    artefacts: {
      reportInternal: evaluations.internal.reportDir,
      reportExternal: evaluations.external.reportDir,
      fhir: fhirDir,
      ...(governance.performed ? { modelCard: governance.modelCard, demoAccounts: governance.accountsFile } : {}),
      phantomsInternal: phantoms.internal.dir,
      phantomsExternal: phantoms.external.dir,
      pretrainRun: pretrain.outDir,
      trainRun: trained.runDir,
      weights: trainResult.bestWeights ?? trainResult.lastWeights,
      bundle: bundle.dir,
      store: store.file,
    },
    figures,
    durationsMs: durations,
  };
}

function fmt(report: { macro?: unknown }): string {
  const macro = (report as { macro?: { auroc?: { value: number | null; ci95?: [number | null, number | null] } } }).macro?.auroc;
  if (!macro || macro.value === null) return 'n/a';
  return `${macro.value.toFixed(3)} (95% CI ${macro.ci95?.[0]?.toFixed(3)}–${macro.ci95?.[1]?.toFixed(3)})`;
}

export function assertDemoOptions(o: { images: number; imageSize: number }): void {
  if (o.images < 60) throw new HilumError('INVALID_ARGUMENT', `--images must be at least 60 (got ${o.images})`);
  if (o.imageSize % 8 !== 0) throw new HilumError('INVALID_ARGUMENT', `--size must be a multiple of the patch size 8 (got ${o.imageSize})`);
}
