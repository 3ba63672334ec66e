/** Estimated peak tfjs-wasm heap of one training micro-step for a ViT (and an MAE decoder): what decides the micro-batch. */
import { type VitConfig, vitDims } from './vitConfig';

/** The tfjs-wasm heap cannot grow past 4 GiB (32-bit addresses); a step that needs more hangs the threaded build. */
export const WASM_HEAP_BYTES = 4 * 1024 ** 3;
/** What a step may use: the heap less room for fragmentation and the data of the step (measured ViT-S/16 micro 4 ≈ 3.0 GiB fits). */
export const WASM_TRAINING_BUDGET_BYTES = 3.5 * 1024 ** 3;

/**
 * Float32 tensors one image leaves on the gradient tape per transformer block, in units of the block's shapes:
 * tokens×width (LayerNorms built from elementary ops, qkv and its per-head copies, projection, residuals),
 * tokens×hidden (fc1, bias, exact GELU's composite ops) and heads×tokens² (scores, scaling, softmax's steps).
 * Counted from the ops in src-worker/model/vitLayers.ts.
 */
const PER_TOKEN_WIDTH = 29;
const PER_TOKEN_HIDDEN = 7;
const PER_ATTENTION_CELL = 5;
/**
 * The tape alone under-counts the peak: backward holds each intermediate's gradient beside it, and the heap keeps
 * freed blocks. Fitted once to the measured peak of ViT-S/16 at micro-batch 4 (≈ 3.0 GiB, bench/results/train-profile.md);
 * the same factor then gives ViT-Ti/16 micro 4 ≈ 1.34 GiB (measured peak 1.54 GiB, bench/results/train.md), an
 * under-estimate the budget's 0.5 GiB margin absorbs.
 */
const BACKWARD_OVERHEAD = 2.4;
/** Weights, micro-batch gradient, accumulated gradient, AdamW's two moments, EMA, SWA and one transient copy. */
const STATE_COPIES = 8;
const FLOAT_BYTES = 4;

/** One stack of transformer blocks as the step sees it. */
export interface BlockStack {
  depth: number;
  tokens: number;
  width: number;
  heads: number;
  mlpRatio: number;
}

export interface MaeShape {
  maskRatio: number;
  decoderWidth: number;
  decoderDepth: number;
  decoderHeads: number;
}

export interface TrainingMemoryEstimate {
  /** Activation bytes one image adds to a step. */
  perImageBytes: number;
  /** Parameter-sized state held whatever the micro-batch. */
  stateBytes: number;
  /** stateBytes + microBatch × perImageBytes. */
  peakBytes: number;
}

function stackFloatsPerImage(s: BlockStack): number {
  const hidden = Math.round(s.width * s.mlpRatio);
  const perBlock =
    PER_TOKEN_WIDTH * s.tokens * s.width + PER_TOKEN_HIDDEN * s.tokens * hidden + PER_ATTENTION_CELL * s.heads * s.tokens ** 2;
  return s.depth * perBlock * BACKWARD_OVERHEAD;
}

/** Parameters of the encoder (patch embedding, tokens, blocks, head) plus the MAE decoder when there is one. */
function parameterCount(model: VitConfig, mae?: MaeShape): number {
  const { numPatches } = vitDims(model);
  const block = (d: number): number => {
    const h = Math.round(d * model.mlpRatio);
    return 4 * d + 3 * d * d + 3 * d + d * d + d + d * h + h + h * d + d;
  };
  const D = model.width;
  let n = model.patchSize ** 2 * model.channels * D + D + D + (numPatches + 1) * D + model.depth * block(D) + 2 * D;
  n += D * model.numClasses + model.numClasses;
  if (mae) {
    const Dd = mae.decoderWidth;
    n += D * Dd + Dd + Dd + (numPatches + 1) * Dd + mae.decoderDepth * block(Dd) + 2 * Dd + Dd * model.patchSize ** 2;
  }
  return n;
}

/** The blocks a step runs: the whole encoder for fine-tuning; visible patches then the decoder for MAE. */
function stacksOf(model: VitConfig, mae?: MaeShape): BlockStack[] {
  const { numPatches } = vitDims(model);
  const encoder = { depth: model.depth, width: model.width, heads: model.heads, mlpRatio: model.mlpRatio };
  if (!mae) return [{ ...encoder, tokens: numPatches + 1 }];
  const visible = Math.max(1, Math.round(numPatches * (1 - mae.maskRatio)));
  return [
    { ...encoder, tokens: visible + 1 },
    { depth: mae.decoderDepth, width: mae.decoderWidth, heads: mae.decoderHeads, mlpRatio: model.mlpRatio, tokens: numPatches + 1 },
  ];
}

export function estimateTrainingMemory(model: VitConfig, microBatch: number, mae?: MaeShape): TrainingMemoryEstimate {
  const perImageBytes = stacksOf(model, mae).reduce((sum, s) => sum + stackFloatsPerImage(s), 0) * FLOAT_BYTES;
  const stateBytes = parameterCount(model, mae) * STATE_COPIES * FLOAT_BYTES;
  return { perImageBytes, stateBytes, peakBytes: stateBytes + microBatch * perImageBytes };
}
