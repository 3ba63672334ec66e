/**
 * Where a training step's gradients come from when they are not computed in-process by tfjs: the data-parallel
 * tfjs workers (GradientWorkerPool) or ONNX Runtime running the ViT's training graph (OrtGradientEngine). The loop
 * reads the weights into sharedWeights(), asks for the summed gradients of the step's micro-batches, and applies
 * AdamW to them; both sources return the same flat layout (FlatParams, the trainable names' order).
 */
import type { LossConfig } from '../../src-core/model/trainConfig';
import type { MicroBatch } from './parallel/protocol';

export interface GradientSource {
  /** What computes the gradients, for the run's log and run.json. */
  readonly description: string;
  /** A float32 array of `length` to read the current weights into (shared with workers where there are any). */
  sharedWeights(length: number): Float32Array;
  /** Summed flat gradients (each micro-batch scaled by its share) and the summed scaled loss. */
  gradients(
    weights: Float32Array,
    micro: MicroBatch[],
    loss: LossConfig,
    prior: Float32Array,
    positives: Float32Array,
  ): Promise<{ grads: Float32Array; loss: number }>;
  close(): Promise<void>;
}
