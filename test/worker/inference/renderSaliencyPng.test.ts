// The saliency overlay on known inputs: grey where heat is below 0.2, red–yellow blend where high, bilinear heat between grid cells, edges clamped.
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { renderSaliencyPng } from '../../../src-worker/inference/renderSaliencyPng';

const rgbAt = (png: PNG, x: number, y: number): number[] => {
  const i = 4 * (y * png.width + x);
  return [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
};

describe('renderSaliencyPng', () => {
  it('blends a 2×2 heat map over a uniform grey image at 256 px', () => {
    const pixels = new Float32Array(64 * 64).fill(0.5);
    const png = PNG.sync.read(renderSaliencyPng(pixels, 64, Float32Array.from([0, 0, 0, 1]), 2));
    expect([png.width, png.height]).toEqual([256, 256]);
    // Grey 0.5 → 128; no heat at the top-left corner, nor at (100, 100) where the bilinear heat is 0.285² ≈ 0.08 < 0.2.
    expect(rgbAt(png, 0, 0)).toEqual([128, 128, 128]);
    expect(rgbAt(png, 100, 100)).toEqual([128, 128, 128]);
    // Bottom-right: heat clamps to 1 → alpha 0.6: (0.4·128 + 0.6·255, same, 0.4·128).
    expect(rgbAt(png, 255, 255)).toEqual([204, 204, 51]);
    // Centre: u = v = 0.50390625, heat = u·v = 0.2539 → alpha 0.1524 (values worked out by hand).
    expect(rgbAt(png, 128, 128)).toEqual([147, 111, 108]);
  });
});
