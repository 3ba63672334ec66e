/** What every dataset format reader produces for one image, before pixels are touched. */
import type { LabelState } from './labelState';

export type Sex = 'M' | 'F' | 'O';
export type SplitName = 'train' | 'val' | 'test' | 'external';

export interface DatasetRecord {
  /** Path of the image relative to the dataset root, with forward slashes. */
  sourcePath: string;
  /** Patient key as the source gives it (raw, possibly PHI); pseudonymised before anything is stored. */
  patientKey: string | null;
  studyKey: string | null;
  sex: Sex | null;
  ageYears: number | null;
  /** Normalised view: PA, AP, LATERAL, LL, ... upper case; null when unknown. */
  view: string | null;
  /** Site or institution as the source names it (pseudonymised before storing). */
  site: string | null;
  modality: string | null;
  /** Split given by the source itself (MIMIC's official split), kept for reference only. */
  sourceSplit: string | null;
  /** Label name → state; every label of the dataset vocabulary is present. */
  labels: Record<string, LabelState>;
}

/** A file that could not enter the dataset, with a typed reason. */
export interface QuarantineEntry {
  sourcePath: string;
  code: string;
  message: string;
}

export function emptyRecord(sourcePath: string): DatasetRecord {
  return {
    sourcePath,
    patientKey: null,
    studyKey: null,
    sex: null,
    ageYears: null,
    view: null,
    site: null,
    modality: null,
    sourceSplit: null,
    labels: {},
  };
}
