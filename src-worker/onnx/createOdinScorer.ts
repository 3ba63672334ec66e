/**
 * ODIN scores for the evaluation: inputs perturbed with tfjs input gradients (src-worker/model/odinPerturb),
 * then scored from the ONNX Runtime logits at the perturbed inputs, −max_l σ(z̃_l / T). ε is chosen
 * without OOD data (as in Generalized ODIN, Hsu et al. 2020): the grid value that maximises the mean
 * max_l σ(z̃_l / T) on in-distribution validation images. ODIN's original recipe tunes ε on OOD samples,
 * which would leak the test distribution into the detector.
 */
import type * as ort from 'onnxruntime-node';
import { odinScore } from '../../src-core/metrics/ood/logitOodScores';
import { sigmoid } from '../../src-core/metrics/math/sigmoid';
import type { VitConfig } from '../../src-core/model/vitConfig';
import type { NamedTensor } from '../../src-core/safetensors';
import { runOnnxOnArrays } from './runOnnxOnArrays';

export const ODIN_EPSILON_GRID = [0, 0.0005, 0.001, 0.002, 0.004, 0.008];
/** Used when no validation images are available to choose ε on. */
export const ODIN_DEFAULT_EPSILON = 0.001;

export interface OdinScorer {
  temperature: number;
  epsilon: number;
  selection: string;
  backend: string;
  /** Scores of already-normalised model inputs (higher = more OOD). */
  score(images: Float32Array[]): Promise<Float64Array>;
  dispose(): void;
}

export async function createOdinScorer(
  config: VitConfig,
  weights: Map<string, NamedTensor>,
  session: ort.InferenceSession,
  options: { temperature: number; epsilon: number | 'auto'; validation: Float32Array[] | null },
): Promise<OdinScorer> {
  // Loaded lazily: evaluations without ODIN must not start a tfjs backend.
  const [{ odinPerturb }, { VitModel }, { selectBackend }] = await Promise.all([
    import('../model/odinPerturb'),
    import('../model/VitModel'),
    import('../model/backends'),
  ]);
  const backend = await selectBackend();
  const model = VitModel.fromCanonical(config, weights);
  const T = options.temperature;
  let epsilon = typeof options.epsilon === 'number' ? options.epsilon : ODIN_DEFAULT_EPSILON;
  let selection = typeof options.epsilon === 'number' ? 'given' : `default ${ODIN_DEFAULT_EPSILON} (no validation images to choose ε on)`;
  if (options.epsilon === 'auto' && options.validation && options.validation.length > 0) {
    const C = config.numClasses;
    const meanTop = ODIN_EPSILON_GRID.map((eps) => {
      const { logits } = odinPerturb(model, options.validation!, { epsilon: eps, temperature: T });
      let sum = 0;
      for (let i = 0; i < options.validation!.length; i++) {
        let top = -Infinity;
        for (let c = 0; c < C; c++) top = Math.max(top, sigmoid(logits[i * C + c]! / T));
        sum += top;
      }
      return sum / options.validation!.length;
    });
    const best = meanTop.indexOf(Math.max(...meanTop));
    epsilon = ODIN_EPSILON_GRID[best]!;
    selection = `chosen on ${options.validation.length} in-distribution validation images from {${ODIN_EPSILON_GRID.join(', ')}} by the largest mean max σ(z̃/T) (mean − 0.5: ${meanTop.map((m) => (m - 0.5).toExponential(4)).join(', ')})${best === ODIN_EPSILON_GRID.length - 1 ? '; the largest grid value: the criterion was still rising' : ''}`;
  }
  return {
    temperature: T,
    epsilon,
    selection,
    backend,
    score: async (images) => {
      const { images: perturbed } = odinPerturb(model, images, { epsilon, temperature: T });
      const out = await runOnnxOnArrays(session, perturbed, config.imageSize);
      return odinScore(out.logitColumns, T);
    },
    dispose: () => model.dispose(),
  };
}
