/**
 * Draws a phantom subject: demographics, anatomy with natural variation, and findings with
 * severities from subtle to obvious, so that a classifier can learn them without it being
 * trivial (e.g. AP magnification makes normal hearts look larger, as on real portable films).
 */
import type { Random } from '../../src-core/random/createRng';
import type { PhantomAnatomy, PhantomFindings, PhantomSubject, Side } from './phantomTypes';

export interface FindingRates {
  cardiomegaly: number;
  effusion: number;
  nodule: number;
  mass: number;
  pneumothorax: number;
  consolidation: number;
}

export const defaultFindingRates: FindingRates = {
  cardiomegaly: 0.2,
  effusion: 0.18,
  nodule: 0.15,
  mass: 0.08,
  pneumothorax: 0.1,
  consolidation: 0.15,
};

const uniform = (random: Random, a: number, b: number) => a + (b - a) * random();
const side = (random: Random): Side => (random() < 0.5 ? 'L' : 'R');

export function samplePhantomSubject(
  random: Random,
  patientId: string,
  base: { sex: 'M' | 'F'; ageYears: number },
  apFraction: number,
  rates = defaultFindingRates,
): PhantomSubject {
  const view = random() < apFraction ? 'AP' : 'PA';
  const cardiomegaly = random() < rates.cardiomegaly;
  const anatomy: PhantomAnatomy = {
    centreX: 0.5 + uniform(random, -0.02, 0.02),
    thoraxHalfWidth: uniform(random, 0.33, 0.39) + (base.sex === 'M' ? 0.015 : 0),
    lungTop: uniform(random, 0.12, 0.17),
    domeY: uniform(random, 0.66, 0.74),
    // Normal 0.38–0.52, enlarged 0.48–0.62: the ranges overlap near the 0.5 criterion (borderline
    // hearts, as in real reading), and AP magnification makes normal hearts look bigger still.
    cardiothoracicRatio: cardiomegaly ? uniform(random, 0.48, 0.62) : uniform(random, 0.38, 0.52),
    heartHalfHeight: uniform(random, 0.095, 0.12),
    boneDensity: Math.max(0.5, 1.1 - base.ageYears / 150 + uniform(random, -0.1, 0.1)),
    ribSpacing: uniform(random, 0.05, 0.058),
    tiltRadians: uniform(random, -0.05, 0.05),
  };
  const findings: PhantomFindings = {
    cardiomegaly,
    effusion: random() < rates.effusion ? { side: side(random), severity: uniform(random, 0.1, 0.9) } : null,
    nodule:
      random() < rates.nodule
        ? {
            side: side(random),
            x: uniform(random, 0.2, 0.8),
            y: uniform(random, 0.2, 0.75),
            radius: uniform(random, 0.014, 0.032),
            contrast: uniform(random, 0.07, 0.16),
          }
        : null,
    mass:
      random() < rates.mass
        ? {
            side: side(random),
            x: uniform(random, 0.25, 0.75),
            y: uniform(random, 0.25, 0.7),
            radius: uniform(random, 0.045, 0.08),
            contrast: uniform(random, 0.1, 0.2),
          }
        : null,
    pneumothorax: random() < rates.pneumothorax ? { side: side(random), depth: uniform(random, 0.04, 0.16) } : null,
    consolidation:
      random() < rates.consolidation
        ? {
            side: side(random),
            x: uniform(random, 0.2, 0.8),
            y: uniform(random, 0.35, 0.85),
            spread: uniform(random, 0.06, 0.14),
            density: uniform(random, 0.1, 0.25),
          }
        : null,
  };
  return { patientId, sex: base.sex, ageYears: base.ageYears, view, anatomy, findings };
}
