/** The column mapping of Hilum's generic CSV format (given as CLI options or a JSON/YAML file). */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { HilumError } from '../../../src-core/errors';
import { type CsvMapping, csvMappingSchema } from '../../../src-core/datasets/csvMappingSchema';
import { parseDocument } from '../../../src-core/validate';

export type { CsvMapping };

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

/** Parses a mapping against the shared schema: CONFIG_INVALID naming the file and the field. */
export function validateCsvMapping(data: unknown, file = 'mapping'): CsvMapping {
  return parseDocument(csvMappingSchema, data, { code: 'CONFIG_INVALID', file });
}
