/**
 * An evaluated case's original file for the viewer (`evaluation.casePixels` job): DICOM through the viewer's own
 * decoder (loadViewerImage), PNG and JPEG through the import's raster decoder, as luminance scaled to 0–255 so the
 * viewer's window reads in grey levels. Raster files carry no pixel spacing: 1 is reported, and the steps say so.
 */
import { decodeRasterImage, sniffRasterKind } from '../datasets/image/decodeRasterImage';
import { downsampleForDisplay } from '../dicom/downsampleForDisplay';
import { loadViewerImage, type ViewerPixels } from '../dicom/loadViewerImage';
import { readDicomFileBytes } from '../dicom/readDicomFileBytes';

export async function loadCaseViewerImage(file: string, maxDimension = 1024): Promise<ViewerPixels> {
  // Read once to tell raster from DICOM; a DICOM is read again by the viewer's own loader (one small file, once per open).
  const bytes = readDicomFileBytes(file);
  if (sniffRasterKind(bytes) === null) return loadViewerImage(file, maxDimension);
  const image = await decodeRasterImage(bytes, file);
  const grey = Float32Array.from(image.pixels, (v) => v * 255);
  const small = downsampleForDisplay(grey, image.width, image.height, maxDimension);
  let min = Infinity;
  let max = -Infinity;
  for (const v of small.values) ((min = Math.min(min, v)), (max = Math.max(max, v)));
  return {
    rows: small.height,
    columns: small.width,
    values: small.values,
    minValue: min,
    maxValue: max,
    windowCenter: (min + max) / 2,
    windowWidth: Math.max(1, max - min),
    // Published PNG/JPEG chest films are stored bone-bright (decodeRasterImage applies no inversion).
    photometricInterpretation: 'MONOCHROME2',
    rowPixelSpacing: small.factor,
    columnPixelSpacing: small.factor,
    downsampleFactor: small.factor,
    steps: [
      `${image.description}, luminance × 255`,
      'no pixel spacing in the file: 1 pixel per unit',
      ...(small.factor > 1 ? [`display: box-downsampled ×${small.factor}`] : []),
      'window: value range',
    ],
  };
}
