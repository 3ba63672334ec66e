/**
 * validation.charts: the recorded evaluation's stored per-image logits, labels and patients (storedEvaluationOutputs)
 * go to the `evaluation.charts` job, which computes curves with bands, reliability after scaling and confident errors
 * in a worker (OOD histograms come from the report's stored scores: ood.report). Main only reads rows and shapes the answer.
 */
import type { ResponseOf } from '../../../src-core/contracts/bridge';
import type { Store } from '../../store/openStore';
import type { JobStarter } from '../AppServices';
import { readEvaluationReport } from './readEvaluationReport';
import { storedEvaluationOutputs, withoutOutputsReason } from './storedEvaluationOutputs';

type Charts = ResponseOf<'validation.charts'>;

/** Bootstrap resamples for the curve bands: pointwise percentiles settle well before the report's 1,000+. */
export const bandResamples = 200;
const topErrors = 12;

export async function loadEvaluationCharts(
  store: Store,
  host: JobStarter,
  evaluationId: string,
  recorded: { modelId: string; json: string },
  document: unknown,
): Promise<Charts> {
  const stored = storedEvaluationOutputs(store, recorded);
  if (!stored) return { reason: withoutOutputsReason, evaluation: null, labels: [] };
  const { run, labelNames, logits } = stored;
  const { metrics: report } = readEvaluationReport(evaluationId, document);
  const scaling = report.calibration.temperatureScaling.perLabel;
  const youden = report.thresholds.maxYouden;
  const firstBins = report.calibration.perLabel[labelNames[0]!]?.equalWidth;
  const logitScores = report.scoreKind === 'logits';
  const result = await host.run('evaluation.charts', {
    labels: labelNames.map((name, l) => {
      const temperature = scaling[name]?.temperature.value;
      const threshold = youden[name]?.threshold;
      return {
        name,
        logits: logits.map((z) => z[l]!),
        targets: stored.targets[l]!,
        temperature: typeof temperature === 'number' ? temperature : null,
        // The report's thresholds are on its score scale; a probability threshold becomes a logit here.
        threshold: typeof threshold !== 'number' ? null : logitScores ? threshold : Math.log(threshold / (1 - threshold)),
      };
    }),
    clusters: stored.patients,
    resamples: bandResamples,
    seed: 1,
    reliabilityBins: firstBins?.bins.length ?? 15,
    topErrors,
  });
  const caseOf = (index: number, probability: number) => ({
    imageId: stored.imageIds[index]!,
    file: stored.files[index]!,
    patient: stored.patients[index]!,
    probability,
  });
  return {
    reason: null,
    evaluation: { id: run.id, dataset: run.datasetName, split: run.split, cases: logits.length },
    labels: result.labels.map((label) => ({
      ...label,
      falsePositives: label.falsePositives.map((e) => caseOf(e.index, e.probability)),
      falseNegatives: label.falseNegatives.map((e) => caseOf(e.index, e.probability)),
    })),
  };
}
