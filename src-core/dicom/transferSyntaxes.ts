/** The transfer syntaxes Hilum knows: how each is encoded and whether Hilum can decode it. */

export type PixelEncoding = 'native' | 'rle' | 'jpeg-baseline' | 'jpeg-extended-12' | 'jpeg-lossless' | 'jpeg-ls' | 'jpeg2000' | 'htj2k';

export interface TransferSyntaxInfo {
  uid: string;
  name: string;
  /** Data set encoding after the meta header. */
  explicitVr: boolean;
  littleEndian: boolean;
  deflated: boolean;
  pixelEncoding: PixelEncoding;
  lossy: boolean;
  /** false: Hilum refuses it with DICOM_UNSUPPORTED_SYNTAX and `unsupportedReason`. */
  supported: boolean;
  unsupportedReason?: string;
}

const base = { explicitVr: true, littleEndian: true, deflated: false, lossy: false, supported: true };

const table: TransferSyntaxInfo[] = [
  { ...base, uid: '1.2.840.10008.1.2', name: 'Implicit VR Little Endian', explicitVr: false, pixelEncoding: 'native' },
  { ...base, uid: '1.2.840.10008.1.2.1', name: 'Explicit VR Little Endian', pixelEncoding: 'native' },
  { ...base, uid: '1.2.840.10008.1.2.1.99', name: 'Deflated Explicit VR Little Endian', deflated: true, pixelEncoding: 'native' },
  { ...base, uid: '1.2.840.10008.1.2.2', name: 'Explicit VR Big Endian (retired)', littleEndian: false, pixelEncoding: 'native' },
  { ...base, uid: '1.2.840.10008.1.2.5', name: 'RLE Lossless', pixelEncoding: 'rle' },
  { ...base, uid: '1.2.840.10008.1.2.4.50', name: 'JPEG Baseline (Process 1)', pixelEncoding: 'jpeg-baseline', lossy: true },
  // 8/12-bit sequential DCT: decoded by Hilum's own decoder (IJG islow IDCT), because libjpeg-turbo-8bit cannot
  // do 12-bit, jpeg-lossless-decoder-js returns garbage and the pdf.js-derived decoder is biased (+15 vs DCMTK).
  { ...base, uid: '1.2.840.10008.1.2.4.51', name: 'JPEG Extended (Process 2 & 4)', pixelEncoding: 'jpeg-extended-12', lossy: true },
  { ...base, uid: '1.2.840.10008.1.2.4.57', name: 'JPEG Lossless, Non-Hierarchical (Process 14)', pixelEncoding: 'jpeg-lossless' },
  {
    ...base,
    uid: '1.2.840.10008.1.2.4.70',
    name: 'JPEG Lossless, First-Order Prediction (Process 14 SV1)',
    pixelEncoding: 'jpeg-lossless',
  },
  { ...base, uid: '1.2.840.10008.1.2.4.80', name: 'JPEG-LS Lossless', pixelEncoding: 'jpeg-ls' },
  { ...base, uid: '1.2.840.10008.1.2.4.81', name: 'JPEG-LS Near-Lossless', pixelEncoding: 'jpeg-ls', lossy: true },
  { ...base, uid: '1.2.840.10008.1.2.4.90', name: 'JPEG 2000 Lossless Only', pixelEncoding: 'jpeg2000' },
  { ...base, uid: '1.2.840.10008.1.2.4.91', name: 'JPEG 2000', pixelEncoding: 'jpeg2000', lossy: true },
  { ...base, uid: '1.2.840.10008.1.2.4.201', name: 'HTJ2K Lossless', pixelEncoding: 'htj2k' },
  { ...base, uid: '1.2.840.10008.1.2.4.202', name: 'HTJ2K Lossless RPCL', pixelEncoding: 'htj2k' },
  { ...base, uid: '1.2.840.10008.1.2.4.203', name: 'HTJ2K', pixelEncoding: 'htj2k', lossy: true },
];

export const transferSyntaxes: ReadonlyMap<string, TransferSyntaxInfo> = new Map(table.map((t) => [t.uid, t]));

export const IMPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2';

/** Looks a UID up (trailing NUL/space padding removed); undefined when Hilum does not know it. */
export function lookupTransferSyntax(uid: string): TransferSyntaxInfo | undefined {
  return transferSyntaxes.get(uid.replace(/[\0 ]+$/, ''));
}
