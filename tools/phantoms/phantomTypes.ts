/** Parameters of a synthetic chest radiograph phantom: the subject, its findings, and the site that "acquired" it. */
import type { Random } from '../../src-core/random/createRng';

export type Side = 'L' | 'R';

export interface PhantomFindings {
  /** Cardiothoracic ratio of the heart as drawn (before AP magnification); > 0.5 is labelled cardiomegaly. */
  cardiomegaly: boolean;
  effusion: { side: Side; severity: number } | null;
  nodule: { side: Side; x: number; y: number; radius: number; contrast: number } | null;
  mass: { side: Side; x: number; y: number; radius: number; contrast: number } | null;
  pneumothorax: { side: Side; depth: number } | null;
  consolidation: { side: Side; x: number; y: number; spread: number; density: number } | null;
}

export interface PhantomAnatomy {
  centreX: number;
  thoraxHalfWidth: number;
  lungTop: number;
  /** Top of the right hemidiaphragm dome; the left is a little lower. */
  domeY: number;
  cardiothoracicRatio: number;
  heartHalfHeight: number;
  boneDensity: number;
  ribSpacing: number;
  tiltRadians: number;
}

export interface PhantomSubject {
  patientId: string;
  sex: 'M' | 'F';
  ageYears: number;
  view: 'PA' | 'AP';
  anatomy: PhantomAnatomy;
  findings: PhantomFindings;
}

export interface PhantomSite {
  id: string;
  institution: string;
  manufacturer: string;
  model: string;
  modality: 'CR' | 'DX';
  bitsStored: 10 | 12 | 14 | 16;
  photometric: 'MONOCHROME1' | 'MONOCHROME2';
  gamma: number;
  noise: number;
  /** 0 = no blur; 1 = one 3×3 box blur pass (soft detector). */
  blur: 0 | 1;
  /** Share of this site's studies taken AP (portable) rather than PA. */
  apFraction: number;
  transferSyntax: 'explicit-le' | 'rle' | 'jpeg-lossless' | 'jpeg-ls' | 'jpeg2000';
}

export type { Random };
