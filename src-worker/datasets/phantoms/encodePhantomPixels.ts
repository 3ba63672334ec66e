/**
 * Turns rendered attenuation into a site's stored pixel values: detector gamma, quantum-like
 * noise, optional blur, burned-in markers (patient-left "L", and "PORTABLE" on AP films), then
 * quantisation to the site's bit depth and MONOCHROME1 inversion where the site stores it so.
 */
import type { Random } from '../../../src-core/datasets/seededRandom';
import { drawBurnedInText } from './drawBurnedInText';
import type { PhantomSite } from './phantomTypes';

export interface EncodedPhantom {
  stored: Uint16Array;
  maxValue: number;
  markers: string[];
}

export function encodePhantomPixels(attenuation: Float32Array, size: number, site: PhantomSite, view: 'PA' | 'AP', random: Random): EncodedPhantom {
  let display: Float32Array = new Float32Array(attenuation.length);
  for (let i = 0; i < display.length; i += 2) {
    // Box–Muller gives two independent normals per pair of uniforms.
    const r = Math.sqrt(-2 * Math.log(Math.max(1e-12, random())));
    const t = 2 * Math.PI * random();
    display[i] = Math.pow(attenuation[i] as number, site.gamma) + site.noise * r * Math.cos(t);
    if (i + 1 < display.length) display[i + 1] = Math.pow(attenuation[i + 1] as number, site.gamma) + site.noise * r * Math.sin(t);
  }
  if (site.blur) display = boxBlur(display, size);
  const scale = Math.max(1, Math.round(size / 128));
  const markers = ['L'];
  // Patient's left is on the image right in the PA display convention.
  drawBurnedInText(display, size, 'L', size - 8 * scale, 4 * scale, scale, 1);
  if (view === 'AP') {
    drawBurnedInText(display, size, 'PORTABLE', 4 * scale, 4 * scale, scale, 1);
    markers.push('PORTABLE');
  }
  const maxValue = 2 ** site.bitsStored - 1;
  const stored = new Uint16Array(display.length);
  for (let i = 0; i < display.length; i++) {
    const q = Math.round(Math.min(1, Math.max(0, display[i] as number)) * maxValue);
    stored[i] = site.photometric === 'MONOCHROME1' ? maxValue - q : q;
  }
  return { stored, maxValue, markers };
}

function boxBlur(src: Float32Array, size: number): Float32Array {
  const out = new Float32Array(src.length);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let sum = 0;
      let n = 0;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= size) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= size) continue;
          sum += src[yy * size + xx] as number;
          n++;
        }
      }
      out[y * size + x] = sum / n;
    }
  }
  return out;
}
