/** Patient age in years from (0010,1010) PatientAge (AS: nnnD/W/M/Y) or, failing that, birth and study dates. */

const unitYears: Record<string, number> = { D: 1 / 365.25, W: 7 / 365.25, M: 1 / 12, Y: 1 };

function parseDa(da: string | null): Date | null {
  if (!da) return null;
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(da.trim().replace(/[.-]/g, ''));
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Returns whole-or-fractional years (Y: integer; D/W/M: fraction), or null when neither source is valid. */
export function deriveAgeYears(patientAge: string | null, birthDate: string | null, studyDate: string | null): number | null {
  const m = patientAge ? /^(\d{1,3})\s*([DWMY])$/i.exec(patientAge.trim()) : null;
  if (m) {
    const years = Number(m[1]) * unitYears[m[2]!.toUpperCase()]!;
    // "000Y" is common as "unknown" in anonymised test data; treat 0Y as unknown, not newborn.
    if (years > 0 && years < 130) return Math.round(years * 100) / 100;
  }
  const birth = parseDa(birthDate);
  const study = parseDa(studyDate);
  if (birth && study && study >= birth) {
    let years = study.getUTCFullYear() - birth.getUTCFullYear();
    if (
      study.getUTCMonth() < birth.getUTCMonth() ||
      (study.getUTCMonth() === birth.getUTCMonth() && study.getUTCDate() < birth.getUTCDate())
    ) {
      years -= 1;
    }
    return years < 130 ? years : null;
  }
  return null;
}
