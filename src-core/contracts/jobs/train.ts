/**
 * Model jobs: fine-tuning (`model.train`), MAE pretraining (`model.pretrain`) and single-input prediction
 * (`model.predict`). Configs travel as raw objects and are validated in the worker by parseTrainConfig /
 * parsePretrainConfig (src-core/model/trainConfig.ts), which name the file and field on error.
 */
import { s } from '../../validate';
import { defineJob } from './defineJob';

const backend = s.optional(s.enumOf(['tensorflow', 'webgpu', 'wasm', 'cpu'] as const));
const historyRow = s.record(s.nullable(s.number()));

export const trainJobs = {
  'model.train': defineJob(
    'Fine-tunes a ViT (or trains its head on frozen features); resumes from the run directory when it holds a checkpoint',
    s.object({ config: s.unknown(), configFile: s.optional(s.string()), resume: s.optional(s.boolean()) }),
    s.object({
      outDir: s.string(),
      backend: s.string(),
      /** What computed the gradients (resolveTrainingEngine): ONNX Runtime's training graph or tfjs on `backend`. */
      engine: s.optional(s.enumOf(['onnxruntime', 'tfjs'] as const)),
      epochsRun: s.number(),
      bestEpoch: s.nullable(s.number()),
      /** Validation macro-AUROC at the best epoch (whatever selected it). */
      bestMacroAuroc: s.nullable(s.number()),
      /** The metric that selected the best epoch, and its value there. */
      selectBy: s.optional(s.enumOf(['auprc', 'auroc'] as const)),
      bestMetric: s.optional(s.nullable(s.number())),
      lastWeights: s.string(),
      bestWeights: s.nullable(s.string()),
      swaWeights: s.nullable(s.string()),
      history: s.array(historyRow),
    }),
  ),
  'model.pretrain': defineJob(
    'MAE pretraining on unlabelled images; writes an encoder checkpoint in canonical names',
    s.object({ config: s.unknown(), configFile: s.optional(s.string()) }),
    s.object({
      outDir: s.string(),
      backend: s.string(),
      engine: s.optional(s.enumOf(['onnxruntime', 'tfjs'] as const)),
      encoderWeights: s.string(),
      epochsRun: s.number(),
      history: s.array(historyRow),
    }),
  ),
  'model.predict': defineJob(
    'Logits and pooled features of one image or .npy input',
    s.object({ config: s.string(), weights: s.string(), image: s.optional(s.string()), input: s.optional(s.string()), backend }),
    s.object({
      logits: s.array(s.number()),
      features: s.array(s.number()),
      numClasses: s.number(),
      backend: s.string(),
      notes: s.array(s.string()),
    }),
  ),
} as const;
