/**
 * runs.* handlers. A fine-tuning run is a stored training run made by trainFromDataset, as `hilum train --dataset`
 * makes it (lineage, audit), inside a tracked task (TrainingRunTasks); `runs.bundle` and `runs.evaluate` take it on
 * to a registered model and its evaluation (runFlowTasks). A pretraining run is still a bare `model.pretrain` job on
 * the dataset's train split, stored as the registry's job (appRunRecords). Both lists and curves survive a restart.
 */
import path from 'node:path';
import type { HandlerTable } from '../../../src-core/contracts/bridge';
import { jobs, type JobName } from '../../../src-core/contracts/jobs';
import { HilumError } from '../../../src-core/errors';
import { getRunRecord, listRunRecords } from '../../runs/runRecords';
import type { AppCallContext, AppServices } from '../AppServices';
import { jobOf, listAppRuns, storedEpochPoints, type AppRun } from '../runs/appRunRecords';
import { prepareRunData } from '../runs/prepareRunData';
import { startBundleTask, startEvaluationTask } from '../runs/runFlowTasks';
import { signedInAccount } from '../runs/signedInAccount';
import { bundlesByRun, epochLayoutOf, listTrainingRunItems, trainingRunItem } from '../runs/storedTrainingRuns';
import { toMetricPoints } from '../runs/toMetricPoints';
import { TrainingRunTasks } from '../runs/TrainingRunTasks';
import { signedInUser } from '../session/SessionCallContext';

type Names = 'runs.list' | 'runs.start' | 'runs.metrics' | 'runs.cancel' | 'runs.bundle' | 'runs.evaluate';

/** A pretraining run as the list shows it (the stored form's other fields stay on the server). */
const pretrainItem = (r: AppRun) => ({
  id: r.id,
  kind: r.kind,
  preset: r.preset,
  datasetId: r.datasetId,
  status: r.status,
  startedAt: r.startedAt,
  outDir: r.outDir,
  bundles: [],
});

const earlierSession = 'Finished in an earlier session: epoch summaries from the stored result (per-step losses are not kept).';

export function runsHandlers(services: AppServices): Pick<HandlerTable<AppCallContext>, Names> {
  const training = new TrainingRunTasks(services);
  const pretrainRuns = () => listAppRuns(services.store()).filter((r) => r.kind === 'pretrain');
  const getPretrain = (runId: string) => {
    const run = pretrainRuns().find((r) => r.id === runId);
    if (!run) throw new HilumError('NOT_FOUND', `No run ${runId} is stored`, { runId });
    return run;
  };
  const isTrainingRun = (runId: string) => listRunRecords(services.store()).some((r) => r.id === runId);

  const startPretrain = async (preset: string, datasetId: string, epochs: number, batchSize: number, lr: number, seed: number) => {
    const job = jobOf.pretrain;
    if (!Object.prototype.hasOwnProperty.call(jobs, job))
      throw new HilumError('UNSUPPORTED', `Pretraining runs not available yet: job ${job} is not registered with the worker host`, { job });
    const startedAt = new Date().toISOString();
    const runDir = path.join(
      services.dataDir,
      'runs',
      `pretrain-${datasetId.replace(/[^A-Za-z0-9._-]/g, '_')}-${startedAt.replace(/[:.]/g, '-')}`,
    );
    const prepared = await prepareRunData(services.store(), services.host(), datasetId, runDir, 'pretrain');
    const outDir = path.join(runDir, 'out');
    const model = { preset, imageSize: prepared.imageSize, numClasses: prepared.numClasses };
    const config = { model, data: prepared.data, epochs, batchSize, lr, seed, outDir };
    const sink = services.jobs.progressSink();
    // The job name is checked against the registry above; its params schema validates `config` again.
    const handle = services.host().start(job as JobName, { config } as never, { onProgress: sink.onProgress });
    sink.attach(handle, { kind: 'pretrain', preset, datasetId, outDir, batchSize, trainImages: prepared.trainImages });
    return handle.id;
  };

  return {
    'runs.list': () => ({
      runs: [...listTrainingRunItems(services.store()), ...pretrainRuns().map(pretrainItem)].sort((a, b) =>
        b.startedAt.localeCompare(a.startedAt),
      ),
    }),

    'runs.start': async ({ kind, preset, datasetId, epochs, batchSize, learningRate, seed, compute }, ctx) => {
      if (kind === 'pretrain') {
        if (compute === 'webgpu')
          throw new HilumError('INVALID_ARGUMENT', 'WebGPU training applies to fine-tuning runs; MAE pretraining runs on the CPU', {
            field: 'compute',
          });
        return { runId: await startPretrain(preset, datasetId, epochs, batchSize, learningRate, seed) };
      }
      const runId = await training.start({ preset, datasetId, epochs, batchSize, learningRate, seed, compute }, signedInUser(ctx).username);
      return { runId };
    },

    'runs.metrics': ({ runId, afterSeq }) => {
      const store = services.store();
      if (isTrainingRun(runId)) {
        const record = getRunRecord(store, runId);
        const run = trainingRunItem(record, bundlesByRun(store).get(runId) ?? []);
        const task = training.taskOf(runId);
        if (task) {
          const answer = services.jobs.events(task, afterSeq);
          // The run's own record has the final say once the task settled (it is written before the task ends).
          return liveAnswer({ ...run, status: answer.status === 'running' ? 'running' : record.status }, answer, afterSeq);
        }
        return storedAnswer(run, storedEpochPoints(epochLayoutOf(store, record)), afterSeq, record.status === 'running');
      }
      const run = getPretrain(runId);
      const answer = services.jobs.events(runId, afterSeq);
      if (!answer.events.length && afterSeq === -1 && run.status !== 'running')
        return storedAnswer(pretrainItem(run), storedEpochPoints(run), afterSeq, false);
      return liveAnswer({ ...pretrainItem(run), status: answer.status }, answer, afterSeq);
    },

    'runs.cancel': ({ runId }) => {
      if (isTrainingRun(runId)) {
        const task = training.taskOf(runId);
        return { cancelRequested: task ? services.jobs.cancel(task) : false };
      }
      getPretrain(runId);
      return { cancelRequested: services.jobs.cancel(runId) };
    },

    'runs.bundle': (request, ctx) => ({ jobId: startBundleTask(services, signedInAccount(services.store(), ctx), request) }),

    'runs.evaluate': (request, ctx) => ({ jobId: startEvaluationTask(services, signedInAccount(services.store(), ctx), request) }),
  };
}

/** A run whose task runs (or ran) in this session: the curve points of its progress events after `afterSeq`. */
function liveAnswer<R>(run: R, answer: ReturnType<AppServices['jobs']['events']>, afterSeq: number) {
  const last = answer.events.at(-1);
  return {
    run,
    points: toMetricPoints(answer.events),
    lastSeq: last?.seq ?? afterSeq,
    message: last?.message ?? null,
    error: answer.error,
  };
}

/** A run whose progress events are not in this session: its stored epoch summaries (once), or why it stopped. */
function storedAnswer<R extends { id: string; status: string }>(
  run: R,
  points: ReturnType<typeof storedEpochPoints>,
  afterSeq: number,
  orphaned: boolean,
) {
  if (orphaned)
    return {
      // A run the store still calls running but no task of this session trains: its worker died with an earlier session.
      run: { ...run, status: 'failed' as const },
      points: [],
      lastSeq: afterSeq,
      message: `Hilum stopped before this run finished; resume it with \`hilum train --resume ${run.id}\`.`,
      error: null,
    };
  const fresh = afterSeq === -1 ? points : [];
  return {
    run,
    points: fresh,
    lastSeq: afterSeq === -1 ? points.length - 1 : afterSeq,
    message: points.length ? earlierSession : null,
    error: null,
  };
}
