/**
 * Turns `hilum dataset import` options into reader options (a mapping file, or one option per column).
 * The mapping is not read or checked here: the worker's `datasets.readSource` validates it and names
 * the file (or "command-line mapping") and field on error.
 */
import path from 'node:path';
import { HilumError } from '../../src-core/errors';
import type { LabelState } from '../../src-core/datasets/labelState';
import type { FormatOptions } from './importDatasetIntoStore';

export interface ImportCliOptions {
  csv?: string;
  mapping?: string;
  imageColumn?: string;
  imageTemplate?: string;
  patientColumn?: string;
  studyColumn?: string;
  sexColumn?: string;
  ageColumn?: string;
  viewColumn?: string;
  siteColumn?: string;
  modalityColumn?: string;
  labelColumns?: string;
  labelListColumn?: string;
  labelSeparator?: string;
  labelVocabulary?: string;
  constantLabel?: string[];
  patientPattern?: string;
  normalClass?: string;
  labeler?: string;
}

export function formatOptionsFromCli(format: string, o: ImportCliOptions): FormatOptions {
  if (format === 'nih' || format === 'chexpert') return o.csv ? { csv: o.csv.split(',').map((s) => s.trim()) } : {};
  if (format === 'mimic') {
    if (o.labeler && o.labeler !== 'chexpert' && o.labeler !== 'negbio')
      throw new HilumError('INVALID_ARGUMENT', `--labeler must be chexpert or negbio, got "${o.labeler}"`);
    return { mimic: { labeler: (o.labeler as 'chexpert' | 'negbio' | undefined) ?? 'chexpert' } };
  }
  if (format === 'folders') {
    return {
      folders: {
        ...(o.patientPattern ? { patientPattern: o.patientPattern } : {}),
        ...(o.normalClass ? { normalClass: o.normalClass } : {}),
      },
    };
  }
  if (format === 'csv') return o.mapping ? { mappingFile: path.resolve(o.mapping) } : { mapping: mappingFromOptions(o) };
  return {};
}

function mappingFromOptions(o: ImportCliOptions): Record<string, unknown> {
  const list = (v: string | undefined) =>
    v
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '')
      : undefined;
  const constantLabels: Record<string, LabelState> = {};
  for (const c of o.constantLabel ?? []) {
    const m = /^(.+)=(1|0|-1)$/.exec(c);
    if (!m) throw new HilumError('INVALID_ARGUMENT', `--constant-label must look like NAME=1, NAME=0 or NAME=-1, got "${c}"`);
    constantLabels[m[1] as string] = Number(m[2]) as LabelState;
  }
  const mapping: Record<string, unknown> = {
    csv: o.csv,
    image: o.imageColumn,
    imageTemplate: o.imageTemplate,
    patient: o.patientColumn,
    study: o.studyColumn,
    sex: o.sexColumn,
    age: o.ageColumn,
    view: o.viewColumn,
    site: o.siteColumn,
    modality: o.modalityColumn,
    labels: list(o.labelColumns),
    labelList: o.labelListColumn
      ? { column: o.labelListColumn, separator: o.labelSeparator ?? '|', vocabulary: list(o.labelVocabulary) ?? [] }
      : undefined,
    constantLabels: Object.keys(constantLabels).length > 0 ? constantLabels : undefined,
  };
  for (const k of Object.keys(mapping)) if (mapping[k] === undefined) delete mapping[k];
  return mapping;
}
