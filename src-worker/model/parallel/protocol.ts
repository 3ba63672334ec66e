/**
 * Messages between the training loop and whatever computes its gradients out of thread: the data-parallel
 * gradient workers (worker_threads) and the WebGPU gradient page in Electron's Chromium (a MessagePort).
 */
import type { LossConfig } from '../../../src-core/model/trainConfig';
import type { VitConfig } from '../../../src-core/model/vitConfig';
import type { BackendName } from '../backends';

/** One micro-batch of a step, as the worker receives it. */
export interface MicroBatch {
  input: Float32Array;
  n: number;
  targets: Float32Array;
  mask: Float32Array;
  /** This micro-batch's share of the batch: its loss (and gradients) are scaled by it. */
  share: number;
  dropPathSeed: number;
}

export type ToGradientWorker =
  | { kind: 'init'; config: VitConfig; backend: BackendName; names: string[]; wasmThreads: number }
  | {
      kind: 'step';
      id: number;
      /** Current weights in the tfjs-internal layout, `names` order, flat (FlatParams), in shared memory. */
      weights: Float32Array;
      /** This worker's micro-batches of the step, run in order; their gradients come back summed. */
      micro: MicroBatch[];
      loss: LossConfig;
      prior: Float32Array;
      positives: Float32Array;
    };

export type FromGradientWorker =
  /** `detail`: what the other side runs on (the WebGPU page names its adapter), for the run's log. */
  | { kind: 'ready'; detail?: string }
  /** `grads`: the flat sum of the micro-batches' (share-scaled) gradients; `loss`: the sum of their scaled losses. */
  | { kind: 'grads'; id: number; grads: Float32Array; loss: number }
  | { kind: 'error'; id: number; message: string };
