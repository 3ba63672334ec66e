/** Runs an ONNX classifier (input `pixels` [batch, 1, size, size], output `logits` [batch, classes]) on a batch of normalised images. */
import * as ort from 'onnxruntime-node';
import { HilumError } from '../../src-core/errors';

export async function runLogits(
  session: ort.InferenceSession,
  images: Float32Array[],
  size: number,
): Promise<{ logits: Float32Array; classes: number }> {
  const plane = size * size;
  const pixels = new Float32Array(images.length * plane);
  images.forEach((image, i) => pixels.set(image, i * plane));
  const out = await session.run({ pixels: new ort.Tensor('float32', pixels, [images.length, 1, size, size]) }, ['logits']);
  const logits = out.logits;
  if (!logits) throw new HilumError('MODEL_WEIGHTS', 'The ONNX model has no output "logits"', { output: 'logits' });
  return { logits: logits.data as Float32Array, classes: logits.dims[1] ?? 0 };
}
