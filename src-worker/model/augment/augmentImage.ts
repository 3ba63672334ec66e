/**
 * Seeded per-image augmentations on a single-channel [H, W] Float32Array: random resized crop, small rotation
 * and scaling (bilinear, edge-clamped), optional horizontal flip (off by default: chest anatomy is not
 * left-right symmetric), brightness / contrast jitter and slight Gaussian noise.
 */
import type { AugmentConfig } from '../../../src-core/model/trainConfig';
import type { Rng } from '../../../src-core/random/createRng';
import { gaussian } from '../initVitParams';

const uniform = (rng: Rng, lo: number, hi: number): number => lo + (hi - lo) * rng.nextFloat();

function bilinear(src: Float32Array, H: number, W: number, y: number, x: number): number {
  const yc = Math.min(Math.max(y, 0), H - 1);
  const xc = Math.min(Math.max(x, 0), W - 1);
  const y0 = Math.floor(yc);
  const x0 = Math.floor(xc);
  const y1 = Math.min(y0 + 1, H - 1);
  const x1 = Math.min(x0 + 1, W - 1);
  const ty = yc - y0;
  const tx = xc - x0;
  const top = src[y0 * W + x0]! * (1 - tx) + src[y0 * W + x1]! * tx;
  const bot = src[y1 * W + x0]! * (1 - tx) + src[y1 * W + x1]! * tx;
  return top * (1 - ty) + bot * ty;
}

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
  const sy = box.h / H;
  const sx = box.w / W;
  const cy = (H - 1) / 2;
  const cx = (W - 1) / 2;
  const out = new Float32Array(H * W);
  let mean = 0;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const dx = (flip ? W - 1 - x : x) - cx;
      const dy = y - cy;
      const ux = cos * dx - sin * dy + cx;
      const uy = sin * dx + cos * dy + cy;
      const v = bilinear(src, H, W, box.top + uy * sy, box.left + ux * sx);
      out[y * W + x] = v;
      mean += v;
    }
  }
  mean /= H * W;
  for (let i = 0; i < out.length; i++) {
    const noise = cfg.noiseStd > 0 ? gaussian(rng) * cfg.noiseStd : 0;
    out[i] = (out[i]! - mean) * contrast + mean + brightness + noise;
  }
  return out;
}
