/** Loads test/fixtures/metrics/golden.json (made by make_golden.py with scikit-learn) into typed arrays. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../helpers/paths';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Golden = any;

export const golden: Golden = JSON.parse(readFileSync(path.join(repoRoot, 'test/fixtures/metrics/golden.json'), 'utf8'));

/** null (JSON's stand-in for NaN) → NaN. */
export function f64(values: (number | null)[]): Float64Array {
  return Float64Array.from(values, (v) => (v === null ? NaN : v));
}

export function columns(values: (number | null)[][]): Float64Array[] {
  return values.map(f64);
}

export const probabilities = columns(golden.probabilities);
export const logits = columns(golden.logits);
export const modelB = columns(golden.modelB);
export const labels = columns(golden.labels);
export const weights = f64(golden.weights);
