/** IEEE 754 half (F16) and bfloat16 (BF16) bit patterns to float32 numbers. */

export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24; // subnormal (or zero)
  if (exp === 0x1f) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** bfloat16 is the top half of a float32: shift into place and reinterpret. */
export function bf16ToFloat(b: number, scratch: DataView): number {
  scratch.setUint32(0, (b & 0xffff) << 16, true);
  return scratch.getFloat32(0, true);
}
