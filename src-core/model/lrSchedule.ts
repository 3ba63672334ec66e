/** Learning rate at an optimiser step: linear warmup from 0 to the peak, then cosine decay to minLr. */

export interface LrSchedule {
  peakLr: number;
  minLr: number;
  warmupSteps: number;
  totalSteps: number;
}

export function lrAt(step: number, s: LrSchedule): number {
  // step counts from 0; the first update uses (step + 1) / warmup so it is never exactly zero.
  if (step < s.warmupSteps) return (s.peakLr * (step + 1)) / s.warmupSteps;
  const span = Math.max(1, s.totalSteps - s.warmupSteps);
  const t = Math.min(1, (step - s.warmupSteps) / span);
  return s.minLr + 0.5 * (s.peakLr - s.minLr) * (1 + Math.cos(Math.PI * t));
}

/** Layer-wise LR decay factor: the head gets 1, each layer below it `decay` times the one above. */
export function layerLrScale(layerId: number, numLayers: number, decay: number): number {
  return decay ** (numLayers - 1 - layerId);
}
