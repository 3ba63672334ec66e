/**
 * Runs seeded mutants of real DICOM files through `decode` and tallies the outcomes. The caller hands
 * in the worker pool's `dicom.decodeProbe` job (see test/worker/dicom/fuzz.test.ts): the pool's per-task
 * time limit is the per-file cap, and a mutant that hangs or kills its worker costs only that worker.
 */
import type { JobOutcome } from '../../src-core/contracts/jobs';
import { createRng } from '../../src-core/random/createRng';
import { mutateDicom, type Mutant, type MutationKind } from './mutateDicom';

export interface DecodeSummary {
  width: number;
  height: number;
  steps: string[];
  mean: number;
}

/** One mutant's decode, as the pool reports it. */
export type DecodeMutant = (params: { file: string; bytes: Uint8Array; size: number }) => Promise<JobOutcome<DecodeSummary>>;

export type BatchOutcome =
  | ({ file: string; status: 'ok' } & DecodeSummary)
  | { file: string; status: 'error'; code: string; message: string; typed: boolean }
  | { file: string; status: 'timeout'; code: 'DICOM_LIMIT'; message: string }
  | { file: string; status: 'crash'; message: string };

function toBatchOutcome(file: string, outcome: JobOutcome<DecodeSummary>): BatchOutcome {
  if (outcome.status === 'succeeded') return { file, status: 'ok', ...outcome.value };
  const { code, message } = outcome.error;
  if (code === 'TIMEOUT') return { file, status: 'timeout', code: 'DICOM_LIMIT', message: `${file}: ${message}` };
  if (code === 'WORKER_CRASHED' || code === 'WORKER_EXITED') return { file, status: 'crash', message };
  return { file, status: 'error', code, message, typed: code !== 'BUG' };
}

export interface FuzzOptions {
  seed: number;
  count: number;
  /** Mutants handed to the pool at once (the pool's size bounds how many decode in parallel). */
  inFlight?: number;
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
export function generateMutants(
  sources: Array<{ file: string; bytes: Uint8Array }>,
  seed: number,
  count: number,
): Array<Mutant & { index: number; source: string }> {
  const rand = createRng(seed).nextFloat;
  return Array.from({ length: count }, (_, index) => {
    const source = sources[Math.floor(rand() * sources.length)]!;
    const m = mutateDicom(source.bytes, rand);
    return { index, source: source.file, ...m };
  });
}

export async function runDicomFuzz(
  sources: Array<{ file: string; bytes: Uint8Array }>,
  options: FuzzOptions,
  decode: DecodeMutant,
): Promise<FuzzSummary> {
  const mutants = generateMutants(sources, options.seed, options.count);
  const batches: Array<typeof mutants> = [];
  const inFlight = Math.max(1, options.inFlight ?? 8);
  for (let i = 0; i < mutants.length; i += inFlight) batches.push(mutants.slice(i, i + inFlight));
  const summary: FuzzSummary = {
    mutants: mutants.length,
    ok: 0,
    typedErrors: 0,
    untypedErrors: 0,
    timeouts: 0,
    workerCrashes: 0,
    byCode: {},
    byKind: {},
    outcomeByIndex: new Array<string>(mutants.length).fill(''),
    problems: [],
  };
  for (const batch of batches) {
    const outcomes = await Promise.all(
      batch.map(async (m) => {
        const file = `${m.source}#mutant${m.index}`;
        return toBatchOutcome(file, await decode({ file, bytes: m.bytes, size: options.size ?? 128 }));
      }),
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
      if (problem && summary.problems.length < 20)
        summary.problems.push({ index: m.index, source: m.source, kind: m.kind, detail: m.detail, outcome: o });
    });
  }
  return summary;
}
