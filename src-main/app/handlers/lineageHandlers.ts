/** models.lineage: the training lineage of a model's bundle for the review package, read from the store as the PDF model card reads it. */
import type { HandlerTable, ResponseOf } from '../../../src-core/contracts/bridge';
import { getModel } from '../../governance/modelRegistry';
import { collectModelLineage, type RunLineage } from '../../reports/modelCard/collectModelLineage';
import type { AppCallContext, AppServices } from '../AppServices';

type Lineage = ResponseOf<'models.lineage'>;

function runView(run: RunLineage): NonNullable<Lineage['run']> {
  const model = (run.config.model ?? {}) as Record<string, unknown>;
  const { imageSize, patchSize, width, depth } = model;
  const known = [imageSize, patchSize, width, depth].every((v) => typeof v === 'number');
  const epochs = run.result?.epochsRun ?? run.config.epochs;
  return {
    id: run.id,
    status: run.status,
    createdBy: run.createdBy,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt,
    backend: run.backend,
    codeVersion: run.codeVersion,
    configHash: run.configHash,
    architecture: known ? `ViT ${String(imageSize)} px, patch ${String(patchSize)}, width ${String(width)}, depth ${String(depth)}` : null,
    epochs: typeof epochs === 'number' ? epochs : null,
    datasetName: run.datasetName,
    datasetContentHash: run.datasetContentHash,
    splitSeed: run.splitSeed,
  };
}

export function lineageHandlers(services: AppServices): Pick<HandlerTable<AppCallContext>, 'models.lineage'> {
  return {
    'models.lineage': ({ modelId }) => {
      const model = getModel(services.store(), modelId);
      const lineage = model.bundleHash ? collectModelLineage(services.store(), model.bundleHash) : null;
      const run = lineage?.run ?? null;
      if (!lineage || !run)
        return {
          reason: model.bundleHash
            ? 'no training run in this store built this bundle (it was registered from a bundle folder, not by `hilum bundle --run`)'
            : 'the model has no bundle',
          run: null,
          bundleWeights: lineage?.bundle?.weights ?? null,
          dataset: null,
          pretraining: null,
        };
      const d = lineage.dataset;
      return {
        reason: null,
        run: runView(run),
        bundleWeights: lineage.bundle?.weights ?? null,
        dataset: d
          ? {
              name: d.name,
              format: d.format,
              contentHashNow: d.contentHashNow,
              unchangedSinceTraining: d.contentHashNow === run.datasetContentHash,
              splitSeed: d.splitSeed,
              splitAt: d.splitAt,
              externalOf: d.externalOf,
              leakageOk: d.leakageOk,
              splits: d.splits,
            }
          : null,
        pretraining: {
          weightInit: typeof run.config.weightInit === 'string' ? run.config.weightInit : null,
          initWeights: typeof run.config.initWeights === 'string' ? run.config.initWeights : null,
          linearProbe: run.config.linearProbe === true,
          run: lineage.pretrainRun ? runView(lineage.pretrainRun) : null,
        },
      };
    },
  };
}
