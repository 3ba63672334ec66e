/** The micro-batch a run trains with: chosen from the memory estimate when unset, refused when set and it cannot fit the wasm heap. */
import { HilumError } from '../errors';
import { estimateTrainingMemory, type MaeShape, WASM_TRAINING_BUDGET_BYTES } from './estimateTrainingMemory';
import type { VitConfig } from './vitConfig';

/** Larger micro-batches stop paying for themselves in tfjs-wasm (per-op overhead is already amortised). */
const MAX_DEFAULT_MICRO_BATCH = 8;

export interface MicroBatchRequest {
  model: VitConfig;
  batchSize: number;
  /** The config's own value; undefined = choose. */
  microBatch: number | undefined;
  backend: 'tensorflow' | 'webgpu' | 'wasm' | 'cpu' | undefined;
  /** A linear probe runs the encoder forward only (no tape), once, and trains the head alone: the estimate does not apply. */
  linearProbe: boolean;
  mae?: MaeShape;
  file: string | undefined;
}

const gib = (bytes: number): string => `${(bytes / 1024 ** 3).toFixed(2)} GiB`;

function describe(r: MicroBatchRequest): string {
  return `${r.mae ? 'MAE pretraining of ' : ''}a ${r.model.width}-wide, ${r.model.depth}-deep ViT at ${r.model.imageSize} px`;
}

export function resolveMicroBatch(r: MicroBatchRequest): number {
  // An unset backend is checked too: auto-selection ends on wasm wherever tfjs-node and WebGPU are absent.
  const heapLimited = !r.linearProbe && (r.backend === undefined || r.backend === 'wasm');
  const fits = (m: number): boolean => !heapLimited || estimateTrainingMemory(r.model, m, r.mae).peakBytes <= WASM_TRAINING_BUDGET_BYTES;
  const fitting = [...Array(r.batchSize).keys()].map((i) => i + 1).filter((m) => r.batchSize % m === 0 && fits(m));
  const largest = fitting.at(-1) ?? 0;
  const where = r.file ?? 'config';
  if (r.microBatch !== undefined) {
    if (fits(r.microBatch)) return r.microBatch;
    const peak = estimateTrainingMemory(r.model, r.microBatch, r.mae).peakBytes;
    throw new HilumError(
      'CONFIG_INVALID',
      `${where}: microBatch ${r.microBatch} needs about ${gib(peak)} for ${describe(r)}, more than the ${gib(WASM_TRAINING_BUDGET_BYTES)} ` +
        `the 4 GiB wasm heap allows (running out hangs training)` +
        (largest > 0
          ? `; the largest that fits and divides batchSize ${r.batchSize} is ${largest}`
          : '; no micro-batch fits: use linearProbe or a smaller model or image size') +
        ', or backend: tensorflow where tfjs-node is installed',
      { file: r.file, field: 'microBatch', estimatedBytes: peak, budgetBytes: WASM_TRAINING_BUDGET_BYTES, largestFitting: largest },
    );
  }
  const chosen = fitting.filter((m) => m <= MAX_DEFAULT_MICRO_BATCH).at(-1);
  if (chosen !== undefined) return chosen;
  const peak = estimateTrainingMemory(r.model, 1, r.mae).peakBytes;
  throw new HilumError(
    'CONFIG_INVALID',
    `${where}: model: ${describe(r)} needs about ${gib(peak)} even at microBatch 1, more than the ${gib(WASM_TRAINING_BUDGET_BYTES)} ` +
      'the 4 GiB wasm heap allows: use linearProbe, a smaller model or image size, or backend: tensorflow where tfjs-node is installed',
    { file: r.file, field: 'model', estimatedBytes: peak, budgetBytes: WASM_TRAINING_BUDGET_BYTES, largestFitting: 0 },
  );
}
