/**
 * The app's training and pretraining runs as the job registry stored them (job_runs: the run's form as the
 * job's parameters, its outcome and result), so the Runs page lists them after a restart; and, for a run of
 * an earlier session whose progress events are gone, its epoch curves rebuilt from the stored result's history.
 */
import { desc, inArray } from 'drizzle-orm';
import type { Store } from '../../store/openStore';
import { jobRuns } from '../../store/schema/system';
import type { MetricPoint } from './toMetricPoints';

export type RunKind = 'train' | 'pretrain';
export const jobOf: Record<RunKind, 'model.train' | 'model.pretrain'> = { train: 'model.train', pretrain: 'model.pretrain' };

/** What runs.start stores as the job's parameters (besides the job's own config, which the worker validates). */
export interface AppRunParams {
  kind: RunKind;
  preset: string;
  datasetId: string;
  outDir: string;
  batchSize: number;
  /** Images in the training split: with the batch size, the optimiser steps per epoch (trainVit's ceil(n / batch)). */
  trainImages: number;
}

export interface AppRun extends AppRunParams {
  id: string;
  startedAt: string;
  status: 'running' | 'succeeded' | 'failed' | 'cancelled';
  resultJson: string | null;
}

function asRunParams(json: string): AppRunParams | null {
  const p = JSON.parse(json) as Partial<AppRunParams>;
  return typeof p.kind === 'string' && typeof p.outDir === 'string' && typeof p.trainImages === 'number' ? (p as AppRunParams) : null;
}

/** Every run the app started, newest first (jobs of these kinds started by other paths carry no run form and are left out). */
export function listAppRuns(store: Store): AppRun[] {
  return store.db
    .select()
    .from(jobRuns)
    .where(inArray(jobRuns.job, Object.values(jobOf)))
    .orderBy(desc(jobRuns.startedAt))
    .all()
    .flatMap((row) => {
      const params = asRunParams(row.paramsJson);
      return params ? [{ ...params, id: row.id, startedAt: row.startedAt, status: row.status, resultJson: row.resultJson }] : [];
    });
}

/**
 * Epoch summaries from a finished run's stored history, at the step their epoch ended (as the live curves
 * place them). The per-step training losses were progress events only and are not in the store.
 */
export function storedEpochPoints(run: Pick<AppRun, 'resultJson' | 'trainImages' | 'batchSize'>): MetricPoint[] {
  if (!run.resultJson) return [];
  const history = (JSON.parse(run.resultJson) as { history?: Array<Record<string, number | null>> }).history ?? [];
  const stepsPerEpoch = Math.ceil(run.trainImages / run.batchSize);
  const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
  const points: MetricPoint[] = [];
  for (const h of history) {
    if (!finite(h.epoch)) continue;
    const at = { seq: points.length, step: (h.epoch + 1) * stepsPerEpoch, epoch: h.epoch + 1 };
    if (finite(h.trainLoss)) points.push({ ...at, seq: points.length, split: 'train', name: 'epoch loss', value: h.trainLoss });
    if (finite(h.valMacroAuroc)) points.push({ ...at, seq: points.length, split: 'val', name: 'macro AUROC', value: h.valMacroAuroc });
    if (finite(h.valMacroAuprc)) points.push({ ...at, seq: points.length, split: 'val', name: 'macro AUPRC', value: h.valMacroAuprc });
  }
  return points;
}
