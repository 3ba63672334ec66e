/**
 * A model judged by its own decision rules: sensitivity, specificity, PPV and NPV at the bundle's
 * thresholds with (patient-clustered) bootstrap CIs, both raw (every case, thresholds only) and as
 * served (abstained cases — uncertain band or OOD — left out, with the coverage that costs); selective
 * risk; subgroup sensitivity at those thresholds; and, labelled as an oracle, the thresholds the test
 * data itself would have chosen (in probabilities). Pure.
 */
import { bootstrapMany, type BootstrapOptions, type WeightedStatistic } from '../bootstrap/bootstrapCi';
import { jsonEstimate, type JsonEstimate } from '../report/jsonEstimate';
import { selectThreshold, type ThresholdCriterion } from '../thresholds/selectThresholds';
import { applyThresholds } from '../thresholds/applyThresholds';
import type { LabelColumns } from '../types';

export interface ServedInput {
  labelNames: readonly string[];
  /** Calibrated probabilities, one column per label. */
  probabilities: LabelColumns;
  /** 1 / 0 / NaN (unknown). */
  labels: LabelColumns;
  thresholds: readonly number[];
  /** Per label and case: 1 when the served model abstains on that label (uncertain band, OOD, disagreement). */
  abstained: Uint8Array[];
  /** Per case: 1 when the OOD detector flags it. */
  oodFlagged: Uint8Array;
  /** Subgroup attributes per case ('' = unknown: left out). */
  attributes: Array<Record<string, string>>;
  bootstrap: BootstrapOptions;
}

const OPERATING_STATISTICS = ['sensitivity', 'specificity', 'ppv', 'npv', 'risk'] as const;
type OperatingStatistic = (typeof OPERATING_STATISTICS)[number];

/** Weighted operating statistics of one label's decisions over the cases where `include` is 1. */
function operatingStatistics(
  decision: Uint8Array,
  label: Float64Array,
  include: Uint8Array,
): Record<OperatingStatistic, WeightedStatistic> {
  const ratio =
    (num: (i: number) => boolean, den: (i: number) => boolean): WeightedStatistic =>
    (w) => {
      let n = 0;
      let d = 0;
      for (let i = 0; i < w.length; i++) {
        if (!include[i] || Number.isNaN(label[i]!) || !den(i)) continue;
        d += w[i]!;
        if (num(i)) n += w[i]!;
      }
      return d > 0 ? n / d : Number.NaN;
    };
  const positive = (i: number) => label[i] === 1;
  const called = (i: number) => decision[i] === 1;
  return {
    sensitivity: ratio(called, positive),
    specificity: ratio(
      (i) => !called(i),
      (i) => !positive(i),
    ),
    ppv: ratio(positive, called),
    npv: ratio(
      (i) => !positive(i),
      (i) => !called(i),
    ),
    risk: ratio(
      (i) => called(i) !== positive(i),
      () => true,
    ),
  };
}

function coverageStatistic(abstained: Uint8Array, label: Float64Array): WeightedStatistic {
  return (w) => {
    let accepted = 0;
    let total = 0;
    for (let i = 0; i < w.length; i++) {
      if (Number.isNaN(label[i]!)) continue;
      total += w[i]!;
      if (!abstained[i]) accepted += w[i]!;
    }
    return total > 0 ? accepted / total : Number.NaN;
  };
}

function estimates<K extends string>(
  names: readonly K[],
  stats: WeightedStatistic[],
  n: number,
  options: BootstrapOptions,
): Record<K, JsonEstimate> {
  const results = bootstrapMany(n, stats, options);
  return Object.fromEntries(names.map((name, k) => [name, jsonEstimate(results[k]!)])) as Record<K, JsonEstimate>;
}

function oracle(scores: Float64Array, labels: Float64Array) {
  const criteria: Array<[string, ThresholdCriterion]> = [
    ['maxF1', { kind: 'maxF1' }],
    ['maxYouden', { kind: 'maxYouden' }],
  ];
  return Object.fromEntries(
    criteria.map(([name, criterion]) => {
      try {
        const c = selectThreshold(scores, labels, criterion);
        return [name, { probabilityThreshold: c.threshold, sensitivity: c.sensitivity, specificity: c.specificity, f1: c.f1 }];
      } catch (error) {
        return [name, { probabilityThreshold: null, reason: (error as Error).message }];
      }
    }),
  );
}

export function servedOperatingPoints(input: ServedInput) {
  const n = input.oodFlagged.length;
  const all = new Uint8Array(n).fill(1);
  const decisions = applyThresholds(input.probabilities, input.thresholds);
  const perLabel = Object.fromEntries(
    input.labelNames.map((name, l) => {
      const label = input.labels[l]!;
      const abstained = input.abstained[l]!;
      const accepted = abstained.map((a) => (a ? 0 : 1));
      const raw = operatingStatistics(decisions[l]!, label, all);
      const served = operatingStatistics(decisions[l]!, label, accepted);
      const stats = [
        ...OPERATING_STATISTICS.map((k) => raw[k]),
        ...OPERATING_STATISTICS.map((k) => served[k]),
        coverageStatistic(abstained, label),
      ];
      const names = [...OPERATING_STATISTICS.map((k) => `raw.${k}`), ...OPERATING_STATISTICS.map((k) => `served.${k}`), 'served.coverage'];
      const e = estimates(names, stats, n, input.bootstrap);
      const pick = (prefix: string, keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, e[`${prefix}.${k}`]!]));
      return [
        name,
        {
          threshold: input.thresholds[l]!,
          raw: pick('raw', OPERATING_STATISTICS),
          served: pick('served', [...OPERATING_STATISTICS, 'coverage']),
          abstainedCases: abstained.reduce((a, b) => a + b, 0),
          oracle: oracle(input.probabilities[l]!, label),
        },
      ];
    }),
  );
  const caseAbstained = new Uint8Array(n);
  for (const column of input.abstained) for (let i = 0; i < n; i++) caseAbstained[i] ||= column[i]!;
  return {
    definitions: {
      raw: 'every case, positive when the calibrated probability ≥ the bundle threshold',
      served:
        'as the bundle serves: cases it abstains on for this label (uncertain band, OOD, member disagreement) are left out; coverage is the share kept',
      risk: 'share of cases (with a known label) whose decision is wrong',
      oracle: 'thresholds chosen on THIS test set, in calibrated probabilities — optimistic, for reference only, never the operating point',
    },
    perLabel,
    cases: { n, abstained: caseAbstained.reduce((a, b) => a + b, 0), oodFlagged: input.oodFlagged.reduce((a, b) => a + b, 0) },
    subgroupSensitivity: subgroupSensitivity(input, decisions),
  };
}

/** Sensitivity at the bundle thresholds per subgroup (one attribute at a time), raw and served, with CIs. */
function subgroupSensitivity(input: ServedInput, decisions: Uint8Array[]) {
  const n = input.oodFlagged.length;
  const attributes = [...new Set(input.attributes.flatMap((a) => Object.keys(a)))].sort();
  const out: Record<string, Record<string, Record<string, { positives: number; raw: JsonEstimate; served: JsonEstimate }>>> = {};
  for (const attribute of attributes) {
    const values = [...new Set(input.attributes.map((a) => a[attribute] ?? ''))].filter((v) => v !== '').sort();
    if (values.length < 2) continue;
    out[attribute] = {};
    for (const value of values) {
      const member = Uint8Array.from(input.attributes, (a) => (a[attribute] === value ? 1 : 0));
      out[attribute]![value] = Object.fromEntries(
        input.labelNames.map((name, l) => {
          const label = input.labels[l]!;
          const accepted = member.map((m, i) => (m && !input.abstained[l]![i] ? 1 : 0));
          let positives = 0;
          for (let i = 0; i < n; i++) if (member[i] && label[i] === 1) positives++;
          const e = estimates(
            ['raw', 'served'],
            [
              operatingStatistics(decisions[l]!, label, member).sensitivity,
              operatingStatistics(decisions[l]!, label, accepted).sensitivity,
            ],
            n,
            input.bootstrap,
          );
          return [name, { positives, raw: e.raw, served: e.served }];
        }),
      );
    }
  }
  return out;
}
