/**
 * From trained weights to a verified bundle: export to ONNX behind the parity gate, run the exported
 * graph on the training and validation images, fit the decision rules on validation (temperatures,
 * thresholds, abstention bands, OOD detectors — see fitDecisionSpec), and write the bundle. Labels
 * whose rules could not be fitted are named in the bundle's provenance.
 */
import fs from 'node:fs';
import { fitDecisionSpec, type DecisionFit } from '../../src-core/bundle/fitDecisionSpec';
import type { PreprocessingSpec, ProvenanceFile } from '../../src-core/bundle';
import type { VitConfig } from '../../src-core/model/vitConfig';
import { parseSafetensors } from '../../src-core/safetensors';
import { createOrtSession } from '../../src-worker/onnx/createOrtSession';
import { exportOnnx } from '../../src-worker/onnx/exportOnnx';
import { runOnnxOnArrays } from '../evaluation/runOnnxOnArrays';
import { createBundle } from './createBundle';
import type { WrittenBundle } from './writeBundle';

export interface LabelledImages {
  /** Preprocessed exactly as `preprocessing` says (normalisation applied). */
  pixels: Float32Array[];
  /** One column per label: 1, 0 or NaN (unknown). */
  labelColumns: Float64Array[];
}

export interface BundleTrainedRunInput {
  dir: string;
  weightsFile: string;
  config: VitConfig;
  labelNames: string[];
  train: LabelledImages;
  val: LabelledImages;
  preprocessing: PreprocessingSpec;
  provenance: Omit<ProvenanceFile, 'onnx'>;
}

export async function bundleTrainedRun(input: BundleTrainedRunInput): Promise<{ bundle: WrittenBundle & { parityMaxAbsDiff: number }; fit: DecisionFit }> {
  const weights = parseSafetensors(new Uint8Array(fs.readFileSync(input.weightsFile)), input.weightsFile).tensors;
  const parityImages = input.val.pixels.slice(0, 4);
  const exported = await exportOnnx(input.config, weights, { parityImages, source: input.weightsFile });
  const { session } = await createOrtSession(exported.bytes);
  let fit: DecisionFit;
  try {
    const train = await runOnnxOnArrays(session, input.train.pixels, input.config.imageSize);
    const val = await runOnnxOnArrays(session, input.val.pixels, input.config.imageSize);
    fit = fitDecisionSpec({
      labelNames: input.labelNames, logits: val.logitColumns, labels: input.val.labelColumns,
      trainFeatures: train.features, trainLabels: input.train.labelColumns, featureDimension: train.width, valFeatures: val.features,
    });
  } finally {
    await session.release();
  }
  const unfitted = fit.unfitted.map((u) => `${u.label} ${u.what} (${u.reason})`).join('; ');
  const bundle = await createBundle({
    dir: input.dir, weights, parityImages, exported,
    spec: {
      config: input.config, labels: { labels: input.labelNames }, preprocessing: input.preprocessing,
      calibration: fit.calibration, thresholds: fit.thresholds, abstention: fit.abstention, ood: fit.ood,
      provenance: { ...input.provenance, notes: [input.provenance.notes, unfitted && `not fitted on validation: ${unfitted}`].filter(Boolean).join('; ') },
    },
  });
  return { bundle, fit };
}
