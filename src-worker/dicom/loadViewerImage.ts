/**
 * Decodes one DICOM for the viewer (`images.viewerPixels` job) with the same decoders the import uses:
 * stored values → Modality LUT. VOI and MONOCHROME1 inversion are left to the viewer so the user can
 * change them; the header window (or the value range) is passed along as the starting window.
 */
import fs from 'node:fs';
import { HilumError } from '../../src-core/errors';
import { applyModalityLut } from './applyModalityLut';
import { decodeRawSamples } from './decodeRawSamples';
import { readDicom } from './readDicom';
import { readImageMetadata } from './readImageMetadata';
import { toGreyStoredValues } from './toGreyStoredValues';
import { downsampleForDisplay } from './downsampleForDisplay';

export interface ViewerPixels {
  rows: number;
  columns: number;
  values: Float32Array;
  minValue: number;
  maxValue: number;
  windowCenter: number;
  windowWidth: number;
  photometricInterpretation: string;
  rowPixelSpacing: number;
  columnPixelSpacing: number;
  downsampleFactor: number;
  steps: string[];
}

function range(values: Float32Array): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

export async function loadViewerImage(file: string, maxDimension = 1024): Promise<ViewerPixels> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(fs.readFileSync(file));
  } catch (error) {
    throw new HilumError('IO_ERROR', `${file}: cannot read (${(error as Error).message})`, { file });
  }
  const ds = readDicom(bytes, file);
  const meta = readImageMetadata(ds);
  if (meta.samplesPerPixel !== 1 && meta.photometricInterpretation.startsWith('MONOCHROME')) {
    throw new HilumError('DICOM_BAD_GEOMETRY', `${file}: MONOCHROME with ${meta.samplesPerPixel} samples per pixel`, { file });
  }
  const raw = await decodeRawSamples(ds, meta);
  const grey = toGreyStoredValues(raw, meta, ds);
  const modality = applyModalityLut(grey.values, ds, meta);
  const small = downsampleForDisplay(modality.values, meta.columns, meta.rows, maxDimension);
  const { min, max } = range(small.values);
  const center = ds.dataSet.floatString('x00281050', 0);
  const width = ds.dataSet.floatString('x00281051', 0);
  const headerWindow = center !== undefined && width !== undefined && Number.isFinite(center) && Number.isFinite(width) && width >= 1;
  const spacing = meta.imagerPixelSpacing ?? [1, 1];
  return {
    rows: small.height,
    columns: small.width,
    values: small.values,
    minValue: min,
    maxValue: max,
    windowCenter: headerWindow ? center : (min + max) / 2,
    windowWidth: headerWindow ? width : Math.max(1, max - min),
    photometricInterpretation: meta.photometricInterpretation,
    rowPixelSpacing: spacing[0] * small.factor,
    columnPixelSpacing: spacing[1] * small.factor,
    downsampleFactor: small.factor,
    steps: [
      grey.step,
      modality.step,
      ...(small.factor > 1 ? [`display: box-downsampled ×${small.factor}`] : []),
      `window: ${headerWindow ? 'header' : 'value range'}`,
    ],
  };
}
