/**
 * The accurate integer inverse DCT of the IJG JPEG library (jidctint.c, "islow"), so that 8-bit and
 * 12-bit sequential JPEG decode to the same samples as DCMTK's dcmdjpeg and libjpeg-turbo. Written
 * from the published algorithm (Loeffler–Ligtenberg–Moschytz with 13-bit fixed-point constants);
 * PASS1_BITS is 2 for 8-bit and 1 for 12-bit samples, as in IJG. Arithmetic is in doubles with
 * floor-based shifts, which equals IJG's 32-bit integer arithmetic whenever that does not overflow.
 */

const CONST_BITS = 13;
const F0_298 = 2446;
const F0_390 = 3196;
const F0_541 = 4433;
const F0_765 = 6270;
const F0_899 = 7373;
const F1_175 = 9633;
const F1_501 = 12299;
const F1_847 = 15137;
const F1_961 = 16069;
const F2_053 = 16819;
const F2_562 = 20995;
const F3_072 = 25172;

const shl = (x: number, n: number): number => x * 2 ** n;
const descale = (x: number, n: number): number => Math.floor((x + 2 ** (n - 1)) / 2 ** n);

/** One 1-D 8-point IDCT on v[0..7] (already dequantised / scaled), returning the 8 unscaled sums. */
function idct1d(v0: number, v1: number, v2: number, v3: number, v4: number, v5: number, v6: number, v7: number, out: Float64Array): void {
  let z1 = (v2 + v6) * F0_541;
  const t2 = z1 - v6 * F1_847;
  const t3 = z1 + v2 * F0_765;
  const t0e = shl(v0 + v4, CONST_BITS);
  const t1e = shl(v0 - v4, CONST_BITS);
  const t10 = t0e + t3;
  const t13 = t0e - t3;
  const t11 = t1e + t2;
  const t12 = t1e - t2;
  z1 = v7 + v1;
  let z2 = v5 + v3;
  let z3 = v7 + v3;
  let z4 = v5 + v1;
  const z5 = (z3 + z4) * F1_175;
  let t0 = v7 * F0_298;
  let t1 = v5 * F2_053;
  let t2o = v3 * F3_072;
  let t3o = v1 * F1_501;
  z1 *= -F0_899;
  z2 *= -F2_562;
  z3 = z3 * -F1_961 + z5;
  z4 = z4 * -F0_390 + z5;
  t0 += z1 + z3;
  t1 += z2 + z4;
  t2o += z2 + z3;
  t3o += z1 + z4;
  out[0] = t10 + t3o;
  out[7] = t10 - t3o;
  out[1] = t11 + t2o;
  out[6] = t11 - t2o;
  out[2] = t12 + t1;
  out[5] = t12 - t1;
  out[3] = t13 + t0;
  out[4] = t13 - t0;
}

/**
 * coef: 64 quantised coefficients in natural (row-major) order; quant: 64 quantisation values in
 * natural order; writes 64 samples (clamped to 0..2^precision−1, level shift included) into out at
 * offset with the given stride.
 */
export function idctIslow(
  coef: Int32Array,
  quant: Uint16Array,
  precision: 8 | 12,
  out: Uint16Array,
  offset: number,
  stride: number,
  ws: Float64Array,
  tmp: Float64Array,
): void {
  const pass1 = precision === 8 ? 2 : 1;
  const maxSample = 2 ** precision - 1;
  const center = 2 ** (precision - 1);
  const rangeMask = 4 * (maxSample + 1) - 1;
  for (let c = 0; c < 8; c++) {
    const q = (k: number): number => coef[8 * k + c]! * quant[8 * k + c]!;
    if (
      coef[8 + c] === 0 &&
      coef[16 + c] === 0 &&
      coef[24 + c] === 0 &&
      coef[32 + c] === 0 &&
      coef[40 + c] === 0 &&
      coef[48 + c] === 0 &&
      coef[56 + c] === 0
    ) {
      const dc = shl(q(0), pass1);
      for (let k = 0; k < 8; k++) ws[8 * k + c] = dc;
      continue;
    }
    idct1d(q(0), q(1), q(2), q(3), q(4), q(5), q(6), q(7), tmp);
    for (let k = 0; k < 8; k++) ws[8 * k + c] = descale(tmp[k]!, CONST_BITS - pass1);
  }
  for (let r = 0; r < 8; r++) {
    const w = (k: number): number => ws[8 * r + k]!;
    idct1d(w(0), w(1), w(2), w(3), w(4), w(5), w(6), w(7), tmp);
    for (let k = 0; k < 8; k++) {
      // IJG's range-limit table: mask to 4×(MAX+1), read as signed, add the level shift, clamp.
      let x = descale(tmp[k]!, CONST_BITS + pass1 + 3) & rangeMask;
      if (x >= 2 * (maxSample + 1)) x -= 4 * (maxSample + 1);
      const v = x + center;
      out[offset + r * stride + k] = v < 0 ? 0 : v > maxSample ? maxSample : v;
    }
  }
}
