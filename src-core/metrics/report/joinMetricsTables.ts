/** Joins the predictions, labels and (optional) groups tables of `hilum metrics` by image id into columns. */
import type { CsvTable } from '../../csv/parseCsv';
import { HilumError } from '../../errors';
import { ageBandAttribute } from '../../datasets/ageBand';

export interface JoinedMetricsInput {
  /** Image ids in the predictions file's order. */
  ids: string[];
  labelNames: string[];
  /** Per label, per case: probability (or logit when `logits`). */
  scores: Float64Array[];
  /** Per label, per case: 1, 0 or NaN (blank or −1 = unknown). */
  labels: Float64Array[];
  /** Subgroup attributes (an `age` column becomes `ageBand`); '' = unknown. */
  attributes: Record<string, string[]>;
  /** Cluster (patient) id per case when a cluster column was named. */
  clusters?: string[];
}

export interface JoinOptions {
  logits: boolean;
  /** Column of the groups table holding the patient id used for cluster bootstrap (not a subgroup attribute). */
  clusterColumn?: string;
}

export function joinMetricsTables(
  predictions: CsvTable,
  labels: CsvTable,
  groups: CsvTable | undefined,
  options: JoinOptions,
): JoinedMetricsInput {
  const ids = idColumn(predictions);
  const labelNames = predictions.header.slice(1);
  if (labelNames.length === 0) throw formatError(predictions, 'no label columns after the image id column');
  const labelIndex = indexById(labels);
  requireSameIds(ids, labelIndex, predictions, labels);
  const labelColumnOf = labelNames.map((name) => {
    const c = labels.header.indexOf(name);
    if (c < 1) throw formatError(labels, `label column '${name}' (present in ${predictions.file}) is missing`);
    return c;
  });
  const extra = labels.header.slice(1).filter((h) => !labelNames.includes(h));
  if (extra.length > 0) throw formatError(labels, `label columns ${extra.join(', ')} have no predictions in ${predictions.file}`);
  const scores = labelNames.map((name, l) =>
    Float64Array.from(predictions.rows, (row, r) => parseScore(row[l + 1]!, predictions, r, name, options.logits)),
  );
  const truth = labelNames.map((name, l) =>
    Float64Array.from(ids, (id) => {
      const r = labelIndex.get(id)!;
      return parseLabel(labels.rows[r]![labelColumnOf[l]!]!, labels, r, name);
    }),
  );
  const result: JoinedMetricsInput = { ids, labelNames, scores, labels: truth, attributes: {} };
  if (groups !== undefined) {
    const groupIndex = indexById(groups);
    requireSameIds(ids, groupIndex, predictions, groups);
    if (options.clusterColumn !== undefined && !groups.header.slice(1).includes(options.clusterColumn)) {
      throw formatError(groups, `cluster column '${options.clusterColumn}' is missing`);
    }
    groups.header.slice(1).forEach((name, a) => {
      const values = ids.map((id) => groups.rows[groupIndex.get(id)!]![a + 1]!.trim());
      if (name === options.clusterColumn) result.clusters = values;
      else if (name.toLowerCase() === 'age') result.attributes.ageBand = values.map((v) => (v === '' ? '' : ageBandAttribute(Number(v))));
      else result.attributes[name] = values;
    });
    if (result.clusters?.some((c) => c === '')) throw formatError(groups, `cluster column '${options.clusterColumn}' has blank ids`);
  } else if (options.clusterColumn !== undefined) {
    throw new HilumError('INVALID_ARGUMENT', `cluster column '${options.clusterColumn}' needs a groups file`);
  }
  return result;
}

function idColumn(table: CsvTable): string[] {
  if (table.header.length < 1) throw formatError(table, 'no header');
  const ids = table.rows.map((row) => row[0]!.trim());
  if (ids.length === 0) throw formatError(table, 'no data rows');
  const seen = new Set<string>();
  ids.forEach((id, r) => {
    if (id === '') throw formatError(table, `row ${r + 2}: empty image id`);
    if (seen.has(id)) throw formatError(table, `image id '${id}' appears more than once`);
    seen.add(id);
  });
  return ids;
}

function indexById(table: CsvTable): Map<string, number> {
  return new Map(idColumn(table).map((id, r) => [id, r]));
}

function requireSameIds(ids: string[], other: Map<string, number>, reference: CsvTable, table: CsvTable): void {
  const missing = ids.filter((id) => !other.has(id));
  const known = new Set(ids);
  const extra = [...other.keys()].filter((id) => !known.has(id));
  if (missing.length === 0 && extra.length === 0) return;
  const parts: string[] = [];
  if (missing.length > 0)
    parts.push(`${missing.length} image ids from ${reference.file} are missing (first: ${missing.slice(0, 3).join(', ')})`);
  if (extra.length > 0) parts.push(`${extra.length} image ids are not in ${reference.file} (first: ${extra.slice(0, 3).join(', ')})`);
  throw new HilumError('DATASET_FORMAT', `${table.file}: ${parts.join('; ')}`, {
    file: table.file,
    missing: missing.length,
    extra: extra.length,
    reason: 'image ids do not match',
  });
}

function parseScore(text: string, table: CsvTable, r: number, label: string, logits: boolean): number {
  const v = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(v)) throw formatError(table, `row ${r + 2}, column '${label}': '${text}' is not a number`);
  if (!logits && (v < 0 || v > 1))
    throw formatError(table, `row ${r + 2}, column '${label}': probability ${v} is outside [0, 1] (pass --logits for logits)`);
  return v;
}

function parseLabel(text: string, table: CsvTable, r: number, label: string): number {
  const t = text.trim();
  if (t === '') return NaN;
  const v = Number(t);
  if (v === 1 || v === 0) return v;
  if (v === -1) return NaN;
  throw new HilumError('DATASET_LABEL', `${table.file}: row ${r + 2}, column '${label}': '${text}' is not 1, 0, -1 or blank`, {
    file: table.file,
    row: r + 2,
    label,
  });
}

function formatError(table: CsvTable, reason: string): HilumError {
  return new HilumError('DATASET_FORMAT', `${table.file}: ${reason}`, { file: table.file, reason });
}
