/**
 * `hilum bundle --run <id>`: from a stored training run to a verified bundle. A worker job exports the
 * chosen weights to ONNX behind the parity gate (on the run's own validation images) and runs the
 * exported graph on the training and validation splits; here the decision rules are fitted on
 * validation (per-label temperatures, thresholds by a named rule, abstention from the coverage–risk
 * curve, Mahalanobis and energy OOD thresholds) and the bundle is written with the run's preprocessing
 * and lineage, recorded against the run, and audited.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fitDecisionSpec, type AbstentionRule, type DecisionFit } from '../../src-core/bundle/fitDecisionSpec';
import { HilumError } from '../../src-core/errors';
import type { ThresholdCriterion } from '../../src-core/metrics/thresholds/selectThresholds';
import { parseTrainConfig } from '../../src-core/model/trainConfig';
import { datasetContentHash } from '../datasets/datasetContentHash';
import { loadSplitRecords } from '../datasets/loadSplitRecords';
import { readInferredSet } from '../evaluation/readInferredSet';
import { lastCheckpointDir, runWeightsFile } from '../evaluation/resolveEvalModel';
import { appendAuditEvent } from '../governance/auditTrail';
import { getRunRecord } from '../runs/runRecords';
import type { JobRunner } from '../runs/trainFromDataset';
import type { Store } from '../store/openStore';
import { runBundles } from '../store/schema/runs';
import { writeBundle } from './writeBundle';

export type WeightsChoice = 'best' | 'last' | 'ema' | 'swa';

export interface BundleRunRequest {
  runId: string;
  weights: WeightsChoice;
  threshold: ThresholdCriterion;
  abstention: AbstentionRule;
  /** Quantile of in-distribution validation OOD scores above which a case is flagged (default 0.99). */
  oodQuantile?: number;
  /** Label shift to a deployment prevalence: known per label, or estimated by EM on a stored dataset's (unlabelled use of its) images. */
  priorShift?: { method: 'known'; target: Record<string, number> } | { method: 'em'; dataset: string; split: string | null };
  actor: string;
  onProgress?: (message: string) => void;
}

export interface BundledRun {
  bundle: string;
  hash: string;
  run: string;
  weights: WeightsChoice;
  parityMaxAbsDiff: number;
  fit: Pick<DecisionFit, 'thresholds' | 'calibration' | 'unfitted' | 'abstentionChoices' | 'thresholdChoices' | 'temperatureFits'>;
}

function weightsFor(runDir: string, choice: WeightsChoice, ema: number): { weightsFile: string; weightsPrefix?: string } {
  if (choice !== 'ema') return { weightsFile: runWeightsFile(runDir, choice) };
  if (!(ema > 0)) throw new HilumError('CONFLICT', `${runDir}: the run kept no EMA weights (train with ema > 0)`, { file: runDir });
  // The EMA copy at the last epoch lives in the optimiser checkpoint under "ema.".
  return { weightsFile: path.join(lastCheckpointDir(runDir), 'optim.safetensors'), weightsPrefix: 'ema.' };
}

export async function bundleRun(store: Store, host: JobRunner, request: BundleRunRequest): Promise<BundledRun> {
  const run = getRunRecord(store, request.runId);
  if (run.status !== 'succeeded')
    throw new HilumError(
      'CONFLICT',
      `run ${run.id} is ${run.status}: only a finished run can be bundled (hilum train --resume ${run.id})`,
      { runId: run.id },
    );
  const config = parseTrainConfig(JSON.parse(run.configJson), `run ${run.id}`);
  if (!config.preprocessing) throw new HilumError('BUG', `run ${run.id} has no recorded preprocessing`, { runId: run.id });
  const currentHash = datasetContentHash(store, run.datasetName);
  if (currentHash !== run.datasetContentHash) {
    throw new HilumError(
      'CONFLICT',
      `dataset "${run.datasetName}" changed since run ${run.id} trained on it (content hash ${currentHash.slice(0, 12)}… vs ${run.datasetContentHash.slice(0, 12)}…): its validation split is no longer the run's`,
      { runId: run.id },
    );
  }
  const train = loadSplitRecords(store, run.datasetName, 'train');
  const val = loadSplitRecords(store, run.datasetName, 'val');
  const shift = request.priorShift;
  // EM reads only the deployment images' model outputs, never their labels.
  const deployment = shift?.method === 'em' ? loadSplitRecords(store, shift.dataset, shift.split) : null;
  const staging = path.join(store.dataDir, 'bundles', `.staging-${run.id}-${process.pid}-${Date.now()}`);
  try {
    const job = await host.run(
      'model.infer',
      {
        model: { ...weightsFor(run.runDir, request.weights, config.ema), config: config.model },
        preprocessing: config.preprocessing,
        cacheDir: path.join(store.dataDir, 'cache'),
        sets: [
          { name: 'val', cacheKeys: val.cacheKeys },
          { name: 'train', cacheKeys: train.cacheKeys },
          ...(deployment ? [{ name: 'deployment', cacheKeys: deployment.cacheKeys }] : []),
        ],
        outDir: path.join(staging, 'outputs'),
        exportDir: path.join(staging, 'export'),
      },
      { onProgress: (p) => p.message && request.onProgress?.(p.message) },
    );
    if (!job.exported || job.parityMaxAbsDiff === null) throw new HilumError('BUG', 'model.infer exported without a parity check', {});
    const valOut = readInferredSet(job.sets.find((s) => s.name === 'val')!).outputs;
    const trainOut = readInferredSet(job.sets.find((s) => s.name === 'train')!).outputs;
    const fit = fitDecisionSpec({
      labelNames: train.labelNames,
      logits: valOut.logitColumns,
      labels: val.labelColumns,
      trainFeatures: trainOut.features,
      trainLabels: train.labelColumns,
      featureDimension: trainOut.width,
      valFeatures: valOut.features,
      criterion: request.threshold,
      abstention: request.abstention,
      oodQuantile: request.oodQuantile,
      ...(shift?.method === 'known' ? { priorShift: shift } : {}),
      ...(shift?.method === 'em'
        ? {
            priorShift: {
              method: 'em' as const,
              deploymentLogits: readInferredSet(job.sets.find((s) => s.name === 'deployment')!).outputs.logitColumns,
              estimatedOn: `${shift.dataset} ${shift.split ?? 'all'} (${deployment!.imageIds.length} images, labels unused)`,
            },
          }
        : {}),
    });
    const unfitted = fit.unfitted.map((u) => `${u.label} ${u.what} (${u.reason})`).join('; ');
    const result = JSON.parse(run.resultJson ?? '{}') as { bestEpoch?: number | null };
    const spec = {
      config: config.model,
      labels: { labels: train.labelNames },
      preprocessing: config.preprocessing,
      calibration: fit.calibration,
      thresholds: fit.thresholds,
      abstention: fit.abstention,
      ood: fit.ood,
      provenance: {
        trainingRun: run.id,
        dataHash: `dataset ${run.datasetName} content ${run.datasetContentHash}; split seed ${run.splitSeed ?? 'none'}; config ${run.configHash}`,
        seed: config.seed,
        codeVersion: run.codeVersion,
        backend: run.backend ?? 'unknown',
        createdUtc: new Date().toISOString(),
        onnx: { opset: job.exported.opset, irVersion: job.exported.irVersion, parityMaxAbsDiff: job.parityMaxAbsDiff },
        notes: [
          `weights: ${request.weights}${request.weights === 'best' && result.bestEpoch != null ? ` (epoch ${result.bestEpoch + 1}${config.ema > 0 ? ', EMA' : ''})` : ''}`,
          `abstention: ${JSON.stringify(request.abstention)}`,
          unfitted && `not fitted on validation: ${unfitted}`,
        ]
          .filter(Boolean)
          .join('; '),
      },
    };
    const draft = writeBundle(path.join(staging, 'bundle'), {
      modelOnnx: new Uint8Array(fs.readFileSync(job.exported.onnxFile)),
      weights: new Uint8Array(fs.readFileSync(job.exported.weightsFile)),
      spec,
    });
    // Content-addressed home: the same run, weights and rules give the same folder.
    const dir = path.join(store.dataDir, 'bundles', `${run.id}-${request.weights}-${draft.bundleHash.slice(0, 12)}`);
    if (!fs.existsSync(dir)) fs.renameSync(draft.dir, dir);
    recordBundle(store, request, run.id, dir, draft.bundleHash);
    return {
      bundle: dir,
      hash: draft.bundleHash,
      run: run.id,
      weights: request.weights,
      parityMaxAbsDiff: job.parityMaxAbsDiff,
      fit: {
        thresholds: fit.thresholds,
        calibration: fit.calibration,
        unfitted: fit.unfitted,
        abstentionChoices: fit.abstentionChoices,
        thresholdChoices: fit.thresholdChoices,
        temperatureFits: fit.temperatureFits,
      },
    };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

function recordBundle(store: Store, request: BundleRunRequest, runId: string, dir: string, hash: string): void {
  store.sqlite
    .transaction(() => {
      const existing = store.sqlite.prepare('SELECT bundle_hash FROM run_bundles WHERE bundle_hash = ?').get(hash);
      if (existing) return;
      const row = {
        bundleHash: hash,
        runId,
        bundleDir: dir,
        weights: request.weights,
        optionsJson: JSON.stringify({
          threshold: request.threshold,
          abstention: request.abstention,
          oodQuantile: request.oodQuantile ?? 0.99,
          priorShift: request.priorShift ?? null,
        }),
        modelId: null,
        createdAt: new Date().toISOString(),
      };
      store.db.insert(runBundles).values(row).run();
      appendAuditEvent(store, {
        actor: request.actor,
        action: 'bundle.create',
        recordType: 'bundle',
        recordId: hash,
        before: null,
        after: row,
        payload: { runId, weights: request.weights },
      });
    })
    .immediate();
}
