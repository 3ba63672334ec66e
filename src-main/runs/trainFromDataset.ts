/**
 * `hilum train --dataset`: train from a stored dataset's patient-disjoint split. The split's cached
 * pixels become normalised arrays in a worker job (the normalisation is fitted on the training split
 * and recorded in the config as `preprocessing`, which run.json keeps and the bundle serves), targets
 * follow the config's uncertainty and blank policies, the run is stored with its lineage and audited,
 * and training runs as a worker job. A run that stopped (killed, failed) resumes from its checkpoint.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { JobProgress } from '../../src-core/contracts/jobs';
import { HilumError } from '../../src-core/errors';
import { parseTrainConfig, type TrainConfig } from '../../src-core/model/trainConfig';
import { datasetContentHash } from '../datasets/datasetContentHash';
import { loadDatasetByName } from '../datasets/loadDatasetByName';
import { loadSplitRecords, strictTargetPolicy, writeSplitTargets } from '../datasets/loadSplitRecords';
import type { Store } from '../store/openStore';
import type { WorkerHost } from '../worker/WorkerHost';
import { hilumVersion } from '../version';
import { applyRunOverrides, checkRunConfig, completeRunConfig, configHash, type RunOverrides } from './resolveRunConfig';
import { createRunRecord, getRunRecord, newRunId, updateRunStatus, type RunRecord } from './runRecords';

export type JobRunner = Pick<WorkerHost, 'run'>;

export interface TrainFromDatasetRequest extends RunOverrides {
  dataset: string;
  config?: unknown;
  configFile?: string;
  actor: string;
  onProgress?: (progress: JobProgress) => void;
  /** Called once the run is stored, before training starts (a pipeline records it to resume a killed run). */
  onRunCreated?: (runId: string) => void;
}

export interface TrainedRun {
  run: string;
  runDir: string;
  status: RunRecord['status'];
  dataset: string;
  datasetContentHash: string;
  configHash: string;
  preprocessing: TrainConfig['preprocessing'];
  result: unknown;
}

export async function trainFromDataset(store: Store, host: JobRunner, request: TrainFromDatasetRequest): Promise<TrainedRun> {
  const d = loadDatasetByName(store, request.dataset);
  if (d.status !== 'ready') throw new HilumError('CONFLICT', `dataset "${d.name}" is ${d.status}, not ready`, { dataset: d.name });
  if (d.splitSeed === null)
    throw new HilumError('CONFLICT', `dataset "${d.name}" has no patient split: run \`hilum dataset split ${d.name}\` first`, {
      dataset: d.name,
    });
  const labelCount = (JSON.parse(d.labelNamesJson) as string[]).length;
  const raw = applyRunOverrides(request.config, request.configFile, { ...request, numClasses: labelCount, cachedSize: d.imageSize });
  const checked = checkRunConfig(raw, request.configFile);
  const train = loadSplitRecords(store, d.name, 'train', checked.targets);
  // Validation is scored against the stored labels (uncertain masked), whatever the training policy.
  const val = loadSplitRecords(store, d.name, 'val', strictTargetPolicy);

  const id = newRunId();
  const runDir = path.join(store.dataDir, 'runs', id);
  const dataDir = path.join(runDir, 'data');
  fs.mkdirSync(dataDir, { recursive: true });
  request.onProgress?.({
    message: `preparing ${train.imageIds.length} training and ${val.imageIds.length} validation images at ${checked.model.imageSize} px`,
  });
  const prepared = await host.run(
    'arrays.prepare',
    {
      cacheDir: path.join(store.dataDir, 'cache'),
      imageSize: checked.model.imageSize,
      normalization: null,
      sets: [
        { name: 'train', cacheKeys: train.cacheKeys, outDir: path.join(dataDir, 'train') },
        { name: 'val', cacheKeys: val.cacheKeys, outDir: path.join(dataDir, 'val') },
      ],
    },
    { onProgress: request.onProgress },
  );
  writeSplitTargets(train, path.join(dataDir, 'train'));
  writeSplitTargets(val, path.join(dataDir, 'val'));
  const resampled = prepared.sets.find((s) => s.resampledFrom !== null);
  const config = completeRunConfig(raw, request.configFile, {
    trainDir: path.join(dataDir, 'train'),
    valDir: path.join(dataDir, 'val'),
    outDir: runDir,
    preprocessing: {
      imageSize: checked.model.imageSize,
      aspect: d.aspect === 'stretch' ? 'stretch' : 'pad',
      voi: 'header',
      normalization: prepared.normalization,
    },
  });
  if (resampled)
    request.onProgress?.({ message: `cached at ${resampled.resampledFrom} px: resampled to ${config.model.imageSize} px (bicubic)` });
  createRunRecord(store, id, {
    datasetName: d.name,
    datasetContentHash: datasetContentHash(store, d.name),
    splitSeed: d.splitSeed,
    configHash: configHash(config),
    configJson: JSON.stringify(config),
    preprocessingJson: JSON.stringify(config.preprocessing),
    codeVersion: hilumVersion,
    runDir,
    createdBy: request.actor,
  });
  request.onRunCreated?.(id);
  return trainStoredRun(store, host, getRunRecord(store, id), false, request);
}

/** Continues a run that did not finish, from its last checkpoint (the arrays it prepared are reused). */
export async function resumeRun(
  store: Store,
  host: JobRunner,
  runId: string,
  request: { actor: string; onProgress?: (progress: JobProgress) => void },
): Promise<TrainedRun> {
  const row = getRunRecord(store, runId);
  if (row.status === 'succeeded') throw new HilumError('CONFLICT', `run ${runId} has already finished`, { runId });
  const config = parseTrainConfig(JSON.parse(row.configJson), `run ${runId}`);
  for (const dir of [config.data.trainDir!, config.data.valDir!]) {
    if (!fs.existsSync(path.join(dir, 'images.npy')))
      throw new HilumError('NOT_FOUND', `${dir}: the run's prepared arrays are gone; train it again`, { file: dir });
  }
  updateRunStatus(store, runId, request.actor, { status: 'running' });
  return trainStoredRun(store, host, getRunRecord(store, runId), true, request);
}

async function trainStoredRun(
  store: Store,
  host: JobRunner,
  row: RunRecord,
  resume: boolean,
  request: { actor: string; onProgress?: (progress: JobProgress) => void },
): Promise<TrainedRun> {
  const config = JSON.parse(row.configJson) as TrainConfig;
  let finished: RunRecord;
  let result: unknown = null;
  try {
    const r = await host.run(
      'model.train',
      { config, configFile: path.join(row.runDir, 'run.json'), resume },
      { onProgress: request.onProgress },
    );
    result = r;
    finished = updateRunStatus(store, row.id, request.actor, {
      status: 'succeeded',
      result: r,
      backend: r.backend,
      codeVersion: runCodeVersion(row.runDir) ?? row.codeVersion,
    });
  } catch (error) {
    const cancelled = error instanceof HilumError && error.code === 'CANCELLED';
    updateRunStatus(store, row.id, request.actor, { status: cancelled ? 'cancelled' : 'failed', error });
    throw error;
  }
  return {
    run: row.id,
    runDir: row.runDir,
    status: finished.status,
    dataset: row.datasetName,
    datasetContentHash: row.datasetContentHash,
    configHash: row.configHash,
    preprocessing: config.preprocessing,
    result,
  };
}

/** The trainer's own code fingerprint from run.json (hash of the model and training sources). */
function runCodeVersion(runDir: string): string | null {
  try {
    const run = JSON.parse(fs.readFileSync(path.join(runDir, 'run.json'), 'utf8')) as { codeVersion?: unknown };
    return typeof run.codeVersion === 'string' ? `${hilumVersion} ${run.codeVersion}` : null;
  } catch {
    return null;
  }
}
