/**
 * Fine-tuning gradients from ONNX Runtime: the ViT's training graph (buildVitTrainGraph.ts) run by
 * TrainGraphSessions on the CPU. The step's micro-batches run together in as few session runs as the activation
 * budget allows; one session per loss configuration.
 */
import * as ort from 'onnxruntime-node';
import type { LossConfig } from '../../../src-core/model/trainConfig';
import { type VitConfig, vitDims } from '../../../src-core/model/vitConfig';
import type { GradientSource } from '../../model/gradientSource';
import type { MicroBatch } from '../../model/parallel/protocol';
import { buildVitTrainGraph, TRAIN_GRAPH_INPUTS as I } from './buildVitTrainGraph';
import { groupByImages, TrainGraphSessions } from './TrainGraphSessions';
import type { TrainParam } from './trainGraphIo';
import { stepFeeds } from './trainStepFeeds';

/** Activation memory one run may hold (saved forward values for the backward pass). */
export const ACTIVATION_BUDGET_BYTES = 2 * 1024 ** 3;

/** Rough float32 bytes per image a block stack keeps for the backward pass: ~12 D-wide and 4 M-wide rows per token, 4 T×T maps per head. */
export function stackActivationBytes(tokens: number, width: number, mlpHidden: number, heads: number, depth: number): number {
  return 4 * depth * (tokens * (12 * width + 4 * mlpHidden) + 4 * heads * tokens * tokens);
}

export function activationBytesPerImage(c: VitConfig): number {
  const { numPatches, mlpHidden } = vitDims(c);
  return stackActivationBytes(numPatches + 1, c.width, mlpHidden, c.heads, c.depth);
}

export interface OrtGradientEngineOptions {
  config: VitConfig;
  /** Trainable parameters in FlatParams order, with their tfjs-internal shapes. */
  params: TrainParam[];
  threads: number;
  /** Images per session run (default: as many as the activation budget allows); a step's micro-batches are grouped up to it. */
  maxImagesPerRun?: number;
  /** ONNX Runtime's per-node profile goes to files starting with this path (bench/train-profile-ort.ts). */
  profileFilePrefix?: string;
}

export class OrtGradientEngine implements GradientSource {
  private readonly graphs: TrainGraphSessions;
  private shared: Float32Array | undefined;
  private readonly maxImages: number;

  constructor(private readonly options: OrtGradientEngineOptions) {
    this.graphs = new TrainGraphSessions(options.params, options.threads, options.profileFilePrefix);
    this.maxImages = options.maxImagesPerRun ?? Math.max(1, Math.floor(ACTIVATION_BUDGET_BYTES / activationBytesPerImage(options.config)));
  }

  get description(): string {
    return `ONNX Runtime training graph (${this.options.threads} intra-op thread(s))`;
  }

  sharedWeights(length: number): Float32Array {
    if (this.shared?.length !== length) this.shared = new Float32Array(length);
    return this.shared;
  }

  async gradients(
    weights: Float32Array,
    micro: MicroBatch[],
    loss: LossConfig,
    prior: Float32Array,
    positives: Float32Array,
  ): Promise<{ grads: Float32Array; loss: number }> {
    const c = this.options.config;
    const session = await this.graphs.session(JSON.stringify(loss), () => buildVitTrainGraph(c, this.options.params, loss));
    const sum = new Float32Array(weights.length);
    let total = 0;
    const weightFeeds = this.graphs.weightFeeds(weights);
    for (const group of groupByImages(micro, this.maxImages)) {
      const f = stepFeeds(c, group, loss, prior, positives);
      const feeds: Record<string, ort.Tensor> = {
        ...weightFeeds,
        [I.pixels]: new ort.Tensor('float32', f.pixels, [f.n, 1, c.imageSize, c.imageSize]),
        [I.targets]: new ort.Tensor('float32', f.targets, [f.n, c.numClasses]),
        [I.weights]: new ort.Tensor('float32', f.weights, [f.n, c.numClasses]),
        [I.logitAdjust]: new ort.Tensor('float32', f.logitAdjust, [c.numClasses]),
      };
      for (const [name, keep] of f.keeps) feeds[name] = new ort.Tensor('float32', keep, [keep.length, 1]);
      total += await this.graphs.runInto(session, feeds, sum);
    }
    return { grads: sum, loss: total };
  }

  endProfiling(): Promise<void> {
    return this.graphs.endProfiling();
  }

  close(): Promise<void> {
    return this.graphs.close();
  }
}
