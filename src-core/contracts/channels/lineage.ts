/**
 * The training lineage of one model, as the review package shows it (the PDF model card has the same facts): the run
 * that trained its bundle (dataset content hash, split seed, config hash, code version, backend), the dataset now with
 * a hash per split, and the pretraining its initial weights came from. Nothing is inferred: an unrecorded link is null.
 */
import { s } from '../../validate';
import { defineChannel } from './defineChannel';
import { id } from './common';

const nullableString = s.nullable(s.string());

export const runLineageSchema = s.object({
  id: s.string(),
  status: s.string(),
  createdBy: s.string(),
  createdAt: s.string(),
  finishedAt: nullableString,
  backend: nullableString,
  codeVersion: s.string(),
  configHash: s.string(),
  /** The ViT in the run's resolved config: "ViT 32 px, patch 8, width 32, depth 2" (null when the config lacks it). */
  architecture: nullableString,
  epochs: s.nullable(s.number()),
  datasetName: s.string(),
  /** The dataset's content hash when the run trained. */
  datasetContentHash: s.string(),
  splitSeed: s.nullable(s.number()),
});

export const lineageChannels = {
  'models.lineage': defineChannel(
    "Training lineage of one model's bundle: training run, dataset and splits, pretraining (as in the PDF model card)",
    s.object({ modelId: id }),
    s.object({
      /** Why there is no training run (e.g. a bundle registered from a folder, not built by `hilum bundle --run`); null when there is one. */
      reason: nullableString,
      run: s.nullable(runLineageSchema),
      /** Which of the run's weights the bundle holds (best, last, ema, swa). */
      bundleWeights: nullableString,
      dataset: s.nullable(
        s.object({
          name: s.string(),
          format: s.string(),
          contentHashNow: s.string(),
          /** Whether the dataset still has the content the run trained on. */
          unchangedSinceTraining: s.boolean(),
          splitSeed: s.nullable(s.number()),
          splitAt: nullableString,
          externalOf: nullableString,
          leakageOk: s.nullable(s.boolean()),
          splits: s.array(s.object({ split: s.string(), images: s.number(), patients: s.number(), hash: s.string() })),
        }),
      ),
      /** Null when there is no run; otherwise how the run's weights were initialised. */
      pretraining: s.nullable(
        s.object({
          weightInit: nullableString,
          /** The initial weights file (config initWeights); null: trained from initialised weights. */
          initWeights: nullableString,
          linearProbe: s.boolean(),
          /** The run that produced initWeights, when it is in this store. */
          run: s.nullable(runLineageSchema),
        }),
      ),
    }),
  ),
} as const;
