/**
 * The recorded lineage behind a model's bundle, for the card's data, pretraining, label, augmentation
 * and recipe sections: the bundle's training run (config, seeds, per-epoch history), the dataset it
 * trained on with a hash per split, the pretraining run its initial weights came from, the bundle's
 * decision rules, and the evaluations stored for this bundle hash. Nothing is inferred: a link that
 * is not recorded is null.
 */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { datasetContentHash } from '../../datasets/datasetContentHash';
import type { Store } from '../../store/openStore';
import { datasets, evaluations, runBundles, trainingRuns } from '../../store/schema';

type Json = Record<string, unknown>;

export interface SplitLineage {
  split: string;
  images: number;
  patients: number;
  /** SHA-256 over the split's image content hashes and patients, in path order. */
  hash: string;
}

export interface DatasetLineage {
  name: string;
  format: string;
  status: string;
  imported: number;
  quarantined: number;
  splitSeed: number | null;
  splitFractions: unknown;
  splitAt: string | null;
  leakageOk: boolean | null;
  externalOf: string | null;
  contentHashNow: string;
  splits: SplitLineage[];
}

export interface RunLineage {
  id: string;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
  status: string;
  backend: string | null;
  codeVersion: string;
  configHash: string;
  config: Json;
  result: Json | null;
  datasetName: string;
  /** The dataset content hash when the run trained (compare with `dataset.contentHashNow`). */
  datasetContentHash: string;
  splitSeed: number | null;
}

export interface ModelLineage {
  run: RunLineage | null;
  /** The pretraining run whose weights initialised `run` (matched by its run folder), when recorded. */
  pretrainRun: RunLineage | null;
  dataset: DatasetLineage | null;
  bundle: { weights: string; decisionRules: Json | null } | null;
  evaluations: Array<{ id: number; dataset: string; split: string; images: number; createdAt: string; contentHashNow: string | null }>;
}

function runOf(row: typeof trainingRuns.$inferSelect): RunLineage {
  return {
    id: row.id,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
    status: row.status,
    backend: row.backend,
    codeVersion: row.codeVersion,
    configHash: row.configHash,
    config: JSON.parse(row.configJson) as Json,
    result: row.resultJson ? (JSON.parse(row.resultJson) as Json) : null,
    datasetName: row.datasetName,
    datasetContentHash: row.datasetContentHash,
    splitSeed: row.splitSeed,
  };
}

function splitsOf(store: Store, datasetId: number): SplitLineage[] {
  const rows = store.sqlite
    .prepare(
      `SELECT coalesce(split, '(unsplit)') AS split, content_hash AS hash, coalesce(patient_pseudonym, '') AS patient
       FROM dataset_images WHERE dataset_id = ? ORDER BY split, source_path`,
    )
    .iterate(datasetId) as Iterable<{ split: string; hash: string; patient: string }>;
  const out = new Map<string, { h: ReturnType<typeof createHash>; images: number; patients: Set<string> }>();
  for (const r of rows) {
    let s = out.get(r.split);
    if (!s) out.set(r.split, (s = { h: createHash('sha256'), images: 0, patients: new Set() }));
    s.h.update(`${r.hash}|${r.patient}\n`);
    s.images++;
    s.patients.add(r.patient);
  }
  return [...out].map(([split, s]) => ({ split, images: s.images, patients: s.patients.size, hash: s.h.digest('hex') }));
}

function datasetLineage(store: Store, name: string): DatasetLineage | null {
  const d = store.db.select().from(datasets).where(eq(datasets.name, name)).get();
  if (!d) return null;
  const base = d.externalOfDatasetId
    ? store.db.select({ name: datasets.name }).from(datasets).where(eq(datasets.id, d.externalOfDatasetId)).get()
    : undefined;
  const leakage = d.leakageReportJson ? (JSON.parse(d.leakageReportJson) as { ok?: unknown }) : null;
  return {
    name: d.name,
    format: d.format,
    status: d.status,
    imported: d.importedCount,
    quarantined: d.quarantinedCount,
    splitSeed: d.splitSeed,
    splitFractions: d.splitFractionsJson ? JSON.parse(d.splitFractionsJson) : null,
    splitAt: d.splitAt,
    leakageOk: typeof leakage?.ok === 'boolean' ? leakage.ok : null,
    externalOf: base?.name ?? null,
    contentHashNow: datasetContentHash(store, d.name),
    splits: splitsOf(store, d.id),
  };
}

export function collectModelLineage(store: Store, bundleHash: string): ModelLineage {
  const bundle = store.db.select().from(runBundles).where(eq(runBundles.bundleHash, bundleHash)).get();
  const runRow = bundle ? store.db.select().from(trainingRuns).where(eq(trainingRuns.id, bundle.runId)).get() : undefined;
  const run = runRow ? runOf(runRow) : null;
  const init = typeof run?.config.initWeights === 'string' ? run.config.initWeights : null;
  const pretrainRow = init
    ? store.db
        .select()
        .from(trainingRuns)
        .all()
        .find((r) => r.id !== run?.id && init.startsWith(`${r.runDir}/`))
    : undefined;
  const known = new Set(
    store.db
      .select({ name: datasets.name })
      .from(datasets)
      .all()
      .map((d) => d.name),
  );
  return {
    run,
    pretrainRun: pretrainRow ? runOf(pretrainRow) : null,
    dataset: run ? datasetLineage(store, run.datasetName) : null,
    bundle: bundle ? { weights: bundle.weights, decisionRules: JSON.parse(bundle.optionsJson) as Json } : null,
    evaluations: store.db
      .select()
      .from(evaluations)
      .where(eq(evaluations.modelHash, bundleHash))
      .all()
      .map((e) => ({
        id: e.id,
        dataset: e.datasetName,
        split: e.split,
        images: e.imageCount,
        createdAt: e.createdAt,
        contentHashNow: known.has(e.datasetName) ? datasetContentHash(store, e.datasetName) : null,
      })),
  };
}
