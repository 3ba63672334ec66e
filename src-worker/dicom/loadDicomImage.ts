/**
 * Decodes and normalises a DICOM radiograph: frame 0 → stored values → Modality LUT → VOI →
 * MONOCHROME1 / Presentation LUT INVERSE inversion → orientation → [0,1] → resize.
 * Multi-frame: only frame 0 is used (radiographs are single-frame; the step list says so).
 * Time cap: this function is synchronous in parts and cannot be interrupted; callers that need a
 * per-file time limit run it as a job in the worker pool (src-main/worker/WorkerPool.ts), whose
 * per-task timeout terminates the worker and starts a fresh one.
 */
import { HilumError } from '../../src-core/errors';
import type { NormalisedImage } from '../../src-core/dicom/types';
import { readDicom } from './readDicom';
import { readImageMetadata } from './readImageMetadata';
import { decodeRawSamples } from './decodeRawSamples';
import { toGreyStoredValues } from './toGreyStoredValues';
import { applyModalityLut } from './applyModalityLut';
import { applyVoi } from './applyVoi';
import { orientImage } from './orientImage';
import { resample, resampleToSquare } from '../datasets/image/resampleToSquare';
import type { PixelRegion } from '../../src-core/dicom/types';
import { detectBurnedInText } from './detectBurnedInText';
import type { DicomLimits } from './dicomLimits';

export interface LoadDicomOptions {
  /** Output side in pixels; omitted: native resolution, no resize. */
  size?: number;
  aspect?: 'pad' | 'stretch';
  voi?: 'header' | 'percentile';
  limits?: Partial<DicomLimits>;
}

export async function loadDicomImage(bytes: Uint8Array, file: string, options: LoadDicomOptions = {}): Promise<NormalisedImage> {
  const ds = readDicom(bytes, file, options.limits);
  const metadata = readImageMetadata(ds);
  const pixelsCount = metadata.rows * metadata.columns * metadata.samplesPerPixel;
  if (pixelsCount > ds.limits.maxPixels) {
    throw new HilumError(
      'DICOM_LIMIT',
      `${file}: ${metadata.rows}×${metadata.columns}×${metadata.samplesPerPixel} samples exceed the ${ds.limits.maxPixels} limit`,
      { file, limit: 'maxPixels' },
    );
  }
  if (options.size !== undefined && (!Number.isInteger(options.size) || options.size < 8 || options.size > 8192)) {
    throw new HilumError('INVALID_ARGUMENT', `size must be an integer in 8..8192, got ${options.size}`, { file });
  }
  const steps: string[] = [
    `read: ${ds.transferSyntax?.name ?? ds.transferSyntaxUid} (${ds.transferSyntaxSource}${ds.hadPreamble ? '' : ', no preamble'})`,
  ];
  if (metadata.numberOfFrames > 1) steps.push(`frames: ${metadata.numberOfFrames}, using frame 0 only`);
  const raw = await decodeRawSamples(ds, metadata);
  const grey = toGreyStoredValues(raw, metadata, ds);
  steps.push(grey.step);
  const modality = applyModalityLut(grey.values, ds, metadata);
  steps.push(modality.step);
  const voi = applyVoi(modality.values, ds, metadata, options.voi ?? 'header');
  steps.push(voi.step);
  let values = voi.values;
  const presentationShape = ds.dataSet.string('x20500020')?.toUpperCase();
  const invert = (metadata.photometricInterpretation === 'MONOCHROME1') !== (presentationShape === 'INVERSE');
  if (invert) {
    for (let i = 0; i < values.length; i++) values[i] = 1 - values[i]!;
    steps.push(
      `invert: ${metadata.photometricInterpretation}${presentationShape === 'INVERSE' ? ' with Presentation LUT Shape INVERSE' : ''} → bone bright`,
    );
  } else if (presentationShape === 'INVERSE') {
    steps.push('invert: none (MONOCHROME1 and Presentation LUT Shape INVERSE cancel)');
  }
  const oriented = orientImage(values, metadata.columns, metadata.rows, metadata);
  values = oriented.values;
  steps.push(oriented.step);
  let width = metadata.columns;
  let height = metadata.rows;
  if (options.size !== undefined) {
    const resized = resampleToSquare({ width, height, pixels: values }, options.size, options.aspect ?? 'pad', metadata.imagerPixelSpacing);
    values = resized.pixels;
    width = resized.width;
    height = resized.height;
    steps.push(resized.step);
  }
  const regions = detectAtWorkingSize(values, width, height);
  steps.push(
    `burned-in: header ${metadata.burnedInAnnotation === null ? 'absent' : metadata.burnedInAnnotation ? 'YES' : 'NO'}, detector found ${regions.length} region(s) (not masked)`,
  );
  return {
    width,
    height,
    pixels: values,
    steps,
    metadata,
    burnedIn: { flagged: metadata.burnedInAnnotation === true || regions.length > 0, regions },
  };
}

/**
 * Burned-in text detection runs on at most 1024 px on the long side (markers are still several
 * pixels tall there, and the detector's buffers stay small on 4k×3k images); regions are scaled
 * back to the image's own pixel grid, rounded outwards.
 */
function detectAtWorkingSize(values: Float32Array, width: number, height: number): PixelRegion[] {
  const factor = Math.max(width, height) / 1024;
  if (factor <= 1) return detectBurnedInText(values, width, height);
  const w = Math.max(1, Math.round(width / factor));
  const h = Math.max(1, Math.round(height / factor));
  const sx = width / w;
  const sy = height / h;
  return detectBurnedInText(resample({ width, height, pixels: values }, w, h).pixels, w, h).map((r) => {
    const x = Math.max(0, Math.floor(r.x * sx));
    const y = Math.max(0, Math.floor(r.y * sy));
    return {
      x,
      y,
      width: Math.min(width, Math.ceil((r.x + r.width) * sx)) - x,
      height: Math.min(height, Math.ceil((r.y + r.height) * sy)) - y,
    };
  });
}
