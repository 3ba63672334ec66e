/**
 * Bundle load check for serving: the ONNX model's inputs and outputs must match the bundle's
 * manifest files — input `pixels` [batch, channels, imageSize, imageSize], output `logits`
 * [batch, number of labels], output `features` [batch, width] (needed by the Mahalanobis OOD
 * detector). A 3-output model in a 14-label bundle is refused here, before any inference.
 */
import { HilumError } from '../../src-core/errors';
import type { BundleSpec } from '../../src-core/bundle';
import { readOnnxSignature, type OnnxTensorSignature } from '../../src-core/governance/onnxSignature';

function shapeProblem(what: string, tensor: OnnxTensorSignature | undefined, expected: number[]): string | null {
  if (!tensor) return `the ONNX model has no ${what}`;
  const fixed = tensor.shape.slice(1);
  if (
    fixed.length !== expected.length ||
    fixed.some((d, i) => typeof d === 'number' && d !== expected[i]) ||
    fixed.some((d) => typeof d !== 'number')
  ) {
    return `${what} "${tensor.name}" has shape [${tensor.shape.join(', ')}], the manifest needs [batch, ${expected.join(', ')}]`;
  }
  return null;
}

export function checkBundleModel(bundle: { source: string; spec: BundleSpec; modelBytes: Uint8Array }): void {
  const { spec } = bundle;
  const signature = readOnnxSignature(bundle.modelBytes);
  const labels = spec.labels.labels.length;
  const problems = [
    spec.config.numClasses !== labels ? `config.json numClasses ${spec.config.numClasses} ≠ ${labels} labels in labels.json` : null,
    shapeProblem(
      'input',
      signature.inputs.find((t) => t.name === 'pixels'),
      [spec.config.channels, spec.config.imageSize, spec.config.imageSize],
    ),
    shapeProblem(
      'output (one logit per label)',
      signature.outputs.find((t) => t.name === 'logits'),
      [labels],
    ),
    spec.ood.mahalanobis !== null || signature.outputs.some((t) => t.name === 'features')
      ? shapeProblem(
          'output (feature vector)',
          signature.outputs.find((t) => t.name === 'features'),
          [spec.config.width],
        )
      : null,
  ].filter((p): p is string => p !== null);
  if (problems.length > 0) {
    throw new HilumError('BUNDLE_MISMATCH', `${bundle.source}: model.onnx does not match the bundle manifest: ${problems.join('; ')}`, {
      file: bundle.source,
      problems,
    });
  }
}
