/**
 * The answering side of the gradient protocol (protocol.ts), shared by the worker thread and the WebGPU page: `init`
 * selects the backend and builds the model (→ `ready`), each `step` answers `grads` or `error`. Only how the backend is
 * chosen differs between the two, so it is passed in.
 */
import { bug } from '../../../src-core/errors';
import { createRng } from '../../../src-core/random/createRng';
import { FlatParams } from '../FlatParams';
import { initVitParams } from '../initVitParams';
import { VitModel } from '../VitModel';
import type { FromGradientWorker, ToGradientWorker } from './protocol';
import { stepGradients } from './stepGradients';

export type InitRequest = Extract<ToGradientWorker, { kind: 'init' }>;

/** A message channel's answering end: a worker's parentPort, or the page's MessagePort. */
export interface GradientProtocolEnd {
  post(message: FromGradientWorker, transfer: ArrayBuffer[]): void;
  onMessage(listener: (message: ToGradientWorker) => void): void;
}

/** `prepare` makes the requested backend current and may say what it runs on (the page names its adapter). */
export function serveGradientProtocol(end: GradientProtocolEnd, prepare: (init: InitRequest) => Promise<string | undefined>): void {
  let state: { model: VitModel; flat: FlatParams } | undefined;
  // One message at a time in arrival order: a step is asynchronous (async downloads) and must not interleave with the next.
  let queue = Promise.resolve();
  end.onMessage((msg) => {
    queue = queue.then(() => answer(msg));
  });

  async function answer(msg: ToGradientWorker): Promise<void> {
    const id = msg.kind === 'init' ? -1 : msg.id;
    try {
      if (msg.kind === 'init') {
        const detail = await prepare(msg);
        state?.model.dispose();
        const model = VitModel.fromCanonical(msg.config, initVitParams(msg.config, createRng(0)));
        const vars = msg.names.map((n) => {
          const v = model.params.get(n);
          if (!v) throw bug(`no parameter ${n} in the model`);
          return v;
        });
        state = { model, flat: new FlatParams(vars) };
        end.post(detail === undefined ? { kind: 'ready' } : { kind: 'ready', detail }, []);
        return;
      }
      if (!state) throw bug('gradient step before init');
      const r = await stepGradients(state.model, state.flat, msg);
      end.post({ kind: 'grads', id, grads: r.grads, loss: r.loss }, [r.grads.buffer as ArrayBuffer]);
    } catch (e) {
      end.post({ kind: 'error', id, message: (e as Error).message }, []);
    }
  }
}
