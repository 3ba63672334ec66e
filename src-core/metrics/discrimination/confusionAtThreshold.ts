/** Operating-point metrics of one label at a threshold (positive when score ≥ threshold), unknown labels excluded. */

export interface OperatingPoint {
  threshold: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  /** NaN where the denominator is 0; `reasons` says which and why. */
  sensitivity: number;
  specificity: number;
  ppv: number;
  npv: number;
  f1: number;
  reasons: Partial<Record<'sensitivity' | 'specificity' | 'ppv' | 'npv' | 'f1', string>>;
}

export function confusionAtThreshold(scores: Float64Array, labels: Float64Array, threshold: number): OperatingPoint {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    if (Number.isNaN(y)) continue;
    const predicted = scores[i]! >= threshold;
    if (y === 1) predicted ? tp++ : fn++;
    else predicted ? fp++ : tn++;
  }
  const reasons: OperatingPoint['reasons'] = {};
  const ratio = (num: number, den: number, key: keyof OperatingPoint['reasons'], why: string): number => {
    if (den === 0) {
      reasons[key] = why;
      return NaN;
    }
    return num / den;
  };
  const sensitivity = ratio(tp, tp + fn, 'sensitivity', 'no positive cases');
  const specificity = ratio(tn, tn + fp, 'specificity', 'no negative cases');
  const ppv = ratio(tp, tp + fp, 'ppv', 'no case predicted positive');
  const npv = ratio(tn, tn + fn, 'npv', 'no case predicted negative');
  const f1 = ratio(2 * tp, 2 * tp + fp + fn, 'f1', 'no positive cases and none predicted positive');
  return { threshold, tp, fp, tn, fn, sensitivity, specificity, ppv, npv, f1, reasons };
}
