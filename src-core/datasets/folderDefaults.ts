/** Defaults of the folder-per-class format, shared by its reader, the recipe's per-class subset and `dataset import --help`. */

/** The patient key is the first group of this pattern on the file name; it fits Kermany (`person123_bacteria_4.jpeg` → `person123`, `IM-0115-0001.jpeg` → `IM-0115`, `NORMAL2-IM-1427-0001.jpeg` → `NORMAL2-IM-1427`). */
export const DEFAULT_PATIENT_PATTERN = '^(person\\d+|(?:NORMAL\\d*-)?IM-\\d+)';

/** A class folder with one of these names holds the images negative for every label. */
export const NORMAL_CLASS_NAMES: readonly string[] = ['NORMAL', 'Normal', 'normal', 'No Finding', 'NO_FINDING'];
