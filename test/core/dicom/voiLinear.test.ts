import { describe, expect, it } from 'vitest';
import { voiLinear } from '../../../src-core/dicom/voiLinear';

describe('voiLinear (PS3.3 C.11.2.1.2)', () => {
  it("LINEAR matches the standard's worked thresholds for c=2048 w=4096", () => {
    const f = voiLinear(2048, 4096);
    // x <= c - 0.5 - (w-1)/2 = 0 → 0; x > c - 0.5 + (w-1)/2 = 4095 → 1
    expect(f(0)).toBe(0);
    expect(f(4095)).toBeCloseTo(1, 6);
    expect(f(4096)).toBe(1);
    expect(f(2047.5)).toBeCloseTo(0.5, 9);
  });
  it('LINEAR_EXACT and SIGMOID', () => {
    expect(voiLinear(100, 50, 'LINEAR_EXACT')(100)).toBeCloseTo(0.5, 9);
    expect(voiLinear(100, 50, 'LINEAR_EXACT')(75)).toBe(0);
    expect(voiLinear(100, 50, 'SIGMOID')(100)).toBeCloseTo(0.5, 9);
    expect(voiLinear(100, 50, 'SIGMOID')(125)).toBeCloseTo(1 / (1 + Math.exp(-2)), 9);
  });
});
