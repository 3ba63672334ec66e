/** System channels: what the app is, where its data lives, and which engines can start. */
import { s } from '../../validate';
import { defineChannel } from './defineChannel';

// `detail`: what was found when available (e.g. the WebGPU adapter, or the wasm build and its thread count).
export const backendStatus = s.object({
  name: s.string(),
  available: s.boolean(),
  reason: s.optional(s.string()),
  detail: s.optional(s.string()),
});

export const doctorReport = s.object({
  node: s.string(),
  platform: s.string(),
  tfjsBackends: s.array(backendStatus),
  onnxRuntime: s.object({ version: s.string(), executionProviders: s.array(backendStatus) }),
  sqlite: s.object({ version: s.string() }),
  dataDir: s.string(),
  electronBinary: s.object({ present: s.boolean(), path: s.nullable(s.string()), reason: s.optional(s.string()) }),
  worker: s.object({ available: s.boolean(), roundTripMs: s.optional(s.number()), reason: s.optional(s.string()) }),
});

export const systemChannels = {
  'system.info': defineChannel(
    'Version and data location of this installation',
    s.object({}),
    s.object({ version: s.string(), dataDir: s.string(), platform: s.string() }),
  ),
  'system.doctor': defineChannel('Which engines and stores can start here', s.object({}), doctorReport),
} as const;
