/** Exports a trained ViT to ONNX behind the parity gate and writes it, with its calibration and decision rules, as a verified bundle. */
import type { BundleSpec, ProvenanceFile } from '../../src-core/bundle';
import { serializeSafetensors, type NamedTensor } from '../../src-core/safetensors';
import { exportOnnx, ONNX_IR_VERSION, ONNX_OPSET, type ExportOnnxResult } from '../../src-worker/onnx/exportOnnx';
import { writeBundle, type WrittenBundle } from './writeBundle';

export interface CreateBundleInput {
  dir: string;
  weights: Map<string, NamedTensor>;
  spec: Omit<BundleSpec, 'provenance'> & { provenance: Omit<ProvenanceFile, 'onnx'> };
  /** Real radiographs, preprocessed as the bundle's preprocessing.json says: the tfjs-vs-ONNX gate runs on these. */
  parityImages: Float32Array[];
  /** An export of these weights already made (and parity-gated) on these parity images, to reuse instead of exporting again. */
  exported?: ExportOnnxResult;
}

/** Throws EXPORT_PARITY (nothing written) when ONNX Runtime does not reproduce the tfjs logits within 1e-4. */
export async function createBundle(input: CreateBundleInput): Promise<WrittenBundle & { parityMaxAbsDiff: number }> {
  const { config } = input.spec;
  const exported = input.exported ?? (await exportOnnx(config, input.weights, { parityImages: input.parityImages, source: input.dir }));
  const parityMaxAbsDiff = exported.parityMaxAbsDiff!;
  const spec: BundleSpec = {
    ...input.spec,
    provenance: { ...input.spec.provenance, onnx: { opset: ONNX_OPSET, irVersion: ONNX_IR_VERSION, parityMaxAbsDiff } },
  };
  const written = writeBundle(input.dir, { modelOnnx: exported.bytes, weights: serializeSafetensors(input.weights), spec });
  return { ...written, parityMaxAbsDiff };
}
