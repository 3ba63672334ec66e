/** Test-time augmentations that keep anatomy plausible: small rotations and scalings about the centre (no flips: the heart is on the left). */
import { warpAffine } from '../datasets/image/warpAffine';

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

/** Rotation and scaling about the image centre through the one warp (bilinear, edge-clamped); deterministic, no randomness. */
export function augmentImage(pixels: Float32Array, size: number, a: Augmentation): Float32Array {
  if (a.rotationDegrees === 0 && a.scale === 1) return pixels.slice();
  const c = (size - 1) / 2;
  const t = (a.rotationDegrees * Math.PI) / 180;
  const cos = Math.cos(t) / a.scale;
  const sin = Math.sin(t) / a.scale;
  // Output (x, y) reads the source at (cos·dx + sin·dy + c, −sin·dx + cos·dy + c), with d = (x, y) − centre.
  return warpAffine(pixels, size, size, { xx: cos, xy: sin, x0: c - cos * c - sin * c, yx: -sin, yy: cos, y0: c + sin * c - cos * c });
}
