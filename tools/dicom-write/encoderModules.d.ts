// Module shapes of the wasm encoder builds (no bundled types); encodeWithWasmCodec.ts narrows what it uses.
declare module '@cornerstonejs/codec-charls/wasmjs' {
  const factory: (options?: object) => Promise<unknown>;
  export default factory;
}
declare module '@cornerstonejs/codec-openjpeg/wasmjs' {
  const factory: (options?: object) => Promise<unknown>;
  export default factory;
}
