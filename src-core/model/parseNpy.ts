/** Reads a NumPy .npy (v1–3) little-endian float32 / float64 / uint8 C-order array into float32. */
import { HilumError } from '../errors';

export interface NpyArray {
  shape: number[];
  data: Float32Array;
}

export function parseNpy(bytes: Uint8Array, file = '<memory>'): NpyArray {
  const fail = (reason: string): never => {
    throw new HilumError('DATASET_FORMAT', `${file}: not a readable .npy array: ${reason}`, { file, reason });
  };
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (bytes.length < 10 || !magic.every((m, i) => bytes[i] === m)) fail('missing the \\x93NUMPY magic');
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  if (start + headerLen > bytes.length) fail('header runs past the end of the file');
  const header = new TextDecoder().decode(bytes.subarray(start, start + headerLen));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeText === undefined) fail('header lacks descr, fortran_order or shape');
  if (fortran === 'True') fail('Fortran-ordered arrays are not supported');
  const shape = shapeText!
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const at = start + headerLen;
  const size = descr === '<f4' ? 4 : descr === '<f8' ? 8 : descr === '|u1' ? 1 : fail(`dtype ${descr} (readable: <f4, <f8, |u1)`);
  if (at + count * size > bytes.length) fail(`data shorter than shape [${shape.join(', ')}] needs`);
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    data[i] = size === 4 ? view.getFloat32(at + 4 * i, true) : size === 8 ? view.getFloat64(at + 8 * i, true) : bytes[at + i]!;
  }
  return { shape, data };
}
