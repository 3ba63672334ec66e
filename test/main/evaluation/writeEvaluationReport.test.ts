// The writer checks the report's JSON form against the schema its readers use before writing anything.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EvaluationReport } from '../../../src-core/contracts/evaluationReport';
import { writeEvaluationReport } from '../../../src-main/evaluation/writeEvaluationReport';
import { repoRoot } from '../../helpers/paths';

const strong = () => JSON.parse(fs.readFileSync(path.join(repoRoot, 'test/fixtures/governance/evaluation-strong.json'), 'utf8'));
const inputs = (report: EvaluationReport) => ({
  report,
  labelNames: [],
  outputs: { n: 0, logitColumns: [] } as never,
  labelColumns: [],
  temperatures: null,
  idScores: {},
  oodScoreSets: [],
});

describe('writeEvaluationReport', () => {
  it('writes report.json when the report fits its schema', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-report-'));
    expect(writeEvaluationReport(dir, inputs(strong()))).toContain('report.json');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8'))).toEqual(strong());
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses, as a bug, a report its readers could not parse, and writes no report.json', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-report-'));
    const report = strong();
    delete report.metrics.selectivePrediction.loss;
    expect(() => writeEvaluationReport(dir, inputs(report))).toThrowError(
      expect.objectContaining({
        code: 'BUG',
        message: expect.stringContaining('report.json: metrics.selectivePrediction.loss: expected string'),
      }),
    );
    expect(fs.existsSync(path.join(dir, 'report.json'))).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
