// Stored evaluation documents are read with the schema their producer writes against (src-core/contracts/evaluationReport.ts).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEvaluationReport } from '../../../src-main/app/validation/readEvaluationReport';
import { repoRoot } from '../../helpers/paths';

const strong = () => JSON.parse(fs.readFileSync(path.join(repoRoot, 'test/fixtures/governance/evaluation-strong.json'), 'utf8'));

describe('readEvaluationReport', () => {
  it('reads a `hilum eval` report and the metrics report inside it alone', () => {
    const doc = strong();
    const wrapped = readEvaluationReport('e1', doc);
    expect(wrapped.metrics.labels).toEqual(doc.metrics.labels);
    expect(wrapped.ood?.sets.length).toBe(doc.ood.sets.length);
    const alone = readEvaluationReport('e2', doc.metrics);
    expect(alone).toEqual({ metrics: wrapped.metrics, ood: null });
  });

  it('names the stored evaluation and the path that does not match', () => {
    const doc = strong();
    doc.metrics.macro.auroc.value = 'high';
    expect(() => readEvaluationReport('e3', doc)).toThrowError(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        message: 'stored evaluation e3: metrics.macro.auroc.value: expected finite number, got string',
        details: expect.objectContaining({ field: 'metrics.macro.auroc.value' }),
      }),
    );
  });

  it('refuses a report whose per-label tables miss a listed label, so readers can index them by label', () => {
    const doc = strong();
    const label = doc.metrics.labels[1];
    delete doc.metrics.thresholds.maxF1[label];
    expect(() => readEvaluationReport('e4', doc)).toThrow(
      `stored evaluation e4: metrics.thresholds.maxF1.${label}: expected an entry for label "${label}"`,
    );
  });
});
