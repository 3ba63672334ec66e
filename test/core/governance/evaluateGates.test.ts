import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { evaluateGates, parseGateSpec, type MetricsByKind } from '../../../src-core/governance';
import { repoRoot } from '../../helpers/paths';

const fixtures = path.join(repoRoot, 'test/fixtures/governance');
const load = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(fixtures, name), 'utf8'));
const template = parseGateSpec(
  parseYaml(fs.readFileSync(path.join(repoRoot, 'resources/gates/release-default.yaml'), 'utf8')),
  'release-default.yaml',
);

describe('gate evaluation over stored report JSON', () => {
  it('passes the strong fixture on every default gate, with the observed values', () => {
    const metrics: MetricsByKind = { evaluation: { external: load('evaluation-strong.json') } };
    const result = evaluateGates(template, metrics);
    expect(result.results.map((r) => [r.id, r.passed, r.reason])).toEqual(template.gates.map((g) => [g.id, true, expect.any(String)]));
    expect(result.passed).toBe(true);
    const auroc = result.results.find((r) => r.id === 'external-macro-auroc-lower95')!;
    expect(auroc.observed).toBe(
      (load('evaluation-strong.json') as { metrics: { macro: { auroc: { ci95: number[] } } } }).metrics.macro.auroc.ci95[0],
    );
    // The wildcard gate reports its worst subgroup gap (the intersection).
    expect(result.results.find((r) => r.id === 'far-ood-auroc')!.observedPath).toBe(
      'external.ood.sets[1].detectors.mahalanobis.auroc.ci95[0]',
    );
    expect(result.results.find((r) => r.id === 'subgroup-auroc-gap-upper95')!.observedPath).toBe(
      'external.metrics.subgroups.macroAuroc.gaps[2].ci95[1]',
    );
  });

  it('fails the weak fixture and says why', () => {
    const metrics: MetricsByKind = { evaluation: { external: load('evaluation-weak.json') } };
    const result = evaluateGates(template, metrics);
    expect(result.passed).toBe(false);
    const byId = Object.fromEntries(result.results.map((r) => [r.id, r]));
    expect(byId['external-macro-auroc-lower95']!.passed).toBe(false);
    expect(byId['external-ece-calibrated']!.passed).toBe(false);
    expect(byId['subgroup-auroc-gap-upper95']!.passed).toBe(false);
    expect(byId['far-ood-auroc']!.reason).toMatch(/missing metric: external\.ood\.sets\[name=far\]/); // no OOD set evaluated
    expect(byId['coverage-at-risk-0.10']!.reason).toMatch(/0\.0175 does not satisfy >= 0\.8/);
  });

  it('treats a missing metric, a missing kind and a null value as failures, never passes', () => {
    const metrics: MetricsByKind = {
      evaluation: { external: { metrics: { macro: { auroc: { value: null, reason: 'undefined', ci95: [null, null] } } } } },
    };
    const result = evaluateGates(template, metrics);
    expect(result.passed).toBe(false);
    expect(result.results.every((r) => !r.passed)).toBe(true);
    expect(result.results[0]!.reason).toMatch(/null/);
    expect(result.results[1]!.reason).toMatch(/missing metric/);
    expect(
      evaluateGates(template, {}).results.every(
        (r) => !r.passed && r.observed === null && /no stored metrics of kind "evaluation"/.test(r.reason),
      ),
    ).toBe(true);
    const other = parseGateSpec(
      { name: 'x', gates: [{ id: 'g', kind: 'ood', metric: 'external.far.auroc', op: '>=', value: 0.9 }] },
      'x.yaml',
    );
    expect(evaluateGates(other, { ood: { external: { far: { auroc: 0.95 } } } }).passed).toBe(true);
    expect(evaluateGates(other, metrics).results[0]!.reason).toMatch(/no stored metrics of kind "ood"/);
  });

  it('rejects malformed gates files with CONFIG_INVALID naming the file', () => {
    const cases: unknown[] = [
      null,
      { name: 'x' },
      { name: 'x', gates: [] },
      { name: 'x', gates: [{ id: 'a', metric: 'a.b', op: '=>', value: 1 }] },
      { name: 'x', gates: [{ id: 'a', metric: 'a.b', op: '>=', value: '1' }] },
      {
        name: 'x',
        gates: [
          { id: 'a', metric: 'a.b', op: '>=', value: 1 },
          { id: 'a', metric: 'a.c', op: '>=', value: 1 },
        ],
      },
    ];
    for (const raw of cases) {
      expect(() => parseGateSpec(raw, 'g.yaml')).toThrowError(
        expect.objectContaining({ code: 'CONFIG_INVALID', details: expect.objectContaining({ file: 'g.yaml' }) }),
      );
    }
  });
});
