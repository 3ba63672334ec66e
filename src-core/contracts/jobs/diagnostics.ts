/**
 * Diagnostic jobs: prove the worker starts and that failures travel back as data. `hilum doctor`
 * uses `diagnostics.echo`; the host's tests use the failing ones.
 */
import { s } from '../../validate';
import { defineJob } from './defineJob';

export const diagnosticsJobs = {
  'diagnostics.echo': defineJob(
    'Returns its input (worker round trip)',
    s.object({ message: s.string() }),
    s.object({ message: s.string(), threadId: s.number() }),
  ),
  'diagnostics.fail': defineJob(
    'Throws a typed error inside the worker',
    s.object({ code: s.string(), message: s.string() }),
    s.object({}),
  ),
  'diagnostics.crash': defineJob(
    'Crashes the worker (uncaught error outside the job, or process exit)',
    s.object({ how: s.enumOf(['uncaught', 'exit'] as const) }),
    s.object({}),
  ),
  'diagnostics.allocate': defineJob(
    "Holds about `mb` MiB of JavaScript heap (to show the pool's heap cap stops a runaway worker)",
    s.object({ mb: s.number({ integer: true, min: 1, max: 65_536 }) }),
    s.object({ allocatedMb: s.number() }),
  ),
  'diagnostics.sleep': defineJob(
    'Reports progress every interval for a duration; honours cancellation unless told to ignore it',
    s.object({ durationMs: s.number({ min: 0 }), intervalMs: s.number({ min: 1 }), ignoreCancel: s.optional(s.boolean()) }),
    s.object({ ticks: s.number() }),
  ),
} as const;
