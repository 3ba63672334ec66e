/**
 * Two evaluations' scores on the same cases as `hilum compare` computes them (comparePairedModels: DeLong per label,
 * patient-clustered paired bootstrap per label and macro), shaped as rows for the app: AUROC of each, the difference
 * A − B with its 95 % CI and bootstrap p, and DeLong's p.
 */
import { comparePairedModels, type PairedComparisonInput } from '../metrics/compare/comparePairedModels';
import type { JsonEstimate } from '../metrics/report/jsonEstimate';

export interface EstimateRow {
  value: number | null;
  low: number | null;
  high: number | null;
  reason: string | null;
}

export interface PairedComparisonRow {
  name: string;
  a: EstimateRow;
  b: EstimateRow;
  difference: EstimateRow;
  /** Two-sided paired-bootstrap p of the difference. */
  pValue: number | null;
  /** DeLong's p (null for the macro row, or when DeLong is undefined; `delongReason` says why). */
  delongPValue: number | null;
  delongReason: string | null;
}

const row = (e: JsonEstimate | undefined): EstimateRow => ({
  value: e?.value ?? null,
  low: e?.ci95?.[0] ?? null,
  high: e?.ci95?.[1] ?? null,
  reason: e?.reason ?? null,
});

interface Summary {
  a: JsonEstimate;
  b: JsonEstimate;
  difference: JsonEstimate;
  pValue: number | null;
}

export function pairedComparisonRows(input: PairedComparisonInput): {
  cases: number;
  labels: PairedComparisonRow[];
  macro: PairedComparisonRow | null;
} {
  const result = comparePairedModels(input);
  const labels = input.labelNames.map((name) => {
    const entry = result.perLabel[name] as { delong: { pValue?: number; reason?: string }; pairedBootstrap: Summary };
    const boot = entry.pairedBootstrap;
    return {
      name,
      a: row(boot.a),
      b: row(boot.b),
      difference: row(boot.difference),
      pValue: boot.pValue,
      delongPValue: typeof entry.delong.pValue === 'number' ? entry.delong.pValue : null,
      delongReason: typeof entry.delong.reason === 'string' ? entry.delong.reason : null,
    };
  });
  const macro = 'pairedBootstrap' in result.macro ? (result.macro.pairedBootstrap as Summary) : null;
  return {
    cases: result.cases,
    labels,
    macro: macro
      ? {
          name: 'macro',
          a: row(macro.a),
          b: row(macro.b),
          difference: row(macro.difference),
          pValue: macro.pValue,
          delongPValue: null,
          delongReason: 'per label only',
        }
      : null,
  };
}
