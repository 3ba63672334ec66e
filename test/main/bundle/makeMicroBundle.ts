/** Writes a vit-micro bundle (hashed weights, Mahalanobis fitted on ORT features of 40 real NIH radiographs) into a temp folder for tests. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BundleSpec } from '../../../src-core/bundle';
import { fitMahalanobis, mahalanobisScore } from '../../../src-core/metrics/ood/fitMahalanobis';
import { serializeSafetensors } from '../../../src-core/safetensors';
import { writeBundle, type WrittenBundle } from '../../../src-main/bundle';
import { decodeInputImage } from '../../../src-worker/inference/decodeInputImage';
import { createOrtSession } from '../../../src-worker/onnx/createOrtSession';
import { exportOnnx } from '../../../src-worker/onnx/exportOnnx';
import { runVitSession } from '../../../src-worker/onnx/runVitSession';
import { hashedVitWeights } from '../../fixtures/onnx/hashedVitWeights';
import { microBundleSpec } from '../../fixtures/onnx/microBundleSpec';
import { sharedDataDir } from '../../helpers/paths';

export const nihDir = path.join(sharedDataDir, 'nih-cxr14-subset-64px/images');

/** `calibrationShift` changes temperatures so two bundles with the same weights get different hashes. */
export async function makeMicroBundle(dir: string, calibrationShift = 0): Promise<WrittenBundle & { spec: BundleSpec }> {
  const base = microBundleSpec();
  const weights = hashedVitWeights(base.config);
  const { bytes } = await exportOnnx(base.config, weights);
  const { session } = await createOrtSession(bytes);
  const csv = readFileSync(path.join(sharedDataDir, 'nih-cxr14-subset-64px/Data_Entry_2017_subset.csv'), 'utf8').split('\n').slice(1, 41);
  const names = csv.map((line) => line.split(',')[0]!).filter(Boolean);
  const images = await Promise.all(
    names.map(async (n) => (await decodeInputImage(readFileSync(path.join(nihDir, n)), n, base.preprocessing)).pixels),
  );
  const out = await runVitSession(session, images, 32, { attention: false });
  await session.release();
  const features = Float64Array.from(out.features);
  const model = fitMahalanobis(features, 32, [new Float64Array(names.length)], ['any']);
  const scores = [...mahalanobisScore(model, features)].sort((a, b) => a - b);
  const params = {
    dimension: 32,
    classes: model.classes,
    whitening: [...model.whitening],
    whitenedMeans: model.whitenedMeans.map((m) => [...m]),
    shrinkage: model.shrinkage,
  };
  const spec = microBundleSpec({ mahalanobis: { threshold: scores[Math.floor(0.95 * scores.length)]!, params }, energyThreshold: 1e6 });
  if (calibrationShift) for (const l of spec.labels.labels) spec.calibration.temperatures[l]! += calibrationShift;
  return { ...writeBundle(dir, { modelOnnx: bytes, weights: serializeSafetensors(weights), spec }), spec };
}
