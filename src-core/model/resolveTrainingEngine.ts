/**
 * What computes a fine-tuning or MAE pretraining run's gradients. `engine: 'auto'` (the default) takes ONNX
 * Runtime's CPU kernels on Hilum's training graphs (src-worker/onnx/train), measured to train several times faster
 * than tfjs-wasm (bench/results/train.md); tfjs stays for a linear probe (the head on cached features), for a GPU
 * tfjs backend asked for by name (webgpu, tensorflow), and when asked for with `engine: tfjs`.
 * `engine: onnxruntime` with a linear probe or a GPU tfjs backend is a contradiction and refused.
 */
import { HilumError } from '../errors';
import type { TrainConfig, TrainingEngineName } from './trainConfig';

export function resolveTrainingEngine(config: Pick<TrainConfig, 'engine' | 'linearProbe' | 'backend'>, file?: string): TrainingEngineName {
  const gpuTfjs = config.backend === 'webgpu' || config.backend === 'tensorflow';
  if (config.engine === 'onnxruntime') {
    const clash = config.linearProbe
      ? 'linearProbe: true (the head trains on cached features in tfjs)'
      : gpuTfjs
        ? `backend: ${config.backend}`
        : '';
    if (clash)
      throw new HilumError('CONFIG_INVALID', `${file ?? 'config'}: engine onnxruntime cannot be combined with ${clash}`, {
        file,
        field: 'engine',
      });
    return 'onnxruntime';
  }
  if (config.engine === 'tfjs') return 'tfjs';
  return config.linearProbe || gpuTfjs ? 'tfjs' : 'onnxruntime';
}

/** What computed a finished run's gradients, in words (CLI tables, the demo): ONNX Runtime's training graph, or tfjs on its backend. */
export function describeTrainingEngine(r: { backend?: string; engine?: string }): string {
  return r.engine === 'onnxruntime' ? 'ONNX Runtime training graph (CPU)' : `tfjs ${r.backend ?? '?'}`;
}
