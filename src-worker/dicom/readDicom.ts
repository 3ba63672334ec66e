/** Parses a DICOM file's header and locates its pixel data, guarding every length against the bytes that remain. */
import { inflateRawSync } from 'node:zlib';
import dicomParser from 'dicom-parser';
import { HilumError } from '../../src-core/errors';
import { IMPLICIT_VR_LITTLE_ENDIAN, lookupTransferSyntax, type TransferSyntaxInfo } from '../../src-core/dicom/transferSyntaxes';
import { readMetaHeader } from './readMetaHeader';
import { resolveLimits, type DicomLimits } from './dicomLimits';

export interface DicomDataset {
  file: string;
  transferSyntaxUid: string;
  /** undefined when Hilum does not know the syntax (header still readable if it is explicit VR LE). */
  transferSyntax: TransferSyntaxInfo | undefined;
  hadPreamble: boolean;
  hadMetaHeader: boolean;
  /** How the transfer syntax was decided: from the meta header, or guessed (no meta header / no TS in it). */
  transferSyntaxSource: 'meta' | 'assumed-implicit' | 'detected-explicit';
  dataSet: dicomParser.DataSet;
  /** (7FE0,0010) element, or null when absent. */
  pixelData: dicomParser.Element | null;
  limits: DicomLimits;
}

function looksExplicit(bytes: Uint8Array, pos: number): boolean {
  const a = bytes[pos + 4];
  const b = bytes[pos + 5];
  return a !== undefined && b !== undefined && a >= 0x41 && a <= 0x5a && b >= 0x41 && b <= 0x5a;
}

function decideSyntax(
  bytes: Uint8Array,
  offset: number,
  metaUid: string | null,
): { uid: string; source: DicomDataset['transferSyntaxSource'] } {
  if (metaUid) return { uid: metaUid, source: 'meta' };
  if (looksExplicit(bytes, offset)) return { uid: '1.2.840.10008.1.2.1', source: 'detected-explicit' };
  return { uid: IMPLICIT_VR_LITTLE_ENDIAN, source: 'assumed-implicit' };
}

function inflateBody(body: Uint8Array, file: string, limits: DicomLimits): Uint8Array {
  try {
    return inflateRawSync(body, { maxOutputLength: limits.maxInflatedBytes });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') {
      throw new HilumError('DICOM_LIMIT', `${file}: deflated data set inflates past ${limits.maxInflatedBytes} bytes`, {
        file,
        limit: 'maxInflatedBytes',
      });
    }
    throw new HilumError('DICOM_PARSE', `${file}: deflated data set is corrupt (${(error as Error).message})`, { file }, { cause: error });
  }
}

function sequenceDepth(dataSet: dicomParser.DataSet, max: number, depth = 0): number {
  let deepest = depth;
  for (const element of Object.values(dataSet.elements)) {
    for (const item of element.items ?? []) {
      if (item.dataSet) deepest = Math.max(deepest, sequenceDepth(item.dataSet, max, depth + 1));
      if (deepest > max) return deepest;
    }
  }
  return deepest;
}

export function readDicom(bytes: Uint8Array, file: string, limitsIn?: Partial<DicomLimits>): DicomDataset {
  const limits = resolveLimits(limitsIn);
  if (bytes.length > limits.maxBytes) {
    throw new HilumError('DICOM_LIMIT', `${file}: ${bytes.length} bytes is more than the ${limits.maxBytes}-byte limit`, {
      file,
      limit: 'maxBytes',
      bytes: bytes.length,
    });
  }
  if (bytes.length < 8) throw new HilumError('DICOM_PARSE', `${file}: ${bytes.length} bytes is too short to be DICOM`, { file });
  const meta = readMetaHeader(bytes, file);
  const { uid, source } = decideSyntax(bytes, meta.dataSetOffset, meta.transferSyntaxUid);
  const syntax = lookupTransferSyntax(uid);
  let body = bytes;
  let offset = meta.dataSetOffset;
  if (syntax?.deflated) {
    body = inflateBody(bytes.subarray(offset), file, limits);
    offset = 0;
  }
  const littleEndian = syntax ? syntax.littleEndian : true;
  const explicitVr = syntax ? syntax.explicitVr : true;
  const parser = littleEndian ? dicomParser.littleEndianByteArrayParser : dicomParser.bigEndianByteArrayParser;
  const dataSet = new (dicomParser as unknown as { DataSet: new (p: unknown, b: Uint8Array, e: object) => dicomParser.DataSet }).DataSet(
    parser,
    body,
    {},
  );
  try {
    const stream = new dicomParser.ByteStream(parser, body, offset);
    if (explicitVr) dicomParser.parseDicomDataSetExplicit(dataSet, stream, body.length);
    else dicomParser.parseDicomDataSetImplicit(dataSet, stream, body.length);
  } catch (error) {
    const reason = error instanceof RangeError ? 'nesting too deep' : error instanceof Error ? error.message : String(error);
    throw new HilumError(
      'DICOM_PARSE',
      `${file}: data set could not be parsed (${reason})`,
      { file, transferSyntaxUid: uid },
      { cause: error },
    );
  }
  const depth = sequenceDepth(dataSet, limits.maxSequenceDepth);
  if (depth > limits.maxSequenceDepth) {
    throw new HilumError('DICOM_LIMIT', `${file}: sequences nested ${depth} deep (limit ${limits.maxSequenceDepth})`, {
      file,
      limit: 'maxSequenceDepth',
    });
  }
  const pixelData = dataSet.elements['x7fe00010'] ?? null;
  if (pixelData && !pixelData.encapsulatedPixelData && pixelData.dataOffset + pixelData.length > body.length) {
    throw new HilumError('DICOM_PARSE', `${file}: pixel data length ${pixelData.length} runs past the end of the file`, { file });
  }
  return {
    file,
    transferSyntaxUid: uid,
    transferSyntax: syntax,
    hadPreamble: meta.hadPreamble,
    hadMetaHeader: meta.hadMetaHeader,
    transferSyntaxSource: source,
    dataSet,
    pixelData,
    limits,
  };
}
