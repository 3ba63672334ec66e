/**
 * `dataset show`: counts, label prevalence and patients per split, metadata coverage,
 * demographics, quarantined files with reasons, and a fresh leakage check over the stored splits
 * (recomputed, not just the report saved at split time, so a hand-edited store is caught too).
 */
import { eq } from 'drizzle-orm';
import { ageBand } from '../../src-core/datasets/ageBand';
import { checkSplitLeakage, type LeakageReport } from '../../src-core/datasets/checkSplitLeakage';
import type { Store } from '../store/openStore';
import { datasets } from '../store/schema/datasets';
import { collectSplitMemberships } from './collectSplitMemberships';
import { loadDatasetByName } from './loadDatasetByName';

export interface LabelCounts {
  positive: number;
  negative: number;
  uncertain: number;
  blank: number;
  /** positive / (positive + negative + uncertain + blank): share of images labelled positive. */
  prevalence: number;
}

export interface DatasetSummary {
  name: string;
  format: string;
  root: string;
  status: string;
  imageSize: number;
  labelNames: string[];
  images: number;
  patients: number;
  imagesWithoutPatient: number;
  quarantined: number;
  externalOf: string | null;
  externalSets: string[];
  split: { seed: number | null; fractions: Record<string, number> | null; at: string | null };
  splits: Record<string, { images: number; patients: number; labels: Record<string, LabelCounts> }>;
  metadataCoverage: Record<string, number>;
  sex: Record<string, number>;
  views: Record<string, number>;
  ageBands: Record<string, number>;
  sites: number;
  quarantine: { byCode: Record<string, number>; files: { sourcePath: string; code: string; message: string }[]; shown: number };
  leakage: LeakageReport;
  /** Content hashes (byte-identical images) found in more than one split of this dataset. */
  duplicateContentAcrossSplits: number;
}

const QUARANTINE_SHOWN = 1000;

export function showDataset(store: Store, name: string): DatasetSummary {
  const d = loadDatasetByName(store, name);
  const q = (sql: string, ...params: unknown[]) => store.sqlite.prepare(sql).all(d.id, ...params) as Record<string, unknown>[];
  const splitExpr = "coalesce(split, 'unassigned')";
  const splits: DatasetSummary['splits'] = {};
  for (const r of q(
    `SELECT ${splitExpr} AS s, count(*) AS n, count(DISTINCT patient_pseudonym) AS p FROM dataset_images WHERE dataset_id = ? GROUP BY s`,
  )) {
    splits[r.s as string] = { images: r.n as number, patients: r.p as number, labels: {} };
  }
  const labelRows = q(`SELECT ${splitExpr} AS s, l.label AS label, l.state AS state, count(*) AS n FROM dataset_labels l
    JOIN dataset_images i ON i.id = l.image_id WHERE i.dataset_id = ? GROUP BY s, l.label, l.state`);
  for (const r of labelRows) {
    const split = splits[r.s as string];
    if (!split) continue;
    const c = (split.labels[r.label as string] ??= { positive: 0, negative: 0, uncertain: 0, blank: 0, prevalence: 0 });
    const key = r.state === 1 ? 'positive' : r.state === 0 ? 'negative' : r.state === -1 ? 'uncertain' : 'blank';
    c[key] += r.n as number;
  }
  for (const s of Object.values(splits))
    for (const c of Object.values(s.labels)) c.prevalence = c.positive / Math.max(1, c.positive + c.negative + c.uncertain + c.blank);

  const totals =
    q(`SELECT count(*) AS n, count(patient_pseudonym) AS patient, count(DISTINCT patient_pseudonym) AS patients, count(sex) AS sex,
    count(age_years) AS age, count(view) AS view, count(site_pseudonym) AS site, count(modality) AS modality, count(manufacturer) AS manufacturer,
    count(DISTINCT site_pseudonym) AS sites FROM dataset_images WHERE dataset_id = ?`)[0] as Record<string, number>;
  const n = Math.max(1, totals.n as number);
  const coverage = Object.fromEntries(
    ['patient', 'sex', 'age', 'view', 'site', 'modality', 'manufacturer'].map((k) => [
      k === 'age' ? 'ageYears' : k,
      (totals[k] as number) / n,
    ]),
  );
  const countBy = (col: string) =>
    Object.fromEntries(
      q(`SELECT coalesce(${col}, 'unknown') AS k, count(*) AS n FROM dataset_images WHERE dataset_id = ? GROUP BY k`).map((r) => [
        r.k,
        r.n,
      ]),
    );
  const ageBands: Record<string, number> = {};
  for (const r of q('SELECT age_years AS a, count(*) AS n FROM dataset_images WHERE dataset_id = ? GROUP BY a')) {
    const band = ageBand(r.a as number | null);
    ageBands[band] = (ageBands[band] ?? 0) + (r.n as number);
  }
  const byCode = Object.fromEntries(
    q('SELECT code, count(*) AS n FROM dataset_quarantine WHERE dataset_id = ? GROUP BY code').map((r) => [r.code, r.n]),
  );
  const files = q(
    'SELECT source_path AS sourcePath, code, message FROM dataset_quarantine WHERE dataset_id = ? ORDER BY id LIMIT ?',
    QUARANTINE_SHOWN,
  ) as DatasetSummary['quarantine']['files'];
  const externalOf =
    d.externalOfDatasetId === null
      ? null
      : (store.db.select({ name: datasets.name }).from(datasets).where(eq(datasets.id, d.externalOfDatasetId)).get()?.name ?? null);
  const externalSets = store.db
    .select({ name: datasets.name })
    .from(datasets)
    .where(eq(datasets.externalOfDatasetId, d.id))
    .all()
    .map((r) => r.name);

  return {
    name: d.name,
    format: d.format,
    root: d.rootPath,
    status: d.status,
    imageSize: d.imageSize,
    labelNames: JSON.parse(d.labelNamesJson) as string[],
    images: totals.n as number,
    patients: totals.patients as number,
    imagesWithoutPatient: (totals.n as number) - (totals.patient as number),
    quarantined: d.quarantinedCount,
    externalOf,
    externalSets,
    split: {
      seed: d.splitSeed,
      fractions: d.splitFractionsJson ? (JSON.parse(d.splitFractionsJson) as Record<string, number>) : null,
      at: d.splitAt,
    },
    splits,
    metadataCoverage: coverage,
    sex: countBy('sex'),
    views: countBy('view'),
    ageBands,
    sites: totals.sites as number,
    quarantine: { byCode, files, shown: files.length },
    leakage: checkSplitLeakage(collectSplitMemberships(store, d)),
    duplicateContentAcrossSplits: (
      q(`SELECT count(*) AS n FROM (SELECT content_hash FROM dataset_images WHERE dataset_id = ?
      GROUP BY content_hash HAVING count(DISTINCT ${splitExpr}) > 1)`)[0] as { n: number }
    ).n,
  };
}
