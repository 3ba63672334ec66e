// How numbers, intervals, thresholds, dates and errors read in the app.
// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { formatCount, formatEstimate, formatNumber, formatPercent, sigmoid, thresholdAsProbability } from '../../src-renderer/lib/format';
import { formatDateTime, utcTitle } from '../../src-renderer/lib/formatDate';
import { errorHeadline, errorSentence, toShownError } from '../../src-renderer/lib/humanError';

describe('formatNumber', () => {
  it('keeps 3 significant figures, groups thousands, and never prints float noise', () => {
    expect(formatNumber(0.8123456789012345)).toBe('0.812');
    expect(formatNumber(0.1 + 0.2)).toBe('0.300');
    expect(formatNumber(12.3456)).toBe('12.3');
    expect(formatNumber(0.000123456)).toBe('0.000123');
    expect(formatNumber(-1.98765)).toBe('-1.99');
    expect(formatNumber(1234)).toBe('1,234');
    expect(formatNumber(1234.5678)).toBe('1,235');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(null)).toBe('—');
    expect(formatNumber(Number.NaN)).toBe('—');
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('∞');
  });

  it('formats counts and percentages', () => {
    expect(formatCount(112120)).toBe('112,120');
    expect(formatPercent(0.45678)).toBe('45.7 %');
    expect(formatPercent(null)).toBe('—');
  });
});

describe('formatEstimate', () => {
  it('puts the 95 % interval in brackets and says why a value is missing', () => {
    expect(formatEstimate({ value: 0.81234, low: 0.7751, high: 0.84567 })).toBe('0.812 [0.775, 0.846]');
    expect(formatEstimate({ value: 0.5, low: null, high: null })).toBe('0.500');
    expect(formatEstimate({ value: null, low: null, high: null, reason: 'no positive cases' })).toBe('not defined: no positive cases');
  });
});

describe('thresholds as probabilities', () => {
  it('turns a logit threshold into the probability it means and leaves probabilities alone', () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(thresholdAsProbability(Math.log(3), 'logits')).toBeCloseTo(0.75, 12);
    expect(thresholdAsProbability(0.3, 'probabilities')).toBe(0.3);
  });
});

describe('dates', () => {
  it('shows local time to the minute, and the exact UTC instant for the hover title', () => {
    const iso = '2026-03-01T09:05:42.123Z';
    const local = new Date(iso);
    const shown = formatDateTime(iso);
    expect(shown).toContain(String(local.getFullYear()));
    expect(shown).toContain(String(local.getMinutes()).padStart(2, '0'));
    expect(shown).not.toContain('42.123');
    expect(utcTitle(iso)).toBe('2026-03-01 09:05:42 UTC');
    expect(formatDateTime('not a date')).toBe('not a date');
    expect(formatDateTime(null)).toBe('—');
  });
});

describe('errors as sentences', () => {
  it('heads an error with what its code means and ends the detail as a sentence', () => {
    const error = toShownError({ code: 'NOT_FOUND', message: 'study 12 has no result in the latest worklist review' });
    expect(errorHeadline(error)).toBe('The requested record or file does not exist');
    expect(errorSentence(error)).toBe('Study 12 has no result in the latest worklist review.');
    expect(errorHeadline({ code: 'SOMETHING_NEW', message: '' })).toBe('Something went wrong');
    expect(toShownError(new Error('boom'))).toEqual({ code: 'BUG', message: 'boom' });
  });
});
