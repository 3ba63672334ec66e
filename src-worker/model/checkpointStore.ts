/**
 * Run directory layout and crash-safe checkpoints. Each checkpoint is a fresh directory
 * checkpoints/epoch-NNNN/ (weights.safetensors in canonical layout, optim.safetensors with AdamW moments and
 * EMA / SWA copies, state.json); `last.json` points at the newest complete one and is replaced by an atomic
 * rename, so a kill -9 at any moment leaves either the old or the new checkpoint, never a torn one.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { HilumError } from '../../src-core/errors';
import { parseSafetensors } from '../../src-core/safetensors/parseSafetensors';
import { serializeSafetensors } from '../../src-core/safetensors/serializeSafetensors';
import type { NamedTensor } from '../../src-core/safetensors/types';

export interface CheckpointState {
  /** Epochs completed (the next epoch to run). */
  epoch: number;
  step: number;
  bestMetric: number | null;
  bestEpoch: number | null;
  swaCount: number;
  /** RNG state: every draw comes from streamSeed(seed, epoch, stream), so (seed, epoch) is the whole state. */
  rng: { seed: number; scheme: 'streamSeed(seed, epoch, stream)' };
  history: Array<Record<string, number | null>>;
}

/** The state of a run before its first epoch (what a fresh run starts from when there is no checkpoint to resume). */
export function initialCheckpointState(seed: number): CheckpointState {
  return {
    epoch: 0,
    step: 0,
    bestMetric: null,
    bestEpoch: null,
    swaCount: 0,
    rng: { seed, scheme: 'streamSeed(seed, epoch, stream)' },
    history: [],
  };
}

export function writeFileAtomic(file: string, bytes: Uint8Array | string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, file);
}

export function saveCheckpoint(
  outDir: string,
  state: CheckpointState,
  weights: Map<string, NamedTensor>,
  optim: Map<string, NamedTensor>,
  metadata: Record<string, string>,
): string {
  const rel = path.join('checkpoints', `epoch-${String(state.epoch).padStart(4, '0')}`);
  const dir = path.join(outDir, rel);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'weights.safetensors'), serializeSafetensors(weights, metadata));
  writeFileSync(path.join(dir, 'optim.safetensors'), serializeSafetensors(optim));
  writeFileSync(path.join(dir, 'state.json'), JSON.stringify(state, null, 1));
  const previous = readLastPointer(outDir);
  writeFileAtomic(path.join(outDir, 'last.json'), JSON.stringify({ dir: rel, epoch: state.epoch }));
  if (previous && previous.dir !== rel) rmSync(path.join(outDir, previous.dir), { recursive: true, force: true });
  return dir;
}

function readLastPointer(outDir: string): { dir: string; epoch: number } | undefined {
  const p = path.join(outDir, 'last.json');
  if (!existsSync(p)) return undefined;
  try {
    return JSON.parse(readFileSync(p, 'utf8')) as { dir: string; epoch: number };
  } catch (e) {
    throw new HilumError('IO_ERROR', `${p}: unreadable checkpoint pointer (${(e as Error).message})`, { file: p });
  }
}

export interface LoadedCheckpoint {
  dir: string;
  state: CheckpointState;
  weights: Map<string, NamedTensor>;
  optim: Map<string, NamedTensor>;
}

export function loadLastCheckpoint(outDir: string): LoadedCheckpoint | undefined {
  const ptr = readLastPointer(outDir);
  if (!ptr) return undefined;
  const dir = path.join(outDir, ptr.dir);
  const read = (f: string): Uint8Array => {
    try {
      return readFileSync(path.join(dir, f));
    } catch (e) {
      throw new HilumError('IO_ERROR', `${path.join(dir, f)}: checkpoint file unreadable (${(e as Error).message})`, {
        file: path.join(dir, f),
      });
    }
  };
  const state = JSON.parse(new TextDecoder().decode(read('state.json'))) as CheckpointState;
  const weights = new Map(
    [...parseSafetensors(read('weights.safetensors'), path.join(dir, 'weights.safetensors')).tensors].map(([k, v]) => [
      k,
      { shape: v.shape, data: v.data },
    ]),
  );
  const optim = new Map(
    [...parseSafetensors(read('optim.safetensors'), path.join(dir, 'optim.safetensors')).tensors].map(([k, v]) => [
      k,
      { shape: v.shape, data: v.data },
    ]),
  );
  return { dir, state, weights, optim };
}
