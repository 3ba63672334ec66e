// parseRecipe on its zod schema: the repository's recipes parse, defaults fill in, and a bad field is named with the file.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRecipe } from '../../../src-main/recipes/parseRecipe';
import { repoRoot } from '../../helpers/paths';

const kermany = path.join(repoRoot, 'recipes/pneumonia-kermany.yaml');
const nih = path.join(repoRoot, 'recipes/nih-cxr14.yaml');

describe('parseRecipe', () => {
  it('parses the shipped recipes, resolving paths against the recipe folder and filling defaults', () => {
    const r = parseRecipe(nih);
    expect(r.name).toBe('nih-cxr14');
    expect(r.dataset.path).toBe(path.resolve(repoRoot, '../shared/data/nih-cxr14-subset-64px'));
    expect(r.split).toEqual({ seed: 1, fractions: { train: 0.7, val: 0.1, test: 0.2 } });
    expect(r.evaluate['internal-test']).toEqual({
      dataset: 'nih-cxr14-subset',
      split: 'test',
      external: false,
      resamples: 2000,
      seed: 1,
      oodFar: path.resolve(repoRoot, '../shared/data/dicom'),
    });
    expect(parseRecipe(kermany).bundle.weights).toMatch(/^(best|last|ema|swa)$/);
  });

  it('fills an absent evaluate section with the internal test split', () => {
    expect(parseRecipe(nih, ['evaluate=null']).evaluate).toEqual({
      'internal-test': { dataset: 'nih-cxr14-subset', split: 'test', external: false, resamples: 1000, seed: 1 },
    });
  });

  it.each([
    ['dataset.sizes=64', 'nih-cxr14.yaml: dataset.sizes: unexpected field'],
    ['bundle.oodQuantile=.inf', 'nih-cxr14.yaml: bundle.oodQuantile: expected a quantile in (0, 1), got Infinity'],
    ['split.fractions=[0.7, 0.3]', 'nih-cxr14.yaml: split.fractions: expected three non-negative numbers [train, val, test], got array'],
    ['evaluate.internal-test.external=yes', 'nih-cxr14.yaml: evaluate.internal-test.external: expected true or false, got string'],
    ['bundle.priorFrom=val', 'nih-cxr14.yaml: bundle.priorFrom'],
    ['dataset.perClassLimit=5', 'nih-cxr14.yaml: dataset.perClassLimit applies only to the folders format'],
  ])('refuses --set %s naming the file and the field', (setting, message) => {
    const settings = setting.startsWith('bundle.priorFrom') ? ['bundle.prior={Effusion: 0.1}', setting] : [setting];
    expect(() => parseRecipe(nih, settings)).toThrowError(
      expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining(message) }),
    );
  });
});
