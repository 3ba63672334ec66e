/** Handler for `system.probe`: the engine probes run where the engines would run, in a worker. */
import { probeOnnxRuntime } from '../engines/probeOnnxRuntime';
import { probeBackends } from '../model/backends';
import type { JobHandlerTable } from './JobHandler';

export const systemHandlers: JobHandlerTable = {
  'system.probe': async () => ({ tfjsBackends: await probeBackends(), onnxRuntime: await probeOnnxRuntime() }),
};
