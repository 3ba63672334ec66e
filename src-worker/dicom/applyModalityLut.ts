/** Modality LUT stage (PS3.3 C.11.1): Modality LUT Sequence if present, else Rescale Slope/Intercept. */
import type { DicomImageMetadata } from '../../src-core/dicom/types';
import type { DicomDataset } from './readDicom';
import { lookup, readLut } from './readLut';

export function applyModalityLut(values: Float32Array, ds: DicomDataset, meta: DicomImageMetadata): { values: Float32Array; step: string } {
  const lut = readLut(ds.dataSet, 'x00283000', meta.pixelRepresentation === 1);
  if (lut) {
    const out = new Float32Array(values.length);
    for (let i = 0; i < values.length; i++) out[i] = lookup(lut, values[i]!);
    return { values: out, step: `modality-lut: sequence (${lut.data.length} entries, first ${lut.firstMapped}, ${lut.bits} bits)` };
  }
  const slopeRaw = ds.dataSet.floatString('x00281053');
  const interceptRaw = ds.dataSet.floatString('x00281052');
  const slope = slopeRaw !== undefined && Number.isFinite(slopeRaw) && slopeRaw !== 0 ? slopeRaw : 1;
  const intercept = interceptRaw !== undefined && Number.isFinite(interceptRaw) ? interceptRaw : 0;
  if (slope === 1 && intercept === 0) return { values, step: 'modality-lut: identity (no rescale)' };
  for (let i = 0; i < values.length; i++) values[i] = values[i]! * slope + intercept;
  return { values, step: `modality-lut: rescale slope=${slope} intercept=${intercept}` };
}
