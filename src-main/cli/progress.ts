/** Progress bars for long jobs: shown on a TTY's stderr, hidden with --json or when piped. */
import cliProgress from 'cli-progress';
import type { JobProgress } from '../../src-core/contracts/jobs';

export interface ProgressReporter {
  update(progress: JobProgress): void;
  stop(): void;
}

export function createProgress(label: string, options: { json: boolean }): ProgressReporter {
  if (options.json || !process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% {message}`, stream: process.stderr, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  bar.start(100, 0, { message: '' });
  return {
    update: (progress) => bar.update(Math.round((progress.fraction ?? 0) * 100), { message: progress.message ?? '' }),
    stop: () => bar.stop(),
  };
}
