/**
 * Reads a stored `evaluation` document (the `hilum metrics` report, computeMetricsReport) into the
 * shapes of the validation and fairness channels. The document is JSON from the store, so every
 * field used is checked; a document of another layout is named with the path that did not match.
 */
import { HilumError } from '../../../src-core/errors';

type Json = Record<string, unknown>;

export interface EstimateView {
  value: number | null;
  low: number | null;
  high: number | null;
  reason: string | null;
}

export class EvaluationReader {
  constructor(private readonly evaluationId: string) {}

  fail(path: string, expected: string): never {
    throw new HilumError(
      'CONFIG_INVALID',
      `stored evaluation ${this.evaluationId}: ${path} is not ${expected} (not a \`hilum metrics\` report?)`,
      { evaluationId: this.evaluationId, path },
    );
  }

  object(value: unknown, path: string): Json {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(path, 'an object');
    return value as Json;
  }

  array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) this.fail(path, 'an array');
    return value;
  }

  number(value: unknown, path: string): number {
    if (typeof value !== 'number') this.fail(path, 'a number');
    return value;
  }

  numberOrNull(value: unknown, path: string): number | null {
    return value === null || value === undefined ? null : this.number(value, path);
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string') this.fail(path, 'a string');
    return value;
  }

  /** A JsonEstimate: { value, ci95?: [low, high], reason? }. */
  estimate(value: unknown, path: string): EstimateView {
    const e = this.object(value, path);
    const ci = e.ci95 === undefined ? [null, null] : this.array(e.ci95, `${path}.ci95`);
    return {
      value: this.numberOrNull(e.value, `${path}.value`),
      low: this.numberOrNull(ci[0], `${path}.ci95[0]`),
      high: this.numberOrNull(ci[1], `${path}.ci95[1]`),
      reason: typeof e.reason === 'string' ? e.reason : null,
    };
  }
}

/**
 * A stored `evaluation` document is either the `hilum metrics` report itself or a `hilum eval` report
 * (recordEvaluationMetrics) that holds it under `metrics`, next to model, dataset, calibration and OOD.
 */
export function metricsReportOf(document: unknown): unknown {
  if (typeof document !== 'object' || document === null) return document;
  const metrics = (document as Record<string, unknown>).metrics;
  if (typeof metrics === 'object' && metrics !== null && 'perLabel' in metrics) return metrics;
  return document;
}
