/**
 * Turns rendered attenuation into a site's stored pixel values: detector gamma, quantum-like
 * noise, optional blur, burned-in markers (patient-left "L", and "PORTABLE" on AP films), then
 * quantisation to the site's bit depth and MONOCHROME1 inversion where the site stores it so.
 */
import type { Random } from '../../src-core/random/createRng';
import { drawBurnedInText } from './drawBurnedInText';
import type { PhantomSite } from './phantomTypes';

export interface EncodedPhantom {
  stored: Uint16Array;
  maxValue: number;
  markers: string[];
}

export function encodePhantomPixels(
  attenuation: Float32Array,
  size: number,
  site: PhantomSite,
  view: 'PA' | 'AP',
  random: Random,
): EncodedPhantom {
  let display: Float32Array = new Float32Array(attenuation.length);
  const detector = site.gamma === 1 ? (v: number) => v : (v: number) => Math.pow(v, site.gamma);
  for (let i = 0; i < display.length; i += 2) {
    // Box–Muller gives two independent normals per pair of uniforms.
    const r = Math.sqrt(-2 * Math.log(Math.max(1e-12, random())));
    const t = 2 * Math.PI * random();
    display[i] = detector(attenuation[i] as number) + site.noise * r * Math.cos(t);
    if (i + 1 < display.length) display[i + 1] = detector(attenuation[i + 1] as number) + site.noise * r * Math.sin(t);
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

/** 3×3 box blur as two separable passes, edges averaged over the pixels that exist. */
function boxBlur(src: Float32Array, size: number): Float32Array {
  const tmp = new Float32Array(src.length);
  const out = new Float32Array(src.length);
  for (let y = 0; y < size; y++) {
    const row = y * size;
    for (let x = 0; x < size; x++) {
      const l = x > 0 ? 1 : 0;
      const r = x < size - 1 ? 1 : 0;
      tmp[row + x] =
        ((src[row + x] as number) + (l ? (src[row + x - 1] as number) : 0) + (r ? (src[row + x + 1] as number) : 0)) / (1 + l + r);
    }
  }
  for (let y = 0; y < size; y++) {
    const u = y > 0 ? 1 : 0;
    const d = y < size - 1 ? 1 : 0;
    for (let x = 0; x < size; x++) {
      const i = y * size + x;
      out[i] = ((tmp[i] as number) + (u ? (tmp[i - size] as number) : 0) + (d ? (tmp[i + size] as number) : 0)) / (1 + u + d);
    }
  }
  return out;
}
