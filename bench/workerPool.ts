/**
 * Worker round trip: a `diagnostics.echo` job through a reused pool worker (the pool keeps its threads)
 * against the old thread-per-job host (a fresh worker_thread started, tsx loader registered, and
 * terminated for every job), measured interleaved in the same run, medians of `rounds` repetitions.
 * Usage: npm run bench -- workerPool [rounds=5] [jobsPerRound=5]
 */
import os from 'node:os';
import { WorkerHost } from '../src-main/worker/WorkerHost';
import { medianOf } from './medianOf';

async function timedEcho(pool: WorkerHost): Promise<number> {
  const t0 = performance.now();
  await pool.run('diagnostics.echo', { message: 'round trip' });
  return performance.now() - t0;
}

export default async function run(args: string[]): Promise<void> {
  const rounds = Math.max(3, Number(args[0] ?? 5));
  const jobsPerRound = Math.max(1, Number(args[1] ?? 5));
  const reused = new WorkerHost({ size: 1 });
  await reused.run('diagnostics.echo', { message: 'warm-up' });
  const pooled: number[] = [];
  const fresh: number[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      for (let j = 0; j < jobsPerRound; j++) {
        pooled.push(await timedEcho(reused));
        // Thread per job: what PortJobHost did before the pool (start, serve one job, terminate).
        const single = new WorkerHost({ size: 1 });
        try {
          fresh.push(await timedEcho(single));
        } finally {
          await single.close();
        }
      }
    }
  } finally {
    await reused.close();
  }
  console.log(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}, ${os.availableParallelism()} cores, ${rounds}×${jobsPerRound} jobs each, interleaved`,
  );
  console.log('host                      median ms   min ms   max ms');
  for (const [name, values] of [
    ['reused pool worker', pooled],
    ['thread per job (old)', fresh],
  ] as const) {
    console.log(
      `${name.padEnd(25)} ${medianOf(values).toFixed(2).padStart(9)} ${Math.min(...values)
        .toFixed(2)
        .padStart(8)} ${Math.max(...values)
        .toFixed(2)
        .padStart(8)}`,
    );
  }
  console.log(`ratio (thread per job / reused pool worker, medians): ${(medianOf(fresh) / medianOf(pooled)).toFixed(1)}×`);
}
