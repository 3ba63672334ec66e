/**
 * From a finished training run to a registered model and its evaluation, as tracked tasks of the app: the same
 * services as `hilum bundle --run --register` (bundleRun, registerBundleDraft) and `hilum eval` followed by
 * `hilum model record-metrics --from-evaluation` (runEvaluation, recordEvaluationMetrics), audited by them.
 * The options are checked before the task starts, so a bad rule or an unfinished run is a form error.
 */
import path from 'node:path';
import type { RequestOf } from '../../../src-core/contracts/bridge';
import { parseAbstentionRule, parseThresholdRule } from '../../../src-core/bundle/parseDecisionRules';
import { HilumError } from '../../../src-core/errors';
import { MIN_RESAMPLES } from '../../../src-core/metrics/report/computeMetricsReport';
import { bundleRun } from '../../bundle/bundleRun';
import { registerBundleDraft } from '../../bundle/registerBundleDraft';
import { loadDatasetByName } from '../../datasets/loadDatasetByName';
import { runEvaluation } from '../../evaluation/runEvaluation';
import { getModel } from '../../governance/modelRegistry';
import { recordEvaluationMetrics } from '../../governance/recordEvaluationMetrics';
import type { User } from '../../governance/userAccounts';
import { getRunRecord } from '../../runs/runRecords';
import type { AppServices } from '../AppServices';
import { cancellableRunner } from './cancellableRunner';

export function startBundleTask(services: AppServices, user: User, request: RequestOf<'runs.bundle'>): string {
  const store = services.store();
  const run = getRunRecord(store, request.runId);
  if (run.status !== 'succeeded')
    throw new HilumError('CONFLICT', `Run ${run.id} is ${run.status}: only a finished run can be bundled`, { runId: run.id });
  const threshold = parseThresholdRule(request.threshold, 'Threshold rule');
  const abstention = parseAbstentionRule(request.abstention, 'Abstention rule');
  const { id } = services.jobs.track(
    'runs.bundle',
    async (onProgress, signal) => {
      const bundled = await bundleRun(store, cancellableRunner(services.host(), signal), {
        runId: run.id,
        weights: request.weights,
        threshold,
        abstention,
        actor: user.username,
        onProgress: (message) => onProgress({ message }),
      });
      const model = registerBundleDraft(store, user, {
        name: request.modelName,
        version: request.modelVersion,
        bundleDir: bundled.bundle,
        bundleHash: bundled.hash,
        runId: run.id,
      });
      const result = { modelId: model.id, bundleHash: bundled.hash, bundleDir: bundled.bundle, parityMaxAbsDiff: bundled.parityMaxAbsDiff };
      onProgress({ message: `Registered ${model.name} ${model.version} as a draft model (${model.id})`, data: result });
      return result;
    },
    request,
    { cancellable: true },
  );
  return id;
}

export function startEvaluationTask(services: AppServices, user: User, request: RequestOf<'runs.evaluate'>): string {
  const store = services.store();
  const model = getModel(store, request.modelId);
  loadDatasetByName(store, request.datasetId);
  const reportDir = path.join(services.dataDir, 'reports', `eval-${new Date().toISOString().replace(/[-:.]/g, '')}`);
  const { id } = services.jobs.track(
    'runs.evaluate',
    async (onProgress, signal) => {
      const evaluated = await runEvaluation(store, cancellableRunner(services.host(), signal), {
        model: model.bundlePath,
        dataset: request.datasetId,
        split: request.split,
        external: false,
        reportDir,
        resamples: MIN_RESAMPLES,
        seed: 1,
        actor: user.username,
        onStep: (step, detail) => onProgress({ message: `${step}: ${detail}` }),
      });
      const row = recordEvaluationMetrics(store, user, model.id, evaluated.evaluationId);
      const result = { modelId: model.id, evaluationId: evaluated.evaluationId, metricsId: row.id, reportDir };
      onProgress({ message: `Evaluation #${evaluated.evaluationId} recorded for ${model.name} ${model.version}`, data: result });
      return result;
    },
    request,
    { cancellable: true },
  );
  return id;
}
