/**
 * The entries of a zip archive (what `torch.save` writes since PyTorch 1.6), read from the central directory:
 * stored entries as views of the file, deflated ones inflated. Zip64 archives (over 4 GiB) are refused.
 */
import { inflateRawSync } from 'node:zlib';
import { HilumError } from '../../../src-core/errors';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

function bad(file: string, reason: string): HilumError {
  return new HilumError('MODEL_WEIGHTS', `${file}: not a readable zip checkpoint (${reason})`, { file, reason });
}

export function readZipEntries(bytes: Uint8Array, file: string): Map<string, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end record is in the last 22 + 65,535 (comment) bytes.
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === END_OF_CENTRAL_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) throw bad(file, 'no end-of-central-directory record');
  const count = view.getUint16(end + 10, true);
  const dirOffset = view.getUint32(end + 16, true);
  if (count === 0xffff || dirOffset === 0xffffffff) throw bad(file, 'zip64 archives are not supported');
  const entries = new Map<string, Uint8Array>();
  const decoder = new TextDecoder();
  let p = dirOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== CENTRAL_FILE_HEADER)
      throw bad(file, `central directory entry ${k} is damaged`);
    const method = view.getUint16(p + 10, true);
    const compressed = view.getUint32(p + 20, true);
    const size = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const local = view.getUint32(p + 42, true);
    const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength));
    if (compressed === 0xffffffff || size === 0xffffffff || local === 0xffffffff) throw bad(file, 'zip64 archives are not supported');
    if (local + 30 > bytes.length || view.getUint32(local, true) !== LOCAL_FILE_HEADER)
      throw bad(file, `local header of ${name} is damaged`);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (start + compressed > bytes.length) throw bad(file, `${name} runs past the end of the file`);
    const raw = bytes.subarray(start, start + compressed);
    if (method === 0) entries.set(name, raw);
    else if (method === 8) entries.set(name, new Uint8Array(inflateRawSync(raw)));
    else throw bad(file, `${name} uses compression method ${method}`);
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
