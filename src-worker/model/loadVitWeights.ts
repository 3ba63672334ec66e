/** Reads a safetensors or PyTorch .pth file from disk (typed errors) and builds a VitModel from any supported layout. */
import { readFileSync } from 'node:fs';
import { HilumError } from '../../src-core/errors';
import { importCheckpoint, type ImportOptions, type ImportResult } from '../../src-core/model/importCheckpoint';
import type { VitConfig } from '../../src-core/model/vitConfig';
import { parseSafetensors } from '../../src-core/safetensors/parseSafetensors';
import type { SafetensorsFile } from '../../src-core/safetensors/types';
import { createRng } from '../../src-core/random/createRng';
import { readTorchCheckpoint } from './import/readTorchCheckpoint';
import { initVitParams } from './initVitParams';
import { VitModel } from './VitModel';

export function readSafetensorsFile(file: string): SafetensorsFile {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new HilumError('IO_ERROR', `${file}: cannot read weights (${(e as Error).message})`, { file });
  }
  return parseSafetensors(bytes, file);
}

/** Missing head tensors (MAE encoders, new tasks) are initialised from `seed`; everything else must fit. */
export function loadVitWeights(
  config: VitConfig,
  file: string,
  opts: ImportOptions & { seed?: number } = {},
): { model: VitModel; report: ImportResult; metadata: Record<string, string> } {
  // .pth / .pt: PyTorch's pickle format, read by the restricted unpickler (no code runs); anything else is safetensors.
  const torch = /\.(pth|pt)$/i.test(file) ? readTorchCheckpoint(file) : null;
  const st = torch ? { tensors: torch.tensors, metadata: {} } : readSafetensorsFile(file);
  const report = importCheckpoint(st.tensors, config, { ...opts, file });
  if (torch) report.notes.push(...torch.notes);
  const tensors = report.tensors;
  if (!tensors.has('head.weight')) {
    for (const [n, t] of initVitParams(config, createRng(opts.seed ?? 0), (n) => n.startsWith('head.'))) tensors.set(n, t);
    report.notes.push('head initialised fresh');
  }
  return { model: VitModel.fromCanonical(config, tensors), report, metadata: st.metadata };
}
