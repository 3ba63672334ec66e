import { describe, expect, it } from 'vitest';
import { assignPatientSplits, type SplitUnit } from '../../../src-core/datasets/assignPatientSplits';
import { assertNoSplitLeakage, checkSplitLeakage } from '../../../src-core/datasets/checkSplitLeakage';
import { createRng } from '../../../src-core/random/createRng';

function syntheticUnits(patients: number, seed: number): SplitUnit[] {
  const random = createRng(seed).nextFloat;
  const units: SplitUnit[] = [];
  let id = 0;
  for (let p = 0; p < patients; p++) {
    const images = 1 + Math.floor(random() * 5);
    for (let i = 0; i < images; i++) {
      const positives: string[] = [];
      if (random() < 0.3) positives.push('common');
      if (random() < 0.04) positives.push('rare');
      if (p % 50 === 0) positives.push('very-rare');
      units.push({ imageId: id++, patient: `p${p}`, positives });
    }
  }
  return units;
}

describe('assignPatientSplits', () => {
  const units = syntheticUnits(600, 3);
  const fractions = { train: 0.7, val: 0.1, test: 0.2 };

  it('puts each patient in exactly one split and every image in a split', () => {
    const a = assignPatientSplits(units, { seed: 1, fractions });
    expect(a.splitOf.size).toBe(units.length);
    const report = checkSplitLeakage(units.map((u) => ({ patient: u.patient, split: a.splitOf.get(u.imageId) as string })));
    expect(report.ok).toBe(true);
    expect(report.patientsChecked).toBe(600);
  });

  it('follows the fractions and stratifies rare labels across all splits', () => {
    const a = assignPatientSplits(units, { seed: 1, fractions });
    for (const [split, f] of Object.entries(fractions)) {
      const n = units.filter((u) => a.splitOf.get(u.imageId) === split).length;
      expect(Math.abs(n / units.length - f)).toBeLessThan(0.03);
      for (const label of ['common', 'rare', 'very-rare']) {
        const total = units.filter((u) => u.positives.includes(label)).length;
        const inSplit = units.filter((u) => u.positives.includes(label) && a.splitOf.get(u.imageId) === split).length;
        expect(inSplit).toBeGreaterThan(0);
        expect(Math.abs(inSplit / total - f)).toBeLessThan(label === 'common' ? 0.03 : 0.1);
      }
    }
  });

  it('is deterministic per seed and differs between seeds', () => {
    const a = assignPatientSplits(units, { seed: 5, fractions });
    const b = assignPatientSplits(units, { seed: 5, fractions });
    const c = assignPatientSplits(units, { seed: 6, fractions });
    expect([...a.splitOf]).toEqual([...b.splitOf]);
    expect([...a.splitOf]).not.toEqual([...c.splitOf]);
  });

  it('rejects fractions that do not sum to 1', () => {
    expect(() => assignPatientSplits(units, { seed: 1, fractions: { train: 0.8, test: 0.3 } })).toThrow(/sum to 1/);
  });
});

describe('checkSplitLeakage', () => {
  it('finds a patient shared by two splits and the assertion names it', () => {
    const report = checkSplitLeakage([
      { patient: 'P-a', split: 'train' },
      { patient: 'P-b', split: 'train' },
      { patient: 'P-a', split: 'test' },
      { patient: 'P-c', split: 'external:mhh' },
      { patient: 'P-c', split: 'val' },
    ]);
    expect(report.ok).toBe(false);
    expect(report.shared).toEqual([
      { patient: 'P-a', splits: ['test', 'train'] },
      { patient: 'P-c', splits: ['external:mhh', 'val'] },
    ]);
    expect(() => assertNoSplitLeakage(report, 'test split')).toThrow(
      expect.objectContaining({ code: 'SPLIT_LEAKAGE', message: expect.stringContaining('P-a (test, train)') }),
    );
  });
});
