import { describe, expect, it } from 'vitest';
import { describeDocument, formatEstimate, pdfSafe } from '../../../src-main/reports/modelCard/pdfText';

describe('model card text helpers', () => {
  it('formats estimates with CIs and never turns a missing value into a number', () => {
    expect(formatEstimate({ value: 0.91234, ci95: [0.9, 0.93] })).toBe('0.912 [0.900, 0.930]');
    expect(formatEstimate({ value: 0.5, ci95: [0.4, null] })).toBe('0.500');
    expect(formatEstimate({ value: null, reason: 'no positives' })).toBe('undefined (no positives)');
    expect(formatEstimate(undefined)).toBe('not evaluated');
    expect(formatEstimate(Number.NaN)).toBe('undefined');
  });
  it('spells out symbols the standard PDF fonts cannot encode', () => {
    expect(pdfSafe('[2⁻⁵², 1 − 2⁻⁵²] ≥ 0.8, sex×ageBand')).toBe('[2^-52, 1 - 2^-52] >= 0.8, sex×ageBand');
    expect(pdfSafe('肺')).toBe('?');
  });
  it('flattens stored documents into labelled lines', () => {
    expect(describeDocument({ recipe: 'AdamW', augmentations: ['crop', 'rotate'], schedule: { warmup: 2 } })).toEqual([
      'recipe: AdamW',
      'augmentations: crop, rotate',
      'schedule / warmup: 2',
    ]);
  });
});
