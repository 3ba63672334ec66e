/**
 * Handlers for `model.train` and `model.predict` (contracts in src-core/contracts/jobs/train.ts),
 * registered in src-worker/jobs/index.ts.
 */
import type { JobContext } from '../../src-core/contracts/jobs/protocol';
import type { trainJobs } from '../../src-core/contracts/jobs/train';
import type { DataSource } from '../../src-core/model/dataSource';
import { syntheticSource } from '../../src-core/model/syntheticSource';
import { parseTrainConfig, type TrainConfig } from '../../src-core/model/trainConfig';
import type { Infer } from '../../src-core/validate';
import { npyDirSource } from '../model/npyDirSource';
import { gradientPorts } from '../model/parallel/gradientPorts';
import { predictVit } from '../model/predictVit';
import { trainVit } from '../model/trainVit';
import { quietTfjs } from './quietTfjs';

// Every job module is loaded when a worker starts: quiet tfjs before any job makes a tensor.
quietTfjs();

type P<J extends keyof typeof trainJobs> = Infer<(typeof trainJobs)[J]['params']>;
type R<J extends keyof typeof trainJobs> = Infer<(typeof trainJobs)[J]['result']>;

export function dataSourcesFor(config: Pick<TrainConfig, 'data' | 'model'>, requireTargets = true): { train: DataSource; val: DataSource } {
  const { imageSize, numClasses } = config.model;
  if (config.data.source === 'synthetic') {
    const s = config.data.synthetic!;
    return {
      train: syntheticSource(s.size, imageSize, numClasses, s.seed),
      val: syntheticSource(s.valSize, imageSize, numClasses, s.seed + 1),
    };
  }
  const train = npyDirSource(config.data.trainDir!, imageSize, numClasses, requireTargets);
  return { train, val: config.data.valDir ? npyDirSource(config.data.valDir, imageSize, numClasses, requireTargets) : train };
}

export async function runTrainJob(params: P<'model.train'>, ctx: JobContext): Promise<R<'model.train'>> {
  const config = parseTrainConfig(params.config, params.configFile);
  const { train, val } = dataSourcesFor(config);
  const r = await trainVit({
    config,
    train,
    val,
    signal: ctx.signal,
    resume: params.resume,
    // Sent by Electron main only when the app runs a webgpu training job (src-main/electron/UtilityProcessHost.ts).
    gradientPort: gradientPorts.take(ctx.id),
    onEvent: (e) => {
      if (e.type === 'step')
        ctx.progress({
          fraction: e.step / e.totalSteps,
          message: `epoch ${e.epoch + 1} step ${e.step}/${e.totalSteps} loss ${e.loss.toFixed(4)} lr ${e.lr.toExponential(2)} ${e.imagesPerSec.toFixed(1)} img/s ETA ${Math.round(e.etaSec)} s`,
          data: { ...e },
        });
      else if (e.type === 'epoch')
        ctx.progress({
          message: `epoch ${e.epoch + 1}: train loss ${e.trainLoss.toFixed(4)}, val macro-AUROC ${e.val.macroAuroc?.toFixed(4) ?? 'undefined'}, macro-AUPRC ${e.val.macroAuprc?.toFixed(4) ?? 'undefined'}${e.best ? ` (best by ${config.selectBy.toUpperCase()})` : ''}`,
          data: { type: 'epoch', epoch: e.epoch, trainLoss: e.trainLoss, valMacroAuroc: e.val.macroAuroc, valMacroAuprc: e.val.macroAuprc },
        });
      else ctx.progress({ message: e.type === 'resumed' ? `resumed after epoch ${e.epoch}` : e.message, data: { ...e } });
    },
  });
  ctx.signal.throwIfAborted();
  return {
    outDir: r.outDir,
    backend: r.backend,
    engine: r.engine,
    epochsRun: r.epochsRun,
    bestEpoch: r.best.epoch,
    bestMacroAuroc: r.best.macroAuroc,
    selectBy: r.best.selectBy,
    bestMetric: r.best.value,
    lastWeights: r.lastWeights,
    bestWeights: r.bestWeights,
    swaWeights: r.swaWeights,
    history: r.history,
  };
}

export async function runPredictJob(params: P<'model.predict'>): Promise<R<'model.predict'>> {
  return predictVit(params);
}

export const trainHandlers = {
  'model.train': runTrainJob,
  'model.predict': (params: P<'model.predict'>, _ctx: JobContext) => runPredictJob(params),
};
