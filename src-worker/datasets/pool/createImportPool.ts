/**
 * A pool of worker_threads that decode and cache files (importOneFile) in parallel, so an import
 * uses every core while the orchestrator streams records and writes the store. Files are handed
 * to the least-busy thread; a thread that dies fails its files as WORKER_CRASHED results rather
 * than losing them.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ImportOneFileParams, ImportOneFileResult } from '../importOneFile';

export interface ImportPool {
  importOne(params: ImportOneFileParams): Promise<ImportOneFileResult>;
  close(): Promise<void>;
}

interface Slot {
  worker: Worker;
  pending: Map<number, { params: ImportOneFileParams; resolve: (r: ImportOneFileResult) => void }>;
}

const entry = fileURLToPath(new URL('./importPoolBootstrap.mjs', import.meta.url));

export function createImportPool(threads: number): ImportPool {
  let nextId = 0;
  const slots: Slot[] = Array.from({ length: Math.max(1, threads) }, () => startSlot());

  function startSlot(): Slot {
    const slot: Slot = { worker: new Worker(entry), pending: new Map() };
    slot.worker.on('message', (m: { id: number; result: ImportOneFileResult }) => {
      slot.pending.get(m.id)?.resolve(m.result);
      slot.pending.delete(m.id);
    });
    const failAll = (why: string) => {
      for (const [, p] of slot.pending) p.resolve({ ok: false, sourcePath: p.params.sourcePath, code: 'WORKER_CRASHED', message: `${p.params.sourcePath}: import thread failed (${why})` });
      slot.pending.clear();
    };
    slot.worker.on('error', (e) => failAll(e.message));
    slot.worker.on('exit', (code) => failAll(`exited with code ${code}`));
    return slot;
  }

  return {
    importOne(params) {
      const slot = slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
      const id = nextId++;
      return new Promise((resolve) => {
        slot.pending.set(id, { params, resolve });
        slot.worker.postMessage({ id, params });
      });
    },
    async close() {
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
