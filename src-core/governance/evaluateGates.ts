/**
 * Evaluates gates over stored metrics: `{ [kind]: { [dataset]: reportJson } }`. A missing metric,
 * a non-numeric value or an empty wildcard match is a failed gate with the reason — never a pass.
 */
import type { Gate, GateOp, GateSpec } from './gateSpec';
import { resolveMetricPath } from './metricPath';

export type MetricsByKind = Record<string, Record<string, unknown>>;

export interface GateResult {
  id: string;
  description: string;
  metric: string;
  kind: string;
  op: GateOp;
  threshold: number;
  passed: boolean;
  /** The value compared (for wildcards: the worst one); null when missing. */
  observed: number | null;
  observedPath: string | null;
  reason: string;
}

export interface GateEvaluation {
  name: string;
  passed: boolean;
  results: GateResult[];
}

export function compare(value: number, op: GateOp, threshold: number): boolean {
  switch (op) {
    case '>=':
      return value >= threshold;
    case '>':
      return value > threshold;
    case '<=':
      return value <= threshold;
    case '<':
      return value < threshold;
    case '==':
      return value === threshold;
  }
}

export function evaluateGate(gate: Gate, metrics: MetricsByKind): GateResult {
  const base = { id: gate.id, description: gate.description, metric: gate.metric, kind: gate.kind, op: gate.op, threshold: gate.value };
  const fail = (reason: string, observed: number | null = null, observedPath: string | null = null): GateResult => ({
    ...base,
    passed: false,
    observed,
    observedPath,
    reason,
  });
  const root = metrics[gate.kind];
  if (root === undefined) return fail(`missing metric: no stored metrics of kind "${gate.kind}"`);
  const matches = resolveMetricPath(root, gate.metric);
  if (matches.length === 0) return fail(`missing metric: ${gate.metric} is not in the stored ${gate.kind} metrics`);
  let worst: { path: string; value: number } | null = null;
  for (const m of matches) {
    if (typeof m.value !== 'number' || !Number.isFinite(m.value)) {
      return fail(
        `metric ${m.path} is ${m.value === null ? 'null (undefined metric)' : `not a finite number (${typeof m.value})`}`,
        null,
        m.path,
      );
    }
    if (!compare(m.value, gate.op, gate.value))
      return fail(`${m.path} = ${m.value} does not satisfy ${gate.op} ${gate.value}`, m.value, m.path);
    // For a passing wildcard gate, report the value closest to failing.
    if (worst === null || (gate.op.startsWith('>') ? m.value < worst.value : m.value > worst.value))
      worst = { path: m.path, value: m.value };
  }
  const w = worst!;
  const scope = matches.length > 1 ? ` (worst of ${matches.length})` : '';
  return {
    ...base,
    passed: true,
    observed: w.value,
    observedPath: w.path,
    reason: `${w.path} = ${w.value} ${gate.op} ${gate.value}${scope}`,
  };
}

export function evaluateGates(spec: GateSpec, metrics: MetricsByKind): GateEvaluation {
  const results = spec.gates.map((gate) => evaluateGate(gate, metrics));
  return { name: spec.name, passed: results.every((r) => r.passed), results };
}
