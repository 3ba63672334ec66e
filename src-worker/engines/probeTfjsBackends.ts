/**
 * Which tfjs backends can start here, in Hilum's order of preference: tensorflow (tfjs-node-gpu or
 * tfjs-node, optional dependencies), webgpu (needs an adapter), wasm, cpu. A backend counts as
 * available only after it has run a small op, not merely imported.
 */
export interface BackendStatus {
  name: 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';
  available: boolean;
  reason?: string;
}

function message(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, 200);
}

async function probeTensorflow(): Promise<BackendStatus> {
  const reasons: string[] = [];
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      await import(pkg);
      return { name: 'tensorflow', available: true, reason: `via ${pkg}` };
    } catch (error) {
      const missing = (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND';
      reasons.push(missing ? `${pkg} not installed (optional dependency: its install downloads libtensorflow)` : `${pkg}: ${message(error)}`);
    }
  }
  return { name: 'tensorflow', available: false, reason: reasons.join('; ') };
}

async function probeWebgpu(): Promise<BackendStatus> {
  const nav = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<unknown> } } }).navigator;
  if (!nav?.gpu) return { name: 'webgpu', available: false, reason: 'no navigator.gpu in this runtime (WebGPU needs a browser/Electron renderer or Dawn bindings with a GPU driver)' };
  const adapter = await nav.gpu.requestAdapter().catch(() => null);
  if (!adapter) return { name: 'webgpu', available: false, reason: 'navigator.gpu found no adapter' };
  return { name: 'webgpu', available: true };
}

async function probeWithTfjs(name: 'wasm' | 'cpu'): Promise<BackendStatus> {
  try {
    const tf = await import('@tensorflow/tfjs');
    if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
    const ok = await tf.setBackend(name);
    if (!ok) return { name, available: false, reason: `tf.setBackend('${name}') returned false` };
    await tf.ready();
    const value = tf.tidy(() => tf.matMul(tf.ones([2, 2]), tf.ones([2, 2])).sum().dataSync()[0]);
    if (value !== 8) return { name, available: false, reason: `self-test gave ${value}, expected 8` };
    return { name, available: true };
  } catch (error) {
    return { name, available: false, reason: message(error) };
  }
}

export async function probeTfjsBackends(): Promise<BackendStatus[]> {
  return [await probeTensorflow(), await probeWebgpu(), await probeWithTfjs('wasm'), await probeWithTfjs('cpu')];
}
