import { describe, expect, it } from 'vitest';
import { parseMetricPath, resolveMetricPath } from '../../../src-core/governance';

const doc = {
  external: {
    macro: { auroc: { value: 0.9, ci95: [0.85, 0.93] } },
    gaps: [
      { attribute: 'sex', ci95: [0.01, 0.04] },
      { attribute: 'age', ci95: [0.02, 0.08] },
    ],
    points: [
      { target: { risk: 0.05 }, coverage: 0.5 },
      { target: { risk: 0.1 }, coverage: 0.7 },
      { target: { coverage: 0.9 }, coverage: 0.9 },
    ],
  },
};

describe('metric path', () => {
  it('resolves keys and indices', () => {
    expect(resolveMetricPath(doc, 'external.macro.auroc.ci95[0]')).toEqual([{ path: 'external.macro.auroc.ci95[0]', value: 0.85 }]);
  });
  it('expands wildcards to every element', () => {
    expect(resolveMetricPath(doc, 'external.gaps[*].ci95[1]').map((m) => m.value)).toEqual([0.04, 0.08]);
    expect(resolveMetricPath(doc, 'external.*.auroc.value').map((m) => m.path)).toEqual(['external.macro.auroc.value']);
  });
  it('selects array elements by a nested member', () => {
    expect(resolveMetricPath(doc, 'external.points[target.risk=0.1].coverage')).toEqual([
      { path: 'external.points[1].coverage', value: 0.7 },
    ]);
    expect(resolveMetricPath(doc, 'external.gaps[attribute=age].ci95[0]').map((m) => m.value)).toEqual([0.02]);
  });
  it('returns no match for missing members (never a default)', () => {
    expect(resolveMetricPath(doc, 'external.macro.auprc.value')).toEqual([]);
    expect(resolveMetricPath(doc, 'external.macro.auroc.ci95[5]')).toEqual([]);
    expect(resolveMetricPath(doc, 'external.points[target.risk=0.2].coverage')).toEqual([]);
  });
  it('rejects malformed paths with CONFIG_INVALID naming the position', () => {
    for (const bad of ['', 'a..b', 'a.', '[0]', 'a[x', 'a[0]b', 'a.b]']) {
      expect(() => parseMetricPath(bad), bad).toThrowError(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    }
  });
});
