/**
 * Robust linearisation when the header has no VOI: the 0.5th and 99.5th percentiles of the
 * modality values map to 0 and 1. Percentiles come from a deterministic strided sample of at most
 * 1,000,000 pixels (every k-th pixel), sorted; nearest-rank definition.
 */
export function percentileWindow(values: Float32Array, lowPct = 0.5, highPct = 99.5): { low: number; high: number } {
  const stride = Math.max(1, Math.ceil(values.length / 1_000_000));
  const sample = new Float32Array(Math.ceil(values.length / stride));
  let k = 0;
  for (let i = 0; i < values.length; i += stride) sample[k++] = values[i]!;
  const sorted = sample.subarray(0, k).sort();
  const rank = (p: number): number => sorted[Math.min(k - 1, Math.max(0, Math.ceil((p / 100) * k) - 1))]!;
  return { low: rank(lowPct), high: rank(highPct) };
}
