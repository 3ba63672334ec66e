/**
 * A dataset split as arrays: normalised pixels from the pixel cache (never re-decoded), training
 * targets under an uncertain-label policy, labels as 1 / 0 / NaN for metrics, and the per-image
 * attributes used for subgroup audits. Optionally written as the .npy directory the trainer reads.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TargetPolicy } from '../../src-core/datasets/buildTrainingTargets';
import { HilumError } from '../../src-core/errors';
import { serializeNpy } from '../../src-core/model/serializeNpy';
import { readCachedImage } from '../../src-worker/datasets/pixelCache';
import { loadTrainingTargets } from './loadTrainingTargets';
import type { Store } from '../store/openStore';

export interface SplitArrays {
  labelNames: string[];
  imageIds: number[];
  size: number;
  pixels: Float32Array[];
  targets: Float32Array;
  mask: Uint8Array;
  /** One column per label: 1, 0, or NaN when the label is unknown or uncertain. */
  labelColumns: Float64Array[];
  attributes: Array<Record<string, string>>;
  patients: string[];
  /** Absolute paths of the source files (for serving them through predict). */
  sourceFiles: string[];
  modalities: Array<string | null>;
}

const strictPolicy: TargetPolicy = { uncertain: 'ignore', blank: 'zero' };

export function loadSplitArrays(store: Store, dataset: string, split: string | null, policy: TargetPolicy = strictPolicy): SplitArrays {
  const t = loadTrainingTargets(store, dataset, split, policy);
  const strict = loadTrainingTargets(store, dataset, split, strictPolicy);
  const cacheDir = path.join(store.dataDir, 'cache');
  const root = (store.sqlite.prepare('SELECT root_path AS root FROM datasets WHERE name = ?').get(dataset) as { root: string }).root;
  const pixels = t.cacheKeys.map((key) => {
    const cached = readCachedImage(cacheDir, key);
    if (!cached) throw new HilumError('NOT_FOUND', `Cached pixels ${key} of dataset "${dataset}" are missing from ${cacheDir}`, { key });
    return cached.pixels;
  });
  const size = Math.round(Math.sqrt(pixels[0]?.length ?? 0));
  const labelColumns = t.labelNames.map((_, l) => {
    const column = new Float64Array(t.rows);
    for (let r = 0; r < t.rows; r++) column[r] = strict.mask[r * t.labels + l] ? strict.targets[r * t.labels + l]! : Number.NaN;
    return column;
  });
  const rows = store.sqlite
    .prepare(`SELECT id, source_path AS sourcePath, sex, age_years AS age, view, site_pseudonym AS site, manufacturer, portable, modality, patient_pseudonym AS patient FROM dataset_images WHERE id IN (${t.imageIds.map(() => '?').join(',')})`)
    .all(...t.imageIds) as Array<{ id: number; sourcePath: string; sex: string | null; age: number | null; view: string | null; site: string | null; manufacturer: string | null; portable: number | null; modality: string | null; patient: string | null }>;
  const byId = new Map(rows.map((row) => [row.id, row]));
  const attributes = t.imageIds.map((id) => {
    const row = byId.get(id)!;
    return {
      sex: row.sex ?? '',
      ageBand: row.age === null ? '' : row.age < 40 ? '<40' : row.age < 60 ? '40-59' : row.age < 75 ? '60-74' : '75+',
      view: row.view ?? '',
      portable: row.portable === null ? '' : row.portable ? 'portable' : 'fixed',
      manufacturer: row.manufacturer ?? '',
      site: row.site ?? '',
    };
  });
  return {
    labelNames: t.labelNames,
    imageIds: t.imageIds,
    size,
    pixels,
    targets: t.targets,
    mask: t.mask,
    labelColumns,
    attributes,
    patients: t.imageIds.map((id) => byId.get(id)?.patient ?? `image-${id}`),
    sourceFiles: t.imageIds.map((id) => path.resolve(root, byId.get(id)!.sourcePath)),
    modalities: t.imageIds.map((id) => byId.get(id)?.modality ?? null),
  };
}

/** Writes images.npy [N, H, W], targets.npy [N, C] and mask.npy [N, C] for the trainer's npy source. */
export function writeSplitArrays(arrays: SplitArrays, dir: string, withTargets = true): string {
  fs.mkdirSync(dir, { recursive: true });
  const n = arrays.pixels.length;
  const plane = arrays.size * arrays.size;
  const images = new Float32Array(n * plane);
  arrays.pixels.forEach((p, i) => images.set(p, i * plane));
  fs.writeFileSync(path.join(dir, 'images.npy'), serializeNpy(images, [n, arrays.size, arrays.size]));
  if (withTargets) {
    const c = arrays.labelNames.length;
    fs.writeFileSync(path.join(dir, 'targets.npy'), serializeNpy(arrays.targets, [n, c]));
    fs.writeFileSync(path.join(dir, 'mask.npy'), serializeNpy(Float32Array.from(arrays.mask), [n, c]));
  }
  return dir;
}
