/** Runs one Emscripten decoder on one frame, copies the output out of wasm memory, and always deletes the decoder. */
import type { FrameInfo, WasmDecoder } from './loadCodec';

export interface WasmDecodeResult {
  /** A copy owned by JS (wasm memory may move or be reused after delete()). */
  bytes: Uint8Array;
  frameInfo: FrameInfo;
  /** CharLS only: 0 none (planar output), 1 line-interleaved, 2 sample-interleaved. */
  interleaveMode?: number;
}

export function runWasmDecoder(decoder: WasmDecoder, encoded: Uint8Array): WasmDecodeResult {
  try {
    const input = decoder.getEncodedBuffer(encoded.length);
    input.set(encoded);
    decoder.decode();
    const frameInfo = { ...decoder.getFrameInfo() };
    const out = decoder.getDecodedBuffer();
    const interleaveMode = typeof decoder.getInterleaveMode === 'function' ? decoder.getInterleaveMode() : undefined;
    return { bytes: new Uint8Array(out), frameInfo, ...(interleaveMode === undefined ? {} : { interleaveMode }) };
  } finally {
    decoder.delete();
  }
}
