/**
 * A dataset split as records, without pixels: image ids and cache keys (pixels are read from the
 * cache by worker jobs, never here), training targets under an uncertain-label policy, labels as
 * 1 / 0 / NaN for metrics, patients, and the per-image attributes used for subgroup audits.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ageBandAttribute } from '../../src-core/datasets/ageBand';
import type { TargetPolicy } from '../../src-core/datasets/buildTrainingTargets';
import { serializeNpy } from '../../src-core/model/serializeNpy';
import { loadTrainingTargets } from './loadTrainingTargets';
import type { Store } from '../store/openStore';

export interface SplitRecords {
  labelNames: string[];
  imageIds: number[];
  cacheKeys: string[];
  /** Size the pixels are cached at (the dataset's import size). */
  cachedSize: number;
  targets: Float32Array;
  mask: Uint8Array;
  /** One column per label: 1, 0, or NaN when the label is unknown or uncertain. */
  labelColumns: Float64Array[];
  attributes: Array<Record<string, string>>;
  patients: string[];
  /** Source files relative to the dataset root, as stored (how external predictions CSVs name images). */
  sourcePaths: string[];
  /** Absolute paths of the source files (for serving them through predict). */
  sourceFiles: string[];
  modalities: Array<string | null>;
}

export const strictTargetPolicy: TargetPolicy = { uncertain: 'ignore', blank: 'zero' };

interface ImageRow {
  id: number;
  sourcePath: string;
  sex: string | null;
  age: number | null;
  view: string | null;
  site: string | null;
  manufacturer: string | null;
  portable: number | null;
  modality: string | null;
  patient: string | null;
}

export function loadSplitRecords(
  store: Store,
  dataset: string,
  split: string | null,
  policy: TargetPolicy = strictTargetPolicy,
): SplitRecords {
  const t = loadTrainingTargets(store, dataset, split, policy);
  const strict = policy === strictTargetPolicy ? t : loadTrainingTargets(store, dataset, split, strictTargetPolicy);
  const d = store.sqlite.prepare('SELECT root_path AS root, image_size AS size FROM datasets WHERE name = ?').get(dataset) as {
    root: string;
    size: number;
  };
  const labelColumns = t.labelNames.map((_, l) => {
    const column = new Float64Array(t.rows);
    for (let r = 0; r < t.rows; r++) column[r] = strict.mask[r * t.labels + l] ? strict.targets[r * t.labels + l]! : Number.NaN;
    return column;
  });
  const byId = new Map<number, ImageRow>();
  const select = store.sqlite
    .prepare(`SELECT id, source_path AS sourcePath, sex, age_years AS age, view, site_pseudonym AS site, manufacturer, portable, modality, patient_pseudonym AS patient
    FROM dataset_images WHERE id IN (SELECT value FROM json_each(?))`);
  for (const row of select.all(JSON.stringify(t.imageIds)) as ImageRow[]) byId.set(row.id, row);
  const rowOf = (id: number): ImageRow => byId.get(id)!;
  return {
    labelNames: t.labelNames,
    imageIds: t.imageIds,
    cacheKeys: t.cacheKeys,
    cachedSize: d.size,
    targets: t.targets,
    mask: t.mask,
    labelColumns,
    attributes: t.imageIds.map((id) => {
      const row = rowOf(id);
      return {
        sex: row.sex ?? '',
        ageBand: ageBandAttribute(row.age),
        view: row.view ?? '',
        portable: row.portable === null ? '' : row.portable ? 'portable' : 'fixed',
        manufacturer: row.manufacturer ?? '',
        site: row.site ?? '',
      };
    }),
    patients: t.imageIds.map((id) => rowOf(id).patient ?? `image-${id}`),
    sourcePaths: t.imageIds.map((id) => rowOf(id).sourcePath),
    sourceFiles: t.imageIds.map((id) => path.resolve(d.root, rowOf(id).sourcePath)),
    modalities: t.imageIds.map((id) => rowOf(id).modality),
  };
}

/** Writes targets.npy [N, C] and mask.npy [N, C] next to the images.npy an `arrays.prepare` job wrote. */
export function writeSplitTargets(records: SplitRecords, dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const shape = [records.imageIds.length, records.labelNames.length];
  fs.writeFileSync(path.join(dir, 'targets.npy'), serializeNpy(records.targets, shape));
  fs.writeFileSync(path.join(dir, 'mask.npy'), serializeNpy(Float32Array.from(records.mask), shape));
}
