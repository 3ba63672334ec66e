import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src-core/csv/parseCsv';
import { HilumError } from '../../../src-core/errors';
import { computeMetricsReport } from '../../../src-core/metrics/report/computeMetricsReport';
import { golden, labels, logits, probabilities } from './loadGolden';

const names = ['Atelectasis', 'Cardiomegaly', 'Effusion', 'Mass', 'Pneumothorax'];
const n: number = golden.n;
const ids = Array.from({ length: n }, (_, i) => `img${i}`);
const table = (header: string[], rows: string[][], file: string) => parseCsv([header, ...rows].map((r) => r.join(',')).join('\n'), file);
const predictionsCsv = (cols: Float64Array[]) =>
  table(
    ['image_id', ...names],
    ids.map((id, i) => [id, ...cols.map((c) => String(c[i]))]),
    'p.csv',
  );
// Unknown labels alternate between blank and −1; rows are shuffled to exercise the join.
const labelRows = ids.map((id, i) => [id, ...labels.map((c) => (Number.isNaN(c[i]!) ? (i % 2 ? '' : '-1') : String(c[i])))]).reverse();
const labelsCsv = table(['image_id', ...names], labelRows, 'l.csv');
const groupRows = ids.map((id, i) => [id, i % 2 ? 'F' : 'M', String(20 + (i % 70)), i % 3 ? 'PA' : 'AP', `p${Math.floor(i / 2)}`]);
const groupsWithPatient = table(['image_id', 'sex', 'age', 'view', 'patient'], groupRows, 'g.csv');
const groupsCsv = table(
  ['image_id', 'sex', 'age', 'view'],
  groupRows.map((r) => r.slice(0, 4)),
  'g.csv',
);
const close = (actual: number, expected: number, tol = 1e-9) => expect(Math.abs(actual - expected)).toBeLessThan(tol);

describe('computeMetricsReport', () => {
  const report = computeMetricsReport({
    predictions: predictionsCsv(probabilities),
    labels: labelsCsv,
    groups: groupsCsv,
    bootstrap: { resamples: 1000, seed: 1 },
  });

  it('per-label and macro point estimates equal scikit-learn; CIs bracket them', () => {
    names.forEach((name, l) => {
      const m = report.perLabel[name]!;
      close(m.auroc.value!, golden.perLabel[l].auroc);
      close(m.auprc.value!, golden.perLabel[l].auprc);
      close(m.brier.value!, golden.perLabel[l].brier);
      close(m.ece.value!, golden.calibration[l].equalWidth['15'].ece);
      for (const key of ['auroc', 'auprc', 'brier', 'ece'] as const) {
        const [lo, hi] = m[key].ci95!;
        expect(lo!).toBeLessThanOrEqual(m[key].value!);
        expect(hi!).toBeGreaterThanOrEqual(m[key].value!);
        expect(hi!).toBeGreaterThan(lo!);
      }
    });
    close(report.macro.auroc.value!, golden.macro.auroc);
    close(report.macro.auprc.value!, golden.macro.auprc);
    close(report.micro.auroc.value!, golden.micro.auroc);
    expect(report.macro.auroc.ci95![0]!).toBeLessThan(report.macro.auroc.value!);
    expect(report.bootstrap.resampling).toBe('images');
  });

  it('has calibration, thresholds, selective prediction and subgroup sections', () => {
    close(report.calibration.perLabel.Mass!.equalMass.ece!, golden.calibration[3].equalMass['15'].ece);
    expect(report.calibration.temperatureScaling.perLabel.Mass!.temperature.value).toBeGreaterThan(0);
    expect((report.thresholds.maxF1 as Record<string, { threshold: number }>).Mass!.threshold).toBe(golden.thresholds[3].maxF1);
    expect((report.selectivePrediction as { aurc: number }).aurc).toBeGreaterThan(0);
    const subgroups = report.subgroups as Exclude<typeof report.subgroups, { reason: string }>;
    expect(subgroups.attributes).toEqual(['sex', 'ageBand', 'view']);
    const groupNames = subgroups.macroAuroc.groups.map((g) => `${g.attribute}=${g.group}`);
    expect(groupNames).toContain('sex=F');
    expect(groupNames).toContain('ageBand=18-39');
    expect(groupNames).toContain('sex×view=F×PA');
    const sexGap = subgroups.macroAuroc.gaps.find((g) => g.attribute === 'sex')!;
    expect(sexGap.ci95![0]!).toBeLessThanOrEqual(sexGap.value!);
    expect(subgroups.underdiagnosisRate.groups.every((g) => g.value === null || (g.value >= 0 && g.value <= 1))).toBe(true);
    for (const sex of ['F', 'M']) {
      const ref = golden.subgroups[sex];
      const pick = (rows: { attribute: string; group: string; value: number | null }[]) =>
        rows.find((g) => g.attribute === 'sex' && g.group === sex)!.value!;
      close(pick(subgroups.macroAuroc.groups), ref.macroAuroc);
      close(pick(subgroups.underdiagnosisRate.groups), ref.underdiagnosis);
      names.forEach((name, l) => {
        close(pick(subgroups.perLabel[name]!.auroc.groups), ref.auroc[l]);
        close(pick(subgroups.perLabel[name]!.sensitivity.groups), ref.sensitivity[l]);
      });
    }
    const massGap = subgroups.perLabel.Mass!.auroc.gaps.find((g) => g.attribute === 'sex')!;
    close(massGap.value!, Math.abs(golden.subgroups.F.auroc[3] - golden.subgroups.M.auroc[3]));
    expect(JSON.stringify(report)).not.toContain('NaN');
  });

  it('logits: σ is applied; AUROC on logits equals sklearn; cluster bootstrap by patient column', () => {
    const r = computeMetricsReport({
      predictions: predictionsCsv(logits),
      labels: labelsCsv,
      groups: groupsWithPatient,
      logits: true,
      clusters: 'patient',
      bootstrap: { resamples: 1000, seed: 2 },
    });
    close(r.perLabel.Mass!.auroc.value!, golden.perLabel[3].aurocLogits);
    expect(r.bootstrap.resampling).toMatch(/clusters/);
    expect(r.bootstrap.clusters).toBe(n / 2);
    expect((r.subgroups as { attributes: string[] }).attributes).not.toContain('patient');
    const byArray = computeMetricsReport({
      predictions: predictionsCsv(logits),
      labels: labelsCsv,
      logits: true,
      clusters: ids.map((_, i) => `p${Math.floor(i / 2)}`),
      bootstrap: { resamples: 1000, seed: 2 },
    });
    expect(byArray.perLabel.Mass!.auroc.ci95).toEqual(r.perLabel.Mass!.auroc.ci95);
    expect(() =>
      computeMetricsReport({
        predictions: predictionsCsv(logits),
        labels: labelsCsv,
        logits: true,
        clusters: ['a'],
        bootstrap: { resamples: 1000, seed: 2 },
      }),
    ).toThrow(/1 cluster ids for 400 rows/);
  });

  it('a label with no positives is undefined with a reason and left out of the macro', () => {
    const noPositives = labelRows.map((row) => row.map((v, c) => (c === 2 && v === '1' ? '0' : v)));
    const r = computeMetricsReport({
      predictions: predictionsCsv(probabilities),
      labels: table(['image_id', ...names], noPositives, 'l.csv'),
      bootstrap: { resamples: 1000, seed: 1 },
    });
    expect(r.perLabel.Cardiomegaly!.auroc.value).toBeNull();
    expect(r.perLabel.Cardiomegaly!.auroc.reason).toMatch(/no positive/);
    expect(r.macro.auroc.excludedLabels).toEqual(['Cardiomegaly']);
    expect(r.subgroups).toEqual({ reason: 'no groups file given' });
  });

  it('an all-unknown label and a constant-score label are reported as undefined, never as 0.5', () => {
    const allUnknown = labelRows.map((row) => row.map((v, c) => (c === 5 ? '' : v)));
    const constant = probabilities.map((c, l) => (l === 0 ? new Float64Array(c.length).fill(0.3) : c));
    const r = computeMetricsReport({
      predictions: predictionsCsv(constant),
      labels: table(['image_id', ...names], allUnknown, 'l.csv'),
      bootstrap: { resamples: 1000, seed: 1 },
    });
    expect(r.perLabel.Atelectasis!.auroc).toMatchObject({ value: null, reason: expect.stringMatching(/all scores are equal/) });
    expect(r.perLabel.Pneumothorax!.auroc).toMatchObject({ value: null, reason: expect.stringMatching(/no cases with a known label/) });
    expect(r.perLabel.Pneumothorax!.brier).toMatchObject({ value: null, reason: expect.stringMatching(/no cases/) });
    expect(r.perLabel.Pneumothorax!.cases).toBe(0);
    expect(r.macro.auroc.excludedLabels).toEqual(['Atelectasis', 'Pneumothorax']);
    const kept = [1, 2, 3].map((l) => golden.perLabel[l].auroc as number);
    close(r.macro.auroc.value!, kept.reduce((a, b) => a + b, 0) / 3);
    expect(JSON.stringify(r)).not.toContain('NaN');
  });

  it('errors name the file: id mismatch, bad label value, too few resamples', () => {
    const missing = table(['image_id', ...names], labelRows.slice(1), 'l.csv');
    const err = (() => {
      try {
        computeMetricsReport({ predictions: predictionsCsv(probabilities), labels: missing, bootstrap: { resamples: 1000, seed: 1 } });
      } catch (e) {
        return e as HilumError;
      }
      return null;
    })();
    expect(err?.code).toBe('DATASET_FORMAT');
    expect(err?.details.file).toBe('l.csv');
    expect(err?.message).toMatch(/1 image ids from p.csv are missing/);
    const badLabel = table(
      ['image_id', ...names],
      labelRows.map((r, i) => (i === 0 ? [r[0]!, '2', ...r.slice(2)] : r)),
      'l.csv',
    );
    expect(() =>
      computeMetricsReport({ predictions: predictionsCsv(probabilities), labels: badLabel, bootstrap: { resamples: 1000, seed: 1 } }),
    ).toThrow(/l.csv: row 2, column 'Atelectasis'/);
    expect(() =>
      computeMetricsReport({ predictions: predictionsCsv(logits), labels: labelsCsv, bootstrap: { resamples: 1000, seed: 1 } }),
    ).toThrow(/outside \[0, 1\]/);
    expect(() =>
      computeMetricsReport({ predictions: predictionsCsv(probabilities), labels: labelsCsv, bootstrap: { resamples: 999, seed: 1 } }),
    ).toThrow(/≥ 1000/);
  });
});
