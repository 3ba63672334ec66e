/**
 * What a training run holds that outlives one step: tfjs variables (model, optimiser moments, weight averages)
 * and the gradient source (data-parallel worker threads or an ONNX Runtime session). release() frees all of them, whichever were created, so that a run that
 * fails part-way leaks neither tensors nor threads (trainVit and pretrainMae call it in `finally`).
 */

interface Disposable {
  dispose(): void;
}

export class TrainingResources {
  private readonly owned: Disposable[] = [];
  private pool: { close(): Promise<void> } | undefined;

  /** Takes ownership of a tfjs-holding object (VitModel, AdamW, WeightAverage, MaeDecoder) and returns it. */
  own<T extends Disposable>(item: T): T {
    this.owned.push(item);
    return item;
  }

  /** Takes ownership of the run's gradient source (worker threads, an ONNX Runtime session, a window port). */
  ownPool<T extends { close(): Promise<void> }>(pool: T | undefined): T | undefined {
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
