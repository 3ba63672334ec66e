/**
 * Orientation normalisation for projection radiographs (CR, DX, DR), from (0020,0020)
 * PatientOrientation only. The target is the radiological display convention: rows run toward
 * the patient's left ("L…"), columns toward the feet ("F…"). A row direction starting with R is
 * flipped left-right; a column direction starting with H is flipped top-bottom. What is NOT done:
 * 90° rotations (row direction H/F) are reported but not applied; lateral views (row A/P) are left
 * as they are because their left-right convention varies by site; images without
 * PatientOrientation are left as they are. ImagerPixelSpacing is used by the resize stage to keep
 * the physical aspect ratio, not here.
 */
import type { DicomImageMetadata } from '../../src-core/dicom/types';

export function orientImage(
  values: Float32Array,
  width: number,
  height: number,
  meta: DicomImageMetadata,
): { values: Float32Array; step: string } {
  const po = meta.patientOrientation;
  if (!po || po.length !== 2) return { values, step: 'orientation: unchanged (no PatientOrientation)' };
  const modality = meta.modality?.toUpperCase() ?? '';
  if (!['CR', 'DX', 'DR', 'RG'].includes(modality))
    return { values, step: `orientation: unchanged (modality ${modality || 'unknown'} is not projection radiography)` };
  const row = po[0]!.toUpperCase().charAt(0);
  const col = po[1]!.toUpperCase().charAt(0);
  if (row === 'H' || row === 'F')
    return { values, step: `orientation: unchanged (PatientOrientation ${po.join('\\')} needs a 90° rotation, not applied)` };
  const flipH = row === 'R';
  const flipV = col === 'H';
  if (!flipH && !flipV) return { values, step: `orientation: unchanged (PatientOrientation ${po.join('\\')} already L/F or lateral)` };
  const out = new Float32Array(values.length);
  for (let y = 0; y < height; y++) {
    const sy = flipV ? height - 1 - y : y;
    for (let x = 0; x < width; x++) out[y * width + x] = values[sy * width + (flipH ? width - 1 - x : x)]!;
  }
  return {
    values: out,
    step: `orientation: ${[flipH ? 'flipped left-right' : '', flipV ? 'flipped top-bottom' : ''].filter(Boolean).join(' and ')} (PatientOrientation ${po.join('\\')})`,
  };
}
