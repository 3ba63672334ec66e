/**
 * Lossless JPEG-LS (CharLS) and JPEG 2000 (OpenJPEG) encoding of one frame with the wasm codecs the
 * product already ships for decoding; their encoder builds are the `wasmjs` entries of the same packages.
 */
/// <reference path="./encoderModules.d.ts" />
import { bug } from '../../src-core/errors';
import charlsFactory from '@cornerstonejs/codec-charls/wasmjs';
import openjpegFactory from '@cornerstonejs/codec-openjpeg/wasmjs';

export interface WasmFrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned: boolean;
}

interface WasmEncoder {
  getDecodedBuffer(info: WasmFrameInfo & { isUsingColorTransform: boolean }): Uint8Array;
  encode(): void;
  getEncodedBuffer(): Uint8Array;
  delete(): void;
  setNearLossless?(value: number): void;
  setQuality?(lossless: boolean, quality: number): void;
}
type EncoderModule = { JpegLSEncoder?: new () => WasmEncoder; J2KEncoder?: new () => WasmEncoder };
type Factory = (options: object) => Promise<EncoderModule>;

const modules = new Map<string, Promise<EncoderModule>>();
function loadModule(name: 'charls' | 'openjpeg'): Promise<EncoderModule> {
  let m = modules.get(name);
  if (!m) {
    // Emscripten prints codec diagnostics through print/printErr; keep them off the tool's JSON output.
    m = ((name === 'charls' ? charlsFactory : openjpegFactory) as unknown as Factory)({ print: () => {}, printErr: () => {} });
    modules.set(name, m);
  }
  return m;
}

/** `frame` holds the samples as stored (little-endian, 1 or 2 bytes each); the result is one codestream. */
export async function encodeWithWasmCodec(codec: 'jpeg-ls' | 'jpeg2000', frame: Uint8Array, info: WasmFrameInfo): Promise<Uint8Array> {
  const module = await loadModule(codec === 'jpeg-ls' ? 'charls' : 'openjpeg');
  const Encoder = codec === 'jpeg-ls' ? module.JpegLSEncoder : module.J2KEncoder;
  if (!Encoder) throw bug(`the ${codec} wasm module has no encoder`);
  const encoder = new Encoder();
  try {
    encoder.getDecodedBuffer({ ...info, isUsingColorTransform: false }).set(frame);
    if (codec === 'jpeg-ls') encoder.setNearLossless?.(0);
    else encoder.setQuality?.(true, 0);
    encoder.encode();
    // Copy out of wasm memory before the encoder is deleted.
    return Uint8Array.from(encoder.getEncodedBuffer());
  } finally {
    encoder.delete();
  }
}
