/**
 * Runs `use` with the caller's job runner (the app's or the CLI's pool), or with a private pool of
 * `size` worker threads closed afterwards, so a library call made without a pool still never decodes
 * or infers in the caller's thread.
 */
import { WorkerHost } from './WorkerHost';
import type { WorkerPool } from './WorkerPool';

export type JobRunner = Pick<WorkerPool, 'run'>;

export async function withJobRunner<T>(runner: JobRunner | undefined, size: number, use: (runner: JobRunner) => Promise<T>): Promise<T> {
  if (runner) return use(runner);
  const pool = new WorkerHost({ size: Math.max(1, size) });
  try {
    return await use(pool);
  } finally {
    await pool.close();
  }
}
