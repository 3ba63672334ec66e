/**
 * Decodes a batch of DICOM files in one worker_thread with a per-file time cap. This is how the
 * time limit is enforced: loadDicomImage runs synchronous codec code that cannot be interrupted,
 * so the host arms a timer per file and, when it fires, terminates the whole worker (the file is
 * reported as DICOM_LIMIT "time"), then starts a fresh worker for the rest of the batch. A worker
 * that dies (wasm abort, out of memory under resourceLimits) reports its file as a crash and is
 * replaced the same way; the host process never runs decoder code itself.
 */
import { Worker } from 'node:worker_threads';
import type { LoadDicomOptions } from './loadDicomImage';
import type { DecodeReply, DecodeRequest } from './dicomDecodeWorker';

export interface BatchItem {
  file: string;
  bytes: Uint8Array;
}

export type BatchOutcome =
  | { file: string; status: 'ok'; width: number; height: number; steps: string[]; mean: number }
  | { file: string; status: 'error'; code: string; message: string; typed: boolean }
  | { file: string; status: 'timeout'; code: 'DICOM_LIMIT'; message: string }
  | { file: string; status: 'crash'; message: string };

export interface BatchOptions {
  timeoutMs: number;
  decode: LoadDicomOptions;
  /** V8 heap cap for the worker, in MB (typed-array pixel buffers are bounded by DicomLimits.maxPixels). */
  maxOldGenerationSizeMb?: number;
}

function startWorker(heapMb: number): Worker {
  const entry = new URL('./dicomDecodeWorker', import.meta.url);
  const tsEntry = new URL('./dicomDecodeWorker.ts', import.meta.url);
  // Under tsx/vitest the source is TypeScript: register tsx inside the worker before importing the entry.
  const isTs = import.meta.url.endsWith('.ts');
  const code = isTs
    ? `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(tsEntry.href)}); });`
    : `import(${JSON.stringify(entry.href + '.js')});`;
  return new Worker(code, { eval: true, resourceLimits: { maxOldGenerationSizeMb: heapMb }, stdout: true, stderr: true });
}

export async function runDicomBatchInWorker(items: BatchItem[], options: BatchOptions): Promise<BatchOutcome[]> {
  const outcomes: BatchOutcome[] = [];
  let worker: Worker | null = null;
  const heapMb = options.maxOldGenerationSizeMb ?? 1024;
  try {
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      worker ??= startWorker(heapMb);
      const w: Worker = worker;
      const outcome = await new Promise<BatchOutcome>((resolve) => {
        const timer = setTimeout(() => {
          cleanup();
          resolve({ file: item.file, status: 'timeout', code: 'DICOM_LIMIT', message: `${item.file}: decoding ran past the ${options.timeoutMs} ms time limit` });
        }, options.timeoutMs);
        const onMessage = (reply: DecodeReply): void => {
          if (reply.id !== i) return;
          cleanup();
          resolve(reply.ok ? { file: item.file, status: 'ok', width: reply.width, height: reply.height, steps: reply.steps, mean: reply.mean } : { file: item.file, status: 'error', code: reply.error.code, message: reply.error.message, typed: reply.typed });
        };
        const onError = (error: Error): void => {
          cleanup();
          resolve({ file: item.file, status: 'crash', message: error.message });
        };
        const onExit = (code: number): void => {
          cleanup();
          resolve({ file: item.file, status: 'crash', message: `worker exited with code ${code}` });
        };
        const cleanup = (): void => {
          clearTimeout(timer);
          w.off('message', onMessage);
          w.off('error', onError);
          w.off('exit', onExit);
        };
        w.on('message', onMessage);
        w.on('error', onError);
        w.on('exit', onExit);
        const request: DecodeRequest = { id: i, file: item.file, bytes: item.bytes, options: options.decode };
        w.postMessage(request);
      });
      if (outcome.status === 'timeout' || outcome.status === 'crash') {
        await worker.terminate();
        worker = null;
      }
      outcomes.push(outcome);
    }
  } finally {
    if (worker) await worker.terminate();
  }
  return outcomes;
}
