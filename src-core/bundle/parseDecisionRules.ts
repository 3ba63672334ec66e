/**
 * The named decision rules a bundle is fitted with, as written on the command line and in recipe files:
 * thresholds `max-f1` | `youden` | `sens>=0.9` | `spec>=0.95`; abstention `risk<=0.05` | `coverage>=0.9` |
 * `band=0.1` | `none`. Errors name the option and the accepted forms.
 */
import { HilumError } from '../errors';
import type { ThresholdCriterion } from '../metrics/thresholds/selectThresholds';
import type { AbstentionRule } from './fitDecisionSpec';

function fraction(text: string, option: string, accepted: string): number {
  const v = Number(text);
  if (!(v > 0 && v <= 1))
    throw new HilumError('INVALID_ARGUMENT', `${option}: "${text}" is not a number in (0, 1] (accepted: ${accepted})`, { option });
  return v;
}

export const thresholdRuleForms = 'max-f1, youden, sens>=x, spec>=x';
export const abstentionRuleForms = 'risk<=x, coverage>=x, band=x, none';

export function parseThresholdRule(text: string, option = '--threshold'): ThresholdCriterion {
  const t = text.replace(/\s+/g, '').toLowerCase();
  if (t === 'max-f1' || t === 'maxf1') return { kind: 'maxF1' };
  if (t === 'youden' || t === 'max-youden') return { kind: 'maxYouden' };
  const m = /^(sens|sensitivity|spec|specificity)>=(.+)$/.exec(t);
  if (m) {
    const value = fraction(m[2]!, option, thresholdRuleForms);
    return m[1]!.startsWith('sens') ? { kind: 'targetSensitivity', sensitivity: value } : { kind: 'targetSpecificity', specificity: value };
  }
  throw new HilumError('INVALID_ARGUMENT', `${option}: unknown threshold rule "${text}" (accepted: ${thresholdRuleForms})`, { option });
}

export function parseAbstentionRule(text: string, option = '--abstain'): AbstentionRule {
  const t = text.replace(/\s+/g, '').toLowerCase();
  if (t === 'none') return { kind: 'band', halfWidth: 0 };
  let m = /^risk<=(.+)$/.exec(t);
  if (m) return { kind: 'targetRisk', risk: fraction(m[1]!, option, abstentionRuleForms) };
  m = /^coverage>=(.+)$/.exec(t);
  if (m) return { kind: 'targetCoverage', coverage: fraction(m[1]!, option, abstentionRuleForms) };
  m = /^band=(.+)$/.exec(t);
  if (m) {
    const w = Number(m[1]);
    if (!(w >= 0 && w < 0.5))
      throw new HilumError('INVALID_ARGUMENT', `${option}: band half-width "${m[1]}" must be in [0, 0.5)`, { option });
    return { kind: 'band', halfWidth: w };
  }
  throw new HilumError('INVALID_ARGUMENT', `${option}: unknown abstention rule "${text}" (accepted: ${abstentionRuleForms})`, { option });
}
