/** Gathers `hilum doctor`'s report (also served to the app over the `system.doctor` channel). */
import type { Infer } from '../../src-core/validate';
import type { doctorReport } from '../../src-core/contracts/channels/system';
import { probeOnnxRuntime } from '../../src-worker/engines/probeOnnxRuntime';
import { probeBackends } from '../../src-worker/model/backends';
import type { Store } from '../store/openStore';
import type { WorkerHost } from '../worker/WorkerHost';
import { probeElectronBinary } from './probeElectronBinary';

export type DoctorReport = Infer<typeof doctorReport>;

async function probeWorker(host: WorkerHost): Promise<DoctorReport['worker']> {
  const started = performance.now();
  try {
    await host.run('diagnostics.echo', { message: 'doctor' }, { timeoutMs: 30_000 });
    return { available: true, roundTripMs: performance.now() - started };
  } catch (error) {
    return { available: false, reason: (error as Error).message };
  }
}

export async function collectDoctorReport(deps: { store: Store; host: WorkerHost }): Promise<DoctorReport> {
  const sqliteVersion = (deps.store.sqlite.prepare('select sqlite_version() as v').get() as { v: string }).v;
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    tfjsBackends: await probeBackends(),
    onnxRuntime: await probeOnnxRuntime(),
    sqlite: { version: sqliteVersion },
    dataDir: deps.store.dataDir,
    electronBinary: probeElectronBinary(),
    worker: await probeWorker(deps.host),
  };
}
