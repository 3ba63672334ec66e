/** Logits and pooled features of many preprocessed images through one ONNX Runtime session, in batches. */
import type * as ort from 'onnxruntime-node';
import type { ModelOutputs } from '../../src-core/model/modelOutputs';
import { runVitSession } from './runVitSession';

export type { ModelOutputs };

export async function runOnnxOnArrays(
  session: ort.InferenceSession,
  images: Float32Array[],
  imageSize: number,
  batchSize = 16,
): Promise<ModelOutputs> {
  let numClasses = 0;
  let width = 0;
  const logitRows: Float32Array[] = [];
  const featureRows: Float32Array[] = [];
  for (let start = 0; start < images.length; start += batchSize) {
    const out = await runVitSession(session, images.slice(start, start + batchSize), imageSize, { attention: false });
    numClasses = out.logits.length / out.batch;
    width = out.features.length / out.batch;
    logitRows.push(out.logits);
    featureRows.push(out.features);
  }
  const n = images.length;
  const logitColumns = Array.from({ length: numClasses }, () => new Float64Array(n));
  const features = new Float64Array(n * width);
  let row = 0;
  logitRows.forEach((logits, b) => {
    const batch = logits.length / numClasses;
    for (let i = 0; i < batch; i++, row++) {
      for (let c = 0; c < numClasses; c++) logitColumns[c]![row] = logits[i * numClasses + c]!;
      features.set(featureRows[b]!.subarray(i * width, (i + 1) * width), row * width);
    }
  });
  return { n, numClasses, width, logitColumns, features };
}
