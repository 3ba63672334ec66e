/**
 * ood.report: the OOD tables of a stored evaluation (toOodReport) and, from the per-image scores the report stores
 * (report.ood.scores), one histogram per detector over every set with the model's operating threshold and each OOD
 * set's 95 %-TPR threshold. Binning and counting run in the `evaluation.oodHistograms` job; main only shapes requests.
 */
import type { ParamsOf } from '../../../src-core/contracts/jobs';
import type { OodSectionJson } from '../../../src-core/contracts/evaluationReport';
import { storedScore } from '../../evaluation/oodScoresSection';
import type { JobStarter } from '../AppServices';
import { toOodReport, type OodReport } from './toOodReport';

const detectorOrder = ['energy', 'maxProbability', 'maxLogit', 'mahalanobis', 'odin'];

type DetectorRequest = ParamsOf<'evaluation.oodHistograms'>['detectors'][number];

export const scoresNotStoredNote =
  'this evaluation was stored before per-image OOD scores were recorded, so there are no histograms; run `hilum eval` again to get them';

/** A detector's request, or null when no set has a finite score for it. */
function detectorRequest(detector: string, ood: OodSectionJson): DetectorRequest | null {
  const sets = ood.scores!.sets.flatMap((s) => (s.detectors[detector] ? [{ name: s.name, scores: s.detectors[detector]! }] : []));
  if (!sets.some((s) => s.scores.some((v) => v !== null))) return null;
  const thresholds: DetectorRequest['thresholds'] = [];
  const operating = ood.operatingThresholds?.thresholds[detector];
  // The bundle flags a case whose score is above its threshold (scoreOod); evaluateOod's 95 %-TPR rule counts ≥.
  if (operating !== undefined)
    thresholds.push({ name: 'operating threshold', kind: 'operating', set: null, value: storedScore(operating), inclusive: false });
  for (const set of ood.sets) {
    const value = set.detectors[detector]?.thresholdAt95Tpr;
    // The 95 %-TPR threshold is one OOD case's score: rounded as stored, that case still counts as flagged.
    if (typeof value === 'number')
      thresholds.push({ name: `95 % TPR on ${set.name}`, kind: 'tpr95', set: set.name, value: storedScore(value), inclusive: true });
  }
  return { detector, sets, thresholds };
}

export async function loadOodReport(host: JobStarter, evaluationId: string, document: unknown): Promise<OodReport> {
  const { tables, ood } = toOodReport(evaluationId, document);
  if (!ood) return { ...tables, histograms: [], histogramsNote: null };
  if (!ood.scores) return { ...tables, histograms: [], histogramsNote: scoresNotStoredNote };
  // The stored document's keys are sorted (canonical JSON): the page shows the detectors in a fixed reading order.
  const found = new Set(ood.scores.sets.flatMap((s) => Object.keys(s.detectors)));
  const detectors = [...detectorOrder.filter((d) => found.has(d)), ...[...found].filter((d) => !detectorOrder.includes(d))];
  const requests = detectors.map((d) => detectorRequest(d, ood));
  const missing = detectors.filter((_, k) => requests[k] === null);
  const usable = requests.filter((r): r is DetectorRequest => r !== null);
  const { histograms } = usable.length > 0 ? await host.run('evaluation.oodHistograms', { detectors: usable }) : { histograms: [] };
  return {
    ...tables,
    histograms,
    histogramsNote: missing.length > 0 ? `no finite score on any set for ${missing.join(', ')}` : null,
  };
}
