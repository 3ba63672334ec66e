/** Dataset channels: import with progress, quarantine, label prevalence, metadata coverage, splits and leakage. */
import { s } from '../../validate';
import { defineChannel } from './defineChannel';
import { empty, id, jobHandle } from './common';

export const datasetFormats = ['nih', 'chexpert', 'mimic', 'folders', 'csv'] as const;

export const datasetListItem = s.object({
  id,
  name: s.string(),
  format: s.string(),
  imageCount: s.number({ integer: true, min: 0 }),
  quarantinedCount: s.number({ integer: true, min: 0 }),
  importedAt: s.string(),
});

export const datasetSummary = s.object({
  id,
  name: s.string(),
  status: s.string(),
  images: s.number(),
  patients: s.number(),
  labels: s.array(s.string()),
  prevalence: s.array(
    s.object({ label: s.string(), positive: s.number(), negative: s.number(), uncertain: s.number(), missing: s.number() }),
  ),
  /** Share of images (0..1) that carry each metadata field. */
  metadataCoverage: s.array(s.object({ field: s.string(), fraction: s.number({ min: 0, max: 1 }) })),
  quarantine: s.array(s.object({ file: s.string(), code: s.string(), reason: s.string() })),
  splits: s.array(s.object({ split: s.string(), patients: s.number(), images: s.number() })),
  leakage: s.object({ ok: s.boolean(), patientsInSeveralSplits: s.number(), examples: s.array(s.string()) }),
});

export const datasetsChannels = {
  'datasets.list': defineChannel('Imported datasets', empty, s.object({ datasets: s.array(datasetListItem) })),
  'datasets.import': defineChannel(
    'Starts importing a dataset (a job; poll jobs.events)',
    s.object({
      name: s.string({ minLength: 1, maxLength: 120 }),
      format: s.enumOf(datasetFormats),
      sourcePath: s.string({ minLength: 1, maxLength: 4096 }),
      /** NIH/CheXpert: the label CSV (default: found in the folder); csv format: the column mapping file. */
      labelFile: s.optional(s.string({ maxLength: 4096 })),
      /** Side of the square cached images in pixels (default 256). */
      imageSize: s.optional(s.number({ integer: true, min: 8, max: 4096 })),
      /** Import only the first N images (a trial import). */
      limit: s.optional(s.number({ integer: true, min: 1 })),
    }),
    jobHandle,
  ),
  'datasets.split': defineChannel(
    'Assigns patient-disjoint train/val/test splits (seeded) and returns the leakage check',
    s.object({ datasetId: id, seed: s.number({ integer: true, min: 0 }) }),
    s.object({ images: s.record(s.number()), patients: s.record(s.number()), leakageOk: s.boolean() }),
  ),
  'datasets.summary': defineChannel(
    'Prevalence, coverage, quarantine, splits and leakage of one dataset',
    s.object({ datasetId: id }),
    datasetSummary,
  ),
} as const;
