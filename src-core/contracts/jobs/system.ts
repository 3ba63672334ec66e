/** `system.probe`: which tfjs backends and ONNX Runtime execution providers can start in a worker (for `hilum doctor`). */
import { s } from '../../validate';
import { backendStatus } from '../channels/system';
import { defineJob } from './defineJob';

export const systemJobs = {
  'system.probe': defineJob(
    'Probes the tfjs backends and ONNX Runtime execution providers inside a worker',
    s.object({}),
    s.object({
      tfjsBackends: s.array(backendStatus),
      onnxRuntime: s.object({ version: s.string(), executionProviders: s.array(backendStatus) }),
    }),
  ),
} as const;
