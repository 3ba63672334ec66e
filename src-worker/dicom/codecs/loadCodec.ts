/** Loads each Emscripten codec module once per thread; decoders are created per image and deleted after (never reused). */
/// <reference path="./codecModules.d.ts" />

/* eslint-disable @typescript-eslint/no-explicit-any */
export interface FrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned?: boolean;
}

export interface WasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  getFrameInfo(): FrameInfo;
  decode(): void;
  delete(): void;
  getInterleaveMode?(): number;
}

export interface CodecModule {
  J2KDecoder?: new () => WasmDecoder;
  HTJ2KDecoder?: new () => WasmDecoder;
  HTJ2KEncoder?: new () => any;
  JpegLSDecoder?: new () => WasmDecoder;
  JPEGDecoder?: new () => WasmDecoder;
}

export type CodecName = 'openjpeg' | 'openjph' | 'charls' | 'libjpeg-turbo-8bit';

const loaders: Record<CodecName, () => Promise<{ default: (arg?: object) => Promise<CodecModule> }>> = {
  openjpeg: () => import('@cornerstonejs/codec-openjpeg/decodewasmjs') as any,
  openjph: () => import('@cornerstonejs/codec-openjph/wasmjs') as any,
  charls: () => import('@cornerstonejs/codec-charls/decodewasmjs') as any,
  'libjpeg-turbo-8bit': () => import('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs') as any,
};

const cache = new Map<CodecName, Promise<CodecModule>>();

export function loadCodec(name: CodecName): Promise<CodecModule> {
  let p = cache.get(name);
  if (!p) {
    // Emscripten prints decoder diagnostics to stderr through print/printErr; keep them out of CLI JSON output.
    p = loaders[name]().then((m) => m.default({ print: () => {}, printErr: () => {} }));
    cache.set(name, p);
  }
  return p;
}
