/** Types for safetensors files: a named float32 tensor and the parsed file. */

export type SafetensorsDtype = 'F32' | 'F16' | 'BF16';

export interface NamedTensor {
  shape: number[];
  /** Always float32 in memory; F16 / BF16 are widened on read. */
  data: Float32Array;
}

export interface SafetensorsFile {
  tensors: Map<string, NamedTensor & { dtype: SafetensorsDtype }>;
  /** The `__metadata__` string map (provenance), empty when absent. */
  metadata: Record<string, string>;
}
