/** The diff between a model and its predecessor, by section (bundle, data, config, metrics, thresholds): every changed JSON leaf with its before and after value. */
import { canonicalJson } from './canonicalJson';

export interface ModelSnapshot {
  bundleHash: string;
  /** kind → dataset → stored JSON (as in MetricsByKind). */
  metrics: Record<string, Record<string, unknown>>;
}

export interface DiffEntry {
  section: 'bundle' | 'data' | 'config' | 'metrics' | 'thresholds';
  path: string;
  before: unknown;
  after: unknown;
}

/** Stored kinds that map to sections; everything else is `metrics`. */
const sectionOfKind: Record<string, DiffEntry['section']> = {
  data: 'data',
  provenance: 'data',
  training: 'config',
  config: 'config',
  thresholds: 'thresholds',
};

export function diffModels(before: ModelSnapshot, after: ModelSnapshot): DiffEntry[] {
  const out: DiffEntry[] = [];
  if (before.bundleHash !== after.bundleHash)
    out.push({ section: 'bundle', path: 'bundleHash', before: before.bundleHash, after: after.bundleHash });
  const kinds = [...new Set([...Object.keys(before.metrics), ...Object.keys(after.metrics)])].sort();
  for (const kind of kinds) {
    diffValue(before.metrics[kind], after.metrics[kind], kind, sectionOfKind[kind] ?? 'metrics', out);
  }
  return out;
}

function diffValue(a: unknown, b: unknown, path: string, section: DiffEntry['section'], out: DiffEntry[]): void {
  if (a !== undefined && b !== undefined && canonicalJson(a) === canonicalJson(b)) return;
  const bothObjects = isPlain(a) && isPlain(b);
  const bothArrays = Array.isArray(a) && Array.isArray(b) && a.length === b.length;
  if (bothObjects) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) diffValue(a[k], b[k], `${path}.${k}`, section, out);
  } else if (bothArrays) {
    a.forEach((v, i) => diffValue(v, (b as unknown[])[i], `${path}[${i}]`, section, out));
  } else {
    out.push({ section, path, before: a ?? null, after: b ?? null });
  }
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
