/** Test helper: encodes a greyscale frame as an HTJ2K codestream with openjph's own encoder (no Debian tool writes HTJ2K). */
import { loadCodec } from '../../../../src-worker/dicom/codecs/loadCodec';

export async function encodeHtj2k(samples: Uint16Array, width: number, height: number, bitsPerSample: number): Promise<Uint8Array> {
  const mod = await loadCodec('openjph');
  if (!mod.HTJ2KEncoder) throw new Error('openjph exposes no HTJ2KEncoder');
  const enc = new mod.HTJ2KEncoder();
  try {
    const frameInfo = { width, height, bitsPerSample, componentCount: 1, isSigned: false, isUsingColorTransform: false };
    const input: Uint8Array = enc.getDecodedBuffer(frameInfo);
    new Uint16Array(input.buffer, input.byteOffset, width * height).set(samples);
    enc.encode();
    return new Uint8Array(enc.getEncodedBuffer());
  } finally {
    enc.delete();
  }
}
