/**
 * Reads a stored `evaluation` document into typed form with the schema its producer writes against
 * (src-core/contracts/evaluationReport.ts): a `hilum eval` report, or a `hilum metrics` report on its own.
 * A document of another layout is refused with the path that did not match.
 */
import {
  type EstimateJson,
  evaluationReportSchema,
  type MetricsReportJson,
  metricsReportSchema,
  type OodSectionJson,
} from '../../../src-core/contracts/evaluationReport';
import { parseDocument } from '../../../src-core/validate';

export interface EstimateView {
  value: number | null;
  low: number | null;
  high: number | null;
  reason: string | null;
}

export interface StoredEvaluation {
  metrics: MetricsReportJson;
  /** Only a `hilum eval` report has an OOD section. */
  ood: OodSectionJson | null;
}

/** A `hilum metrics` report has `perLabel` at the top; a `hilum eval` report holds it under `metrics`. */
export function readEvaluationReport(evaluationId: string, document: unknown): StoredEvaluation {
  const options = { code: 'CONFIG_INVALID', file: `stored evaluation ${evaluationId}` } as const;
  if (typeof document === 'object' && document !== null && 'perLabel' in document) {
    return { metrics: parseDocument(metricsReportSchema, document, options), ood: null };
  }
  const report = parseDocument(evaluationReportSchema, document, options);
  return { metrics: report.metrics, ood: report.ood };
}

export function estimateView(e: EstimateJson): EstimateView {
  return { value: e.value, low: e.ci95?.[0] ?? null, high: e.ci95?.[1] ?? null, reason: e.reason ?? null };
}
