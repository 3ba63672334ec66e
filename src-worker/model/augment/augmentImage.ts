/**
 * Seeded per-image augmentations on a single-channel [H, W] Float32Array: random resized crop, small rotation
 * and scaling (the one affine warp, datasets/image/warpAffine), optional horizontal flip (off by default: chest anatomy is not
 * left-right symmetric), brightness / contrast jitter and slight Gaussian noise.
 */
import type { AugmentConfig } from '../../../src-core/model/trainConfig';
import type { Rng } from '../../../src-core/random/createRng';
import { warpAffine } from '../../datasets/image/warpAffine';
import { gaussian } from '../initVitParams';

const uniform = (rng: Rng, lo: number, hi: number): number => lo + (hi - lo) * rng.nextFloat();

/**
 * Output pixel (y, x) samples the source at centre + R(θ)·(x − cx, y − cy)·s within the crop box
 * [top, left, height, width] (the full image when no crop is drawn).
 */
export function augmentImage(src: Float32Array, H: number, W: number, cfg: AugmentConfig, rng: Rng): Float32Array {
  let box = { top: 0, left: 0, h: H, w: W };
  if (cfg.randomResizedCrop) {
    for (let attempt = 0; attempt < 10; attempt++) {
      const area = uniform(rng, cfg.randomResizedCrop.minArea, 1) * H * W;
      const ratio = Math.exp(uniform(rng, Math.log(3 / 4), Math.log(4 / 3)));
      const w = Math.round(Math.sqrt(area * ratio));
      const h = Math.round(Math.sqrt(area / ratio));
      if (w <= W && h <= H && w > 0 && h > 0) {
        box = { top: rng.nextInt(H - h + 1), left: rng.nextInt(W - w + 1), h, w };
        break;
      }
    }
  }
  const theta = (uniform(rng, -cfg.rotateDeg, cfg.rotateDeg) * Math.PI) / 180;
  const s = 1 / (1 + uniform(rng, -cfg.scale, cfg.scale));
  const flip = cfg.hflip && rng.nextFloat() < 0.5;
  const brightness = uniform(rng, -cfg.brightness, cfg.brightness);
  const contrast = 1 + uniform(rng, -cfg.contrast, cfg.contrast);
  const cos = Math.cos(theta) * s;
  const sin = Math.sin(theta) * s;
  const f = flip ? -1 : 1; // mirroring x about the centre: (W − 1 − x) − cx = −(x − cx)
  const bw = box.w / W;
  const bh = box.h / H;
  const cy = (H - 1) / 2;
  const cx = (W - 1) / 2;
  // Source = crop box origin + box scale × (R(θ)·s·(f·(x − cx), y − cy) + centre), written as one affine map.
  const out = warpAffine(src, W, H, {
    xx: bw * cos * f,
    xy: -bw * sin,
    x0: box.left + bw * (cx - cos * f * cx + sin * cy),
    yx: bh * sin * f,
    yy: bh * cos,
    y0: box.top + bh * (cy - sin * f * cx - cos * cy),
  });
  let mean = 0;
  for (let i = 0; i < out.length; i++) mean += out[i]!;
  mean /= H * W;
  for (let i = 0; i < out.length; i++) {
    const noise = cfg.noiseStd > 0 ? gaussian(rng) * cfg.noiseStd : 0;
    out[i] = (out[i]! - mean) * contrast + mean + brightness + noise;
  }
  return out;
}
