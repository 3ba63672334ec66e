/**
 * On-disk cache of normalised pixels, keyed by content: SHA-256 of the file bytes together with
 * the preprocessing version, target size and aspect mode. Layout: `<cacheDir>/ab/abcdef….f32`.
 *
 * File format (little endian): magic "HLMPX001" (8 bytes), u32 header length H, H bytes of UTF-8
 * JSON (CachedImageHeader, padded with spaces to a multiple of 4), then width × height float32.
 * The JSON never holds PHI (no patient ID, name, birth date or institution).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { HilumError } from '../../src-core/errors';

// Bump it (in the job contract, which main also stores) when decoding, normalisation or resampling changes output: old entries are then ignored.
import { PREPROCESSING_VERSION } from '../../src-core/contracts/jobs/datasets';

export { PREPROCESSING_VERSION };
const MAGIC = 'HLMPX001';

export interface CachedImageHeader {
  width: number;
  height: number;
  sourceWidth: number;
  sourceHeight: number;
  contentHash: string;
  preprocessing: string;
  kind: 'png' | 'jpeg' | 'dicom';
  steps: string[];
  /** Non-PHI metadata worth keeping (DICOM view, sex, age, manufacturer...). */
  metadata: Record<string, string | number | boolean | null>;
}

export interface CachedImage {
  header: CachedImageHeader;
  pixels: Float32Array;
}

export function contentHashOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function cacheKeyOf(contentHash: string, size: number, aspect: 'pad' | 'stretch'): string {
  return createHash('sha256').update(`${contentHash}|${PREPROCESSING_VERSION}|${size}|${aspect}`).digest('hex');
}

export function cachePathOf(cacheDir: string, cacheKey: string): string {
  return path.join(cacheDir, cacheKey.slice(0, 2), `${cacheKey}.f32`);
}

export function writeCachedImage(cacheDir: string, cacheKey: string, image: CachedImage): string {
  const file = cachePathOf(cacheDir, cacheKey);
  mkdirSync(path.dirname(file), { recursive: true });
  let json = JSON.stringify(image.header);
  while (Buffer.byteLength(json) % 4 !== 0) json += ' ';
  const jsonBytes = Buffer.from(json, 'utf8');
  const out = Buffer.alloc(12 + jsonBytes.length + image.pixels.byteLength);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(jsonBytes.length, 8);
  jsonBytes.copy(out, 12);
  Buffer.from(image.pixels.buffer, image.pixels.byteOffset, image.pixels.byteLength).copy(out, 12 + jsonBytes.length);
  // Write then rename so a concurrent reader (another worker, a training epoch) never sees half a file.
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(tmp, out);
  renameSync(tmp, file);
  return file;
}

/** Returns the cached image, or null when absent; throws IO_ERROR when present but corrupt. */
export function readCachedImage(cacheDir: string, cacheKey: string): CachedImage | null {
  const file = cachePathOf(cacheDir, cacheKey);
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new HilumError('IO_ERROR', `${file}: cache entry unreadable (${(error as Error).message})`, { file });
  }
  return parseCachedImage(buf, file);
}

export function parseCachedImage(buf: Buffer, file: string): CachedImage {
  const corrupt = (why: string) => new HilumError('IO_ERROR', `${file}: corrupt cache entry (${why})`, { file });
  if (buf.length < 12 || buf.toString('latin1', 0, 8) !== MAGIC) throw corrupt('bad magic');
  const headerLength = buf.readUInt32LE(8);
  if (12 + headerLength > buf.length) throw corrupt('header longer than file');
  const header = JSON.parse(buf.toString('utf8', 12, 12 + headerLength)) as CachedImageHeader;
  const offset = 12 + headerLength;
  const expected = header.width * header.height * 4;
  if (buf.length - offset !== expected) throw corrupt(`pixel data is ${buf.length - offset} bytes, expected ${expected}`);
  const pixels = new Float32Array(header.width * header.height);
  new Uint8Array(pixels.buffer).set(buf.subarray(offset));
  return { header, pixels };
}
