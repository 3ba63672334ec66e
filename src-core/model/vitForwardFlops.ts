/** Analytic forward FLOPs of one image through a ViT (multiply-add = 2): patch embedding, qkv, attention, proj, MLP, head. */
import { type VitConfig, vitDims } from './vitConfig';

export function vitForwardFlops(c: VitConfig): number {
  const { numPatches: N, mlpHidden: M } = vitDims(c);
  const T = N + 1;
  const D = c.width;
  const perBlock = 2 * T * D * 3 * D + 2 * 2 * T * T * D + 2 * T * D * D + 2 * 2 * T * D * M;
  return 2 * N * c.patchSize * c.patchSize * D + c.depth * perBlock + 2 * D * c.numClasses;
}
