/**
 * tfjs backend discovery and selection: tensorflow (tfjs-node-gpu / tfjs-node, optional) → webgpu (when an
 * adapter exists) → wasm → cpu. A forced backend that cannot start is an error, never a silent fallback.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { HilumError } from '../../src-core/errors';

export type BackendName = 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';
export const backendOrder: readonly BackendName[] = ['tensorflow', 'webgpu', 'wasm', 'cpu'];

export interface BackendProbe {
  name: BackendName;
  available: boolean;
  reason?: string;
}

async function tryImport(spec: string): Promise<string | undefined> {
  try {
    await import(/* @vite-ignore */ spec);
    return undefined;
  } catch (e) {
    return `${spec} does not load: ${(e as Error).message.split('\n')[0]}`;
  }
}

async function probeTensorflow(): Promise<BackendProbe> {
  if (tf.findBackendFactory('tensorflow')) return { name: 'tensorflow', available: true };
  const gpu = await tryImport('@tensorflow/tfjs-node-gpu');
  if (gpu === undefined && tf.findBackendFactory('tensorflow')) return { name: 'tensorflow', available: true };
  const cpu = await tryImport('@tensorflow/tfjs-node');
  if (cpu === undefined && tf.findBackendFactory('tensorflow')) return { name: 'tensorflow', available: true };
  return { name: 'tensorflow', available: false, reason: [gpu, cpu].filter(Boolean).join('; ') || 'no tensorflow backend registered' };
}

async function probeWebgpu(): Promise<BackendProbe> {
  type Gpu = { requestAdapter(): Promise<unknown> };
  const g = globalThis as { navigator?: { gpu?: Gpu } };
  if (!g.navigator?.gpu) {
    // Node has no navigator.gpu; Dawn's Node binding (npm `webgpu`, optional) provides one where installed.
    try {
      const dawnSpec = 'webgpu'; // a variable, so TypeScript does not need the optional package's types
      const dawn = (await import(/* @vite-ignore */ dawnSpec)) as { create(flags: string[]): Gpu; globals?: Record<string, unknown> };
      if (dawn.globals) Object.assign(globalThis, dawn.globals);
      Object.defineProperty(globalThis, 'navigator', { value: { ...(g.navigator ?? {}), gpu: dawn.create([]) }, configurable: true });
    } catch (e) {
      return { name: 'webgpu', available: false, reason: `navigator.gpu is not available in this runtime and the Dawn binding (npm webgpu) does not load: ${(e as Error).message.split('\n')[0]}` };
    }
  }
  const nav = g.navigator;
  if (!nav?.gpu) return { name: 'webgpu', available: false, reason: 'navigator.gpu is not available in this runtime' };
  try {
    const adapter = await nav.gpu.requestAdapter();
    if (!adapter) return { name: 'webgpu', available: false, reason: 'no WebGPU adapter found' };
  } catch (e) {
    return { name: 'webgpu', available: false, reason: `requestAdapter failed: ${(e as Error).message}` };
  }
  const imp = await tryImport('@tensorflow/tfjs-backend-webgpu');
  return imp ? { name: 'webgpu', available: false, reason: imp } : { name: 'webgpu', available: true };
}

/** Starts a built-in backend and runs a small op on it: a backend counts as available only once it has computed. */
async function probeStart(name: 'wasm' | 'cpu'): Promise<BackendProbe> {
  if (!tf.findBackendFactory(name)) return { name, available: false, reason: `the ${name} backend is not registered` };
  const previous = tf.getBackend();
  try {
    if (!(await tf.setBackend(name))) return { name, available: false, reason: `tf.setBackend('${name}') returned false` };
    await tf.ready();
    const value = tf.tidy(() => tf.matMul(tf.ones([2, 2]), tf.ones([2, 2])).sum().dataSync()[0]);
    return value === 8 ? { name, available: true } : { name, available: false, reason: `self-test gave ${value}, expected 8` };
  } catch (e) {
    return { name, available: false, reason: (e as Error).message.split('\n')[0] };
  } finally {
    if (previous && previous !== name) await tf.setBackend(previous);
  }
}

/** Used by `hilum doctor` and backend selection: which backends can start here, in order of preference, and why not. */
export async function probeBackends(): Promise<BackendProbe[]> {
  return [await probeTensorflow(), await probeWebgpu(), await probeStart('wasm'), await probeStart('cpu')];
}

export async function selectBackend(force?: BackendName): Promise<BackendName> {
  if (force) {
    if (!backendOrder.includes(force)) throw new HilumError('INVALID_ARGUMENT', `Unknown backend "${String(force)}" (known: ${backendOrder.join(', ')})`, { backend: force });
    if (force === 'tensorflow' || force === 'webgpu') {
      const p = force === 'tensorflow' ? await probeTensorflow() : await probeWebgpu();
      if (!p.available) throw new HilumError('UNSUPPORTED', `Backend ${force} is not available: ${p.reason}`, { backend: force, reason: p.reason });
    }
    if (!(await tf.setBackend(force))) throw new HilumError('UNSUPPORTED', `Backend ${force} failed to start`, { backend: force });
    await tf.ready();
    return force;
  }
  for (const p of await probeBackends()) {
    if (!p.available) continue;
    if (await tf.setBackend(p.name)) {
      await tf.ready();
      return p.name;
    }
  }
  throw new HilumError('UNSUPPORTED', 'No tfjs backend could start', {});
}
