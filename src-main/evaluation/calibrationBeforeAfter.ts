/** ECE, Brier and NLL per label on a test set with T = 1, with the fitted temperatures, and with a bundle's label-shift offsets on top: did each step help? */
import { computeCalibration } from '../../src-core/metrics/calibration/computeCalibration';
import { computeBrier, computeNll } from '../../src-core/metrics/calibration/computeBrier';
import { sigmoid } from '../../src-core/metrics/math/sigmoid';

export function calibrationBeforeAfter(
  labelNames: string[],
  logits: Float64Array[],
  labels: Float64Array[],
  temperatures: Record<string, number>,
  offsets: Record<string, number> | null = null,
) {
  return Object.fromEntries(
    labelNames.map((name, l) => {
      const known = labels[l]!.map((y) => (Number.isNaN(y) ? 0 : 1));
      const idx = [...known.keys()].filter((i) => known[i] === 1);
      const y = Float64Array.from(idx, (i) => labels[l]![i]!);
      const at = (t: number, offset = 0) => {
        const z = Float64Array.from(idx, (i) => logits[l]![i]! / t + offset);
        const p = z.map(sigmoid);
        try {
          return { ece: computeCalibration(p, y).ece, brier: computeBrier(p, y), nll: computeNll(z, y, true) };
        } catch (error) {
          return { undefined: (error as Error).message };
        }
      };
      return [
        name,
        {
          temperature: temperatures[name],
          before: at(1),
          after: at(temperatures[name]!),
          ...(offsets ? { priorOffset: offsets[name], afterPriorShift: at(temperatures[name]!, offsets[name] ?? 0) } : {}),
        },
      ];
    }),
  );
}
