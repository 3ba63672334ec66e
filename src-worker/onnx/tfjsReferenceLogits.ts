/** The training side's forward (tfjs VitModel) as the parity reference for an ONNX export: logits for preprocessed images, one at a time. */
import * as tf from '@tensorflow/tfjs';
import type { VitConfig } from '../../src-core/model/vitConfig';
import type { NamedTensor } from '../../src-core/safetensors';
import { selectBackend, type BackendName } from '../model/backends';
import { VitModel } from '../model/VitModel';

export interface TfjsReference {
  backend: BackendName;
  logits: (images: Float32Array[]) => Float32Array;
  dispose: () => void;
}

export async function tfjsReferenceLogits(
  config: VitConfig,
  weights: Map<string, NamedTensor>,
  backend?: BackendName,
): Promise<TfjsReference> {
  const used = await selectBackend(backend);
  const model = VitModel.fromCanonical(config, weights);
  const S = config.imageSize;
  return {
    backend: used,
    logits: (images) => {
      const out = new Float32Array(images.length * config.numClasses);
      images.forEach((img, i) => {
        // Batch 1 per image, as served; predict() runs under tf.tidy and frees every intermediate.
        const r = model.predict(tf.tensor4d(img, [1, 1, S, S]));
        out.set(r.logits.dataSync() as Float32Array, i * config.numClasses);
        r.logits.dispose();
        r.features.dispose();
      });
      return out;
    },
    dispose: () => model.dispose(),
  };
}
