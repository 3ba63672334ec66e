/** Encodes a [0,1] float image as an 8-bit greyscale PNG (round(v × 255), clamped). */
import { PNG } from 'pngjs';

export function encodeGreyPng(pixels: Float32Array, width: number, height: number): Buffer {
  const png = new PNG({ width, height, colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
  const data = Buffer.alloc(width * height);
  for (let i = 0; i < data.length; i++) {
    const v = pixels[i]!;
    data[i] = v >= 1 ? 255 : v <= 0 || Number.isNaN(v) ? 0 : Math.round(v * 255);
  }
  png.data = data;
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
}
