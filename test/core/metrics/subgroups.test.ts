import { describe, expect, it } from 'vitest';
import { analyzeSubgroups } from '../../../src-core/metrics/subgroups/analyzeSubgroups';
import { ageBandAttribute as ageBand } from '../../../src-core/datasets/ageBand';
import { buildSubgroups } from '../../../src-core/metrics/subgroups/buildSubgroups';
import { underdiagnosisStatistic } from '../../../src-core/metrics/subgroups/underdiagnosisStatistic';

const mean = (values: number[]) => (members: Int32Array) => (w: Float64Array) => {
  let s = 0;
  let t = 0;
  for (const i of members) {
    s += w[i]! * values[i]!;
    t += w[i]!;
  }
  return t > 0 ? s / t : NaN;
};

describe('subgroups', () => {
  it('groups per attribute value and pairwise intersections; unknown values belong to none', () => {
    const groups = buildSubgroups({ sex: ['F', 'M', 'F', ''], view: ['PA', 'PA', 'AP', 'AP'] });
    expect(groups.map((g) => `${g.attribute}=${g.value}:${Array.from(g.members)}`)).toEqual([
      'sex=F:0,2',
      'sex=M:1',
      'view=AP:2,3',
      'view=PA:0,1',
      'sex×view=F×AP:2',
      'sex×view=F×PA:0',
      'sex×view=M×PA:1',
    ]);
  });

  it('age bands', () => {
    expect([5, 18, 39.9, 40, 65, 80, 101, NaN].map(ageBand)).toEqual(['0-17', '18-39', '18-39', '40-59', '60-79', '80+', '80+', '']);
  });

  it('metric per group and the best–worst gap with a CI', () => {
    const values = Array.from({ length: 600 }, (_, i) => (i % 3 === 0 ? 1 : 0) * (i < 300 ? 1 : 0) + (i >= 300 && i % 2 === 0 ? 1 : 0));
    const site = values.map((_, i) => (i < 300 ? 'A' : 'B'));
    const result = analyzeSubgroups(600, buildSubgroups({ site }), mean(values), { resamples: 1000, seed: 3, higherIsBetter: true });
    const [a, b] = result.groups;
    expect(a!.value).toBeCloseTo(1 / 3, 12);
    expect(b!.value).toBeCloseTo(0.5, 12);
    const gap = result.gaps[0]!;
    expect(gap.best).toBe('B');
    expect(gap.worst).toBe('A');
    expect(gap.value).toBeCloseTo(0.5 - 1 / 3, 12);
    expect(gap.ci95[0]).toBeGreaterThan(0.05);
    expect(gap.ci95[1]).toBeLessThan(0.3);
  });

  it('underdiagnosis rate: cases with a positive finding predicted all-negative', () => {
    const predictions = [Float64Array.of(0.1, 0.9, 0.2, 0.1), Float64Array.of(0.2, 0.1, 0.7, 0.3)];
    const labels = [Float64Array.of(1, 1, 0, 0), Float64Array.of(NaN, 0, 1, 0)];
    const stat = underdiagnosisStatistic(predictions, labels, [0.5, 0.5], Int32Array.of(0, 1, 2, 3));
    // cases 0, 1, 2 have a positive; only case 0 is called all-negative.
    expect(stat(new Float64Array(4).fill(1))).toBeCloseTo(1 / 3, 12);
    expect(stat(Float64Array.of(2, 1, 1, 5))).toBeCloseTo(2 / 4, 12);
    expect(Number.isNaN(stat(Float64Array.of(0, 0, 0, 1)))).toBe(true);
  });
});
