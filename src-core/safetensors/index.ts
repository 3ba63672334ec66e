/** safetensors reader/writer (pure, from/to Uint8Array). */
export * from './types';
export { parseSafetensors } from './parseSafetensors';
export { serializeSafetensors } from './serializeSafetensors';
export { halfToFloat } from './halfToFloat';
