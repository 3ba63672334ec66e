import { describe, expect, it } from 'vitest';
import { deriveAgeYears } from '../../../src-core/dicom/deriveAgeYears';

describe('deriveAgeYears', () => {
  it('reads AS values in years, months, weeks and days', () => {
    expect(deriveAgeYears('049Y', null, null)).toBe(49);
    expect(deriveAgeYears('018M', null, null)).toBe(1.5);
    expect(deriveAgeYears('052W', null, null)).toBeCloseTo(0.996, 2);
    expect(deriveAgeYears('014D', null, null)).toBeCloseTo(0.04, 2);
  });
  it('treats 000Y and malformed AS as unknown and falls back to dates', () => {
    expect(deriveAgeYears('000Y', null, null)).toBeNull();
    expect(deriveAgeYears('forty', '19800615', '20200614')).toBe(39);
    expect(deriveAgeYears(null, '19800615', '20200615')).toBe(40);
  });
  it('returns null when the study precedes birth or dates are invalid', () => {
    expect(deriveAgeYears(null, '20200101', '20100101')).toBeNull();
    expect(deriveAgeYears(null, '2020AB01', '20100101')).toBeNull();
    expect(deriveAgeYears(null, null, null)).toBeNull();
  });
});
