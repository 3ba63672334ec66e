/**
 * runs.* handlers: a run is a `model.train` / `model.pretrain` worker job on a stored dataset's patient
 * splits (normalised arrays under the run folder, prepared by a worker job), with a config built from the form (the worker
 * validates it with parseTrainConfig / parsePretrainConfig) and an output folder main chooses under
 * the data directory. If those jobs are not registered with the worker host, starting answers UNSUPPORTED.
 */
import path from 'node:path';
import type { HandlerTable } from '../../../src-core/contracts/bridge';
import { jobs, type JobName } from '../../../src-core/contracts/jobs';
import { HilumError } from '../../../src-core/errors';
import type { AppCallContext, AppServices } from '../AppServices';
import { prepareRunData } from '../runs/prepareRunData';
import { toMetricPoints } from '../runs/toMetricPoints';

type Names = 'runs.list' | 'runs.start' | 'runs.metrics' | 'runs.cancel';
type RunKind = 'train' | 'pretrain';

interface RunRecord {
  id: string;
  kind: RunKind;
  preset: string;
  datasetId: string;
  startedAt: string;
  outDir: string;
}

const jobOf: Record<RunKind, string> = { train: 'model.train', pretrain: 'model.pretrain' };

export function runsHandlers(services: AppServices): Pick<HandlerTable<AppCallContext>, Names> {
  const runs = new Map<string, RunRecord>();
  const statusOf = (run: RunRecord) => ({ ...run, status: services.jobs.events(run.id, Number.MAX_SAFE_INTEGER).status });
  const get = (runId: string) => {
    const run = runs.get(runId);
    if (!run) throw new HilumError('NOT_FOUND', `No run ${runId} was started in this app session`, { runId });
    return run;
  };

  return {
    'runs.list': () => ({ runs: [...runs.values()].map(statusOf) }),

    'runs.start': async ({ kind, preset, datasetId, epochs, batchSize, learningRate, seed }) => {
      const job = jobOf[kind];
      if (!Object.prototype.hasOwnProperty.call(jobs, job)) {
        throw new HilumError(
          'UNSUPPORTED',
          `${kind === 'train' ? 'Training' : 'Pretraining'} runs not available yet: job ${job} is not registered with the worker host`,
          { job },
        );
      }
      const startedAt = new Date().toISOString();
      const runDir = path.join(
        services.dataDir,
        'runs',
        `${kind}-${datasetId.replace(/[^A-Za-z0-9._-]/g, '_')}-${startedAt.replace(/[:.]/g, '-')}`,
      );
      const prepared = await prepareRunData(services.store(), services.host(), datasetId, runDir, kind);
      const outDir = path.join(runDir, 'out');
      const model = { preset, imageSize: prepared.imageSize, numClasses: prepared.numClasses };
      // The preprocessing (normalisation included) travels in the config, so run.json records what was trained on.
      const config = {
        model,
        data: prepared.data,
        epochs,
        batchSize,
        lr: learningRate,
        seed,
        outDir,
        ...(kind === 'train' ? { dataset: datasetId, preprocessing: prepared.preprocessing } : {}),
      };
      const sink = services.jobs.progressSink();
      // The job name is checked against the registry above; its params schema validates `config` again.
      const handle = services.host().start(job as JobName, { config } as never, { onProgress: sink.onProgress });
      sink.attach(handle);
      runs.set(handle.id, { id: handle.id, kind, preset, datasetId, startedAt, outDir });
      return { runId: handle.id };
    },

    'runs.metrics': ({ runId, afterSeq }) => {
      const run = get(runId);
      const answer = services.jobs.events(runId, afterSeq);
      const last = answer.events.at(-1);
      return {
        run: { ...run, status: answer.status },
        points: toMetricPoints(answer.events),
        lastSeq: last?.seq ?? afterSeq,
        message: last?.message ?? null,
        error: answer.error,
      };
    },

    'runs.cancel': ({ runId }) => {
      get(runId);
      return { cancelRequested: services.jobs.cancel(runId) };
    },
  };
}
