/**
 * Gradients from the WebGPU page in a hidden window of the app (src-worker/model/parallel/gradientPageMain.ts), over a
 * MessagePort: the same protocol and the same step as the gradient worker threads, computed by tfjs `webgpu` in
 * Electron's Chromium. The port is anything shaped like Electron's MessagePortMain (messages arrive as `{ data }`, and
 * `close` fires when the page's end goes away), so a test can bridge it to a page in plain Chromium.
 */
import { HilumError } from '../../../src-core/errors';
import type { VitConfig } from '../../../src-core/model/vitConfig';
import type { GradientSource } from '../gradientSource';
import type { FromGradientWorker, ToGradientWorker } from './protocol';

type PortListener = (event?: { data?: unknown }) => void;

/** The MessagePortMain surface used here (Electron's MessagePortMain has it; so does the test bridge). */
export interface GradientPort {
  postMessage(message: unknown): void;
  on(event: 'message' | 'close', listener: PortListener): unknown;
  off(event: 'message' | 'close', listener: PortListener): unknown;
  start(): void;
  close(): void;
}

export interface WindowGradientOptions {
  config: VitConfig;
  /** The trainable parameters, in the FlatParams order the loop uses. */
  names: string[];
  /** How long the page may take to bring up WebGPU and build the model (default 2 minutes). */
  readyTimeoutMs?: number;
  /** How long one step's gradients may take (default 10 minutes: a software adapter is slow). */
  stepTimeoutMs?: number;
}

interface Waiter {
  resolve(message: FromGradientWorker): void;
  reject(error: HilumError): void;
}

export class WindowGradientSource implements GradientSource {
  private nextId = 0;
  private weights: Float32Array | undefined;
  /** Answers awaited by id (-1: the init). */
  private readonly waiting = new Map<number, Waiter>();
  /** Why the page can no longer answer, once it cannot. */
  private gone: HilumError | undefined;
  private readonly onMessage: PortListener = (event) => this.dispatch(event?.data as FromGradientWorker);
  private readonly onClose: PortListener = () =>
    this.fail(new HilumError('WORKER_CRASHED', 'the WebGPU gradient window closed or crashed (its message port disconnected)'));

  private constructor(
    private readonly port: GradientPort,
    private readonly stepTimeoutMs: number,
  ) {
    port.on('message', this.onMessage);
    port.on('close', this.onClose);
    port.start();
  }

  /** Set by connect(): what the page reported it runs on. */
  description = 'tfjs webgpu in a hidden window';

  /** Sends `init` and waits for `ready`; UNSUPPORTED (with the page's reason) where WebGPU cannot come up. */
  static async connect(port: GradientPort, options: WindowGradientOptions): Promise<WindowGradientSource> {
    const source = new WindowGradientSource(port, options.stepTimeoutMs ?? 600_000);
    const init: ToGradientWorker = { kind: 'init', config: options.config, backend: 'webgpu', names: options.names, wasmThreads: 1 };
    try {
      const ready = await source.request(-1, init, options.readyTimeoutMs ?? 120_000, 'bring up WebGPU');
      if (ready.kind === 'error') throw new HilumError('UNSUPPORTED', `WebGPU gradient window: ${ready.message}`);
      if (ready.kind === 'ready' && ready.detail) source.description = ready.detail;
      return source;
    } catch (e) {
      await source.close();
      throw e;
    }
  }

  /** A plain array: a window's renderer cannot share memory with this process, so the weights are copied per step. */
  sharedWeights(length: number): Float32Array {
    if (this.weights?.length !== length) this.weights = new Float32Array(length);
    return this.weights;
  }

  /** The step goes to the page as one `step` message; its summed gradients and loss come back as `grads`. */
  async gradients(
    ...[weights, micro, loss, prior, positives]: Parameters<GradientSource['gradients']>
  ): ReturnType<GradientSource['gradients']> {
    const id = this.nextId++;
    const answer = await this.request(
      id,
      { kind: 'step', id, weights, micro, loss, prior, positives },
      this.stepTimeoutMs,
      'compute gradients',
    );
    if (answer.kind === 'error') throw new HilumError('WORKER_CRASHED', `WebGPU gradient window failed: ${answer.message}`);
    if (answer.kind !== 'grads') throw new HilumError('WORKER_CRASHED', `WebGPU gradient window answered ${answer.kind} to a step`);
    return { grads: answer.grads, loss: answer.loss };
  }

  async close(): Promise<void> {
    this.port.off('message', this.onMessage);
    this.port.off('close', this.onClose);
    this.fail(new HilumError('CANCELLED', 'the WebGPU gradient source was closed'));
    this.port.close();
  }

  private request(id: number, message: ToGradientWorker, timeoutMs: number, what: string): Promise<FromGradientWorker> {
    if (this.gone) return Promise.reject(this.gone);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new HilumError('TIMEOUT', `the WebGPU gradient window did not ${what} within ${timeoutMs} ms`, { timeoutMs }));
      }, timeoutMs);
      const settle =
        <T>(f: (v: T) => void) =>
        (v: T): void => {
          clearTimeout(timer);
          this.waiting.delete(id);
          f(v);
        };
      this.waiting.set(id, { resolve: settle(resolve), reject: settle(reject) });
      this.port.postMessage(message);
    });
  }

  private dispatch(message: FromGradientWorker | undefined): void {
    if (!message) return;
    const id = message.kind === 'ready' ? -1 : message.id;
    // A late answer to a step that already timed out finds no waiter and is dropped.
    this.waiting.get(id)?.resolve(message);
  }

  private fail(error: HilumError): void {
    this.gone ??= error;
    for (const w of [...this.waiting.values()]) w.reject(error);
  }
}
