/**
 * Turns raw decoded samples into one greyscale stored value per pixel.
 * Signed data with BitsStored < BitsAllocated: the stored value is sign-extended from bit
 * BitsStored-1 (PS3.5 8.1.1: the high bit is the sign bit), as DCMTK does; bits above HighBit are
 * masked off first. GDCM keeps the unextended pattern instead; Hilum follows the standard.
 * Colour: RGB (and codec output of YBR_ICT/RCT/FULL_422, which the codecs convert to RGB) →
 * luminance 0.299 R + 0.587 G + 0.114 B; native/RLE YBR_FULL → its Y sample.
 */
import { HilumError } from '../../src-core/errors';
import type { DicomImageMetadata } from '../../src-core/dicom/types';
import type { DicomDataset } from './readDicom';
import type { RawSamples } from './decodeRawSamples';

export function toGreyStoredValues(raw: RawSamples, meta: DicomImageMetadata, ds: DicomDataset): { values: Float32Array; step: string } {
  const n = meta.rows * meta.columns;
  const out = new Float32Array(n);
  const s = raw.samples;
  const signedArray = s instanceof Int8Array || s instanceof Int16Array || s instanceof Int32Array;
  const highBit = ds.dataSet.elements['x00280102'] ? (ds.dataSet.uint16('x00280102') ?? meta.bitsStored - 1) : meta.bitsStored - 1;
  const shift = raw.fromCodec ? 0 : Math.max(0, Math.min(highBit + 1 - meta.bitsStored, meta.bitsAllocated - meta.bitsStored));
  const bits = meta.bitsStored;
  const span = 2 ** bits;
  const signed = meta.pixelRepresentation === 1;
  const toStored = (v: number): number => {
    if (signedArray) return v;
    let x = Math.floor(v / 2 ** shift) % span;
    if (signed && x >= span / 2) x -= span;
    return x;
  };
  const photometric = meta.photometricInterpretation;
  if (meta.samplesPerPixel === 1) {
    if (photometric === 'PALETTE COLOR') {
      throw new HilumError('DICOM_DECODE', `${ds.file}: PALETTE COLOR images are not supported for radiograph ingestion`, {
        file: ds.file,
      });
    }
    if (signedArray) out.set(s.subarray(0, n));
    else if (bits < 32) {
      // Integer fast path (the generic toStored is exact but slow on 10+ Mpixel images).
      const mask = span - 1;
      const half = span / 2;
      for (let i = 0; i < n; i++) {
        const x = (s[i]! >>> shift) & mask;
        out[i] = signed && x >= half ? x - span : x;
      }
    } else for (let i = 0; i < n; i++) out[i] = toStored(s[i]!);
    return {
      values: out,
      step: `stored-values: ${bits} bits ${signed ? 'signed (sign-extended)' : 'unsigned'}${shift ? `, shifted ${shift}` : ''} via ${raw.decoder}${raw.pointTransform ? ` (point transform ${raw.pointTransform} applied)` : ''}`,
    };
  }
  // Native data follows (0028,0006) PlanarConfiguration; codec output follows what the codec reports.
  const nativePlanar = raw.decoder === 'native' && (ds.dataSet.elements['x00280006'] ? ds.dataSet.uint16('x00280006') === 1 : false);
  const layout = raw.decoder === 'native' ? (nativePlanar ? 'planar' : 'pixel') : raw.layout;
  const planar = layout === 'planar';
  const at = planar ? (p: number, c: number): number => toStored(s[c * n + p]!) : (p: number, c: number): number => toStored(s[3 * p + c]!);
  if (!raw.fromCodec && photometric.startsWith('YBR_FULL') && photometric !== 'YBR_FULL_422') {
    for (let p = 0; p < n; p++) out[p] = at(p, 0);
    return { values: out, step: `colour→grey: Y of ${photometric}` };
  }
  if (!raw.fromCodec && photometric !== 'RGB') {
    throw new HilumError('DICOM_DECODE', `${ds.file}: native ${photometric} colour layout is not supported`, { file: ds.file });
  }
  for (let p = 0; p < n; p++) out[p] = 0.299 * at(p, 0) + 0.587 * at(p, 1) + 0.114 * at(p, 2);
  return { values: out, step: `colour→grey: luminance 0.299R+0.587G+0.114B of ${photometric}${planar ? ' (planar)' : ''}` };
}
