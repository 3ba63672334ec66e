// The CSV mapping is parsed with its shared zod schema: CONFIG_INVALID naming the file and the field.
import { describe, expect, it } from 'vitest';
import { validateCsvMapping } from '../../../src-worker/datasets/formats/csvMapping';

const ok = { csv: 'data.csv', image: 'file', labels: ['a', 'b'] };

describe('validateCsvMapping', () => {
  it('accepts a mapping and keeps its fields', () => {
    expect(validateCsvMapping({ ...ok, constantLabels: { x: 1, y: null } }, 'm.yaml')).toEqual({
      ...ok,
      constantLabels: { x: 1, y: null },
    });
  });

  it.each([
    [{ ...ok, labels: ['a', 3] }, 'm.yaml: labels[1]: expected a column name, got 3', 'labels[1]'],
    [{ ...ok, constantLabels: { x: 2 } }, 'm.yaml: constantLabels.x: expected 1, 0, -1 or null, got 2', 'constantLabels.x'],
    [{ ...ok, lables: ['a'] }, 'm.yaml: lables: unexpected field', 'lables'],
    [{ csv: 'data.csv', labels: ['a'] }, 'm.yaml: image: "image" or "imageTemplate" is required', 'image'],
    [{ csv: 'data.csv', image: 'x' }, 'm.yaml: labels: no labels mapped', 'labels'],
    [{ ...ok, labelList: { column: 'Finding Labels', separator: '|' } }, 'm.yaml: labelList.vocabulary: expected', 'labelList.vocabulary'],
  ])('refuses %j', (mapping, message, field) => {
    expect(() => validateCsvMapping(mapping, 'm.yaml')).toThrowError(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        message: expect.stringContaining(message),
        details: expect.objectContaining({ file: 'm.yaml', field }),
      }),
    );
  });
});
