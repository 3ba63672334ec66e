/** A saliency map's values for display in [0, 1]: positive values over the peak; a region whose occlusion raises the score shows nothing. */
export function displaySaliency(values: ArrayLike<number>, peak: number): Float32Array {
  return Float32Array.from(values, (v) => (peak > 0 ? Math.max(0, v) / peak : 0));
}
