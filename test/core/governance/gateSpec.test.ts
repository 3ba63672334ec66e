// parseGateSpec on its zod schema: every refusal is CONFIG_INVALID naming the file and the field.
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseGateSpec } from '../../../src-core/governance';

const gate = { id: 'a', metric: 'external.metrics.macro.auroc.value', op: '>=', value: 0.8 };

describe('parseGateSpec', () => {
  it('fills the defaults and keeps the stored key order', () => {
    const spec = parseGateSpec({ name: ' release ', gates: [gate] }, 'g.yaml');
    expect(spec).toEqual({ name: 'release', gates: [{ ...gate, kind: 'evaluation', description: '' }] });
    expect(Object.keys(spec.gates[0]!)).toEqual(['id', 'metric', 'op', 'value', 'kind', 'description']);
  });

  it.each([
    [
      { name: 'x', gates: [{ ...gate, value: Infinity }] },
      'g.yaml: gates[0].value: expected a finite number, got Infinity',
      'gates[0].value',
    ],
    [{ name: 'x', gates: [gate, { ...gate, op: '=>' }] }, 'g.yaml: gates[1].op: expected one of >= > <= < ==, got string', 'gates[1].op'],
    [{ name: 'x', gates: [{ ...gate, threshold: 1 }] }, 'g.yaml: gates[0].threshold: unexpected field', 'gates[0].threshold'],
    [{ name: 'x', gates: [gate, gate] }, 'g.yaml: gates[1].id: "a" is used twice', 'gates[1].id'],
    [{ name: '  ', gates: [gate] }, 'g.yaml: name: expected a non-empty name', 'name'],
    [{ name: 'x', gates: [] }, 'g.yaml: gates: expected a non-empty list of gates', 'gates'],
    [{ name: 'x', gates: [{ ...gate, metric: 'a..b' }] }, 'g.yaml: gates[0].metric: metric path "a..b" is not valid', 'gates[0].metric'],
  ])('refuses %j', (raw, message, field) => {
    expect(() => parseGateSpec(raw, 'g.yaml')).toThrowError(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        message: expect.stringContaining(message),
        details: expect.objectContaining({ file: 'g.yaml', field }),
      }),
    );
  });

  it('refuses a YAML .inf threshold, which JSON could never have carried', () => {
    const raw = parseYaml('name: x\ngates:\n  - { id: a, metric: a.b, op: "<=", value: .inf }\n');
    expect(() => parseGateSpec(raw, 'g.yaml')).toThrow('gates[0].value: expected a finite number, got Infinity');
  });
});
