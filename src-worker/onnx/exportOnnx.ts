/** Exports Hilum's ViT to ONNX (opset 17, IR 8) and, given reference logits on real images, refuses an export that does not reproduce them. */
import { HilumError } from '../../src-core/errors';
import { validateVitConfig, type VitConfig } from '../../src-core/model/vitConfig';
import { buildVitGraph } from './buildVitGraph';
import { encodeOnnxModel } from './encodeOnnxModel';
import { createOrtSession } from './createOrtSession';
import { runVitSession } from './runVitSession';
import type { NamedTensor } from '../../src-core/safetensors';
import type { VitWeights } from './vitWeightReader';

export const ONNX_OPSET = 17;
export const ONNX_IR_VERSION = 8;
export const PARITY_TOLERANCE = 1e-4;

export interface ParityCheck {
  /** Real radiographs, already preprocessed: each imageSize² float32 values. */
  images: Float32Array[];
  /** The training-side forward (e.g. tfjs) over the same images: logits [images.length × numClasses], row-major. */
  referenceLogits: (images: Float32Array[]) => Promise<Float32Array> | Float32Array;
  tolerance?: number;
}

export interface ExportOnnxOptions {
  /** Raw per-block attention maps as an output (default false: large, and computed even when not fetched). */
  attentionOutput?: boolean;
  /** In-graph attention-rollout saliency output [batch, patches] (default false: a separate graph for review, see createPredictor). */
  saliencyOutput?: boolean;
  /** Real radiographs (preprocessed, imageSize² each): parity against the tfjs VitModel forward on these. */
  parityImages?: Float32Array[];
  /** Or an explicit reference (e.g. a PyTorch forward's logits); takes precedence over parityImages. */
  parity?: ParityCheck;
  producerVersion?: string;
  metadata?: Record<string, string>;
  source?: string;
}

export interface ExportOnnxResult {
  bytes: Uint8Array;
  /** max |Δlogit| between the reference forward and ONNX Runtime, when a parity check was asked for. */
  parityMaxAbsDiff: number | null;
}

export async function exportOnnx(config: VitConfig, weights: VitWeights, options: ExportOnnxOptions = {}): Promise<ExportOnnxResult> {
  validateVitConfig(config);
  const graph = buildVitGraph(config, weights, {
    attentionOutput: options.attentionOutput ?? false,
    saliencyOutput: options.saliencyOutput ?? false,
    source: options.source,
  });
  const bytes = encodeOnnxModel({
    irVersion: ONNX_IR_VERSION,
    opsetVersion: ONNX_OPSET,
    producerName: 'hilum',
    producerVersion: options.producerVersion ?? '0.1.0',
    docString: 'Hilum ViT: pixels [batch,1,H,W] -> logits [batch,C], features [batch,D]',
    graph,
    metadata: { vit_config: JSON.stringify(config), ...(options.metadata ?? {}) },
  });
  let parity = options.parity;
  let dispose = (): void => {};
  if (!parity && options.parityImages) {
    // Loaded lazily: exporting without a parity check must not start a tfjs backend.
    const { tfjsReferenceLogits } = await import('./tfjsReferenceLogits');
    const ref = await tfjsReferenceLogits(config, toMap(weights));
    dispose = ref.dispose;
    parity = { images: options.parityImages, referenceLogits: ref.logits };
  }
  if (!parity) return { bytes, parityMaxAbsDiff: null };
  try {
    const diff = await measureParity(config, bytes, parity);
    const tolerance = parity.tolerance ?? PARITY_TOLERANCE;
    if (!(diff <= tolerance)) {
      throw new HilumError(
        'EXPORT_PARITY',
        `ONNX export does not reproduce the reference logits: max |Δ| = ${diff.toExponential(3)} > ${tolerance} on ${parity.images.length} images`,
        {
          file: options.source,
          maxAbsDiff: diff,
          tolerance,
          images: parity.images.length,
        },
      );
    }
    return { bytes, parityMaxAbsDiff: diff };
  } finally {
    dispose();
  }
}

function toMap(weights: VitWeights): Map<string, NamedTensor> {
  return weights instanceof Map ? weights : new Map(Object.entries(weights));
}

async function measureParity(config: VitConfig, bytes: Uint8Array, parity: ParityCheck): Promise<number> {
  if (parity.images.length === 0) throw new HilumError('INVALID_ARGUMENT', 'Parity check needs at least one image', {});
  const reference = await parity.referenceLogits(parity.images);
  if (reference.length !== parity.images.length * config.numClasses) {
    throw new HilumError(
      'INVALID_ARGUMENT',
      `parity reference has ${reference.length} logits, expected ${parity.images.length} × ${config.numClasses}`,
      {},
    );
  }
  const { session } = await createOrtSession(bytes, { threads: 2 });
  try {
    let max = 0;
    // One image per run: batch-1 is how the model is served.
    for (let i = 0; i < parity.images.length; i++) {
      const out = await runVitSession(session, [parity.images[i]!], config.imageSize, { attention: false, saliency: false });
      for (let k = 0; k < config.numClasses; k++) {
        const d = Math.abs(out.logits[k]! - reference[i * config.numClasses + k]!);
        // A NaN on either side is a failed export, never a difference that "is not greater than" the tolerance.
        if (Number.isNaN(d)) return Number.NaN;
        if (d > max) max = d;
      }
    }
    return max;
  } finally {
    await session.release();
  }
}
