/** Reads the preamble and the group-0002 File Meta Information, never past (0002,0000)'s declared length. */
import { HilumError } from '../../src-core/errors';

export interface MetaHeader {
  hadPreamble: boolean;
  hadMetaHeader: boolean;
  /** Transfer syntax read inside the meta group, or null when there is none. */
  transferSyntaxUid: string | null;
  /** Offset of the first byte of the data set proper. */
  dataSetOffset: number;
}

const longVrs = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

function isVrAt(bytes: Uint8Array, pos: number): boolean {
  const a = bytes[pos];
  const b = bytes[pos + 1];
  return a !== undefined && b !== undefined && a >= 0x41 && a <= 0x5a && b >= 0x41 && b <= 0x5a;
}

function readAscii(bytes: Uint8Array, start: number, length: number): string {
  let s = '';
  for (let i = start; i < start + length; i++) s += String.fromCharCode(bytes[i]!);
  return s.replace(/[\0 ]+$/, '');
}

/** True if the bytes at `pos` look like an explicit-VR element tag of group 0002. */
function startsMetaGroup(bytes: Uint8Array, pos: number): boolean {
  return bytes.length >= pos + 8 && bytes[pos] === 0x02 && bytes[pos + 1] === 0x00 && isVrAt(bytes, pos + 4);
}

export function readMetaHeader(bytes: Uint8Array, file: string): MetaHeader {
  let pos = 0;
  let hadPreamble = false;
  if (bytes.length >= 132 && readAscii(bytes, 128, 4) === 'DICM') {
    pos = 132;
    hadPreamble = true;
  } else if (bytes.length >= 4 && readAscii(bytes, 0, 4) === 'DICM') {
    pos = 4;
  }
  if (!startsMetaGroup(bytes, pos)) {
    if (hadPreamble) throw new HilumError('DICOM_PARSE', `${file}: "DICM" found but no File Meta Information follows`, { file });
    return { hadPreamble, hadMetaHeader: false, transferSyntaxUid: null, dataSetOffset: pos };
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let metaEnd: number | null = null;
  let transferSyntaxUid: string | null = null;
  while (pos + 8 <= bytes.length) {
    if (metaEnd !== null && pos === metaEnd) break;
    // A group length that does not land on an element boundary is wrong: stop trusting it and
    // walk group 0002 element by element instead (the walk still ends at the first non-0002 tag).
    if (metaEnd !== null && pos > metaEnd) metaEnd = null;
    const group = view.getUint16(pos, true);
    if (group !== 0x0002) break;
    const element = view.getUint16(pos + 2, true);
    if (!isVrAt(bytes, pos + 4))
      throw new HilumError('DICOM_PARSE', `${file}: meta element (0002,${element.toString(16).padStart(4, '0')}) has no explicit VR`, {
        file,
      });
    const vr = readAscii(bytes, pos + 4, 2);
    let length: number;
    let valueStart: number;
    if (longVrs.has(vr)) {
      if (pos + 12 > bytes.length) break;
      length = view.getUint32(pos + 8, true);
      valueStart = pos + 12;
    } else {
      length = view.getUint16(pos + 6, true);
      valueStart = pos + 8;
    }
    if (length === 0xffffffff || valueStart + length > bytes.length) {
      throw new HilumError(
        'DICOM_PARSE',
        `${file}: meta element (0002,${element.toString(16).padStart(4, '0')}) length ${length} runs past the end of the file`,
        { file },
      );
    }
    if (element === 0x0000 && length === 4) {
      const declared = view.getUint32(valueStart, true);
      // The group length counts bytes after this element; a value past the end of the file is a lie we do not follow.
      if (valueStart + 4 + declared <= bytes.length) metaEnd = valueStart + 4 + declared;
    } else if (element === 0x0010) {
      transferSyntaxUid = readAscii(bytes, valueStart, length);
    }
    pos = valueStart + length;
  }
  return { hadPreamble, hadMetaHeader: true, transferSyntaxUid, dataSetOffset: pos };
}
