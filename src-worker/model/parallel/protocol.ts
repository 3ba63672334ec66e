/** Messages between the training loop and its data-parallel gradient workers (worker_threads). */
import type { LossConfig } from '../../../src-core/model/trainConfig';
import type { VitConfig } from '../../../src-core/model/vitConfig';
import type { BackendName } from '../backends';

export type ToGradientWorker =
  | { kind: 'init'; config: VitConfig; backend: BackendName; names: string[]; wasmThreads: number }
  | {
      kind: 'step';
      id: number;
      /** Current weights in the tfjs-internal layout, in `names` order. */
      weights: Float32Array[];
      input: Float32Array;
      n: number;
      targets: Float32Array;
      mask: Float32Array;
      /** This micro-batch's share of the batch: its loss (and gradients) are scaled by it. */
      share: number;
      loss: LossConfig;
      prior: Float32Array;
      positives: Float32Array;
      dropPathSeed: number;
    };

export type FromGradientWorker =
  { kind: 'ready' } | { kind: 'grads'; id: number; grads: Float32Array[]; loss: number } | { kind: 'error'; id: number; message: string };
