/**
 * Imports one image file: read, hash, decode (PNG/JPEG here, DICOM through loadDicomImage),
 * resample to size × size, write to the pixel cache — or reuse the cache entry when the same
 * bytes were already processed with the same settings. Takes and returns plain data only, so
 * it can run unchanged inside a worker thread. Every expected failure comes back as
 * `{ ok: false, code, message }`; nothing is thrown for a bad file.
 */
import fs, { readFileSync } from 'node:fs';
import { HilumError } from '../../src-core/errors';
import type { DicomImageMetadata } from '../../src-core/dicom/types';
import { classifyEntry, describeSkip } from '../../src-core/files/classifyEntry';
import { decodeRasterImage, sniffRasterKind } from './image/decodeRasterImage';
import { resampleToSquare } from './image/resampleToSquare';
import { type CachedImageHeader, cacheKeyOf, contentHashOf, readCachedImage, writeCachedImage } from './pixelCache';
import { resolveInsideRoot } from './resolveInsideRoot';

export interface ImportOneFileParams {
  root: string;
  /** Relative to root, forward slashes. */
  sourcePath: string;
  cacheDir: string;
  size: number;
  aspect: 'pad' | 'stretch';
}

/** DICOM header fields the dataset layer needs; PHI here is raw and must be pseudonymised by the caller. */
export interface DicomFields {
  patientId: string | null;
  institution: string | null;
  viewPosition: string | null;
  sex: string | null;
  ageYears: number | null;
  modality: string | null;
  manufacturer: string | null;
  manufacturerModel: string | null;
  portable: boolean | null;
  photometricInterpretation: string | null;
  transferSyntaxUid: string | null;
  burnedInFlagged: boolean | null;
}

export type ImportOneFileResult =
  | {
      ok: true;
      sourcePath: string;
      contentHash: string;
      cacheKey: string;
      cacheHit: boolean;
      kind: 'png' | 'jpeg' | 'dicom';
      width: number;
      height: number;
      sourceWidth: number;
      sourceHeight: number;
      steps: string[];
      dicom: DicomFields | null;
    }
  | { ok: false; sourcePath: string; code: string; message: string };

export async function importOneFile(params: ImportOneFileParams): Promise<ImportOneFileResult> {
  const { sourcePath } = params;
  try {
    const file = resolveInsideRoot(params.root, sourcePath);
    const bytes = readSource(file, sourcePath);
    const contentHash = contentHashOf(bytes);
    const cacheKey = cacheKeyOf(contentHash, params.size, params.aspect);
    const cached = readCachedImage(params.cacheDir, cacheKey);
    const kind = sniffRasterKind(bytes) ?? 'dicom';
    if (cached) {
      // The cache holds no PHI, so DICOM identity is read again from the header (no pixel decode).
      const dicom = kind === 'dicom' ? await readDicomFieldsOnly(bytes, sourcePath, cached.header.metadata.burnedInFlagged) : null;
      return success(params, contentHash, cacheKey, true, cached.header, dicom);
    }
    // Decoders get the dataset-relative path so that messages (stored in quarantine) name the file without the root.
    const header =
      kind === 'dicom' ? await decodeDicom(bytes, sourcePath, params) : await decodeRaster(bytes, sourcePath, params, contentHash);
    writeCachedImage(params.cacheDir, cacheKey, { header: header.header, pixels: header.pixels });
    return success(params, contentHash, cacheKey, false, header.header, header.dicom);
  } catch (error) {
    if (error instanceof HilumError) return { ok: false, sourcePath, code: error.code, message: error.message };
    return { ok: false, sourcePath, code: 'BUG', message: `${sourcePath}: unexpected error (${(error as Error).message})` };
  }
}

function readSource(file: string, sourcePath: string): Uint8Array {
  // A label file may name a FIFO, socket, device or bad link: refused by lstat before any open (a FIFO's open blocks).
  const entry = classifyEntry(fs, file);
  if (entry.kind === 'skip' && entry.reason !== 'unreadable')
    throw new HilumError('NOT_REGULAR_FILE', describeSkip(sourcePath, entry.reason, entry.detail), { file, reason: entry.reason });
  if (entry.kind === 'folder') throw new HilumError('IO_ERROR', `${sourcePath}: is a folder, not an image file`, { file });
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new HilumError('DATASET_FILE_MISSING', `${sourcePath}: file named in the label file does not exist`, { file });
    throw new HilumError('IO_ERROR', `${sourcePath}: cannot be read (${(error as Error).message})`, { file });
  }
}

function success(
  params: ImportOneFileParams,
  contentHash: string,
  cacheKey: string,
  cacheHit: boolean,
  header: CachedImageHeader,
  dicom: DicomFields | null,
): ImportOneFileResult {
  return {
    ok: true,
    sourcePath: params.sourcePath,
    contentHash,
    cacheKey,
    cacheHit,
    kind: header.kind,
    width: header.width,
    height: header.height,
    sourceWidth: header.sourceWidth,
    sourceHeight: header.sourceHeight,
    steps: header.steps,
    dicom,
  };
}

interface Decoded {
  header: CachedImageHeader;
  pixels: Float32Array;
  dicom: DicomFields | null;
}

async function decodeRaster(bytes: Uint8Array, file: string, params: ImportOneFileParams, contentHash: string): Promise<Decoded> {
  const image = await decodeRasterImage(bytes, file);
  const out = resampleToSquare(image, params.size, params.aspect);
  const header: CachedImageHeader = {
    width: out.width,
    height: out.height,
    sourceWidth: image.width,
    sourceHeight: image.height,
    contentHash,
    preprocessing: `${params.size}|${params.aspect}`,
    kind: sniffRasterKind(bytes) as 'png' | 'jpeg',
    steps: [image.description, out.step],
    metadata: {},
  };
  return { header, pixels: out.pixels, dicom: null };
}

async function decodeDicom(bytes: Uint8Array, file: string, params: ImportOneFileParams): Promise<Decoded> {
  const { loadDicomImage } = await import('../dicom/loadDicomImage');
  const image = await loadDicomImage(bytes, file, { size: params.size, aspect: params.aspect });
  const dicom = dicomFields(image.metadata, image.burnedIn.flagged);
  const header: CachedImageHeader = {
    width: image.width,
    height: image.height,
    sourceWidth: image.metadata.columns,
    sourceHeight: image.metadata.rows,
    contentHash: contentHashOf(bytes),
    preprocessing: `${params.size}|${params.aspect}`,
    kind: 'dicom',
    steps: image.steps,
    metadata: nonPhiMetadata(dicom),
  };
  return { header, pixels: image.pixels, dicom };
}

async function readDicomFieldsOnly(bytes: Uint8Array, file: string, burnedIn: unknown): Promise<DicomFields> {
  const { readDicom } = await import('../dicom/readDicom');
  const { readImageMetadata } = await import('../dicom/readImageMetadata');
  return dicomFields(readImageMetadata(readDicom(bytes, file)), typeof burnedIn === 'boolean' ? burnedIn : null);
}

function dicomFields(m: DicomImageMetadata, burnedInFlagged: boolean | null): DicomFields {
  return {
    patientId: m.patientId,
    institution: m.institution,
    viewPosition: m.viewPosition,
    sex: m.sex,
    ageYears: m.ageYears,
    modality: m.modality,
    manufacturer: m.manufacturer,
    manufacturerModel: m.manufacturerModel,
    portable: m.portable,
    photometricInterpretation: m.photometricInterpretation,
    transferSyntaxUid: m.transferSyntaxUid,
    burnedInFlagged,
  };
}

function nonPhiMetadata(d: DicomFields): Record<string, string | number | boolean | null> {
  const { patientId: _p, institution: _i, ...rest } = d;
  return rest;
}
