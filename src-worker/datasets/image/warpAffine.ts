/** The one affine warp for greyscale images (test-time and training augmentations): inverse mapping, bilinear sampling, edges clamped. */

/** Output pixel (x, y) reads the source at (xx·x + xy·y + x0, yx·x + yy·y + y0): the inverse map, so every output pixel gets a value. */
export interface AffineMap {
  xx: number;
  xy: number;
  x0: number;
  yx: number;
  yy: number;
  y0: number;
}

/**
 * Outside the image the source coordinate is clamped to the border, so a rotated film repeats its edge
 * pixels rather than showing black corners a model never saw in training.
 */
export function warpAffine(src: Float32Array, width: number, height: number, map: AffineMap): Float32Array {
  const out = new Float32Array(width * height);
  const maxX = width - 1;
  const maxY = height - 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sx = Math.min(Math.max(map.xx * x + map.xy * y + map.x0, 0), maxX);
      const sy = Math.min(Math.max(map.yx * x + map.yy * y + map.y0, 0), maxY);
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const x1 = Math.min(x0 + 1, maxX);
      const y1 = Math.min(y0 + 1, maxY);
      const tx = sx - x0;
      const ty = sy - y0;
      const top = src[y0 * width + x0]! * (1 - tx) + src[y0 * width + x1]! * tx;
      const bottom = src[y1 * width + x0]! * (1 - tx) + src[y1 * width + x1]! * tx;
      out[y * width + x] = top * (1 - ty) + bottom * ty;
    }
  }
  return out;
}
