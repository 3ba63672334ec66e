// Decision logic checked against numpy (test/fixtures/onnx/makeDecisionReference.py) and hand-worked abstention cases.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  binaryEntropy,
  calibrateProbability,
  decideCase,
  scoreOod,
  type DecisionSpec,
  type OodFile,
  type OodOutcome,
} from '../../../src-core/bundle';
import { repoRoot } from '../../helpers/paths';

const ref = JSON.parse(readFileSync(path.join(repoRoot, 'test/fixtures/onnx/decision-reference.json'), 'utf8')) as {
  logits: number[][];
  temperatures: number[];
  probabilities: number[][];
  entropy: number[][];
  energy: number[];
  features: number[][];
  mahalanobis: number[];
  whitening: number[];
  whitenedMeans: number[][];
  dimension: number;
};
const labels = ['a', 'b', 'c', 'd', 'e'];

const oodSpec = (energyThreshold: number, mahaThreshold: number): OodFile => ({
  primary: 'mahalanobis',
  energy: { threshold: energyThreshold },
  mahalanobis: {
    threshold: mahaThreshold,
    params: {
      dimension: ref.dimension,
      classes: ['x', 'y', 'z'],
      whitening: ref.whitening,
      whitenedMeans: ref.whitenedMeans,
      shrinkage: 0,
    },
  },
  acceptedModalities: ['CR', 'DX'],
});

describe('calibration and uncertainty', () => {
  it('σ(z/T) and binary entropy match numpy', () => {
    ref.logits.forEach((row, i) =>
      row.forEach((z, l) => {
        expect(calibrateProbability(z, ref.temperatures[l]!)).toBeCloseTo(ref.probabilities[i]![l]!, 12);
        expect(binaryEntropy(ref.probabilities[i]![l]!)).toBeCloseTo(ref.entropy[i]![l]!, 10);
      }),
    );
  });
  it('rejects a non-positive temperature', () => {
    expect(() => calibrateProbability(1, 0)).toThrowError(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});

describe('scoreOod', () => {
  it('energy and Mahalanobis scores match numpy; flags and reason codes follow the thresholds', () => {
    ref.logits.forEach((z, i) => {
      const out = scoreOod(oodSpec(-1e9, 1e9), { logits: z, features: ref.features[i]!, modality: null });
      expect(out.scores.energy).toBeCloseTo(ref.energy[i]!, 10);
      expect(out.scores.mahalanobis!).toBeCloseTo(ref.mahalanobis[i]!, 8);
      expect(out.score).toBe(out.scores.mahalanobis);
      expect(out.reasons).toEqual(['OOD_ENERGY_HIGH']);
    });
    const sorted = [...ref.mahalanobis].sort((a, b) => a - b);
    const mid = (sorted[2]! + sorted[3]!) / 2;
    const flagged = ref.logits.map(
      (z, i) => scoreOod(oodSpec(1e9, mid), { logits: z, features: ref.features[i]!, modality: 'DX' }).flagged,
    );
    expect(flagged).toEqual(ref.mahalanobis.map((m) => m > mid));
  });
  it('flags a non-chest DICOM modality', () => {
    const out = scoreOod(oodSpec(1e9, 1e9), { logits: ref.logits[0]!, features: ref.features[0]!, modality: 'MG' });
    expect(out).toMatchObject({ flagged: true, reasons: ['NON_CHEST_MODALITY'], modality: 'MG' });
  });
});

describe('decideCase', () => {
  const spec: DecisionSpec = {
    labels: { labels },
    calibration: { method: 'temperature', temperatures: { a: 1, b: 1, c: 2, d: 1, e: 1 } },
    thresholds: { thresholds: { a: 0.5, b: 0.5, c: 0.3, d: 0.9, e: 0.5 } },
    abstention: {
      abstainWhenOod: true,
      bands: {
        a: { lower: 0.4, upper: 0.6 },
        b: { lower: 0.4, upper: 0.6 },
        c: { lower: 0, upper: 0 },
        d: { lower: 0, upper: 0 },
        e: { lower: 0.4, upper: 0.6 },
      },
      maxSpread: 0.1,
    },
  };
  const inDist: OodOutcome = {
    score: 0,
    detector: 'energy',
    flagged: false,
    reasons: [],
    scores: { energy: 0, mahalanobis: null },
    modality: null,
  };

  it('positive at or above the threshold, negative below, abstain inside the band', () => {
    // a: σ(2)=0.881 → positive; b: σ(0.2)=0.550 → in band → abstain; c: σ(-1/2)=0.378 ≥ 0.3 → positive; d: σ(2)=0.881 < 0.9 → negative; e: σ(-3) → negative
    const out = decideCase(spec, [2, 0.2, -1, 2, -3], inDist);
    expect(Object.fromEntries(Object.entries(out.labels).map(([k, v]) => [k, v.decision]))).toEqual({
      a: 'positive',
      b: 'abstain',
      c: 'positive',
      d: 'negative',
      e: 'negative',
    });
    expect(out.labels.b!.abstainReasons).toEqual(['UNCERTAIN_BAND']);
    expect(out.labels.c!.probability).toBeCloseTo(1 / (1 + Math.exp(0.5)), 12);
    expect(out.abstained).toBe(true);
  });
  it('abstains on every label when the case is out of distribution', () => {
    const out = decideCase(spec, [5, -5, 5, 5, -5], { ...inDist, flagged: true, reasons: ['OOD_ENERGY_HIGH'] });
    expect(Object.values(out.labels).every((l) => l.decision === 'abstain' && l.abstainReasons.includes('OUT_OF_DISTRIBUTION'))).toBe(true);
  });
  it('abstains when TTA / ensemble members disagree more than maxSpread, and reports the spread', () => {
    const members = [
      [3, -5, 5, 5, -5],
      [-1, -5, 5, 5, -5],
    ];
    const mean = [1, -5, 5, 5, -5];
    const out = decideCase(spec, mean, inDist, members);
    const pa = [1 / (1 + Math.exp(-3)), 1 / (1 + Math.exp(1))];
    expect(out.labels.a!.uncertainty.spread).toBeCloseTo(Math.abs(pa[0]! - pa[1]!) / 2, 12);
    expect(out.labels.a!.decision).toBe('abstain');
    expect(out.labels.a!.abstainReasons).toEqual(['MEMBER_DISAGREEMENT']);
    expect(out.labels.b!.decision).toBe('negative');
    expect(out.labels.b!.uncertainty.spread).toBe(0);
  });
});
