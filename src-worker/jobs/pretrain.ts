/** Handler for `model.pretrain` (MAE). Wiring: spread `pretrainHandlers` into src-worker/jobs/index.ts. */
import type { JobContext } from '../../src-core/contracts/jobs/protocol';
import type { trainJobs } from '../../src-core/contracts/jobs/train';
import { parsePretrainConfig } from '../../src-core/model/trainConfig';
import type { Infer } from '../../src-core/validate';
import { pretrainMae } from '../model/pretrainMae';
import { dataSourcesFor } from './train';

type J = (typeof trainJobs)['model.pretrain'];

export async function runPretrainJob(params: Infer<J['params']>, ctx: JobContext): Promise<Infer<J['result']>> {
  const config = parsePretrainConfig(params.config, params.configFile);
  // MAE ignores labels: the training directory's images are the unlabelled pool.
  const { train } = dataSourcesFor({ data: config.data, model: config.model }, false);
  const r = await pretrainMae({
    config,
    data: train,
    signal: ctx.signal,
    onEvent: (e) => {
      if (e.type === 'step')
        ctx.progress({
          fraction: e.step / e.totalSteps,
          message: `epoch ${e.epoch + 1} step ${e.step}/${e.totalSteps} loss ${e.loss.toFixed(4)} ${e.imagesPerSec.toFixed(1)} img/s ETA ${Math.round(e.etaSec)} s`,
          data: { ...e },
        });
      else
        ctx.progress({
          message: e.type === 'epoch' ? `epoch ${e.epoch + 1}: loss ${e.loss.toFixed(4)}` : `resumed after epoch ${e.epoch}`,
          data: { ...e },
        });
    },
  });
  ctx.signal.throwIfAborted();
  return {
    outDir: r.outDir,
    backend: r.backend,
    engine: r.engine,
    encoderWeights: r.encoderWeights,
    epochsRun: r.epochsRun,
    history: r.history,
  };
}

export const pretrainHandlers = { 'model.pretrain': runPretrainJob };
