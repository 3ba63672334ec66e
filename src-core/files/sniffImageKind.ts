/** What an input's first bytes say it is (DICOM, PNG, JPEG) or null: how a folder's README.txt or .DS_Store is told apart without decoding. */

export type ImageKind = 'dicom' | 'png' | 'jpeg';

/** Bytes to read from the start of a file: the 128-byte DICOM preamble plus "DICM". */
export const SNIFF_BYTES = 132;

function asciiAt(bytes: Uint8Array, at: number, text: string): boolean {
  if (bytes.length < at + text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

/**
 * PNG signature, JPEG SOI followed by a marker (FF D8 FF), or DICOM: "DICM" after the 128-byte preamble, "DICM" at the
 * start (preamble stripped), or a data set that starts with a group 0002 or 0008 tag (no preamble, no "DICM"), which the
 * DICOM reader accepts too (readMetaHeader).
 */
export function sniffImageKind(head: Uint8Array): ImageKind | null {
  if (head.length >= 8 && head[0] === 0x89 && asciiAt(head, 1, 'PNG')) return 'png';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (asciiAt(head, 128, 'DICM') || asciiAt(head, 0, 'DICM')) return 'dicom';
  // Little-endian tag (gggg,eeee): group 0x0002 (file meta) or 0x0008 (identifying) opens a bare data set.
  if (head.length >= 8 && head[1] === 0x00 && (head[0] === 0x02 || head[0] === 0x08)) return 'dicom';
  return null;
}
