/**
 * Runs tfjs's wasm backend on its multi-threaded SIMD build in Node, which tfjs 4.22 never selects there.
 * Three things stand in the way, each handled here (measured: see bench/results/train-profile.md):
 * 1. The flag WASM_HAS_MULTITHREAD_SUPPORT returns false whenever IS_NODE (tfjs issue 3830), so init() loads
 *    the single-threaded build. We register our own 'wasm' factory that loads the threaded build directly.
 * 2. The stock loader hands Emscripten its pthread worker script and main script as Blob URLs, which Node's
 *    worker_threads cannot start or `importScripts`. We write the worker script (shipped as a string in
 *    wasm-out/*.worker.js) to a file and point both at real paths.
 * 3. backend.cc caps XNNPACK's pool at emscripten_num_logical_cores() / 2, and in Node that is
 *    os.cpus().length / 2: one thread on a 2-core machine whatever setThreadsCount asked. While the module
 *    initialises we let os.cpus() report twice the wanted count, so the cap equals the request.
 * The kernels stay the ones @tensorflow/tfjs-backend-wasm registered for 'wasm'; only the module differs.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { BackendWasm, getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { HilumError } from '../../src-core/errors';
import { shareWasmIdentity } from './shareWasmIdentity';

const requireHere = createRequire(import.meta.url);
const nodeOs = requireHere('node:os') as typeof import('node:os');
const wasmOut = path.join(path.dirname(requireHere.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out');
const factoryFile = path.join(wasmOut, 'tfjs-backend-wasm-threaded-simd.js');
/** Emscripten's pthread pool (PTHREAD_POOL_SIZE of the shipped build) and the cap in backend.cc. */
export const maxWasmThreads = 8;

type EmscriptenModule = { cwrap: (name: string, ret: string | null, args: string[]) => unknown } & Record<string, unknown>;
type Factory = (config: Record<string, unknown>) => Promise<EmscriptenModule>;

let configured: number | undefined;
/** The package's own 'wasm' factory (single-threaded SIMD build in Node), kept for threads = 1. */
let stockFactory: ReturnType<typeof tf.findBackendFactory> | undefined;

/** The pthread worker script as a real .cjs file (content-addressed, written atomically: parallel processes share it). */
function pthreadWorkerFile(): string {
  const { wasmWorkerContents } = requireHere(path.join(wasmOut, 'tfjs-backend-wasm-threaded-simd.worker.js')) as {
    wasmWorkerContents: string;
  };
  // The package escapes its newlines before making a Blob of it (string literals inside contain "\n"); so do we.
  const source = wasmWorkerContents.replace(/\n/g, '\\n');
  const file = path.join(nodeOs.tmpdir(), `hilum-tfjs-wasm-pthread-${createHash('sha256').update(source).digest('hex').slice(0, 16)}.cjs`);
  if (!fs.existsSync(file)) {
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    fs.writeFileSync(tmp, source);
    fs.renameSync(tmp, file);
  }
  return file;
}

async function createThreadedModule(threads: number): Promise<EmscriptenModule> {
  const factory = requireHere(factoryFile) as Factory;
  const workerFile = pthreadWorkerFile();
  const realCpus = nodeOs.cpus;
  // backend.cc reads emscripten_num_logical_cores() (= os.cpus().length in Node) in a static initialiser.
  nodeOs.cpus = () => {
    const cpus = realCpus();
    return Array.from({ length: 2 * threads }, (_, i) => cpus[i % cpus.length]!);
  };
  try {
    const module = await factory({
      locateFile: (file: string) => (file.endsWith('.worker.js') ? workerFile : path.join(wasmOut, file)),
      mainScriptUrlOrBlob: factoryFile,
    });
    module.tfjs = {
      init: module.cwrap('init', null, []),
      initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
      getThreadsCount: module.cwrap('get_threads_count', 'number', []),
      registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
      disposeData: module.cwrap('dispose_data', null, ['number']),
      dispose: module.cwrap('dispose', null, []),
    };
    return module;
  } finally {
    nodeOs.cpus = realCpus;
  }
}

/**
 * Makes the next start of the 'wasm' backend use `threads` XNNPACK threads (1 = the stock single-threaded
 * SIMD build); without `threads`, keeps an earlier choice or takes defaultWasmThreads(). Switching disposes
 * a running wasm backend, so it is refused while tensors live on it.
 */
export function configureWasmThreads(requested?: number): void {
  shareWasmIdentity();
  if (requested === undefined && configured !== undefined) return;
  if (requested === undefined && tf.engine().registry.wasm) {
    configured = wasmThreadCount() ?? 1; // started before any configuration (tf.setBackend): keep it
    return;
  }
  const threads = requested ?? defaultWasmThreads();
  if (!Number.isInteger(threads) || threads < 1 || threads > maxWasmThreads) {
    throw new HilumError('INVALID_ARGUMENT', `wasm threads must be an integer from 1 to ${maxWasmThreads}, got ${threads}`, { threads });
  }
  if (configured === threads) return;
  stockFactory ??= tf.findBackendFactory('wasm');
  if (!stockFactory) throw new HilumError('UNSUPPORTED', 'the wasm backend is not registered', {});
  const running = tf.engine().registry.wasm;
  if (running && running.numDataIds() > 0) {
    throw new HilumError(
      'UNSUPPORTED',
      `cannot switch the running wasm backend to ${threads} threads while ${running.numDataIds()} tensors live on it`,
      { threads },
    );
  }
  if (tf.findBackendFactory('wasm')) tf.removeBackend('wasm');
  setThreadsCount(threads);
  const factory = async (): Promise<BackendWasm> => {
    const module = await createThreadedModule(threads);
    const backend = new BackendWasm(module as unknown as ConstructorParameters<typeof BackendWasm>[0]);
    // XNNPACK's pool threads (started by the constructor) live as long as the backend; Emscripten ref()s the
    // worker of every running pthread, which kept Node processes from exiting once their work was done.
    const pthreads = module.PThread as { runningWorkers: Array<{ unref(): void }> } | undefined;
    for (const w of pthreads?.runningWorkers ?? []) w.unref();
    return backend;
  };
  tf.registerBackend('wasm', threads === 1 ? stockFactory : factory, 2);
  configured = threads;
}

/**
 * One XNNPACK thread per core (at most maxWasmThreads), split between `workers` data-parallel instances.
 * HILUM_WASM_THREADS overrides it (1 = the stock single-threaded build). Known risk, measured: when a step
 * outgrows the 4 GiB wasm heap, the threaded build hangs (ViT-Ti/16 micro-batch 16, ViT-S/16 micro-batch 8)
 * where the single-threaded one aborts with "RuntimeError: Aborted()"; keep micro-batches inside the heap.
 */
export function defaultWasmThreads(workers = 1): number {
  const forced = process.env.HILUM_WASM_THREADS;
  if (forced !== undefined && forced !== '') return Number(forced);
  return Math.max(1, Math.min(maxWasmThreads, Math.floor(nodeOs.availableParallelism() / workers)));
}

/** XNNPACK threads of the started wasm backend, or undefined before it has started. */
export function wasmThreadCount(): number | undefined {
  try {
    return getThreadsCount();
  } catch {
    return undefined;
  }
}
