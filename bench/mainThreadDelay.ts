/**
 * What the pool buys the app's main thread: the event-loop delay of this thread while every shared DICOM is
 * decoded for the viewer, (a) through the worker pool (`images.viewerPixels`, as the app does now) and (b) in
 * this thread (what `images.pixels` did before), interleaved, medians of `rounds` runs. The reference is (b).
 * Usage: npm run bench -- mainThreadDelay [rounds=3]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { WorkerHost } from '../src-main/worker/WorkerHost';
import { loadViewerImage } from '../src-worker/dicom/loadViewerImage';
import { medianOf } from './medianOf';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dicomDir = path.resolve(repoRoot, '../shared/data/dicom');

async function measured(work: () => Promise<void>): Promise<{ p99: number; max: number; seconds: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  // The histogram counts from its first sample: let the timer fire once before the work can block the loop.
  await new Promise((resolve) => setTimeout(resolve, 25));
  const t0 = performance.now();
  await work();
  const seconds = (performance.now() - t0) / 1000;
  // Let the sampling timer fire once more: a loop blocked until the end only records its delay then.
  await new Promise((resolve) => setTimeout(resolve, 25));
  histogram.disable();
  return { p99: histogram.percentile(99) / 1e6, max: histogram.max / 1e6, seconds };
}

export default async function run(args: string[]): Promise<void> {
  const rounds = Math.max(3, Number(args[0] ?? 3));
  const files = fs
    .readFileSync(path.join(dicomDir, 'INDEX.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => path.join(dicomDir, l.split('\t')[0]!));
  const pool = new WorkerHost();
  await pool.run('diagnostics.echo', { message: 'warm-up' });
  const results = {
    pool: [] as Array<{ p99: number; max: number; seconds: number }>,
    inThread: [] as Array<{ p99: number; max: number; seconds: number }>,
  };
  // Undecodable files are part of the workload (the viewer meets them too); their errors are ignored here.
  const ignore = () => undefined;
  try {
    for (let round = 0; round < rounds; round++) {
      results.pool.push(
        await measured(async () => {
          for (const file of files) await pool.run('images.viewerPixels', { file, studyId: 'bench' }).catch(ignore);
        }),
      );
      results.inThread.push(
        await measured(async () => {
          for (const file of files) await loadViewerImage(file).catch(ignore);
        }),
      );
    }
  } finally {
    await pool.close();
  }
  console.log(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(
        ' ',
      )}, ${os.availableParallelism()} cores; ${files.length} DICOM files decoded for the viewer per run, ${rounds} runs each, interleaved`,
  );
  console.log('where decoded            p99 delay ms   max delay ms   seconds (medians)');
  for (const [name, list] of [
    ['worker pool (now)', results.pool],
    ['this thread (before)', results.inThread],
  ] as const) {
    console.log(
      `${name.padEnd(24)} ${medianOf(list.map((r) => r.p99))
        .toFixed(1)
        .padStart(12)} ${medianOf(list.map((r) => r.max))
        .toFixed(1)
        .padStart(14)} ${medianOf(list.map((r) => r.seconds))
        .toFixed(2)
        .padStart(10)}`,
    );
  }
  console.log(
    `ratio of max delay (this thread / pool, medians): ${(medianOf(results.inThread.map((r) => r.max)) / medianOf(results.pool.map((r) => r.max))).toFixed(1)}×`,
  );
}
