/**
 * Turns the base64 Float32 pixels of `images.pixels` into the narrowest typed array that holds them
 * exactly: integer data (almost every radiograph after a unit Modality LUT) become Uint16/Int16, which
 * every WebGL path can texture; anything fractional stays Float32.
 */
export function decodePixels(base64: string): Uint16Array | Int16Array | Float32Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const floats = new Float32Array(bytes.buffer, 0, bytes.length >>> 2);
  let integral = true;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < floats.length; i++) {
    const v = floats[i]!;
    if (!Number.isInteger(v)) {
      integral = false;
      break;
    }
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (integral && min >= 0 && max <= 65535) return Uint16Array.from(floats);
  if (integral && min >= -32768 && max <= 32767) return Int16Array.from(floats);
  return floats;
}
