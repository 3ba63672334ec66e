/** Statistics of the grey values inside a PNG screenshot: how many distinct values, their spread. */
import { PNG } from 'pngjs';

export function pixelStats(png: Buffer): { distinct: number; mean: number; std: number; width: number; height: number } {
  const image = PNG.sync.read(png);
  const seen = new Set<number>();
  let sum = 0;
  let sumSq = 0;
  const n = image.width * image.height;
  for (let i = 0; i < n; i++) {
    const grey = (image.data[i * 4]! + image.data[i * 4 + 1]! + image.data[i * 4 + 2]!) / 3;
    seen.add(image.data[i * 4]! * 65536 + image.data[i * 4 + 1]! * 256 + image.data[i * 4 + 2]!);
    sum += grey;
    sumSq += grey * grey;
  }
  const mean = sum / n;
  return { distinct: seen.size, mean, std: Math.sqrt(Math.max(0, sumSq / n - mean * mean)), width: image.width, height: image.height };
}

/** Share of pixels whose grey value differs by more than `tolerance` between two same-size PNG screenshots. */
export function pixelDifference(a: Buffer, b: Buffer, tolerance = 8): number {
  const x = PNG.sync.read(a);
  const y = PNG.sync.read(b);
  if (x.width !== y.width || x.height !== y.height) return 1;
  let differing = 0;
  const n = x.width * x.height;
  for (let i = 0; i < n; i++) {
    const gx = (x.data[i * 4]! + x.data[i * 4 + 1]! + x.data[i * 4 + 2]!) / 3;
    const gy = (y.data[i * 4]! + y.data[i * 4 + 1]! + y.data[i * 4 + 2]!) / 3;
    if (Math.abs(gx - gy) > tolerance) differing++;
  }
  return differing / n;
}
