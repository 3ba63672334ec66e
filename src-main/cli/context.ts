/** What every command gets: global options, and the store and worker pool opened on first use. */
import type { Command } from 'commander';
import { openStore, type Store } from '../store/openStore';
import { resolveDataDir } from '../store/resolveDataDir';
import { WorkerHost, type PoolOptions } from '../worker/WorkerHost';

export interface CliContext {
  readonly json: boolean;
  readonly dataDir: string;
  store(): Store;
  /** The command's worker pool; the first call's options (e.g. `--threads` as size) shape it. */
  host(options?: PoolOptions): WorkerHost;
  close(): Promise<void>;
}

export function contextFor(command: Command): CliContext {
  const options = command.optsWithGlobals<{ json?: boolean; dataDir?: string }>();
  const dataDir = resolveDataDir(options.dataDir);
  let store: Store | undefined;
  let host: WorkerHost | undefined;
  return {
    json: Boolean(options.json),
    dataDir,
    store: () => (store ??= openStore({ dataDir })),
    host: (pool) => (host ??= new WorkerHost(pool)),
    close: async () => {
      await host?.close();
      store?.close();
    },
  };
}

/**
 * Wraps a command's action: builds its context, always closes it, and turns a thrown error into
 * output plus the right exit code (see exitCodes.ts).
 */
export function action<A extends unknown[]>(run: (ctx: CliContext, ...args: A) => Promise<number | void>) {
  return async (...args: unknown[]): Promise<void> => {
    const command = args[args.length - 1] as Command;
    const ctx = contextFor(command);
    try {
      const code = await run(ctx, ...(args.slice(0, -1) as A));
      process.exitCode = code ?? 0;
    } finally {
      await ctx.close();
    }
  };
}
