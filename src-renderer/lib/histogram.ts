/** Counts values into equal-width bins between min and max (for the viewer's intensity histogram). */
export function histogram(values: ArrayLike<number>, min: number, max: number, bins: number): { edges: number[]; counts: number[] } {
  const counts = new Array<number>(bins).fill(0);
  const span = max - min;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const bin = span > 0 ? Math.min(bins - 1, Math.floor(((v - min) / span) * bins)) : 0;
    if (bin >= 0) counts[bin]! += 1;
  }
  const edges = Array.from({ length: bins + 1 }, (_, i) => min + (span * i) / bins);
  return { edges, counts };
}
