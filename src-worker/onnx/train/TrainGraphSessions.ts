/**
 * ONNX Runtime sessions over training graphs (weights in, loss and gradients out) and the run that sums a graph's
 * gradients into the optimiser's flat array: what the fine-tuning and the MAE engines share. One session per
 * graph key (e.g. per loss configuration), compiled on first use, CPU provider, `threads` intra-op threads.
 */
import * as ort from 'onnxruntime-node';
import { createOrtSession } from '../createOrtSession';
import { encodeOnnxModel } from '../encodeOnnxModel';
import { ONNX_IR_VERSION, ONNX_OPSET } from '../exportOnnx';
import type { OnnxGraph } from '../onnxTypes';
import { gradOutputName, LOSS_OUTPUT, type TrainParam } from './trainGraphIo';

export class TrainGraphSessions {
  private readonly sessions = new Map<string, Promise<ort.InferenceSession>>();
  private readonly offsets: number[] = [];
  private readonly sizes: number[];

  constructor(
    private readonly params: TrainParam[],
    private readonly threads: number,
    private readonly profileFilePrefix?: string,
  ) {
    this.sizes = params.map((p) => p.shape.reduce((a, b) => a * b, 1));
    let at = 0;
    for (const n of this.sizes) {
      this.offsets.push(at);
      at += n;
    }
  }

  session(key: string, build: () => OnnxGraph): Promise<ort.InferenceSession> {
    let s = this.sessions.get(key);
    if (!s) {
      const bytes = encodeOnnxModel({
        irVersion: ONNX_IR_VERSION,
        opsetVersion: ONNX_OPSET,
        producerName: 'hilum',
        producerVersion: '0.1.0',
        docString: 'Hilum training step: forward, loss and backward; weights in, gradients out',
        graph: build(),
        metadata: {},
      });
      s = createOrtSession(bytes, {
        threads: this.threads,
        providers: ['cpu'],
        file: 'training graph',
        profileFilePrefix: this.profileFilePrefix,
      }).then((h) => h.session);
      this.sessions.set(key, s);
    }
    return s;
  }

  /** The parameters as input tensors: views of the flat weights, no copy. */
  weightFeeds(weights: Float32Array): Record<string, ort.Tensor> {
    const feeds: Record<string, ort.Tensor> = {};
    this.params.forEach((p, i) => {
      feeds[p.name] = new ort.Tensor('float32', weights.subarray(this.offsets[i], this.offsets[i]! + this.sizes[i]!), p.shape);
    });
    return feeds;
  }

  /** One run; its gradients are added into `sum` (FlatParams order). Returns the run's loss. */
  async runInto(session: ort.InferenceSession, feeds: Record<string, ort.Tensor>, sum: Float32Array): Promise<number> {
    const out = await session.run(feeds);
    this.params.forEach((p, i) => {
      const g = out[gradOutputName(p.name)]!.data as Float32Array;
      const at = this.offsets[i]!;
      for (let j = 0; j < g.length; j++) sum[at + j]! += g[j]!;
    });
    return (out[LOSS_OUTPUT]!.data as Float32Array)[0]!;
  }

  /** Ends profiling (when asked for): ONNX Runtime writes each session's trace file. */
  async endProfiling(): Promise<void> {
    for (const s of this.sessions.values()) (await s).endProfiling();
  }

  async close(): Promise<void> {
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    for (const s of sessions) await (await s).release();
  }
}

/** Consecutive items (micro-batches of `n` images) grouped into runs of at most `maxImages` images (at least one item each). */
export function groupByImages<T extends { n: number }>(items: T[], maxImages: number): T[][] {
  const out: T[][] = [];
  let images = 0;
  for (const m of items) {
    const last = out.at(-1);
    if (last && images + m.n <= maxImages) {
      last.push(m);
      images += m.n;
    } else {
      out.push([m]);
      images = m.n;
    }
  }
  return out;
}
