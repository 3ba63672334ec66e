/** Test helper: draws upper-case text with a 5×7 bitmap font into a float image (for burned-in marker tests). */

const font: Record<string, string[]> = {
  L: ['10000', '10000', '10000', '10000', '10000', '10000', '11111'],
  R: ['11110', '10001', '10001', '11110', '10100', '10010', '10001'],
  P: ['11110', '10001', '10001', '11110', '10000', '10000', '10000'],
  O: ['01110', '10001', '10001', '10001', '10001', '10001', '01110'],
  T: ['11111', '00100', '00100', '00100', '00100', '00100', '00100'],
  A: ['01110', '10001', '10001', '11111', '10001', '10001', '10001'],
  B: ['11110', '10001', '10001', '11110', '10001', '10001', '11110'],
  E: ['11111', '10000', '10000', '11110', '10000', '10000', '11111'],
  '2': ['01110', '10001', '00001', '00010', '00100', '01000', '11111'],
  '0': ['01110', '10001', '10011', '10101', '11001', '10001', '01110'],
  '1': ['00100', '01100', '00100', '00100', '00100', '00100', '01110'],
  '-': ['00000', '00000', '00000', '11111', '00000', '00000', '00000'],
};

/** Draws `text` with its top-left at (x, y), each font pixel a scale×scale block; returns the bounding box. */
export function drawText(pixels: Float32Array, width: number, text: string, x: number, y: number, scale: number, value = 1): { x: number; y: number; width: number; height: number } {
  let cx = x;
  for (const ch of text) {
    const glyph = font[ch];
    if (!glyph) throw new Error(`no glyph for ${ch}`);
    glyph.forEach((row, gy) => {
      for (let gx = 0; gx < 5; gx++) {
        if (row[gx] !== '1') continue;
        for (let dy = 0; dy < scale; dy++) for (let dx = 0; dx < scale; dx++) pixels[(y + gy * scale + dy) * width + cx + gx * scale + dx] = value;
      }
    });
    cx += 6 * scale;
  }
  return { x, y, width: cx - x - scale, height: 7 * scale };
}
