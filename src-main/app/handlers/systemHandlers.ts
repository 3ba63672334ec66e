/** system.* and jobs.* handlers. */
import type { HandlerTable } from '../../../src-core/contracts/bridge';
import { collectDoctorReport } from '../../system/collectDoctorReport';
import type { WorkerHost } from '../../worker/WorkerHost';
import type { AppCallContext, AppServices } from '../AppServices';

type Names = 'system.info' | 'system.doctor' | 'jobs.events' | 'jobs.cancel';

export function systemHandlers(services: AppServices): Pick<HandlerTable<AppCallContext>, Names> {
  return {
    'system.info': () => ({ version: services.version, dataDir: services.dataDir, platform: `${process.platform}-${process.arch}` }),
    // collectDoctorReport is typed for WorkerHost but only calls run(), which every JobStarter has.
    'system.doctor': () => collectDoctorReport({ store: services.store(), host: services.host() as unknown as WorkerHost }),
    'jobs.events': ({ jobId, after }) => services.jobs.events(jobId, after),
    'jobs.cancel': ({ jobId }) => ({ cancelRequested: services.jobs.cancel(jobId) }),
  };
}
