/**
 * Turns stored label states into training targets under an uncertain-label policy.
 *
 * Policies (Irvin et al. 2019, CheXpert; Pham et al. 2021 for label smoothing):
 * - `ones`      U-Ones: uncertain (-1) → 1.
 * - `zeros`     U-Zeros: uncertain → 0.
 * - `ignore`    U-Ignore: uncertain entries are masked out of the loss (mask 0, target 0).
 * - `ones-lsr`  U-Ones with label smoothing: uncertain → a value drawn uniformly from
 *               [low, high] (default [0.55, 0.85]), seeded, one draw per entry.
 * - `zeros-lsr` U-Zeros with label smoothing: uncertain → uniform in [low, high] (default [0, 0.3]).
 * - `fixed`     uncertain → a fixed value (e.g. 0.5 or 0.7).
 * Blank ("not mentioned") is handled separately: `blank: 'zero'` (the usual CheXpert practice:
 * not mentioned = negative) or `blank: 'ignore'` (masked). Positives are 1 and negatives 0 always.
 */
import { HilumError } from '../errors';
import type { LabelState } from './labelState';
import { createRng } from '../random/createRng';

export type UncertainPolicy =
  | { uncertain: 'ones' | 'zeros' | 'ignore' }
  | { uncertain: 'ones-lsr' | 'zeros-lsr'; low?: number; high?: number; seed: number }
  | { uncertain: 'fixed'; value: number };

export type TargetPolicy = UncertainPolicy & { blank: 'zero' | 'ignore' };

export interface TrainingTargets {
  /** Row-major [images × labels]. */
  targets: Float32Array;
  /** 1 where the entry counts in the loss, 0 where it is masked. */
  mask: Uint8Array;
  rows: number;
  labels: number;
}

const LSR_DEFAULTS = { 'ones-lsr': [0.55, 0.85], 'zeros-lsr': [0, 0.3] } as const;

export function buildTrainingTargets(
  states: readonly (readonly LabelState[])[],
  labelCount: number,
  policy: TargetPolicy,
): TrainingTargets {
  const rows = states.length;
  const targets = new Float32Array(rows * labelCount);
  const mask = new Uint8Array(rows * labelCount);
  const uncertainValue = uncertainResolver(policy);
  for (let r = 0; r < rows; r++) {
    const row = states[r] as readonly LabelState[];
    if (row.length !== labelCount) {
      throw new HilumError('INVALID_ARGUMENT', `Row ${r} has ${row.length} label states, expected ${labelCount}`, { row: r });
    }
    for (let l = 0; l < labelCount; l++) {
      const i = r * labelCount + l;
      const s = row[l];
      if (s === 1 || s === 0) {
        targets[i] = s;
        mask[i] = 1;
      } else if (s === -1) {
        const v = uncertainValue();
        if (v !== null) {
          targets[i] = v;
          mask[i] = 1;
        }
      } else if (policy.blank === 'zero') {
        mask[i] = 1;
      }
    }
  }
  return { targets, mask, rows, labels: labelCount };
}

/** Returns a function giving the target for the next uncertain entry, or null for "masked". */
function uncertainResolver(policy: TargetPolicy): () => number | null {
  switch (policy.uncertain) {
    case 'ones':
      return () => 1;
    case 'zeros':
      return () => 0;
    case 'ignore':
      return () => null;
    case 'fixed': {
      checkUnit(policy.value, 'value');
      return () => policy.value;
    }
    case 'ones-lsr':
    case 'zeros-lsr': {
      const [dLow, dHigh] = LSR_DEFAULTS[policy.uncertain];
      const low = policy.low ?? dLow;
      const high = policy.high ?? dHigh;
      checkUnit(low, 'low');
      checkUnit(high, 'high');
      if (low > high) throw new HilumError('INVALID_ARGUMENT', `Label smoothing range [${low}, ${high}] is empty`, { low, high });
      const rng = createRng(policy.seed);
      return () => low + (high - low) * rng.nextFloat();
    }
  }
}

function checkUnit(value: number, name: string): void {
  if (!(value >= 0 && value <= 1)) {
    throw new HilumError('INVALID_ARGUMENT', `Uncertain-label ${name} must be in [0, 1], got ${value}`, { [name]: value });
  }
}
