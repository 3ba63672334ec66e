/** Integer box downsampling so a large radiograph crosses the IPC boundary at display size, not full size. */
export function downsampleForDisplay(
  values: Float32Array,
  width: number,
  height: number,
  maxDimension: number,
): { values: Float32Array; width: number; height: number; factor: number } {
  const factor = Math.max(1, Math.ceil(Math.max(width, height) / maxDimension));
  if (factor === 1) return { values, width, height, factor };
  const outW = Math.floor(width / factor);
  const outH = Math.floor(height / factor);
  const out = new Float32Array(outW * outH);
  const area = factor * factor;
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      let sum = 0;
      for (let dy = 0; dy < factor; dy++) {
        const row = (y * factor + dy) * width + x * factor;
        for (let dx = 0; dx < factor; dx++) sum += values[row + dx]!;
      }
      out[y * outW + x] = sum / area;
    }
  }
  return { values: out, width: outW, height: outH, factor };
}
