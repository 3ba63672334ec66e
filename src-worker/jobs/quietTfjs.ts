/**
 * Silences tfjs's console chatter in the worker (the "looks like you are running TensorFlow.js in Node.js" banner,
 * printed on the cpu backend's first tensor, reaches every CLI command's stderr). tfjs's PROD flag only gates its
 * console.warn / console.log helpers; tfjs errors still throw and Hilum reports the backend it used itself.
 */
import * as tf from '@tensorflow/tfjs';

export function quietTfjs(): void {
  tf.env().set('PROD', true);
}
