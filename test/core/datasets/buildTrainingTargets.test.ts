import { describe, expect, it } from 'vitest';
import { buildTrainingTargets } from '../../../src-core/datasets/buildTrainingTargets';
import type { LabelState } from '../../../src-core/datasets/labelState';

// One row per state: positive, negative, uncertain, blank.
const states: LabelState[][] = [
  [1, 0, -1, null],
  [-1, -1, 1, null],
];

describe('buildTrainingTargets', () => {
  it('U-Ones, U-Zeros and U-Ignore treat only uncertain entries differently', () => {
    const ones = buildTrainingTargets(states, 4, { uncertain: 'ones', blank: 'zero' });
    expect([...ones.targets]).toEqual([1, 0, 1, 0, 1, 1, 1, 0]);
    expect([...ones.mask]).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    const zeros = buildTrainingTargets(states, 4, { uncertain: 'zeros', blank: 'zero' });
    expect([...zeros.targets]).toEqual([1, 0, 0, 0, 0, 0, 1, 0]);
    const ignore = buildTrainingTargets(states, 4, { uncertain: 'ignore', blank: 'zero' });
    expect([...ignore.mask]).toEqual([1, 1, 0, 1, 0, 0, 1, 1]);
    expect([...ignore.targets]).toEqual([1, 0, 0, 0, 0, 0, 1, 0]);
  });

  it('blank can be negative or masked', () => {
    const masked = buildTrainingTargets(states, 4, { uncertain: 'ones', blank: 'ignore' });
    expect([...masked.mask]).toEqual([1, 1, 1, 0, 1, 1, 1, 0]);
  });

  it('label smoothing draws uncertain targets in the documented ranges, reproducibly', () => {
    const many: LabelState[][] = Array.from({ length: 500 }, () => [-1, 1, 0]);
    const a = buildTrainingTargets(many, 3, { uncertain: 'ones-lsr', seed: 7, blank: 'zero' });
    const b = buildTrainingTargets(many, 3, { uncertain: 'ones-lsr', seed: 7, blank: 'zero' });
    expect(a.targets).toEqual(b.targets);
    const u = [...a.targets].filter((_, i) => i % 3 === 0);
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0.55);
    expect(Math.max(...u)).toBeLessThanOrEqual(0.85);
    expect(Math.max(...u) - Math.min(...u)).toBeGreaterThan(0.25); // actually spread, not a constant
    expect([...a.targets].filter((_, i) => i % 3 === 1).every((v) => v === 1)).toBe(true);
    const z = buildTrainingTargets(many, 3, { uncertain: 'zeros-lsr', seed: 7, blank: 'zero' });
    const zu = [...z.targets].filter((_, i) => i % 3 === 0);
    expect(Math.max(...zu)).toBeLessThanOrEqual(0.3);
    const fixed = buildTrainingTargets(many, 3, { uncertain: 'fixed', value: 0.7, blank: 'zero' });
    expect(fixed.targets[0]).toBeCloseTo(0.7, 6);
  });

  it('rejects a smoothing range outside [0, 1] and rows of the wrong length', () => {
    expect(() => buildTrainingTargets(states, 4, { uncertain: 'fixed', value: 1.5, blank: 'zero' })).toThrow(/\[0, 1\]/);
    expect(() => buildTrainingTargets(states, 3, { uncertain: 'ones', blank: 'zero' })).toThrow(/expected 3/);
  });
});
