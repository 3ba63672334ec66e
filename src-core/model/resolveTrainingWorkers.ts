/**
 * How many data-parallel gradient workers a fine-tuning run uses. `workers: 'auto'` (the default) takes 2 where that
 * was measured to beat one process with XNNPACK threads (bench/results/train.md: ViT-Ti/16 and ViT-S/16 at 224 px,
 * batch 16, 2 cores): at least 2 cores, at least 2 micro-batches per step to share out, and micro-batches large
 * enough that each step's exchange of weights and gradients with the workers is small beside their compute.
 * Otherwise (a 1-core machine, one micro-batch per step, a small model, a linear probe) it runs in-process.
 */
import type { TrainConfig } from './trainConfig';
import { vitForwardFlops } from './vitForwardFlops';

/** Forward FLOPs per micro-batch below which workers do not pay (ViT-Ti/16 at 224 px, micro-batch 8: ~20 GFLOP). */
const MIN_MICRO_BATCH_FLOPS = 1e9;
/** The measured configuration: two workers, each with cores / 2 XNNPACK threads. */
const AUTO_WORKERS = 2;

export function resolveTrainingWorkers(
  config: Pick<TrainConfig, 'workers' | 'batchSize' | 'microBatch' | 'linearProbe' | 'model'>,
  cores: number,
): number {
  if (config.workers !== 'auto') return config.workers;
  const microBatches = Math.ceil(config.batchSize / config.microBatch);
  const pays =
    !config.linearProbe &&
    cores >= AUTO_WORKERS &&
    microBatches >= AUTO_WORKERS &&
    vitForwardFlops(config.model) * config.microBatch >= MIN_MICRO_BATCH_FLOPS;
  return pays ? AUTO_WORKERS : 1;
}
