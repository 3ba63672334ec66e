/** Gathers `hilum doctor`'s report (also served to the app over the `system.doctor` channel). */
import type { Infer } from '../../src-core/validate';
import type { doctorReport } from '../../src-core/contracts/channels/system';
import { HilumError } from '../../src-core/errors';
import type { Store } from '../store/openStore';
import type { JobRunner } from '../worker/withJobRunner';
import { probeElectronBinary } from './probeElectronBinary';

export type DoctorReport = Infer<typeof doctorReport>;

/** The pool's first job: its time includes starting a worker (from source: loading the code through tsx). */
async function probeWorker(host: JobRunner): Promise<DoctorReport['worker']> {
  const started = performance.now();
  try {
    await host.run('diagnostics.echo', { message: 'doctor' }, { timeoutMs: 30_000 });
    return { available: true, roundTripMs: performance.now() - started };
  } catch (error) {
    return { available: false, reason: (error as Error).message };
  }
}

/** The engine probes run in a worker, where the engines would; if none starts, each engine says why. */
async function probeEngines(host: JobRunner): Promise<Pick<DoctorReport, 'tfjsBackends' | 'onnxRuntime'>> {
  try {
    return await host.run('system.probe', {}, { timeoutMs: 60_000 });
  } catch (error) {
    const reason = `not probed: ${error instanceof HilumError ? `${error.code}: ` : ''}${(error as Error).message}`;
    return {
      tfjsBackends: [{ name: 'worker', available: false, reason }],
      onnxRuntime: { version: 'unknown', executionProviders: [{ name: 'cpu', available: false, reason }] },
    };
  }
}

export async function collectDoctorReport(deps: { store: Store; host: JobRunner }): Promise<DoctorReport> {
  const sqliteVersion = (deps.store.sqlite.prepare('select sqlite_version() as v').get() as { v: string }).v;
  const worker = await probeWorker(deps.host);
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    ...(await probeEngines(deps.host)),
    sqlite: { version: sqliteVersion },
    dataDir: deps.store.dataDir,
    electronBinary: probeElectronBinary(),
    worker,
  };
}
