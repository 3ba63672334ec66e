/** CI-sized fuzz: 150 seeded mutants of the shared real DICOMs, decoded as jobs in the worker pool with a per-file time cap. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WorkerHost } from '../../../src-main/worker/WorkerHost';
import { runDicomFuzz } from '../../../tools/fuzz/runDicomFuzz';
import { createRng } from '../../../src-core/random/createRng';
import { mutateDicom, mutationKinds } from '../../../tools/fuzz/mutateDicom';
import { sharedDataDir } from '../../helpers/paths';

const dicomDir = path.join(sharedDataDir, 'dicom');
// Files under 600 kB keep the CI run to a few seconds; bench/fuzz.ts uses all of them.
const sources = fs
  .readFileSync(path.join(dicomDir, 'INDEX.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => path.join(dicomDir, l.split('\t')[0]!))
  .filter((f) => fs.statSync(f).size < 600_000)
  .map((file) => ({ file, bytes: new Uint8Array(fs.readFileSync(file)) }));

// Decoded in the worker pool with a 1 GiB heap cap per worker; typed-array pixel buffers are bounded by DicomLimits.maxPixels.
const pool = new WorkerHost({ size: 2, maxHeapMb: 1024 });
afterAll(() => pool.close());

describe('DICOM fuzzing', () => {
  it('the mutator is deterministic per seed and never changes its source', () => {
    const src = sources[0]!.bytes;
    const before = Uint8Array.from(src);
    const a = mutateDicom(src, createRng(7).nextFloat);
    const b = mutateDicom(src, createRng(7).nextFloat);
    expect(a.kind).toBe(b.kind);
    expect(Buffer.compare(Buffer.from(a.bytes), Buffer.from(b.bytes))).toBe(0);
    expect(Buffer.compare(Buffer.from(src), Buffer.from(before))).toBe(0);
    for (const kind of mutationKinds) expect(mutateDicom(src, createRng(1).nextFloat, kind).bytes.length).toBeGreaterThanOrEqual(0);
  });

  it('150 mutants: every one is ingested or rejected with a typed error; no hang past the cap, no worker crash', async () => {
    const summary = await runDicomFuzz(
      sources,
      { seed: 20261125, count: 150 },
      (params) => pool.start('dicom.decodeProbe', params, { timeoutMs: 15_000 }).outcome,
    );
    expect(summary.mutants).toBe(150);
    expect(summary.problems).toEqual([]);
    expect(summary.untypedErrors).toBe(0);
    expect(summary.timeouts).toBe(0);
    expect(summary.workerCrashes).toBe(0);
    expect(summary.ok + summary.typedErrors).toBe(150);
    // The mutants must exercise both paths, or the test proves nothing.
    expect(summary.ok).toBeGreaterThan(10);
    expect(summary.typedErrors).toBeGreaterThan(10);
    expect(Object.keys(summary.byKind).length).toBe(mutationKinds.length);
  }, 120_000);
});
