// Decision rules as named on the command line and in recipes, thresholds by target specificity, and
// abstention bands chosen from the validation coverage–risk curve (checked against a brute-force count).
import { describe, expect, it } from 'vitest';
import { decideCase } from '../../../src-core/bundle/decideCase';
import { fitDecisionSpec } from '../../../src-core/bundle/fitDecisionSpec';
import { parseAbstentionRule, parseThresholdRule } from '../../../src-core/bundle/parseDecisionRules';
import { createRng } from '../../../src-core/random/createRng';
import { selectThreshold } from '../../../src-core/metrics/thresholds/selectThresholds';

describe('named decision rules', () => {
  it('parses every accepted form and names the option on error', () => {
    expect(parseThresholdRule('max-f1')).toEqual({ kind: 'maxF1' });
    expect(parseThresholdRule('Youden')).toEqual({ kind: 'maxYouden' });
    expect(parseThresholdRule('sens>=0.9')).toEqual({ kind: 'targetSensitivity', sensitivity: 0.9 });
    expect(parseThresholdRule('spec >= 0.95')).toEqual({ kind: 'targetSpecificity', specificity: 0.95 });
    expect(parseAbstentionRule('risk<=0.05')).toEqual({ kind: 'targetRisk', risk: 0.05 });
    expect(parseAbstentionRule('coverage>=0.9')).toEqual({ kind: 'targetCoverage', coverage: 0.9 });
    expect(parseAbstentionRule('band=0.1')).toEqual({ kind: 'band', halfWidth: 0.1 });
    expect(parseAbstentionRule('none')).toEqual({ kind: 'band', halfWidth: 0 });
    expect(() => parseThresholdRule('sens>=1.5', 'bundle.threshold')).toThrow(/bundle.threshold: "1.5" is not a number in \(0, 1\]/);
    expect(() => parseAbstentionRule('always')).toThrow(/--abstain: unknown abstention rule "always"/);
  });

  it('a target specificity gives the lowest threshold that still reaches it', () => {
    const scores = Float64Array.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95);
    const labels = Float64Array.of(0, 0, 1, 0, 0, 1, 0, 1, 1, 1);
    const choice = selectThreshold(scores, labels, { kind: 'targetSpecificity', specificity: 0.8 });
    // Negatives 0.1, 0.2, 0.4, 0.5, 0.7: specificity ≥ 0.8 allows one of them called (0.7); t = 0.6 is the lowest such threshold.
    expect(choice.threshold).toBe(0.6);
    expect(choice.specificity).toBe(0.8);
    expect(choice.sensitivity).toBe(0.8);
    expect(() =>
      selectThreshold(scores, Float64Array.of(1, 1, 1, 1, 1, 1, 1, 1, 1, 1), { kind: 'targetSpecificity', specificity: 0.8 }),
    ).toThrow(/no negative cases/);
  });

  it("chooses each label's abstention band from the coverage–risk curve on validation", () => {
    const random = createRng(5);
    const rng = () => random.nextFloat();
    const n = 400;
    const labels = Float64Array.from({ length: n }, () => (rng() < 0.4 ? 1 : 0));
    const logits = Float64Array.from(labels, (y) => (y ? 1 : -1) + 2 * (rng() - 0.5) * 2);
    const features = Float64Array.from({ length: n * 2 }, () => rng());
    const common = {
      labelNames: ['x'],
      logits: [logits],
      labels: [labels],
      trainFeatures: features,
      trainLabels: [labels],
      featureDimension: 2,
      valFeatures: features,
    };
    const byCoverage = fitDecisionSpec({ ...common, abstention: { kind: 'targetCoverage', coverage: 0.8 } });
    const t = byCoverage.thresholds.thresholds.x!;
    const T = byCoverage.calibration.temperatures.x!;
    const p = Array.from(logits, (z) => 1 / (1 + Math.exp(-z / T)));
    const { lower, upper } = byCoverage.abstention.bands.x!;
    const accepted = p.filter((v) => !(v >= lower && v < upper)).length;
    expect(accepted / n).toBeGreaterThanOrEqual(0.8);
    expect(byCoverage.abstentionChoices.x!.coverage).toBeGreaterThanOrEqual(0.8);
    expect(lower).toBeLessThan(t);
    expect(upper).toBeGreaterThanOrEqual(t);
    // A risk target: the accepted cases' error rate, counted directly, meets it.
    const byRisk = fitDecisionSpec({ ...common, abstention: { kind: 'targetRisk', risk: 0.05 } });
    const band = byRisk.abstention.bands.x!;
    let wrong = 0;
    let kept = 0;
    p.forEach((v, i) => {
      if (v >= band.lower && v < band.upper) return;
      kept++;
      if ((v >= byRisk.thresholds.thresholds.x! ? 1 : 0) !== labels[i]) wrong++;
    });
    expect(wrong / kept).toBeLessThanOrEqual(0.05);
    // Unreachable: named as not fitted, and the label never abstains on uncertainty.
    // (The most confident cases are wrong, so no coverage reaches risk 0.)
    const z = Float64Array.of(4, 3, 1, 0.5, -0.5, -1, -3, -4);
    const y = Float64Array.of(0, 1, 1, 1, 0, 0, 0, 1);
    const few = Float64Array.from({ length: 16 }, () => rng());
    const impossible = fitDecisionSpec({
      labelNames: ['x'],
      logits: [z],
      labels: [y],
      trainFeatures: few,
      trainLabels: [y],
      featureDimension: 2,
      valFeatures: few,
      abstention: { kind: 'targetRisk', risk: 0 },
    });
    expect(impossible.unfitted.some((u) => u.what === 'abstention')).toBe(true);
    expect(impossible.abstention.bands.x!.upper).toBe(impossible.abstention.bands.x!.lower);
  });

  it('fits a label shift to a known prevalence, and the served probability carries it', () => {
    const random = createRng(9);
    const n = 300;
    const labels = Float64Array.from({ length: n }, () => (random.nextFloat() < 0.5 ? 1 : 0));
    const logits = Float64Array.from(labels, (y) => (y ? 1.5 : -1.5) + 2 * (random.nextFloat() - 0.5) * 3);
    const features = Float64Array.from({ length: n * 2 }, () => random.nextFloat());
    const common = {
      labelNames: ['x'],
      logits: [logits],
      labels: [labels],
      trainFeatures: features,
      trainLabels: [labels],
      featureDimension: 2,
      valFeatures: features,
    };
    const plain = fitDecisionSpec(common);
    const shifted = fitDecisionSpec({ ...common, priorShift: { method: 'known', target: { x: 0.1 } } });
    const source = Array.from(labels).reduce((a, b) => a + b, 0) / n;
    expect(shifted.calibration.priorShift).toEqual({ method: 'known', source: { x: source }, target: { x: 0.1 } });
    // Same rank cut on validation (max F1 is rank-based), so the threshold is the old one moved by the prior odds.
    const logit = (p: number) => Math.log(p / (1 - p));
    expect(logit(shifted.thresholds.thresholds.x!)).toBeCloseTo(logit(plain.thresholds.thresholds.x!) + logit(0.1) - logit(source), 9);
    const spec = {
      labels: { labels: ['x'] },
      calibration: shifted.calibration,
      thresholds: shifted.thresholds,
      abstention: shifted.abstention,
    };
    const ood = {
      score: 0,
      detector: 'energy' as const,
      flagged: false,
      reasons: [],
      scores: { energy: 0, mahalanobis: null },
      modality: null,
    };
    const T = shifted.calibration.temperatures.x!;
    expect(decideCase(spec, [0.7], ood).labels.x!.probability).toBeCloseTo(1 / (1 + Math.exp(-(0.7 / T + logit(0.1) - logit(source)))), 12);
    expect(() => fitDecisionSpec({ ...common, priorShift: { method: 'known', target: { y: 0.2 } } })).toThrow(/unknown label\(s\) y/);
  });
});
