/**
 * Builds the in-memory CSV tables that `hilum metrics` reads from files, so the demo's figures come
 * from exactly the same report code as any externally supplied predictions.
 */
import type { CsvTable } from '../../src-core/csv/parseCsv';

export function predictionTable(name: string, ids: string[], labelNames: string[], columns: ArrayLike<number>[]): CsvTable {
  return {
    file: `${name} (in memory)`,
    header: ['image', ...labelNames],
    rows: ids.map((id, i) => [id, ...columns.map((c) => String(c[i]))]),
  };
}

export function labelTable(name: string, ids: string[], labelNames: string[], columns: Float64Array[]): CsvTable {
  return {
    file: `${name} (in memory)`,
    header: ['image', ...labelNames],
    rows: ids.map((id, i) => [id, ...columns.map((c) => (Number.isNaN(c[i]!) ? '' : String(c[i])))]),
  };
}

export function groupTable(name: string, ids: string[], patients: string[], attributes: Array<Record<string, string>>): CsvTable {
  const keys = Object.keys(attributes[0] ?? {});
  return {
    file: `${name} (in memory)`,
    header: ['image', 'patient', ...keys],
    rows: ids.map((id, i) => [id, patients[i]!, ...keys.map((k) => attributes[i]![k] ?? '')]),
  };
}
