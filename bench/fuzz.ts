/**
 * DICOM fuzzing at scale: seeded mutants (bit flips, truncation, bad lengths, deep nesting, meta
 * header damage, splices) of every shared real DICOM, decoded as jobs in the worker pool with a
 * per-file time cap. Prints the outcome counts; the reference line compares the typed-error rate with
 * DCMTK's `dcmdump` verdicts on a sample of the same mutants (how often a mature parser rejects them).
 * Usage: npm run bench -- fuzz [count=2000] [seed=1] [workers=2] [timeoutMs=15000]
 * A robustness count, not a timing benchmark: the wall time printed is of this one run, for context only.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkerHost } from '../src-main/worker/WorkerHost';
import { generateMutants, runDicomFuzz } from '../tools/fuzz/runDicomFuzz';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dicomDir = path.resolve(repoRoot, '../shared/data/dicom');

export default async function run(args: string[]): Promise<void> {
  const count = Number(args[0] ?? 2000);
  const seed = Number(args[1] ?? 1);
  const workers = Number(args[2] ?? 2);
  const timeoutMs = Number(args[3] ?? 15000);
  const index = fs.readFileSync(path.join(dicomDir, 'INDEX.tsv'), 'utf8').trim().split('\n').slice(1);
  const sources = index
    .map((l) => path.join(dicomDir, l.split('\t')[0]!))
    .map((file) => ({ file, bytes: new Uint8Array(fs.readFileSync(file)) }));
  const t0 = performance.now();
  const pool = new WorkerHost({ size: workers, maxHeapMb: 1024 });
  let s;
  try {
    s = await runDicomFuzz(
      sources,
      { seed, count, inFlight: workers * 4, size: 128 },
      (params) => pool.start('dicom.decodeProbe', params, { timeoutMs }).outcome,
    );
  } finally {
    await pool.close();
  }
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    `${s.mutants} mutants of ${sources.length} files, seed ${seed}, ${workers} worker thread(s), cap ${timeoutMs} ms/file, ${seconds.toFixed(1)} s`,
  );
  console.log('outcome                 count');
  for (const [k, v] of [
    ['decoded', s.ok],
    ['typed error', s.typedErrors],
    ['untyped error', s.untypedErrors],
    ['hang past cap', s.timeouts],
    ['worker crash', s.workerCrashes],
  ] as const) {
    console.log(`${k.padEnd(22)} ${String(v).padStart(6)}`);
  }
  console.log(
    '\nby code: ' +
      Object.entries(s.byCode)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
  );
  console.log(
    'by mutation: ' +
      Object.entries(s.byKind)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
  );
  for (const p of s.problems)
    console.log(`PROBLEM #${p.index} ${p.kind} (${p.detail}) of ${p.source}: ${JSON.stringify(p.outcome).slice(0, 300)}`);
  // Reference: DCMTK dcmdump on the first 200 mutants (same bytes), as a yardstick for how many are broken.
  const sample = generateMutants(sources, seed, Math.min(200, count));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-bench-fuzz-'));
  let dcmdumpRejects = 0;
  try {
    for (const m of sample) {
      const f = path.join(tmp, 'm.dcm');
      fs.writeFileSync(f, m.bytes);
      const r = spawnSync('dcmdump', ['-q', '+E', f], { timeout: timeoutMs });
      if (r.status !== 0) dcmdumpRejects++;
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const hilumRejects = s.outcomeByIndex.slice(0, sample.length).filter((o) => o !== 'ok').length;
  console.log(`\nhosts alive: 1/1 (this process); ingested-or-typed-error: ${(((s.ok + s.typedErrors) / s.mutants) * 100).toFixed(1)} %`);
  console.log(
    `on the same first ${sample.length} mutants: Hilum rejected ${hilumRejects}, DCMTK dcmdump (header parse only) rejected ${dcmdumpRejects} (ratio ${(hilumRejects / Math.max(1, dcmdumpRejects)).toFixed(2)})`,
  );
}
