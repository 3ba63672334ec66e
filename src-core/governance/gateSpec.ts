/**
 * A gates file (YAML or JSON, parsed by the caller): a name and a list of conditions on stored
 * metrics. Each gate reads `metric` (a metric path, see metricPath.ts) inside the stored metrics
 * of `kind` (default `evaluation`) whose first path segment is the dataset name.
 */
import { z } from 'zod';
import { HilumError } from '../errors';
import { parseDocument } from '../validate';
import { parseMetricPath } from './metricPath';

export const gateOps = ['>=', '>', '<=', '<', '=='] as const;
export type GateOp = (typeof gateOps)[number];

// Strict: a gates file is approved and signed, so a misspelt key must be refused, not silently ignored.
// Key order is the stored order (id, metric, op, value, kind, description).
const gateSchema = z.strictObject({
  id: z.string({ error: 'a gate id string' }).regex(/^[A-Za-z0-9._-]+$/, { error: 'an id of letters, digits, . _ -' }),
  metric: z.string({ error: 'a metric path string' }),
  op: z.enum(gateOps, { error: `one of ${gateOps.join(' ')}` }),
  value: z.number({ error: 'a finite number' }),
  kind: z.string({ error: 'a metrics kind string' }).min(1, { error: 'a non-empty metrics kind' }).default('evaluation'),
  description: z.string({ error: 'a string' }).default(''),
});

export const gateSpecSchema = z
  .strictObject(
    {
      name: z.string({ error: 'a non-empty name' }).trim().min(1, { error: 'a non-empty name' }),
      gates: z.array(gateSchema, { error: 'a list of gates' }).min(1, { error: 'a non-empty list of gates' }),
    },
    { error: 'an object with `name` and `gates`' },
  )
  .superRefine((spec, ctx) => {
    const seen = new Set<string>();
    spec.gates.forEach((gate, i) => {
      if (seen.has(gate.id))
        ctx.addIssue({
          code: 'custom',
          path: ['gates', i, 'id'],
          message: `"${gate.id}" is used twice`,
          params: { statement: true },
          input: gate.id,
        });
      seen.add(gate.id);
    });
  });

export type Gate = z.output<typeof gateSchema>;
export type GateSpec = z.output<typeof gateSpecSchema>;

export function parseGateSpec(raw: unknown, file: string): GateSpec {
  const spec = parseDocument(gateSpecSchema, raw, { code: 'CONFIG_INVALID', file });
  spec.gates.forEach((gate, i) => {
    try {
      parseMetricPath(gate.metric);
    } catch (error) {
      if (!(error instanceof HilumError)) throw error;
      throw new HilumError('CONFIG_INVALID', `${file}: gates[${i}].metric: ${error.message}`, {
        file,
        field: `gates[${i}].metric`,
        gate: gate.id,
      });
    }
  });
  return spec;
}
