/**
 * The metric path language gates use to point into stored metrics JSON:
 *   key            object member (any characters but . [ ] =)
 *   [n]            array element n
 *   * or [*]       every member / element (a gate then requires every match to pass)
 *   [a.b=v]        every array element whose nested member a.b equals v (number or text)
 * Examples: `external.macro.auroc.ci95[0]`, `external.subgroups.macroAuroc.gaps[*].ci95[1]`,
 * `external.selectivePrediction.operatingPoints[target.risk=0.1].coverage`.
 */
import { HilumError } from '../errors';

export type PathStep = { key: string } | { index: number } | { any: true } | { where: string[]; equals: string };

const keyPattern = /^[^.[\]=]+/;
const bracketPattern = /^\[(?:(\d+)|(\*)|([^.[\]=]+(?:\.[^.[\]=]+)*)=([^[\]]+))\]/;

export function parseMetricPath(path: string): PathStep[] {
  const steps: PathStep[] = [];
  let rest = path;
  let needKey = true;
  while (rest.length > 0) {
    if (needKey) {
      const m = keyPattern.exec(rest);
      if (!m) break;
      steps.push(m[0] === '*' ? { any: true } : { key: m[0] });
      rest = rest.slice(m[0].length);
      needKey = false;
      continue;
    }
    if (rest.startsWith('.')) {
      rest = rest.slice(1);
      needKey = true;
      continue;
    }
    const b = bracketPattern.exec(rest);
    if (!b) break;
    if (b[1] !== undefined) steps.push({ index: Number(b[1]) });
    else if (b[2] !== undefined) steps.push({ any: true });
    else steps.push({ where: b[3]!.split('.'), equals: b[4]! });
    rest = rest.slice(b[0].length);
  }
  if (rest.length > 0 || needKey) {
    const position = path.length - rest.length + 1;
    throw new HilumError(
      'CONFIG_INVALID',
      `metric path "${path}" is not valid at character ${position} (use a.b[0].c, * for any member, [k=v] to select)`,
      { path, position },
    );
  }
  return steps;
}

export interface PathMatch {
  /** The concrete path of this match (wildcards filled in). */
  path: string;
  value: unknown;
}

/** Every value the path reaches; a step that finds nothing yields no match (so a missing metric is visible, never a default). */
export function resolveMetricPath(root: unknown, path: string): PathMatch[] {
  let frontier: PathMatch[] = [{ path: '', value: root }];
  for (const step of parseMetricPath(path)) {
    const next: PathMatch[] = [];
    for (const { path: at, value } of frontier) {
      if ('key' in step) {
        if (isObject(value) && Object.prototype.hasOwnProperty.call(value, step.key))
          next.push({ path: join(at, step.key), value: value[step.key] });
      } else if ('index' in step) {
        if (Array.isArray(value) && step.index < value.length) next.push({ path: `${at}[${step.index}]`, value: value[step.index] });
      } else if ('where' in step) {
        if (Array.isArray(value))
          value.forEach((v, i) => {
            if (matchesWhere(v, step.where, step.equals)) next.push({ path: `${at}[${i}]`, value: v });
          });
      } else if (Array.isArray(value)) {
        value.forEach((v, i) => next.push({ path: `${at}[${i}]`, value: v }));
      } else if (isObject(value)) {
        for (const [k, v] of Object.entries(value)) next.push({ path: join(at, k), value: v });
      }
    }
    frontier = next;
  }
  return frontier;
}

function matchesWhere(element: unknown, keys: string[], equals: string): boolean {
  let v: unknown = element;
  for (const k of keys) {
    if (!isObject(v) || !Object.prototype.hasOwnProperty.call(v, k)) return false;
    v = v[k];
  }
  if (typeof v === 'number') return Number(equals) === v;
  return typeof v === 'string' && v === equals;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(at: string, key: string): string {
  return at === '' ? key : `${at}.${key}`;
}
