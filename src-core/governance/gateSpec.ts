/**
 * A gates file (YAML or JSON, parsed by the caller): a name and a list of conditions on stored
 * metrics. Each gate reads `metric` (a metric path, see metricPath.ts) inside the stored metrics
 * of `kind` (default `evaluation`) whose first path segment is the dataset name.
 */
import { HilumError } from '../errors';
import { parseMetricPath } from './metricPath';

export const gateOps = ['>=', '>', '<=', '<', '=='] as const;
export type GateOp = (typeof gateOps)[number];

export interface Gate {
  id: string;
  description: string;
  metric: string;
  kind: string;
  op: GateOp;
  value: number;
}

export interface GateSpec {
  name: string;
  gates: Gate[];
}

export function parseGateSpec(raw: unknown, file: string): GateSpec {
  const bad = (message: string, extra: Record<string, unknown> = {}): never => {
    throw new HilumError('CONFIG_INVALID', `${file}: ${message}`, { file, ...extra });
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) bad('a gates file must be an object with `name` and `gates`');
  const doc = raw as Record<string, unknown>;
  if (typeof doc.name !== 'string' || doc.name.trim() === '') bad('`name` must be a non-empty string');
  if (!Array.isArray(doc.gates) || doc.gates.length === 0) bad('`gates` must be a non-empty list');
  const seen = new Set<string>();
  const gates = (doc.gates as unknown[]).map((entry, i): Gate => {
    const where = `gates[${i}]`;
    if (typeof entry !== 'object' || entry === null) return bad(`${where} must be an object`);
    const g = entry as Record<string, unknown>;
    if (typeof g.id !== 'string' || !/^[A-Za-z0-9._-]+$/.test(g.id)) bad(`${where}.id must be letters, digits, . _ -`, { gate: i });
    const id = g.id as string;
    if (seen.has(id)) bad(`${where}.id "${id}" is used twice`, { gate: id });
    seen.add(id);
    if (typeof g.metric !== 'string') bad(`${where}.metric must be a metric path string`, { gate: id });
    parseMetricPath(g.metric as string);
    if (typeof g.op !== 'string' || !(gateOps as readonly string[]).includes(g.op))
      bad(`${where}.op must be one of ${gateOps.join(' ')}`, { gate: id });
    if (typeof g.value !== 'number' || !Number.isFinite(g.value)) bad(`${where}.value must be a finite number`, { gate: id });
    if (g.kind !== undefined && (typeof g.kind !== 'string' || g.kind === '')) bad(`${where}.kind must be a string`, { gate: id });
    if (g.description !== undefined && typeof g.description !== 'string') bad(`${where}.description must be a string`, { gate: id });
    return {
      id,
      metric: g.metric as string,
      op: g.op as GateOp,
      value: g.value as number,
      kind: (g.kind as string | undefined) ?? 'evaluation',
      description: (g.description as string | undefined) ?? '',
    };
  });
  return { name: doc.name as string, gates };
}
