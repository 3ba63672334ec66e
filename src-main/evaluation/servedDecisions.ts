/** Replays a bundle's serving decisions on evaluated cases: calibrated probabilities, OOD flags and per-label abstention, exactly as predict would decide. */
import { decideCase, scoreOod, toMahalanobisModel, type BundleSpec } from '../../src-core/bundle';
import type { ModelOutputs } from '../../src-core/model/modelOutputs';

export interface ServedDecisions {
  probabilities: Float64Array[];
  abstained: Uint8Array[];
  oodFlagged: Uint8Array;
  thresholds: number[];
}

export function servedDecisions(
  spec: Pick<BundleSpec, 'labels' | 'calibration' | 'thresholds' | 'abstention' | 'ood'>,
  outputs: ModelOutputs,
  modalities: Array<string | null>,
): ServedDecisions {
  const names = spec.labels.labels;
  const n = outputs.n;
  const mahalanobis = spec.ood.mahalanobis ? toMahalanobisModel(spec.ood.mahalanobis.params) : null;
  const probabilities = names.map(() => new Float64Array(n));
  const abstained = names.map(() => new Uint8Array(n));
  const oodFlagged = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const logits = outputs.logitColumns.map((c) => c[i]!);
    const ood = scoreOod(
      spec.ood,
      { logits, features: outputs.features.subarray(i * outputs.width, (i + 1) * outputs.width), modality: modalities[i] ?? null },
      mahalanobis,
    );
    oodFlagged[i] = ood.flagged ? 1 : 0;
    const outcome = decideCase(spec, logits, ood);
    names.forEach((name, l) => {
      const label = outcome.labels[name]!;
      probabilities[l]![i] = label.probability;
      abstained[l]![i] = label.decision === 'abstain' ? 1 : 0;
    });
  }
  return { probabilities, abstained, oodFlagged, thresholds: names.map((name) => spec.thresholds.thresholds[name]!) };
}
