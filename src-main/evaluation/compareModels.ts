/**
 * `hilum compare`: two models (bundles, runs or checkpoints, or an ensemble of bundles, run in worker jobs) or a model and a baseline's
 * predictions CSV, on the same images of a dataset split; DeLong and the patient-clustered paired bootstrap
 * per label and macro (src-core/metrics/compare); the result is stored in `model_comparisons` and audited.
 */
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { HilumError } from '../../src-core/errors';
import { comparePairedModels } from '../../src-core/metrics/compare/comparePairedModels';
import { appendAuditEvent } from '../governance/auditTrail';
import type { JobRunner } from '../runs/trainFromDataset';
import type { Store } from '../store/openStore';
import { modelComparisons } from '../store/schema/runs';
import type { SplitRecords } from '../datasets/loadSplitRecords';
import { loadEvaluationSet, type EvalSplit } from './loadEvaluationSet';
import { inferEvaluationSets } from './inferEvaluationSets';
import { readPredictionsCsv } from './readPredictionsCsv';
import { ENSEMBLE_COMBINATION } from './ensembleEvalModel';
import { resolveRequestedModel } from './resolveRequestedModel';

export interface CompareRequest {
  models: [string, string];
  dataset: string;
  split: EvalSplit;
  external: boolean;
  resamples: number;
  seed: number;
  actor: string;
  onStep?: (message: string) => void;
}

interface Side {
  ref: string;
  kind: string;
  hash: string;
  scores: Map<string, Float64Array>;
  members?: Array<{ ref: string; hash: string }>;
}

/** A side's references: one model or CSV, or several bundles joined by commas (an ensemble). */
export function sideRefs(ref: string): string[] {
  const refs = ref
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '');
  if (refs.length > 1 && refs.some((r) => /\.csv$/i.test(r)))
    throw new HilumError('INVALID_ARGUMENT', `${ref}: a predictions CSV cannot be part of an ensemble`, { ref });
  return refs;
}

async function scoreSide(store: Store, host: JobRunner, ref: string, records: SplitRecords, onStep?: (m: string) => void): Promise<Side> {
  const refs = sideRefs(ref);
  if (refs.length === 1 && /\.csv$/i.test(refs[0]!)) {
    const csv = readPredictionsCsv(path.resolve(refs[0]!), records);
    return { ref: csv.file, kind: 'predictions-csv', hash: csv.hash, scores: csv.scores };
  }
  const model = resolveRequestedModel(store, refs);
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-compare-'));
  try {
    const inferred = await inferEvaluationSets(store, host, model, {
      sets: [{ name: 'eval', cacheKeys: records.cacheKeys }],
      outDir,
      ...(onStep ? { onProgress: onStep } : {}),
    });
    const out = inferred.read('eval')!.outputs;
    const names = model.labelNames ?? records.labelNames;
    if (names.length !== out.numClasses)
      throw new HilumError('INVALID_ARGUMENT', `${model.ref}: ${out.numClasses} outputs but ${names.length} labels`, { file: model.ref });
    // A single model's raw logits (AUROC depends only on the ranking, which its temperatures do not change); an
    // ensemble's mean of calibrated logits, where the members' temperatures do change the ranking.
    return {
      ref: model.ref,
      kind: model.kind,
      hash: model.hash || inferred.weightsSha256 || '',
      scores: new Map(names.map((n, l) => [n, out.logitColumns[l]!])),
      ...(model.members ? { members: model.members.map((m) => ({ ref: m.ref, hash: m.hash })) } : {}),
    };
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}

export async function compareModels(store: Store, host: JobRunner, request: CompareRequest) {
  const { records, splitName } = loadEvaluationSet(store, request.dataset, request.split, request.external);
  const [a, b] = [
    await scoreSide(store, host, request.models[0], records, request.onStep),
    await scoreSide(store, host, request.models[1], records, request.onStep),
  ];
  const labels = records.labelNames.filter((l) => a.scores.has(l) && b.scores.has(l));
  if (labels.length === 0)
    throw new HilumError('INVALID_ARGUMENT', `the two models share no label of dataset "${request.dataset}"`, { a: a.ref, b: b.ref });
  const comparison = comparePairedModels({
    labelNames: labels,
    scoresA: labels.map((l) => a.scores.get(l)!),
    scoresB: labels.map((l) => b.scores.get(l)!),
    labels: labels.map((l) => records.labelColumns[records.labelNames.indexOf(l)]!),
    bootstrap: { resamples: request.resamples, seed: request.seed, clusters: records.patients },
  });
  const result = {
    a: describeSide(a),
    b: describeSide(b),
    dataset: { name: request.dataset, split: splitName, images: records.imageIds.length, patients: new Set(records.patients).size },
    labels,
    ...comparison,
  };
  const id = store.sqlite
    .transaction(() => {
      const row = store.db
        .insert(modelComparisons)
        .values({
          aHash: a.hash,
          aRef: a.ref,
          bHash: b.hash,
          bRef: b.ref,
          datasetName: request.dataset,
          split: splitName,
          resultJson: JSON.stringify(result),
          createdAt: new Date().toISOString(),
        })
        .returning({ id: modelComparisons.id })
        .get();
      appendAuditEvent(store, {
        actor: request.actor,
        action: 'comparison.create',
        recordType: 'model_comparison',
        recordId: String(row.id),
        after: JSON.parse(JSON.stringify(result)) as unknown,
        payload: { a: a.hash, b: b.hash, dataset: request.dataset, split: splitName },
      });
      return row.id;
    })
    .immediate();
  return { comparison: id, ...result };
}

function describeSide(side: Side) {
  return {
    ref: side.ref,
    kind: side.kind,
    hash: side.hash,
    ...(side.members ? { ensemble: { combination: ENSEMBLE_COMBINATION, members: side.members } } : {}),
  };
}
