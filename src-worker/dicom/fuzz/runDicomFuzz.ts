/** Runs seeded mutants of real DICOM files through runDicomBatchInWorker and tallies the outcomes. */
import { mutateDicom, seededRandom, type Mutant, type MutationKind } from './mutateDicom';
import { runDicomBatchInWorker, type BatchOutcome } from '../runDicomBatchInWorker';

export interface FuzzOptions {
  seed: number;
  count: number;
  batchSize: number;
  timeoutMs: number;
  /** Parallel worker threads (each runs its own batches). */
  workers?: number;
  size?: number;
}

export interface FuzzSummary {
  mutants: number;
  ok: number;
  typedErrors: number;
  untypedErrors: number;
  timeouts: number;
  workerCrashes: number;
  byCode: Record<string, number>;
  byKind: Record<string, number>;
  /** Outcome of mutant i: 'ok', an error code, 'timeout' or 'crash'. */
  outcomeByIndex: string[];
  /** Mutants that were neither decoded nor rejected with a typed error (first 20), reproducible by index. */
  problems: Array<{ index: number; source: string; kind: MutationKind; detail: string; outcome: BatchOutcome }>;
}

/** The mutants for a seed, in order: mutant i of (seed, sources) is always the same bytes. */
export function generateMutants(sources: Array<{ file: string; bytes: Uint8Array }>, seed: number, count: number): Array<Mutant & { index: number; source: string }> {
  const rand = seededRandom(seed);
  return Array.from({ length: count }, (_, index) => {
    const source = sources[Math.floor(rand() * sources.length)]!;
    const m = mutateDicom(source.bytes, rand);
    return { index, source: source.file, ...m };
  });
}

export async function runDicomFuzz(sources: Array<{ file: string; bytes: Uint8Array }>, options: FuzzOptions): Promise<FuzzSummary> {
  const mutants = generateMutants(sources, options.seed, options.count);
  const batches: Array<typeof mutants> = [];
  for (let i = 0; i < mutants.length; i += options.batchSize) batches.push(mutants.slice(i, i + options.batchSize));
  const summary: FuzzSummary = { mutants: mutants.length, ok: 0, typedErrors: 0, untypedErrors: 0, timeouts: 0, workerCrashes: 0, byCode: {}, byKind: {}, outcomeByIndex: new Array<string>(mutants.length).fill(''), problems: [] };
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      const outcomes = await runDicomBatchInWorker(
        batch.map((m) => ({ file: `${m.source}#mutant${m.index}`, bytes: m.bytes })),
        { timeoutMs: options.timeoutMs, decode: { size: options.size ?? 128 } },
      );
      outcomes.forEach((o, j) => {
        const m = batch[j]!;
        summary.byKind[m.kind] = (summary.byKind[m.kind] ?? 0) + 1;
        const key = o.status === 'error' || o.status === 'timeout' ? o.code : o.status;
        summary.byCode[key] = (summary.byCode[key] ?? 0) + 1;
        summary.outcomeByIndex[m.index] = key;
        let problem = false;
        if (o.status === 'ok') summary.ok++;
        else if (o.status === 'error' && o.typed) summary.typedErrors++;
        else if (o.status === 'error') (summary.untypedErrors++, (problem = true));
        else if (o.status === 'timeout') (summary.timeouts++, (problem = true));
        else (summary.workerCrashes++, (problem = true));
        if (problem && summary.problems.length < 20) summary.problems.push({ index: m.index, source: m.source, kind: m.kind, detail: m.detail, outcome: o });
      });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.workers ?? 1) }, lane));
  return summary;
}
