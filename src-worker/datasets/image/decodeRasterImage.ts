/**
 * Decodes a PNG (1–16 bit, grey, grey+alpha, RGB, RGBA, palette) or an 8-bit baseline/progressive JPEG
 * into a luminance image in [0, 1]. RGB becomes luma with ITU-R BT.601 weights
 * (0.299 R + 0.587 G + 0.114 B, what PIL's convert('L') and OpenCV use). Alpha is ignored:
 * radiographs saved with alpha are opaque. Published PNG/JPEG chest datasets are already bone
 * bright, so no inversion is applied.
 * JPEG goes through libjpeg-turbo (wasm), the decoder DICOM JPEG Baseline uses too: one JPEG path for
 * 8-bit DCT. It decodes the 60 Kermany files checked sample-for-sample like PIL (which links libjpeg-turbo),
 * where jpeg-js differed by up to a grey level, and ~10× faster (measured once: bench/results/jpegDecode.md).
 */
import { PNG } from 'pngjs';
import { bug, HilumError } from '../../../src-core/errors';
import { sniffImageKind } from '../../../src-core/files/sniffImageKind';
import { loadCodec } from '../../dicom/codecs/loadCodec';
import { readJpegHeader } from '../../dicom/codecs/readCodestreamHeader';
import { runWasmDecoder } from '../../dicom/codecs/runWasmDecoder';

/** Larger than any radiograph (a 43 × 43 cm detector at 0.1 mm is 18.5 MP); refused before the decoder allocates. */
const MAX_MEGAPIXELS = 200;

export interface LuminanceImage {
  width: number;
  height: number;
  pixels: Float32Array;
  /** What was decoded, e.g. "png:16-bit grey" — recorded in the image's processing steps. */
  description: string;
}

export type RasterKind = 'png' | 'jpeg';

/** PNG or JPEG by signature (src-core's sniffImageKind, the check `predict` uses to skip non-images too). */
export function sniffRasterKind(bytes: Uint8Array): RasterKind | null {
  const kind = sniffImageKind(bytes);
  return kind === 'png' || kind === 'jpeg' ? kind : null;
}

export async function decodeRasterImage(bytes: Uint8Array, file: string): Promise<LuminanceImage> {
  const kind = sniffRasterKind(bytes);
  if (kind === null) throw new HilumError('IMAGE_DECODE', `${file}: not a PNG, JPEG or DICOM file`, { file });
  try {
    return kind === 'png' ? decodePng(bytes) : await decodeJpeg(bytes, file);
  } catch (error) {
    if (error instanceof HilumError) throw error; // our own checks already name the file and reason
    throw new HilumError(
      'IMAGE_DECODE',
      `${file}: ${kind.toUpperCase()} could not be decoded (${error instanceof Error ? error.message : `decoder exception ${String(error)}`})`,
      { file },
      { cause: error },
    );
  }
}

function decodePng(bytes: Uint8Array): LuminanceImage {
  // skipRescale keeps 16-bit samples as 0..65535 instead of rounding them to 8 bits.
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { skipRescale: true });
  const sixteen = png.depth === 16;
  const max = sixteen ? 65535 : 255;
  const data = png.data as unknown as ArrayLike<number>;
  const pixels = toLuma(data, png.width, png.height, 4, 1 / max);
  const colour = png.color ? 'colour' : 'grey';
  return { width: png.width, height: png.height, pixels, description: `png:${png.depth}-bit ${colour}` };
}

async function decodeJpeg(bytes: Uint8Array, file: string): Promise<LuminanceImage> {
  const refuse: (reason: string) => never = (reason) => {
    throw new HilumError('IMAGE_DECODE', `${file}: JPEG could not be decoded (${reason})`, { file, reason });
  };
  const header = readJpegHeader(bytes);
  if (!header) refuse('no JPEG frame header (SOF) found');
  if (header.precision !== 8) refuse(`${header.precision}-bit JPEG (only 8-bit raster JPEG is read; 12-bit comes in DICOM)`);
  if (header.components !== 1 && header.components !== 3) refuse(`${header.components} colour components (grey or RGB expected)`);
  if (header.width * header.height > MAX_MEGAPIXELS * 1e6) refuse(`${header.width}×${header.height} exceeds ${MAX_MEGAPIXELS} megapixels`);
  const codec = await loadCodec('libjpeg-turbo-8bit');
  if (!codec.JPEGDecoder) throw bug('libjpeg-turbo-8bit has no JPEGDecoder');
  const { bytes: samples, frameInfo } = runWasmDecoder(new codec.JPEGDecoder(), bytes);
  const { width, height, componentCount } = frameInfo;
  if (samples.length !== width * height * componentCount || (componentCount !== 1 && componentCount !== 3)) {
    refuse(`libjpeg-turbo returned ${samples.length} bytes for ${width}×${height}×${componentCount}`);
  }
  const pixels = toLuma(samples, width, height, componentCount, 1 / 255);
  return { width, height, pixels, description: `jpeg:8-bit ${componentCount === 1 ? 'grey' : 'colour'}` };
}

/** Interleaved samples (1 = grey, 3 = RGB, 4 = RGBA) → BT.601 luma scaled to [0, 1]. */
function toLuma(samples: ArrayLike<number>, width: number, height: number, channels: number, scale: number): Float32Array {
  const n = width * height;
  if (samples.length < n * channels)
    throw bug(`the raster decoder returned ${samples.length} samples, expected ${n * channels}`, { width, height });
  const out = new Float32Array(n);
  if (channels === 1) {
    for (let i = 0; i < n; i++) out[i] = (samples[i] as number) * scale;
    return out;
  }
  for (let i = 0, j = 0; i < n; i++, j += channels) {
    out[i] = (0.299 * (samples[j] as number) + 0.587 * (samples[j + 1] as number) + 0.114 * (samples[j + 2] as number)) * scale;
  }
  return out;
}
