/** Runs a Hilum ViT ONNX session on a batch of preprocessed images: logits, features and (optionally) attention maps. */
import * as ort from 'onnxruntime-node';
import { HilumError } from '../../src-core/errors';

export interface VitSessionOutput {
  batch: number;
  /** [batch × numClasses] row-major. */
  logits: Float32Array;
  /** [batch × width] row-major. */
  features: Float32Array;
  /** [depth × batch × tokens × tokens] head-averaged attention, when asked for and present. */
  attention: Float32Array | null;
  attentionDims: readonly number[] | null;
  /** [batch × patches] in-graph attention rollout (max 1 per image), when asked for and present. */
  saliency: Float32Array | null;
}

export async function runVitSession(
  session: ort.InferenceSession,
  images: Float32Array[],
  imageSize: number,
  opts: { attention: boolean; saliency?: boolean },
): Promise<VitSessionOutput> {
  const plane = imageSize * imageSize;
  const pixels = new Float32Array(images.length * plane);
  images.forEach((img, i) => {
    if (img.length !== plane)
      throw new HilumError('INVALID_ARGUMENT', `Image ${i} has ${img.length} pixels, the model takes ${imageSize}×${imageSize}`, {
        index: i,
      });
    pixels.set(img, i * plane);
  });
  const fetches = ['logits', 'features'];
  const wantAttention = opts.attention && session.outputNames.includes('attention');
  if (wantAttention) fetches.push('attention');
  const wantSaliency = Boolean(opts.saliency) && session.outputNames.includes('saliency');
  if (wantSaliency) fetches.push('saliency');
  const feeds = { pixels: new ort.Tensor('float32', pixels, [images.length, 1, imageSize, imageSize]) };
  const out = await session.run(feeds, fetches);
  const take = (name: string): ort.Tensor => {
    const t = out[name];
    if (!t) throw new HilumError('MODEL_WEIGHTS', `The ONNX model has no output "${name}"`, { output: name });
    return t;
  };
  const attention = wantAttention ? take('attention') : null;
  return {
    batch: images.length,
    logits: take('logits').data as Float32Array,
    features: take('features').data as Float32Array,
    attention: attention ? (attention.data as Float32Array) : null,
    attentionDims: attention ? attention.dims : null,
    saliency: wantSaliency ? (take('saliency').data as Float32Array) : null,
  };
}
