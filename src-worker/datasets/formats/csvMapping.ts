/** The column mapping of Hilum's generic CSV format (given as CLI options or a JSON/YAML file). */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { HilumError } from '../../../src-core/errors';
import type { LabelState } from '../../../src-core/datasets/labelState';

export interface CsvMapping {
  /** Label file, relative to the dataset root. */
  csv: string;
  /** Column holding the image path relative to the root; or use `imageTemplate`. */
  image?: string;
  /** Path template with `{column}` placeholders, e.g. `png/{image_id}.png`. */
  imageTemplate?: string;
  patient?: string;
  study?: string;
  sex?: string;
  age?: string;
  view?: string;
  site?: string;
  /** Institution for every row when the file has no site column (e.g. "Hannover Medical School"). */
  siteName?: string;
  modality?: string;
  /** Columns each holding one label's state (1 / 0 / -1 / blank). */
  labels?: string[];
  /** One column listing the positive labels, separated (NIH style). */
  labelList?: { column: string; separator: string; vocabulary: string[]; none?: string };
  /** Labels that hold for every row (e.g. `{"COVID-19": 1}` for an all-positive cohort). */
  constantLabels?: Record<string, LabelState>;
  delimiter?: string;
}

export function loadCsvMappingFile(file: string): CsvMapping {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new HilumError('CONFIG_INVALID', `${file}: cannot read the mapping file (${(error as Error).message})`, { file });
  }
  let data: unknown;
  try {
    data = /\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new HilumError('CONFIG_INVALID', `${file}: not valid ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'} (${(error as Error).message})`, {
      file,
    });
  }
  return validateCsvMapping(data, file);
}

export function validateCsvMapping(data: unknown, file = 'mapping'): CsvMapping {
  const fail = (why: string) => new HilumError('CONFIG_INVALID', `${file}: ${why}`, { file });
  if (typeof data !== 'object' || data === null) throw fail('the mapping must be an object');
  const m = data as Record<string, unknown>;
  if (typeof m.csv !== 'string') throw fail('"csv" (the label file) is required');
  if (typeof m.image !== 'string' && typeof m.imageTemplate !== 'string') throw fail('"image" or "imageTemplate" is required');
  for (const k of ['image', 'imageTemplate', 'patient', 'study', 'sex', 'age', 'view', 'site', 'siteName', 'modality', 'delimiter']) {
    if (m[k] !== undefined && typeof m[k] !== 'string') throw fail(`"${k}" must be a string`);
  }
  if (m.labels !== undefined && !(Array.isArray(m.labels) && m.labels.every((l) => typeof l === 'string')))
    throw fail('"labels" must be a list of column names');
  if (m.labelList !== undefined) {
    const l = m.labelList as Record<string, unknown>;
    if (typeof l.column !== 'string' || typeof l.separator !== 'string' || !Array.isArray(l.vocabulary)) {
      throw fail('"labelList" needs column, separator and vocabulary');
    }
  }
  if (m.constantLabels !== undefined) {
    const c = m.constantLabels as Record<string, unknown>;
    if (typeof c !== 'object' || Object.values(c).some((v) => v !== 1 && v !== 0 && v !== -1 && v !== null)) {
      throw fail('"constantLabels" values must be 1, 0, -1 or null');
    }
  }
  const labelCount = (m.labels as string[] | undefined)?.length ?? 0;
  const listCount = (m.labelList as { vocabulary: string[] } | undefined)?.vocabulary.length ?? 0;
  const constCount = Object.keys((m.constantLabels as object | undefined) ?? {}).length;
  if (labelCount + listCount + constCount === 0) throw fail('no labels mapped: give "labels", "labelList" or "constantLabels"');
  return m as unknown as CsvMapping;
}
