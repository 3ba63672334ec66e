/**
 * What the training loop reads: `size` samples, each a single-channel image (already normalised, [H·W]) with
 * per-label targets and a mask (0 = unknown / U-Ignore label). The dataset cache implements this interface.
 */

export interface TrainSample {
  pixels: Float32Array;
  targets: Float32Array;
  mask: Float32Array;
}

export interface DataSource {
  readonly size: number;
  get(i: number): TrainSample | Promise<TrainSample>;
  /** Stable content fingerprint (e.g. the cache's content hash); computed from the samples when absent. */
  readonly fingerprint?: string;
}

/** An in-memory source (tests, small data, cached features). */
export function inMemorySource(samples: TrainSample[], fingerprint?: string): DataSource {
  return { size: samples.length, get: (i) => samples[i]!, fingerprint };
}
