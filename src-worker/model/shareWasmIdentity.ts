/**
 * Replaces tfjs-wasm's Identity kernel, which copies the tensor, with one that shares the data by reference
 * count (as tfjs's cpu backend and wasm's own Reshape do). tfjs runs Identity for every tensor a kernel saves
 * for its gradient (engine.clone), so a copy per saved activation cost 4.6 % of a ViT-Ti/16 training step
 * (bench/results/train-profile.md). Sharing is safe: wasm kernels never write into their inputs.
 */
import * as tf from '@tensorflow/tfjs';

type WasmBackendRefs = { incRef(dataId: object): void };
let installed = false;

export function shareWasmIdentity(): void {
  if (installed) return;
  const stock = tf.getKernel('Identity', 'wasm');
  if (!stock) return; // wasm kernels not registered: nothing to replace
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({
    kernelName: 'Identity',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const x = args.inputs.x as tf.TensorInfo;
      if (x.dtype === 'string') return (stock.kernelFunc as (a: typeof args) => tf.TensorInfo)(args);
      (args.backend as unknown as WasmBackendRefs).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  });
  installed = true;
}
