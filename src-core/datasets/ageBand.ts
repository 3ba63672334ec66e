/** Age bands: the one vocabulary for dataset counts, subgroup audits and metrics reports. */

export const AGE_BANDS = ['0-17', '18-39', '40-59', '60-79', '80+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number] | 'unknown';

export function ageBand(ageYears: number | null | undefined): AgeBand {
  if (ageYears === null || ageYears === undefined || !Number.isFinite(ageYears) || ageYears < 0) return 'unknown';
  if (ageYears < 18) return '0-17';
  if (ageYears < 40) return '18-39';
  if (ageYears < 60) return '40-59';
  if (ageYears < 80) return '60-79';
  return '80+';
}

/** The band as a subgroup attribute value: '' when unknown (subgroup tables leave unknown values out). */
export function ageBandAttribute(ageYears: number | null | undefined): string {
  const band = ageBand(ageYears);
  return band === 'unknown' ? '' : band;
}
