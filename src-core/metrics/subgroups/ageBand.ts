/** Age in years → a coarse, documented age band used as a subgroup attribute ('' when unknown). */

export const ageBands = ['<18', '18-39', '40-59', '60-79', '80+'] as const;

export function ageBand(age: number): string {
  if (!Number.isFinite(age) || age < 0) return '';
  if (age < 18) return '<18';
  if (age < 40) return '18-39';
  if (age < 60) return '40-59';
  if (age < 80) return '60-79';
  return '80+';
}
