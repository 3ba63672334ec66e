/**
 * Reads a PyTorch `.pth` / `.pt` checkpoint (the zip format of torch.save since 1.6) into named float32 tensors
 * without executing it: the pickle goes through the restricted unpickler (unpickleTorch.ts), the tensors are
 * read from the archive's raw storages. A state dict nested under `model`, `state_dict` or `model_state`
 * (timm, MAE, torchvision training scripts) is found, and DataParallel's `module.` prefix dropped.
 */
import { readFileSync } from 'node:fs';
import { HilumError } from '../../../src-core/errors';
import { bf16ToFloat, halfToFloat } from '../../../src-core/safetensors/halfToFloat';
import type { NamedTensor } from '../../../src-core/safetensors/types';
import { readZipEntries } from './readZipEntries';
import { isTensorRef, STORAGE_TYPES, type TorchStorage, type TorchTensorRef, unpickleTorch } from './unpickleTorch';

type StorageType = (typeof STORAGE_TYPES)[number];

const ELEMENT_BYTES: Record<StorageType, number> = {
  FloatStorage: 4,
  HalfStorage: 2,
  BFloat16Storage: 2,
  DoubleStorage: 8,
  LongStorage: 8,
  IntStorage: 4,
  ShortStorage: 2,
  CharStorage: 1,
  ByteStorage: 1,
  BoolStorage: 1,
};

const NESTED_KEYS = ['model', 'state_dict', 'model_state', 'module'];

export interface TorchCheckpoint {
  tensors: Map<string, NamedTensor>;
  /** Entries that are not tensors (e.g. an epoch counter), and where the state dict was found. */
  notes: string[];
}

function elementReader(type: StorageType, view: DataView): (i: number) => number {
  const scratch = new DataView(new ArrayBuffer(4));
  switch (type) {
    case 'FloatStorage':
      return (i) => view.getFloat32(4 * i, true);
    case 'HalfStorage':
      return (i) => halfToFloat(view.getUint16(2 * i, true));
    case 'BFloat16Storage':
      return (i) => bf16ToFloat(view.getUint16(2 * i, true), scratch);
    case 'DoubleStorage':
      return (i) => view.getFloat64(8 * i, true);
    case 'LongStorage':
      return (i) => Number(view.getBigInt64(8 * i, true));
    case 'IntStorage':
      return (i) => view.getInt32(4 * i, true);
    case 'ShortStorage':
      return (i) => view.getInt16(2 * i, true);
    case 'CharStorage':
      return (i) => view.getInt8(i);
    case 'ByteStorage':
    case 'BoolStorage':
      return (i) => view.getUint8(i);
  }
}

/** Copies a strided view of a storage into a contiguous float32 array (state-dict tensors may be views). */
function materialise(t: TorchTensorRef, storages: Map<string, Uint8Array>, name: string, file: string): NamedTensor {
  const type = t.storage.type as StorageType;
  const data = storages.get(t.storage.key);
  if (!data)
    throw new HilumError('MODEL_WEIGHTS', `${file}: storage ${t.storage.key} of ${name} is missing from the archive`, { file, name });
  const elements = Math.floor(data.length / ELEMENT_BYTES[type]);
  const read = elementReader(type, new DataView(data.buffer, data.byteOffset, data.byteLength));
  const n = t.size.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  const index = new Array<number>(t.size.length).fill(0);
  for (let k = 0; k < n; k++) {
    let at = t.offset;
    for (let d = 0; d < index.length; d++) at += index[d]! * t.stride[d]!;
    if (at < 0 || at >= elements)
      throw new HilumError('MODEL_WEIGHTS', `${file}: ${name} reads past the end of its storage`, { file, name });
    out[k] = read(at);
    for (let d = index.length - 1; d >= 0; d--) {
      if (++index[d]! < t.size[d]!) break;
      index[d] = 0;
    }
  }
  return { shape: [...t.size], data: out };
}

function findStateDict(root: unknown, file: string, notes: string[]): Map<unknown, unknown> {
  if (!(root instanceof Map)) throw new HilumError('MODEL_WEIGHTS', `${file}: the checkpoint is not a dict of tensors`, { file });
  if ([...root.values()].some(isTensorRef)) return root;
  for (const key of NESTED_KEYS) {
    const inner = root.get(key);
    if (inner instanceof Map && [...inner.values()].some(isTensorRef)) {
      notes.push(`state dict read from the checkpoint's "${key}" entry`);
      return inner;
    }
  }
  throw new HilumError('MODEL_WEIGHTS', `${file}: no state dict of tensors found (top-level keys: ${[...root.keys()].join(', ')})`, {
    file,
  });
}

export function readTorchCheckpoint(file: string): TorchCheckpoint {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new HilumError('IO_ERROR', `${file}: cannot read weights (${(e as Error).message})`, { file });
  }
  if (bytes[0] === 0x80)
    throw new HilumError('UNSUPPORTED', `${file}: legacy torch.save format (before PyTorch 1.6); re-save it with a current torch.save`, {
      file,
    });
  const entries = readZipEntries(bytes, file);
  const pkl = [...entries.keys()].find((k) => k === 'data.pkl' || k.endsWith('/data.pkl'));
  if (!pkl) throw new HilumError('MODEL_WEIGHTS', `${file}: no data.pkl in the archive: not a torch.save checkpoint`, { file });
  const prefix = pkl.slice(0, -'data.pkl'.length);
  const byteorder = entries.get(`${prefix}byteorder`);
  if (byteorder && new TextDecoder().decode(byteorder).trim() !== 'little')
    throw new HilumError('UNSUPPORTED', `${file}: big-endian checkpoints are not supported`, { file });
  const storages = new Map<string, Uint8Array>();
  const root = unpickleTorch(entries.get(pkl)!, file, (pid): TorchStorage => {
    const [tag, type, key] = pid as [unknown, { name?: string } | undefined, unknown];
    const typeName = type?.name?.replace(/^torch\./, '');
    if (tag !== 'storage' || typeof key !== 'string' || !STORAGE_TYPES.includes(typeName as StorageType))
      throw new HilumError('MODEL_WEIGHTS', `${file}: unknown persistent id in the pickle`, { file });
    const data = entries.get(`${prefix}data/${key}`);
    if (data) storages.set(key, data);
    return { kind: 'storage', type: typeName!, key };
  });
  const notes: string[] = [];
  const tensors = new Map<string, NamedTensor>();
  for (const [key, value] of findStateDict(root, file, notes)) {
    const name = String(key).replace(/^module\./, '');
    if (isTensorRef(value)) tensors.set(name, materialise(value, storages, name, file));
    else notes.push(`${String(key)} is not a tensor: ignored`);
  }
  return { tensors, notes };
}
