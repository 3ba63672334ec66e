/**
 * What a training run holds that outlives one step: tfjs variables (model, optimiser moments, weight averages)
 * and data-parallel worker threads. release() frees all of them, whichever were created, so that a run that
 * fails part-way leaks neither tensors nor threads (trainVit and pretrainMae call it in `finally`).
 */
import type { GradientWorkerPool } from './parallel/GradientWorkerPool';

interface Disposable {
  dispose(): void;
}

export class TrainingResources {
  private readonly owned: Disposable[] = [];
  private pool: GradientWorkerPool | undefined;

  /** Takes ownership of a tfjs-holding object (VitModel, AdamW, WeightAverage, MaeDecoder) and returns it. */
  own<T extends Disposable>(item: T): T {
    this.owned.push(item);
    return item;
  }

  ownPool(pool: GradientWorkerPool | undefined): GradientWorkerPool | undefined {
    this.pool = pool;
    return pool;
  }

  /** Closes the worker threads, then disposes the owned objects in reverse order of creation. */
  async release(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    try {
      await pool?.close();
    } finally {
      for (const item of this.owned.splice(0).reverse()) item.dispose();
    }
  }
}
