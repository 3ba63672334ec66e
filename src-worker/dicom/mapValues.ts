/**
 * Applies f to every value. When all values are integers spanning at most 2^20 (stored values after
 * an integral Modality LUT, the usual case) f is evaluated once per distinct level through a table,
 * which is exact and much faster than per pixel for costly f (SIGMOID) on large images.
 */
export function mapValues(values: Float32Array, f: (x: number) => number): Float32Array {
  const out = new Float32Array(values.length);
  let min = Infinity;
  let max = -Infinity;
  let integral = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
    if (integral && v !== Math.floor(v)) integral = false;
  }
  if (integral && values.length > 0 && max - min <= 1 << 20) {
    const lut = new Float32Array(max - min + 1);
    for (let k = 0; k < lut.length; k++) lut[k] = f(min + k);
    for (let i = 0; i < values.length; i++) out[i] = lut[values[i]! - min]!;
    return out;
  }
  for (let i = 0; i < values.length; i++) out[i] = f(values[i]!);
  return out;
}
