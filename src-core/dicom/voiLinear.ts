/** The VOI LUT functions of PS3.3 C.11.2.1.2 (LINEAR, LINEAR_EXACT, SIGMOID), mapping a value to [0,1]. */

export type VoiFunction = 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID';

/** Returns a function value → [0,1] for window centre c and width w. */
export function voiLinear(center: number, width: number, fn: VoiFunction = 'LINEAR'): (x: number) => number {
  if (fn === 'SIGMOID') {
    return (x) => 1 / (1 + Math.exp((-4 * (x - center)) / width));
  }
  if (fn === 'LINEAR_EXACT') {
    const lo = center - width / 2;
    const hi = center + width / 2;
    return (x) => (x <= lo ? 0 : x > hi ? 1 : (x - lo) / width);
  }
  // C.11.2.1.2.1: if x <= c - 0.5 - (w-1)/2 → 0; if x > c - 0.5 + (w-1)/2 → max; else ((x - (c-0.5)) / (w-1) + 0.5).
  const w1 = Math.max(width - 1, 1e-9);
  const lo = center - 0.5 - w1 / 2;
  const hi = center - 0.5 + w1 / 2;
  return (x) => (x <= lo ? 0 : x > hi ? 1 : (x - (center - 0.5)) / w1 + 0.5);
}
