import { describe, expect, it } from 'vitest';
import { ageBand } from '../../../src-core/datasets/ageBand';
import { parseLabelState } from '../../../src-core/datasets/labelState';
import { normaliseAgeYears, normaliseSex, normaliseView } from '../../../src-core/datasets/normaliseDemographics';

const where = { file: 'train.csv', row: 3, column: 'Edema' };

describe('label states and demographics', () => {
  it('keeps positive, negative, uncertain and blank distinct', () => {
    expect(['1.0', '1', '0.0', '0', '-1.0', '-1', '', '  '].map((v) => parseLabelState(v, where))).toEqual([
      1,
      1,
      0,
      0,
      -1,
      -1,
      null,
      null,
    ]);
    expect(() => parseLabelState('2.0', where)).toThrow(
      expect.objectContaining({ code: 'DATASET_LABEL', message: expect.stringContaining('train.csv, row 3') }),
    );
  });

  it('normalises sex, age and view spellings', () => {
    expect(['M', 'Female', 'f', 'Unknown', ''].map(normaliseSex)).toEqual(['M', 'F', 'F', null, null]);
    expect(['57', '057Y', '6M', '', '413', 'abc'].map(normaliseAgeYears)).toEqual([57, 57, 0.5, null, null, null]);
    expect(['pa', 'AP', 'Lateral', ''].map(normaliseView)).toEqual(['PA', 'AP', 'LATERAL', null]);
    expect([5, 18, 39.9, 40, 79, 80, null].map(ageBand)).toEqual(['0-17', '18-39', '18-39', '40-59', '60-79', '80+', 'unknown']);
  });
});
