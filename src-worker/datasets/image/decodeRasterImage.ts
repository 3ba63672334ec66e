/**
 * Decodes a PNG (1–16 bit, grey, grey+alpha, RGB, RGBA, palette) or baseline/progressive JPEG
 * into a luminance image in [0, 1]. RGB becomes luma with ITU-R BT.601 weights
 * (0.299 R + 0.587 G + 0.114 B, what PIL's convert('L') and OpenCV use). Alpha is ignored:
 * radiographs saved with alpha are opaque. Published PNG/JPEG chest datasets are already bone
 * bright, so no inversion is applied.
 */
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { bug, HilumError } from '../../../src-core/errors';

export interface LuminanceImage {
  width: number;
  height: number;
  pixels: Float32Array;
  /** What was decoded, e.g. "png:16-bit grey" — recorded in the image's processing steps. */
  description: string;
}

export type RasterKind = 'png' | 'jpeg';

export function sniffRasterKind(bytes: Uint8Array): RasterKind | null {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return null;
}

export function decodeRasterImage(bytes: Uint8Array, file: string): LuminanceImage {
  const kind = sniffRasterKind(bytes);
  try {
    if (kind === 'png') return decodePng(bytes);
    if (kind === 'jpeg') return decodeJpeg(bytes);
  } catch (error) {
    throw new HilumError(
      'IMAGE_DECODE',
      `${file}: ${kind?.toUpperCase()} could not be decoded (${(error as Error).message})`,
      { file },
      { cause: error },
    );
  }
  throw new HilumError('IMAGE_DECODE', `${file}: not a PNG, JPEG or DICOM file`, { file });
}

function decodePng(bytes: Uint8Array): LuminanceImage {
  // skipRescale keeps 16-bit samples as 0..65535 instead of rounding them to 8 bits.
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { skipRescale: true });
  const sixteen = png.depth === 16;
  const max = sixteen ? 65535 : 255;
  const data = png.data as unknown as ArrayLike<number>;
  const pixels = toLuma(data, png.width, png.height, 1 / max);
  const colour = png.color ? 'colour' : 'grey';
  return { width: png.width, height: png.height, pixels, description: `png:${png.depth}-bit ${colour}` };
}

function decodeJpeg(bytes: Uint8Array): LuminanceImage {
  const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: 200, maxMemoryUsageInMB: 1024 });
  const pixels = toLuma(img.data, img.width, img.height, 1 / 255);
  return { width: img.width, height: img.height, pixels, description: 'jpeg:8-bit' };
}

/** RGBA samples → BT.601 luma scaled to [0, 1]. */
function toLuma(rgba: ArrayLike<number>, width: number, height: number, scale: number): Float32Array {
  const n = width * height;
  if (rgba.length < n * 4) throw bug(`the raster decoder returned ${rgba.length} samples, expected ${n * 4}`, { width, height });
  const out = new Float32Array(n);
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    out[i] = (0.299 * (rgba[j] as number) + 0.587 * (rgba[j + 1] as number) + 0.114 * (rgba[j + 2] as number)) * scale;
  }
  return out;
}
