/** Handlers for the diagnostic jobs (worker round trip, typed failure, crash, cancellable sleep). */
import { threadId } from 'node:worker_threads';
import { bug, HilumError, isErrorCode } from '../../src-core/errors';
import type { JobHandlerTable } from './JobHandler';

export const diagnosticsHandlers: JobHandlerTable = {
  'diagnostics.echo': async ({ message }) => ({ message, threadId }),

  'diagnostics.fail': async ({ code, message }) => {
    throw new HilumError(isErrorCode(code) ? code : 'BUG', message, { requested: code });
  },

  'diagnostics.crash': async ({ how }) => {
    if (how === 'exit') process.exit(70);
    // Thrown from a timer, outside the job's promise chain: the worker's uncaught-error path.
    setTimeout(() => {
      throw bug('deliberate uncaught error (diagnostics.crash)');
    }, 0);
    return new Promise<never>(() => undefined);
  },

  'diagnostics.allocate': async ({ mb }) => {
    // Small arrays of numbers live on the V8 heap (unlike typed-array buffers), so resourceLimits apply.
    const held: number[][] = [];
    for (let i = 0; i < mb; i++) held.push(Array.from({ length: (1024 * 1024) / 8 }, (_, j) => j + i + 0.5));
    return { allocatedMb: held.length };
  },

  'diagnostics.sleep': async ({ durationMs, intervalMs, ignoreCancel }, ctx) => {
    let ticks = 0;
    const started = Date.now();
    while (Date.now() - started < durationMs) {
      if (!ignoreCancel) ctx.signal.throwIfAborted();
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
      ticks += 1;
      ctx.progress({ fraction: Math.min(1, (Date.now() - started) / durationMs), message: `tick ${ticks}` });
    }
    return { ticks };
  },
};
