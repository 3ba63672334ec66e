/**
 * Assigns images to train/val/test so that every patient lands in exactly one split, stratified
 * by label.
 *
 * Method: iterative stratification (Sechidis, Tsoumakas & Vlahavas 2011) applied to patients
 * rather than images. Each patient carries, per label, the number of its images positive for it;
 * images with no positive label count for a pseudo-label "(no finding)" so that normals are
 * stratified too. Patients are shuffled with the seed, then the rarest remaining label is taken
 * first and each of its patients goes to the split with the largest remaining demand for that
 * label (ties: largest remaining demand in images, then the seeded order); within a label,
 * patients with more images are placed first. Rare labels are therefore spread across splits
 * before common ones use up the room.
 */
import { HilumError } from '../errors';
import { createRng } from '../random/createRng';
import { shuffleInPlace } from '../random/shuffleInPlace';

export interface SplitUnit {
  imageId: number | string;
  /** Pseudonymised patient key; images without a patient key must get a unique key per image. */
  patient: string;
  positives: readonly string[];
}

export interface SplitOptions {
  seed: number;
  /** Split name → fraction of images; fractions must sum to 1. */
  fractions: Record<string, number>;
}

export interface SplitAssignment {
  /** imageId → split name. */
  splitOf: Map<number | string, string>;
  /** patient → split name. */
  patientSplit: Map<string, string>;
}

export const NO_FINDING_KEY = '(no finding)';

interface PatientUnit {
  id: string;
  images: (number | string)[];
  counts: Map<string, number>;
}

export function assignPatientSplits(units: readonly SplitUnit[], options: SplitOptions): SplitAssignment {
  const names = Object.keys(options.fractions);
  const fractions = names.map((n) => options.fractions[n] as number);
  validateFractions(names, fractions);

  const patients = groupByPatient(units);
  shuffleInPlace(patients, createRng(options.seed));

  const labelTotals = new Map<string, number>();
  for (const p of patients) for (const [l, c] of p.counts) labelTotals.set(l, (labelTotals.get(l) ?? 0) + c);
  const demand = names.map((_, s) => new Map([...labelTotals].map(([l, t]) => [l, t * (fractions[s] as number)])));
  const demandTotal = fractions.map((f) => f * units.length);

  const byLabel = new Map<string, PatientUnit[]>();
  for (const p of patients) for (const l of p.counts.keys()) (byLabel.get(l) ?? byLabel.set(l, []).get(l)!).push(p);
  // Within a label, patients with many images go first (stable sort keeps the seeded order among
  // equals): the big ones are placed while every split still has room, the small ones fill gaps.
  for (const list of byLabel.values()) list.sort((a, b) => b.images.length - a.images.length);
  const remaining = new Map(labelTotals);
  const patientSplit = new Map<string, string>();

  while (patientSplit.size < patients.length) {
    const label = rarestRemaining(remaining);
    if (label === null) break;
    for (const p of byLabel.get(label) ?? []) {
      if (patientSplit.has(p.id)) continue;
      const s = chooseSplit(demand, demandTotal, label);
      patientSplit.set(p.id, names[s] as string);
      demandTotal[s] = (demandTotal[s] as number) - p.images.length;
      for (const [l, c] of p.counts) {
        const d = demand[s] as Map<string, number>;
        d.set(l, (d.get(l) as number) - c);
        remaining.set(l, (remaining.get(l) as number) - c);
      }
    }
    remaining.delete(label);
  }

  const splitOf = new Map<number | string, string>();
  for (const p of patients) {
    const s = patientSplit.get(p.id);
    if (s === undefined) throw new HilumError('BUG', `Patient ${p.id} was not assigned a split`);
    for (const img of p.images) splitOf.set(img, s);
  }
  return { splitOf, patientSplit };
}

function validateFractions(names: string[], fractions: number[]): void {
  if (names.length === 0) throw new HilumError('INVALID_ARGUMENT', 'At least one split fraction is needed');
  const sum = fractions.reduce((a, b) => a + b, 0);
  if (fractions.some((f) => !(f >= 0)) || Math.abs(sum - 1) > 1e-6) {
    throw new HilumError('INVALID_ARGUMENT', `Split fractions must be non-negative and sum to 1, got ${fractions.join(', ')}`, {
      fractions,
    });
  }
}

function groupByPatient(units: readonly SplitUnit[]): PatientUnit[] {
  const map = new Map<string, PatientUnit>();
  for (const u of units) {
    let p = map.get(u.patient);
    if (!p) {
      p = { id: u.patient, images: [], counts: new Map() };
      map.set(u.patient, p);
    }
    p.images.push(u.imageId);
    const labels = u.positives.length > 0 ? u.positives : [NO_FINDING_KEY];
    for (const l of new Set(labels)) p.counts.set(l, (p.counts.get(l) ?? 0) + 1);
  }
  // Map order follows input order, so the seeded shuffle alone decides the final order.
  return [...map.values()];
}

function rarestRemaining(remaining: Map<string, number>): string | null {
  let best: string | null = null;
  let bestCount = Infinity;
  for (const [l, c] of remaining) {
    if (c > 0 && (c < bestCount || (c === bestCount && best !== null && l < best))) {
      best = l;
      bestCount = c;
    }
  }
  return best;
}

function chooseSplit(demand: Map<string, number>[], demandTotal: number[], label: string): number {
  let best = 0;
  for (let s = 1; s < demand.length; s++) {
    const a = demand[s]?.get(label) as number;
    const b = demand[best]?.get(label) as number;
    if (a > b + 1e-9 || (Math.abs(a - b) <= 1e-9 && (demandTotal[s] as number) > (demandTotal[best] as number))) best = s;
  }
  return best;
}
