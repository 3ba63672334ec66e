/** Type declarations for the codec packages, which ship none: each default export is an Emscripten factory. */
declare module '@cornerstonejs/codec-openjpeg/decodewasmjs' {
  const factory: (options?: object) => Promise<unknown>;
  export default factory;
}
declare module '@cornerstonejs/codec-openjph/wasmjs' {
  const factory: (options?: object) => Promise<unknown>;
  export default factory;
}
declare module '@cornerstonejs/codec-charls/decodewasmjs' {
  const factory: (options?: object) => Promise<unknown>;
  export default factory;
}
declare module '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs' {
  const factory: (options?: object) => Promise<unknown>;
  export default factory;
}
declare module 'jpeg-lossless-decoder-js' {
  /** Decodes a JPEG lossless (process 14) stream; ignores the point transform (Pt). */
  export class Decoder {
    constructor(buffer?: ArrayBuffer, numBytes?: number);
    decode(buffer: ArrayBuffer, offset: number, length: number, numBytes?: number): Uint8Array | Uint16Array;
  }
}
