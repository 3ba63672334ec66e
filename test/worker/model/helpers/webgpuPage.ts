// Browser entry for the WebGPU parity test: bundled with esbuild and loaded by Chromium from 127.0.0.1.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { parityStep } from './parityStep';

(globalThis as unknown as { runParityStep: (g: Record<string, number[]>) => Promise<unknown> }).runParityStep = async (applyGrads) => {
  if (!(await tf.setBackend('webgpu'))) throw new Error('tf.setBackend("webgpu") returned false');
  await tf.ready();
  return parityStep(applyGrads);
};
