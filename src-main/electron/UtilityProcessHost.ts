/** Runs worker jobs in Electron utilityProcesses (one per job) through the shared job protocol. */
import { utilityProcess } from 'electron';
import type { WorkerToHost } from '../../src-core/contracts/jobs';
import { PortJobHost, type JobChild } from '../worker/PortJobHost';

function forkUtility(entry: string): JobChild {
  const child = utilityProcess.fork(entry, [], { serviceName: 'Hilum worker', stdio: 'inherit' });
  return {
    postMessage: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', (message: WorkerToHost) => listener(message)),
    onExit: (listener) => child.on('exit', (code: number) => listener(code)),
    kill: () => {
      child.kill();
    },
  };
}

export class UtilityProcessHost extends PortJobHost {
  constructor(entry: string) {
    super(() => forkUtility(entry));
  }
}
