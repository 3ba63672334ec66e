/** Opens an ONNX Runtime session, trying GPU execution providers where this onnxruntime-node build has them, and records which one served. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { HilumError } from '../../src-core/errors';

export type ExecutionProviderName = 'cuda' | 'dml' | 'coreml' | 'cpu';

export interface OrtSessionOptions {
  /** Intra-op threads (CPU); default 2. */
  threads?: number;
  /** Providers to try in order; default: the platform's GPU provider where the binding lists it, then cpu. */
  providers?: ExecutionProviderName[];
  file?: string;
  /** Writes ONNX Runtime's per-node profile (Chrome trace JSON) to files starting with this path (benchmarks). */
  profileFilePrefix?: string;
}

export interface OrtSessionHandle {
  session: ort.InferenceSession;
  provider: ExecutionProviderName;
  /** Providers tried before the one that served, with why each failed (kept for provenance). */
  skipped: { provider: ExecutionProviderName; reason: string }[];
}

/**
 * CUDA is listed by the binding even when its provider library was not installed (it is a separate
 * download, skipped here with ONNXRUNTIME_NODE_INSTALL=skip): look for the library before trying it,
 * so a CPU-only install does not log a load failure on every session.
 */
function cudaInstalled(): boolean {
  try {
    const entry = createRequire(import.meta.url).resolve('onnxruntime-node');
    const dir = path.join(path.dirname(entry), '..', 'bin', 'napi-v6', process.platform, process.arch);
    return existsSync(path.join(dir, 'libonnxruntime_providers_cuda.so'));
  } catch {
    return false;
  }
}

function defaultProviders(): { try: ExecutionProviderName[]; skipped: OrtSessionHandle['skipped'] } {
  const listed = new Set(ort.listSupportedBackends().map((b) => b.name));
  const skipped: OrtSessionHandle['skipped'] = [];
  const tryList: ExecutionProviderName[] = [];
  if (process.platform === 'win32' && listed.has('dml')) tryList.push('dml');
  if (process.platform === 'darwin' && listed.has('coreml')) tryList.push('coreml');
  if (process.platform === 'linux' && listed.has('cuda')) {
    if (cudaInstalled()) tryList.push('cuda');
    else skipped.push({ provider: 'cuda', reason: 'CUDA provider library not installed' });
  }
  tryList.push('cpu');
  return { try: tryList, skipped };
}

export async function createOrtSession(model: Uint8Array | string, options: OrtSessionOptions = {}): Promise<OrtSessionHandle> {
  const defaults = defaultProviders();
  const providers = options.providers ?? defaults.try;
  const skipped: OrtSessionHandle['skipped'] = options.providers ? [] : defaults.skipped;
  for (const provider of providers) {
    try {
      const opts: ort.InferenceSession.SessionOptions = {
        executionProviders: [provider],
        intraOpNumThreads: options.threads ?? 2,
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
        ...(options.profileFilePrefix ? { enableProfiling: true, profileFilePrefix: options.profileFilePrefix } : {}),
      };
      const session =
        typeof model === 'string' ? await ort.InferenceSession.create(model, opts) : await ort.InferenceSession.create(model, opts);
      return { session, provider, skipped };
    } catch (e) {
      skipped.push({ provider, reason: (e as Error).message });
    }
  }
  const file = options.file ?? (typeof model === 'string' ? model : '<memory>');
  throw new HilumError(
    'MODEL_WEIGHTS',
    `${file}: ONNX Runtime could not load the model (${skipped.map((s) => `${s.provider}: ${s.reason}`).join('; ')})`,
    { file, skipped },
  );
}
