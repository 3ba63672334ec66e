/**
 * MAE pretraining gradients from ONNX Runtime: buildMaeTrainGraph.ts run by TrainGraphSessions on the CPU. Each
 * micro-batch brings its images and the masks MaeDecoder.drawMasks drew for it (same rng, same order as the tfjs
 * path), so both engines hide the same patches; micro-batches are grouped into runs up to the activation budget.
 */
import * as ort from 'onnxruntime-node';
import { type VitConfig, vitDims } from '../../../src-core/model/vitConfig';
import type { MaeOptions } from '../../model/MaeDecoder';
import { buildMaeTrainGraph, MAE_GRAPH_INPUTS as I, visiblePatches } from './buildMaeTrainGraph';
import { ACTIVATION_BUDGET_BYTES, stackActivationBytes } from './OrtGradientEngine';
import { groupByImages, TrainGraphSessions } from './TrainGraphSessions';
import type { TrainParam } from './trainGraphIo';

export interface MaeMicroBatch {
  /** n images of imageSize² pixels, one after another. */
  pixels: Float32Array;
  n: number;
  /** This micro-batch's share of the batch (its loss is scaled by it). */
  share: number;
  /** From MaeDecoder.drawMasks(n, rng): keep[b·K + k] = b·N + (k-th kept patch); masked[b·N + p] = 1 when hidden. */
  keep: Int32Array;
  masked: Float32Array;
}

export class OrtMaeGradients {
  private readonly graphs: TrainGraphSessions;
  private readonly maxImages: number;
  private readonly K: number;

  constructor(
    private readonly config: VitConfig,
    private readonly mae: MaeOptions,
    private readonly params: TrainParam[],
    readonly threads: number,
  ) {
    this.graphs = new TrainGraphSessions(params, threads);
    this.K = visiblePatches(config, mae.maskRatio);
    const { numPatches: N, mlpHidden } = vitDims(config);
    const perImage =
      stackActivationBytes(this.K + 1, config.width, mlpHidden, config.heads, config.depth) +
      stackActivationBytes(N + 1, mae.decoderWidth, mae.decoderWidth * config.mlpRatio, mae.decoderHeads, mae.decoderDepth);
    this.maxImages = Math.max(1, Math.floor(ACTIVATION_BUDGET_BYTES / perImage));
  }

  get description(): string {
    return `ONNX Runtime MAE training graph (${this.threads} intra-op thread(s))`;
  }

  /** Summed flat gradients (FlatParams order of `params`) and the summed share-scaled loss over the micro-batches. */
  async gradients(weights: Float32Array, micro: MaeMicroBatch[]): Promise<{ grads: Float32Array; loss: number }> {
    const session = await this.graphs.session('mae', () => buildMaeTrainGraph(this.config, this.mae, this.params));
    const sum = new Float32Array(weights.length);
    const weightFeeds = this.graphs.weightFeeds(weights);
    let loss = 0;
    for (const group of groupByImages(micro, this.maxImages))
      loss += await this.graphs.runInto(session, { ...weightFeeds, ...this.feeds(group) }, sum);
    return { grads: sum, loss };
  }

  private feeds(group: MaeMicroBatch[]): Record<string, ort.Tensor> {
    const { imageSize: S } = this.config;
    const N = vitDims(this.config).numPatches;
    const K = this.K;
    const n = group.reduce((a, m) => a + m.n, 0);
    const pixels = new Float32Array(n * S * S);
    const select = new Float32Array(n * K * N);
    const masked = new Float32Array(n * N);
    const weights = new Float32Array(n * N);
    let at = 0;
    for (const m of group) {
      pixels.set(m.pixels, at * S * S);
      masked.set(m.masked, at * N);
      let hidden = 0;
      for (let j = 0; j < m.n * N; j++) hidden += m.masked[j]!;
      const scale = hidden > 0 ? m.share / hidden : 0;
      for (let j = 0; j < m.n * N; j++) weights[at * N + j] = m.masked[j]! * scale;
      for (let b = 0; b < m.n; b++) for (let k = 0; k < K; k++) select[((at + b) * K + k) * N + (m.keep[b * K + k]! - b * N)] = 1;
      at += m.n;
    }
    return {
      [I.pixels]: new ort.Tensor('float32', pixels, [n, 1, S, S]),
      [I.select]: new ort.Tensor('float32', select, [n, K, N]),
      [I.masked]: new ort.Tensor('float32', masked, [n, N, 1]),
      [I.weights]: new ort.Tensor('float32', weights, [n, N]),
    };
  }

  close(): Promise<void> {
    return this.graphs.close();
  }
}
