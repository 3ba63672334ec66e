/** Returns the bytes of frame 0 (native or encapsulated), checked against the data set's bounds. */
import dicomParser from 'dicom-parser';
import { HilumError } from '../../src-core/errors';
import type { DicomImageMetadata } from '../../src-core/dicom/types';
import type { DicomDataset } from './readDicom';

export function nativeFrameBytes(meta: DicomImageMetadata): number {
  return Math.ceil((meta.rows * meta.columns * meta.samplesPerPixel * meta.bitsAllocated) / 8);
}

export function extractFrameBytes(ds: DicomDataset, meta: DicomImageMetadata): Uint8Array {
  const { file } = ds;
  const el = ds.pixelData;
  if (!el) throw new HilumError('DICOM_NO_PIXEL_DATA', `${file}: no (7FE0,0010) Pixel Data element`, { file });
  const bytes = ds.dataSet.byteArray as Uint8Array;
  if (!el.encapsulatedPixelData) {
    const need = nativeFrameBytes(meta);
    if (el.length < need) {
      throw new HilumError(
        'DICOM_DECODE',
        `${file}: pixel data has ${el.length} bytes, frame 0 needs ${need} (${meta.rows}×${meta.columns}×${meta.samplesPerPixel}×${meta.bitsAllocated} bits)`,
        { file },
      );
    }
    if (el.dataOffset < 0 || el.dataOffset + need > bytes.length) {
      throw new HilumError('DICOM_DECODE', `${file}: frame 0 (${need} bytes at ${el.dataOffset}) runs past the end of the file`, { file });
    }
    return bytes.subarray(el.dataOffset, el.dataOffset + need);
  }
  const fragments = el.fragments ?? [];
  if (fragments.length === 0) throw new HilumError('DICOM_NO_PIXEL_DATA', `${file}: encapsulated pixel data has no fragments`, { file });
  for (const f of fragments) {
    if (f.position < 0 || f.position + f.length > bytes.length) {
      throw new HilumError('DICOM_DECODE', `${file}: pixel data fragment at ${f.position} (+${f.length}) runs past the end of the file`, {
        file,
      });
    }
  }
  try {
    if (meta.numberOfFrames === 1) {
      return dicomParser.readEncapsulatedPixelDataFromFragments(ds.dataSet, el, 0, fragments.length) as Uint8Array;
    }
    if ((el.basicOffsetTable ?? []).length > 0) {
      return dicomParser.readEncapsulatedImageFrame(ds.dataSet, el, 0) as Uint8Array;
    }
    if (fragments.length === meta.numberOfFrames) {
      return dicomParser.readEncapsulatedPixelDataFromFragments(ds.dataSet, el, 0, 1) as Uint8Array;
    }
  } catch (error) {
    throw new HilumError(
      'DICOM_DECODE',
      `${file}: encapsulated frame 0 could not be read (${error instanceof Error ? error.message : String(error)})`,
      { file },
      { cause: error },
    );
  }
  throw new HilumError(
    'DICOM_DECODE',
    `${file}: ${meta.numberOfFrames} frames in ${fragments.length} fragments with no Basic Offset Table: frame 0 cannot be located`,
    { file },
  );
}
