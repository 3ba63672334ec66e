/**
 * tfjs backend discovery and selection: tensorflow (tfjs-node-gpu / tfjs-node, optional) → wasm → cpu; webgpu only when
 * asked for by name (or probed by `hilum doctor`). A forced backend that cannot start is an error, never a silent fallback.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { HilumError } from '../../src-core/errors';
import { describeVulkan } from './describeVulkan';
import { configureWasmThreads, wasmThreadCount } from './threadedWasm';

export type BackendName = 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';
export const backendOrder: readonly BackendName[] = ['tensorflow', 'webgpu', 'wasm', 'cpu'];

export interface BackendProbe {
  name: BackendName;
  available: boolean;
  reason?: string;
  /** What was found where available (webgpu: the adapter and how it was reached), for the doctor report. */
  detail?: string;
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

type GpuAdapter = { info?: { vendor?: string; architecture?: string; device?: string; description?: string } };
type Gpu = { requestAdapter(): Promise<GpuAdapter | null> };

/** navigator.gpu where the runtime has one (Electron's renderer), else Dawn's Node binding (npm webgpu, optional). */
async function webgpuEntry(): Promise<{ gpu?: Gpu; via: string; reason?: string }> {
  const g = globalThis as { navigator?: { gpu?: Gpu } };
  if (g.navigator?.gpu) return { gpu: g.navigator.gpu, via: 'navigator.gpu' };
  try {
    const dawnSpec = 'webgpu'; // a variable, so TypeScript does not need the optional package's types
    const dawn = (await import(/* @vite-ignore */ dawnSpec)) as { create(flags: string[]): Gpu; globals?: Record<string, unknown> };
    if (dawn.globals) Object.assign(globalThis, dawn.globals);
    const gpu = dawn.create([]);
    Object.defineProperty(globalThis, 'navigator', { value: { ...(g.navigator ?? {}), gpu }, configurable: true });
    return { gpu, via: 'Dawn (npm webgpu)' };
  } catch (e) {
    return {
      via: 'none',
      reason: `navigator.gpu is not available in this runtime and the Dawn binding (npm webgpu) does not load: ${(e as Error).message.split('\n')[0]}`,
    };
  }
}

async function probeWebgpu(): Promise<BackendProbe> {
  const entry = await webgpuEntry();
  if (!entry.gpu) return { name: 'webgpu', available: false, reason: entry.reason };
  let adapter: GpuAdapter | null;
  try {
    adapter = await entry.gpu.requestAdapter();
  } catch (e) {
    return { name: 'webgpu', available: false, reason: `${entry.via}: requestAdapter failed: ${(e as Error).message}` };
  }
  if (!adapter) {
    const why = entry.via.startsWith('Dawn') ? describeVulkan() : 'the runtime offers none';
    return { name: 'webgpu', available: false, reason: `${entry.via}: no WebGPU adapter (${why})` };
  }
  const i = adapter.info ?? {};
  const detail = `${entry.via}: adapter ${[i.vendor, i.architecture, i.device, i.description].filter(Boolean).join(' ') || '(no adapter info)'}`;
  const imp = await tryImport('@tensorflow/tfjs-backend-webgpu');
  return imp ? { name: 'webgpu', available: false, reason: imp, detail } : { name: 'webgpu', available: true, detail };
}

/** Starts a built-in backend and runs a small op on it: a backend counts as available only once it has computed. */
async function probeStart(name: 'wasm' | 'cpu'): Promise<BackendProbe> {
  if (!tf.findBackendFactory(name)) return { name, available: false, reason: `the ${name} backend is not registered` };
  const previous = tf.getBackend();
  // before wasm first starts, so that a probe (doctor) does not pin the single-threaded build for later training
  if (name === 'wasm') configureWasmThreads();
  try {
    if (!(await tf.setBackend(name))) return { name, available: false, reason: `tf.setBackend('${name}') returned false` };
    await tf.ready();
    const value = tf.tidy(
      () =>
        tf
          .matMul(tf.ones([2, 2]), tf.ones([2, 2]))
          .sum()
          .dataSync()[0],
    );
    if (value !== 8) return { name, available: false, reason: `self-test gave ${value}, expected 8` };
    const threads = name === 'wasm' ? wasmThreadCount() : undefined;
    return threads === undefined
      ? { name, available: true }
      : { name, available: true, detail: `${threads} XNNPACK thread(s), ${threads > 1 ? 'multi-threaded' : 'single-threaded'} SIMD build` };
  } catch (e) {
    return { name, available: false, reason: (e as Error).message.split('\n')[0] };
  } finally {
    if (previous && previous !== name) await tf.setBackend(previous);
  }
}

/** Used by `hilum doctor`: which backends can start here, in order of preference, and why not (probes Dawn for webgpu). */
export async function probeBackends(): Promise<BackendProbe[]> {
  return [await probeTensorflow(), await probeWebgpu(), await probeStart('wasm'), await probeStart('cpu')];
}

export interface SelectOptions {
  /** XNNPACK threads for the wasm backend (default: the earlier choice, else one per core); applied before it starts. */
  wasmThreads?: number;
}

export async function selectBackend(force?: BackendName, opts: SelectOptions = {}): Promise<BackendName> {
  configureWasmThreads(opts.wasmThreads);
  if (force) {
    if (!backendOrder.includes(force))
      throw new HilumError('INVALID_ARGUMENT', `Unknown backend "${String(force)}" (known: ${backendOrder.join(', ')})`, {
        backend: force,
      });
    if (force === 'tensorflow' || force === 'webgpu') {
      const p = force === 'tensorflow' ? await probeTensorflow() : await probeWebgpu();
      if (!p.available)
        throw new HilumError('UNSUPPORTED', `Backend ${force} is not available: ${p.reason}`, { backend: force, reason: p.reason });
    }
    if (!(await tf.setBackend(force))) throw new HilumError('UNSUPPORTED', `Backend ${force} failed to start`, { backend: force });
    await tf.ready();
    return force;
  }
  // The automatic choice never probes WebGPU: Dawn's probe writes native Vulkan/XDG warnings to stderr that no JS code
  // can catch, and finds no adapter on CPU-only machines. It runs only when asked (backend: webgpu) or in `hilum doctor`.
  for (const probe of [probeTensorflow, () => probeStart('wasm'), () => probeStart('cpu')]) {
    const p = await probe();
    if (!p.available) continue;
    if (await tf.setBackend(p.name)) {
      await tf.ready();
      return p.name;
    }
  }
  throw new HilumError('UNSUPPORTED', 'No tfjs backend could start', {});
}
