/** Builds AppServices for a data directory: store and worker pool opened lazily, closed together; one job tracker over the store. */
import { openStore, type Store } from '../store/openStore';
import { WorkerHost } from '../worker/WorkerHost';
import type { AppServices, JobStarter } from './AppServices';
import { JobRegistry } from './JobRegistry';
import { ReviewStudies } from './images/ReviewStudies';

/**
 * `version` is passed in (not read from src-main/version.ts) because that module reads
 * ../package.json relative to its own file, which does not exist inside the Electron bundle.
 */
export function createAppServices(options: {
  version: string;
  dataDir: string;
  reviewDirs?: string[];
  host?: () => JobStarter;
}): AppServices & { close(): Promise<void> } {
  let store: Store | undefined;
  let host: JobStarter | undefined;
  const openedStore = () => (store ??= openStore({ dataDir: options.dataDir }));
  return {
    version: options.version,
    dataDir: options.dataDir,
    store: openedStore,
    host: () => (host ??= options.host ? options.host() : new WorkerHost()),
    jobs: new JobRegistry(openedStore),
    studies: new ReviewStudies(options.reviewDirs ?? []),
    close: async () => {
      await host?.close();
      store?.close();
    },
  };
}
