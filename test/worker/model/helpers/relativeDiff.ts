// The WebGPU tests' measure of agreement: max |Δ| over a tensor divided by the reference tensor's max |value|.
export function relativeDiff(ref: ArrayLike<number>, got: ArrayLike<number>): number {
  if (ref.length !== got.length) return Infinity;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < ref.length; i++) {
    diff = Math.max(diff, Math.abs(ref[i]! - got[i]!));
    scale = Math.max(scale, Math.abs(ref[i]!));
  }
  return diff / Math.max(scale, 1e-12);
}
