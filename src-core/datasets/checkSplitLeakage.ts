/**
 * The leakage check run on every split: a patient may appear in one split only, and a
 * dataset's external test set may not share any patient (by pseudonym) with that dataset.
 */
import { HilumError } from '../errors';

export interface SplitMembership {
  patient: string;
  /** Split name; for an external set, use the external dataset's own name (e.g. "external:mhh"). */
  split: string;
}

export interface LeakageReport {
  ok: boolean;
  patientsChecked: number;
  shared: { patient: string; splits: string[] }[];
}

export function checkSplitLeakage(memberships: Iterable<SplitMembership>): LeakageReport {
  const splitsOf = new Map<string, Set<string>>();
  for (const m of memberships) {
    let set = splitsOf.get(m.patient);
    if (!set) splitsOf.set(m.patient, (set = new Set()));
    set.add(m.split);
  }
  const shared = [...splitsOf]
    .filter(([, s]) => s.size > 1)
    .map(([patient, s]) => ({ patient, splits: [...s].sort() }))
    .sort((a, b) => (a.patient < b.patient ? -1 : a.patient > b.patient ? 1 : 0));
  return { ok: shared.length === 0, patientsChecked: splitsOf.size, shared };
}

/** Throws SPLIT_LEAKAGE naming (up to 20 of) the shared patients. */
export function assertNoSplitLeakage(report: LeakageReport, context: string): void {
  if (report.ok) return;
  const shown = report.shared.slice(0, 20).map((s) => `${s.patient} (${s.splits.join(', ')})`);
  const more = report.shared.length > 20 ? ` and ${report.shared.length - 20} more` : '';
  throw new HilumError(
    'SPLIT_LEAKAGE',
    `${context}: ${report.shared.length} patient(s) appear in more than one split: ${shown.join('; ')}${more}`,
    { shared: report.shared, context },
  );
}
