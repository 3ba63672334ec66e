/**
 * Validation logits through ONNX Runtime for a run whose gradients come from ONNX Runtime: the current weights
 * (EMA swapped in when used) exported to Hilum's inference graph once per validation pass, then scored in batches
 * on the CPU. Keeps the epoch's validation as fast as its training; the tfjs forward stays for `engine: tfjs`.
 */
import type { NamedTensor } from '../../../src-core/safetensors/types';
import type { VitConfig } from '../../../src-core/model/vitConfig';
import { createOrtSession } from '../createOrtSession';
import { exportOnnx } from '../exportOnnx';
import { runVitSession } from '../runVitSession';

export interface ValidationScorer {
  /** Logits [n × numClasses] of n images laid out one after another in `pixels`. */
  logits(pixels: Float32Array, n: number): Promise<Float32Array>;
  release(): Promise<void>;
}

export async function ortValidationScorer(
  config: VitConfig,
  weights: Map<string, NamedTensor>,
  threads: number,
): Promise<ValidationScorer> {
  const { bytes } = await exportOnnx(config, weights, { source: 'validation weights' });
  const { session } = await createOrtSession(bytes, { threads, providers: ['cpu'], file: 'validation graph' });
  const plane = config.imageSize * config.imageSize;
  return {
    logits: async (pixels, n) => {
      const images = Array.from({ length: n }, (_, i) => pixels.subarray(i * plane, (i + 1) * plane));
      return (await runVitSession(session, images, config.imageSize, { attention: false })).logits;
    },
    release: () => session.release(),
  };
}
