/** Test-time augmentations that keep anatomy plausible: small rotations and scalings about the centre (no flips: the heart is on the left). */

export interface Augmentation {
  name: string;
  rotationDegrees: number;
  scale: number;
}

export const IDENTITY: Augmentation = { name: 'identity', rotationDegrees: 0, scale: 1 };

export const DEFAULT_TTA: readonly Augmentation[] = [
  IDENTITY,
  { name: 'rotate+5', rotationDegrees: 5, scale: 1 },
  { name: 'rotate-5', rotationDegrees: -5, scale: 1 },
  { name: 'scale1.05', rotationDegrees: 0, scale: 1.05 },
  { name: 'scale0.95', rotationDegrees: 0, scale: 0.95 },
];

/** Inverse-maps each output pixel to the source and samples bilinearly; outside the image reads the nearest edge pixel. */
export function augmentImage(pixels: Float32Array, size: number, a: Augmentation): Float32Array {
  if (a.rotationDegrees === 0 && a.scale === 1) return pixels.slice();
  const out = new Float32Array(size * size);
  const c = (size - 1) / 2;
  const t = (a.rotationDegrees * Math.PI) / 180;
  const cos = Math.cos(t) / a.scale;
  const sin = Math.sin(t) / a.scale;
  const at = (x: number, y: number): number => pixels[Math.min(size - 1, Math.max(0, y)) * size + Math.min(size - 1, Math.max(0, x))]!;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const dx = x - c;
      const dy = y - c;
      const sx = cos * dx + sin * dy + c;
      const sy = -sin * dx + cos * dy + c;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      out[y * size + x] =
        (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) + fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1));
    }
  }
  return out;
}
