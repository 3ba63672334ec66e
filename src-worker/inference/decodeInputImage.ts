/** Decodes one input file (DICOM, PNG or JPEG) into a size×size image in [0, 1] following a bundle's preprocessing spec. */
import type { PreprocessingSpec } from '../../src-core/bundle';
import { loadDicomImage } from '../dicom/loadDicomImage';
import { decodeRasterImage, sniffRasterKind } from '../datasets/image/decodeRasterImage';
import { resampleToSquare } from '../datasets/image/resampleToSquare';

export interface DecodedInput {
  kind: 'dicom' | 'png' | 'jpeg';
  /** imageSize² values in [0, 1], before normalisation. */
  pixels: Float32Array;
  /** DICOM Modality (0008,0060), null for PNG/JPEG. */
  modality: string | null;
  bodyPart: string | null;
  steps: string[];
}

export async function decodeInputImage(bytes: Uint8Array, file: string, spec: PreprocessingSpec): Promise<DecodedInput> {
  const raster = sniffRasterKind(bytes);
  if (raster) {
    const image = await decodeRasterImage(bytes, file);
    const resized = resampleToSquare(image, spec.imageSize, spec.aspect);
    return { kind: raster, pixels: resized.pixels, modality: null, bodyPart: null, steps: [image.description, resized.step] };
  }
  // Anything that is not PNG/JPEG is read as DICOM (with or without preamble); loadDicomImage throws typed DICOM_* errors.
  const image = await loadDicomImage(bytes, file, { size: spec.imageSize, aspect: spec.aspect, voi: spec.voi });
  return { kind: 'dicom', pixels: image.pixels, modality: image.metadata.modality, bodyPart: image.metadata.bodyPart, steps: image.steps };
}
