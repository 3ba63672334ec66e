/** Burns text (a 5×7 bitmap font: the letters and date characters markers need) into an image, as CR consoles do. */
import { bug } from '../../src-core/errors';

const GLYPHS: Record<string, string[]> = {
  A: ['01110', '10001', '10001', '11111', '10001', '10001', '10001'],
  B: ['11110', '10001', '10001', '11110', '10001', '10001', '11110'],
  E: ['11111', '10000', '10000', '11110', '10000', '10000', '11111'],
  L: ['10000', '10000', '10000', '10000', '10000', '10000', '11111'],
  O: ['01110', '10001', '10001', '10001', '10001', '10001', '01110'],
  P: ['11110', '10001', '10001', '11110', '10000', '10000', '10000'],
  R: ['11110', '10001', '10001', '11110', '10100', '10010', '10001'],
  T: ['11111', '00100', '00100', '00100', '00100', '00100', '00100'],
  ' ': ['00000', '00000', '00000', '00000', '00000', '00000', '00000'],
  '0': ['01110', '10001', '10011', '10101', '11001', '10001', '01110'],
  '1': ['00100', '01100', '00100', '00100', '00100', '00100', '01110'],
  '2': ['01110', '10001', '00001', '00010', '00100', '01000', '11111'],
  '-': ['00000', '00000', '00000', '11111', '00000', '00000', '00000'],
};

/** Draws `text` with its top-left corner at (x, y) pixels; returns the bounding box drawn. */
export function drawBurnedInText(pixels: Float32Array, size: number, text: string, x: number, y: number, scale: number, value = 1) {
  let cursor = x;
  for (const ch of text) {
    const glyph = GLYPHS[ch];
    if (!glyph) throw bug(`no glyph for "${ch}"`);
    glyph.forEach((row, gy) => {
      for (let gx = 0; gx < 5; gx++) {
        if (row[gx] !== '1') continue;
        for (let sy = 0; sy < scale; sy++) {
          for (let sx = 0; sx < scale; sx++) {
            const px = cursor + gx * scale + sx;
            const py = y + gy * scale + sy;
            if (px >= 0 && px < size && py >= 0 && py < size) pixels[py * size + px] = value;
          }
        }
      }
    });
    cursor += 6 * scale;
  }
  // Tight box: the last character's trailing one-column gap is not ink.
  return { x, y, width: Math.max(0, cursor - x - scale), height: 7 * scale };
}
