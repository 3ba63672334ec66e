/**
 * Reads image dimensions from a JPEG (SOFn, SOS) or JPEG 2000 / HTJ2K (SIZ) codestream header,
 * so a decoder is never asked to allocate from dimensions that disagree with the DICOM header.
 */

export interface CodestreamHeader {
  width: number;
  height: number;
  components: number;
  precision: number;
  /** JPEG only: SOF marker (0xC0..0xCF) and the point transform Al of the first scan. */
  sofMarker?: number;
  pointTransform?: number;
}

export function readJpegHeader(data: Uint8Array): CodestreamHeader | null {
  if (data.length < 4 || data[0] !== 0xff || data[1] !== 0xd8) return null;
  let pos = 2;
  let header: CodestreamHeader | null = null;
  while (pos + 4 <= data.length) {
    if (data[pos] !== 0xff) return header;
    const marker = data[pos + 1]!;
    if (marker === 0xff) {
      pos += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      pos += 2;
      continue;
    }
    const length = (data[pos + 2]! << 8) | data[pos + 3]!;
    if (length < 2 || pos + 2 + length > data.length) return header;
    // SOF0..SOF15 (not DHT/JPG/DAC) and JPEG-LS SOF55 (0xF7).
    const isSof = (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) || marker === 0xf7;
    if (isSof && length >= 8) {
      header = {
        precision: data[pos + 4]!,
        height: (data[pos + 5]! << 8) | data[pos + 6]!,
        width: (data[pos + 7]! << 8) | data[pos + 8]!,
        components: data[pos + 9]!,
        sofMarker: marker,
      };
    } else if (marker === 0xda) {
      if (!header) return null;
      const ns = data[pos + 4]!;
      const alOffset = pos + 4 + 1 + 2 * ns + 2;
      if (alOffset < data.length) header.pointTransform = data[alOffset]! & 0x0f;
      return header;
    }
    pos += 2 + length;
  }
  return header;
}

export function readJ2kHeader(data: Uint8Array): CodestreamHeader | null {
  // Raw codestreams start with SOC (FF4F) then SIZ (FF51); JP2-wrapped ones hold it inside a box.
  const limit = Math.min(data.length - 40, 4096);
  for (let i = 0; i < limit; i++) {
    if (data[i] === 0xff && data[i + 1] === 0x4f && data[i + 2] === 0xff && data[i + 3] === 0x51) {
      const view = new DataView(data.buffer, data.byteOffset + i + 4);
      const xsiz = view.getUint32(4);
      const ysiz = view.getUint32(8);
      const xo = view.getUint32(12);
      const yo = view.getUint32(16);
      const csiz = view.getUint16(36);
      if (data.length < i + 4 + 38 + 3) return null;
      const ssiz = view.getUint8(38);
      return { width: xsiz - xo, height: ysiz - yo, components: csiz, precision: (ssiz & 0x7f) + 1 };
    }
  }
  return null;
}
