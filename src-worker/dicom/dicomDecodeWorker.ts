/** worker_thread entry: decodes DICOM files sent by runDicomBatchInWorker and answers with a summary or a serialised error. */
import { parentPort } from 'node:worker_threads';
import { serializeError } from '../../src-core/errors';
import { loadDicomImage, type LoadDicomOptions } from './loadDicomImage';

export interface DecodeRequest {
  id: number;
  file: string;
  bytes: Uint8Array;
  options: LoadDicomOptions;
}

export type DecodeReply =
  | { id: number; ok: true; width: number; height: number; steps: string[]; mean: number }
  | { id: number; ok: false; error: ReturnType<typeof serializeError>; typed: boolean };

parentPort?.on('message', async (req: DecodeRequest) => {
  try {
    const img = await loadDicomImage(req.bytes, req.file, req.options);
    let sum = 0;
    for (const v of img.pixels) sum += v;
    const reply: DecodeReply = { id: req.id, ok: true, width: img.width, height: img.height, steps: img.steps, mean: sum / img.pixels.length };
    parentPort!.postMessage(reply);
  } catch (error) {
    const serialised = serializeError(error);
    const reply: DecodeReply = { id: req.id, ok: false, error: serialised, typed: serialised.code !== 'BUG' };
    parentPort!.postMessage(reply);
  }
});
