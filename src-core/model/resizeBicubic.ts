/**
 * Bicubic resize of a [H, W, C] grid, matching PyTorch's F.interpolate(mode='bicubic', align_corners=False)
 * (cubic convolution with A = −0.75, edge samples clamped), which timm uses to resample position embeddings.
 */

const A = -0.75;
const cubic1 = (x: number): number => ((A + 2) * x - (A + 3)) * x * x + 1;
const cubic2 = (x: number): number => ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;

/** For each output index: 4 source indices (clamped) and their weights. */
function taps(inSize: number, outSize: number): { idx: Int32Array; w: Float64Array } {
  const scale = inSize / outSize;
  const idx = new Int32Array(outSize * 4);
  const w = new Float64Array(outSize * 4);
  for (let o = 0; o < outSize; o++) {
    const src = (o + 0.5) * scale - 0.5;
    const x0 = Math.floor(src);
    const t = src - x0;
    const ws = [cubic2(t + 1), cubic1(t), cubic1(1 - t), cubic2(2 - t)];
    for (let k = 0; k < 4; k++) {
      idx[o * 4 + k] = Math.min(Math.max(x0 - 1 + k, 0), inSize - 1);
      w[o * 4 + k] = ws[k]!;
    }
  }
  return { idx, w };
}

export function resizeBicubic(src: Float32Array, inH: number, inW: number, channels: number, outH: number, outW: number): Float32Array {
  // Separable: first along W, then along H (PyTorch sums the same 16 products; differences are float rounding).
  const tw = taps(inW, outW);
  const tmp = new Float64Array(inH * outW * channels);
  for (let y = 0; y < inH; y++) {
    for (let x = 0; x < outW; x++) {
      for (let k = 0; k < 4; k++) {
        const sx = tw.idx[x * 4 + k]!;
        const wk = tw.w[x * 4 + k]!;
        const s = (y * inW + sx) * channels;
        const d = (y * outW + x) * channels;
        for (let c = 0; c < channels; c++) tmp[d + c]! += wk * src[s + c]!;
      }
    }
  }
  const th = taps(inH, outH);
  const out = new Float32Array(outH * outW * channels);
  const acc = new Float64Array(channels);
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      acc.fill(0);
      for (let k = 0; k < 4; k++) {
        const sy = th.idx[y * 4 + k]!;
        const wk = th.w[y * 4 + k]!;
        const s = (sy * outW + x) * channels;
        for (let c = 0; c < channels; c++) acc[c]! += wk * tmp[s + c]!;
      }
      const d = (y * outW + x) * channels;
      for (let c = 0; c < channels; c++) out[d + c] = acc[c]!;
    }
  }
  return out;
}
