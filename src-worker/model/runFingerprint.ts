/** Provenance stored with every run: data hash, code version (hash of the model/training sources), per-stream seeds. */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataSource } from '../../src-core/model/dataSource';

/** SHA-256 over every sample's pixels, targets and mask (or the sources' own fingerprints). */
export async function hashDataSources(sources: DataSource[]): Promise<string> {
  const h = createHash('sha256');
  for (const s of sources) {
    h.update(`size:${s.size};`);
    if (s.fingerprint) {
      h.update(`fp:${s.fingerprint};`);
      continue;
    }
    for (let i = 0; i < s.size; i++) {
      const x = await s.get(i);
      for (const a of [x.pixels, x.targets, x.mask]) h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    }
  }
  return h.digest('hex');
}

function listTs(dir: string, out: string[]): void {
  for (const e of readdirSync(dir).sort()) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) listTs(p, out);
    else if (p.endsWith('.ts')) out.push(p);
  }
}

let cachedVersion: string | undefined;
/** "model-src:<sha256 prefix>" over src-worker/model and src-core/model (the repo has no commit to name yet). */
export function codeVersion(): string {
  if (cachedVersion) return cachedVersion;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const files: string[] = [];
  listTs(here, files);
  listTs(path.resolve(here, '../../src-core/model'), files);
  const h = createHash('sha256');
  for (const f of files) h.update(path.basename(f)).update(readFileSync(f));
  cachedVersion = `model-src:${h.digest('hex').slice(0, 16)}`;
  return cachedVersion;
}

/** Independent seeds per (run seed, epoch, stream) so resuming at an epoch boundary replays the same draws. */
export function streamSeed(seed: number, epoch: number, stream: number): number {
  let h = 2166136261 >>> 0;
  for (const v of [seed, epoch, stream]) {
    h = Math.imul(h ^ (v >>> 0), 16777619) >>> 0;
    h = Math.imul(h ^ (h >>> 15), 2246822519) >>> 0;
  }
  return h >>> 0;
}
