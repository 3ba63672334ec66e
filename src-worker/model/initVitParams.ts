/** Seeded timm-style initialisation of a ViT's canonical tensors (trunc-normal 0.02 weights, zero biases, unit norms). */
import type { Rng } from '../../src-core/random/createRng';
import { canonicalShapes } from '../../src-core/model/canonicalShapes';
import type { VitConfig } from '../../src-core/model/vitConfig';
import type { NamedTensor } from '../../src-core/safetensors/types';

/** Standard normal by Box–Muller from the project's seeded generator. */
export function gaussian(rng: Rng): number {
  const u = 1 - rng.nextFloat();
  const v = rng.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Normal(0, std) truncated to ±2 std by redrawing, as timm's trunc_normal_. */
function truncNormal(n: number, std: number, rng: Rng): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let z = gaussian(rng);
    while (Math.abs(z) > 2) z = gaussian(rng);
    out[i] = z * std;
  }
  return out;
}

export function initVitParams(config: VitConfig, rng: Rng, only?: (name: string) => boolean): Map<string, NamedTensor> {
  const out = new Map<string, NamedTensor>();
  for (const [name, shape] of canonicalShapes(config)) {
    if (only && !only(name)) continue;
    const n = shape.reduce((a, b) => a * b, 1);
    let data: Float32Array;
    if (name.includes('norm') && name.endsWith('.weight')) data = new Float32Array(n).fill(1);
    else if (name.endsWith('.bias')) data = new Float32Array(n);
    else if (name === 'cls_token') data = truncNormal(n, 1e-6, rng);
    else data = truncNormal(n, 0.02, rng);
    out.set(name, { shape, data });
  }
  return out;
}
