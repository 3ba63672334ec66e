/** Turns the many spellings of sex, age and view in dataset files into one form. */

import type { Sex } from './datasetRecord';

export function normaliseSex(raw: string | undefined | null): Sex | null {
  const v = (raw ?? '').trim().toLowerCase();
  if (v === 'm' || v === 'male') return 'M';
  if (v === 'f' || v === 'female') return 'F';
  if (v === 'o' || v === 'other') return 'O';
  return null; // 'unknown', blank, anything else: not known, never guessed
}

/** Accepts "57", "57.0", "057Y", "6M" (months), "3W", "10D". Returns years, or null when absent/implausible. */
export function normaliseAgeYears(raw: string | undefined | null): number | null {
  const v = (raw ?? '').trim().toUpperCase();
  if (v === '') return null;
  const m = /^(\d+(?:\.\d+)?)\s*([YMWD])?$/.exec(v);
  if (!m) return null;
  const n = Number(m[1]);
  const unit = m[2] ?? 'Y';
  const years = unit === 'Y' ? n : unit === 'M' ? n / 12 : unit === 'W' ? n / 52.1775 : n / 365.25;
  // NIH ChestX-ray14 has a few ages above 400 (data entry errors): treated as unknown, not clipped.
  if (!Number.isFinite(years) || years < 0 || years > 120) return null;
  return Math.round(years * 100) / 100;
}

/** Upper-cases and maps lateral spellings; empty → null. */
export function normaliseView(raw: string | undefined | null): string | null {
  const v = (raw ?? '').trim().toUpperCase();
  if (v === '') return null;
  if (v === 'LATERAL' || v === 'LAT' || v === 'L') return 'LATERAL';
  return v;
}
