// The parameter whose gradient differs most from the reference, as ‖got − ref‖ / ‖ref‖ over its segment of the flat arrays.
export function worstRelativeGradient(
  names: string[],
  offsets: number[],
  sizes: number[],
  got: Float32Array,
  ref: Float32Array,
): { name: string; rel: number } {
  let worst = { name: '', rel: 0 };
  names.forEach((name, i) => {
    let diff = 0;
    let norm = 0;
    for (let j = offsets[i]!; j < offsets[i]! + sizes[i]!; j++) {
      diff += (got[j]! - ref[j]!) ** 2;
      norm += ref[j]! ** 2;
    }
    const rel = Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-12);
    if (rel > worst.rel) worst = { name, rel };
  });
  return worst;
}
