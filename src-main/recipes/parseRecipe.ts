/**
 * Recipe files (`hilum recipe run <file.yaml>`): the seed's recipe as data — which dataset to import and
 * how to split it, optional MAE pretraining, the training config (docs/CONFIG.md), the bundle's decision
 * rules, the evaluations and the gates. `--set key=value` overrides any field (dotted path, YAML value)
 * before validation; errors name the file and the field.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseAbstentionRule, parseThresholdRule } from '../../src-core/bundle/parseDecisionRules';
import { HilumError } from '../../src-core/errors';
import type { WeightsChoice } from '../bundle/bundleRun';

export interface RecipeEvaluation {
  dataset: string;
  split: 'train' | 'val' | 'test' | 'all';
  external: boolean;
  resamples: number;
  seed: number;
  oodNear?: string;
  oodFar?: string;
}

export interface Recipe {
  file: string;
  name: string;
  dataset: {
    name: string;
    path: string;
    format: string;
    size: number;
    aspect: 'pad' | 'stretch';
    limit?: number;
    perClassLimit?: number;
    patientNamespace?: string;
    siteName?: string;
    formatOptions: Record<string, unknown>;
  };
  split: { seed: number; fractions: { train: number; val: number; test: number } };
  pretrain: Record<string, unknown> | null;
  train: Record<string, unknown>;
  bundle: {
    weights: WeightsChoice;
    threshold: string;
    abstain: string;
    oodQuantile: number;
    prior?: Record<string, number>;
    priorFrom?: string;
  };
  evaluate: Record<string, RecipeEvaluation>;
  gate: { file: string } | null;
}

type Obj = Record<string, unknown>;

/** Sets `a.b.c` in a plain object to a YAML-parsed value (so numbers, booleans and lists keep their type). */
export function applySetting(target: Obj, assignment: string): void {
  const eq = assignment.indexOf('=');
  if (eq <= 0) throw new HilumError('INVALID_ARGUMENT', `--set needs key=value, got "${assignment}"`, { assignment });
  const keys = assignment.slice(0, eq).trim().split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (node[key] === undefined || node[key] === null) node[key] = {};
    if (typeof node[key] !== 'object' || Array.isArray(node[key]))
      throw new HilumError('INVALID_ARGUMENT', `--set ${assignment}: "${key}" is not a section`, { assignment });
    node = node[key] as Obj;
  }
  node[keys.at(-1)!] = parseYaml(assignment.slice(eq + 1));
}

export function parseRecipe(file: string, settings: string[] = []): Recipe {
  let raw: unknown;
  try {
    raw = parseYaml(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new HilumError('CONFIG_INVALID', `${file}: cannot read the recipe (${(error as Error).message})`, { file });
  }
  const fail = (field: string, reason: string): never => {
    throw new HilumError('CONFIG_INVALID', `${file}: ${field} ${reason}`, { file, field });
  };
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return fail('(top level)', 'must be a mapping');
  const o = raw as Obj;
  for (const s of settings) applySetting(o, s);
  const known = ['name', 'dataset', 'split', 'pretrain', 'train', 'bundle', 'evaluate', 'gate'];
  for (const k of Object.keys(o)) if (!known.includes(k)) fail(k, `is not a recipe section (known: ${known.join(', ')})`);
  const section = (key: string, required: boolean): Obj | null => {
    const v = o[key];
    if (v === undefined || v === null) return required ? fail(key, 'is required') : null;
    if (typeof v !== 'object' || Array.isArray(v)) return fail(key, 'must be a mapping');
    return v as Obj;
  };
  const str = (s: Obj, key: string, prefix: string, def?: string): string => {
    const v = s[key] ?? def;
    return typeof v === 'string' && v !== '' ? v : fail(`${prefix}.${key}`, 'must be a non-empty string');
  };
  const num = (s: Obj, key: string, prefix: string, def: number, check: (v: number) => boolean, rule: string): number => {
    const v = s[key] ?? def;
    return typeof v === 'number' && check(v) ? v : fail(`${prefix}.${key}`, `must be ${rule} (got ${JSON.stringify(v)})`);
  };
  const optionalInt = (s: Obj, key: string, prefix: string): number | undefined =>
    s[key] === undefined || s[key] === null ? undefined : num(s, key, prefix, 0, (v) => Number.isInteger(v) && v > 0, 'a positive integer');
  const base = path.dirname(path.resolve(file));
  const name = str(o, 'name', '(top level)');
  if (!/^[A-Za-z0-9._-]+$/.test(name)) fail('name', 'may hold only letters, digits, dot, dash and underscore');

  const d = section('dataset', true)!;
  const aspect = str(d, 'aspect', 'dataset', 'pad');
  if (aspect !== 'pad' && aspect !== 'stretch') fail('dataset.aspect', 'must be pad or stretch');
  const format = str(d, 'format', 'dataset');
  const dataset: Recipe['dataset'] = {
    name: str(d, 'name', 'dataset'),
    path: path.resolve(base, str(d, 'path', 'dataset')),
    format,
    size: num(d, 'size', 'dataset', 256, (v) => Number.isInteger(v) && v >= 8, 'an integer ≥ 8'),
    aspect: aspect as 'pad' | 'stretch',
    limit: optionalInt(d, 'limit', 'dataset'),
    perClassLimit: optionalInt(d, 'perClassLimit', 'dataset'),
    ...(d.patientNamespace ? { patientNamespace: str(d, 'patientNamespace', 'dataset') } : {}),
    ...(d.siteName ? { siteName: str(d, 'siteName', 'dataset') } : {}),
    formatOptions: (d.formatOptions as Obj | undefined) ?? {},
  };
  if (dataset.perClassLimit !== undefined && format !== 'folders') fail('dataset.perClassLimit', 'applies only to the folders format');

  const sp = section('split', false) ?? {};
  const fractions = (sp.fractions as unknown) ?? [0.7, 0.1, 0.2];
  if (!Array.isArray(fractions) || fractions.length !== 3 || fractions.some((f) => typeof f !== 'number' || !(f >= 0)))
    fail('split.fractions', 'must be three non-negative numbers [train, val, test]');
  const [train, val, test] = fractions as number[];
  const bu = section('bundle', false) ?? {};
  const weights = str(bu, 'weights', 'bundle', 'best');
  if (!['best', 'last', 'ema', 'swa'].includes(weights)) fail('bundle.weights', 'must be best, last, ema or swa');
  const threshold = str(bu, 'threshold', 'bundle', 'max-f1');
  const abstain = str(bu, 'abstain', 'bundle', 'coverage>=0.9');
  parseThresholdRule(threshold, `${file}: bundle.threshold`);
  const prior = bu.prior as Record<string, unknown> | undefined | null;
  if (
    prior !== undefined &&
    prior !== null &&
    (typeof prior !== 'object' || Object.values(prior).some((v) => typeof v !== 'number' || !(v > 0 && v < 1)))
  )
    fail('bundle.prior', 'must map labels to prevalences in (0, 1)');
  if (prior && bu.priorFrom) fail('bundle.priorFrom', 'cannot be combined with bundle.prior');
  parseAbstentionRule(abstain, `${file}: bundle.abstain`);

  const ev = section('evaluate', false) ?? { 'internal-test': { split: 'test' } };
  const evaluate: Recipe['evaluate'] = {};
  for (const [key, value] of Object.entries(ev)) {
    if (!value || typeof value !== 'object') fail(`evaluate.${key}`, 'must be a mapping');
    const e = value as Obj;
    const prefix = `evaluate.${key}`;
    const split = str(e, 'split', prefix, 'test');
    if (!['train', 'val', 'test', 'all'].includes(split)) fail(`${prefix}.split`, 'must be train, val, test or all');
    evaluate[key] = {
      dataset: str(e, 'dataset', prefix, dataset.name),
      split: split as RecipeEvaluation['split'],
      external: e.external === true,
      resamples: num(e, 'resamples', prefix, 1000, (v) => Number.isInteger(v) && v >= 1000, 'an integer ≥ 1000'),
      seed: num(e, 'seed', prefix, 1, Number.isInteger, 'an integer'),
      ...(e.oodNear ? { oodNear: str(e, 'oodNear', prefix) } : {}),
      ...(e.oodFar ? { oodFar: path.resolve(base, str(e, 'oodFar', prefix)) } : {}),
    };
  }
  const g = section('gate', false);
  return {
    file: path.resolve(file),
    name,
    dataset,
    split: { seed: num(sp, 'seed', 'split', 1, Number.isInteger, 'an integer'), fractions: { train: train!, val: val!, test: test! } },
    pretrain: section('pretrain', false),
    train: section('train', false) ?? {},
    bundle: {
      weights: weights as WeightsChoice,
      threshold,
      abstain,
      oodQuantile: num(bu, 'oodQuantile', 'bundle', 0.99, (v) => v > 0 && v < 1, 'in (0, 1)'),
      ...(prior ? { prior: prior as Record<string, number> } : {}),
      ...(bu.priorFrom ? { priorFrom: str(bu, 'priorFrom', 'bundle') } : {}),
    },
    evaluate,
    gate: g ? { file: path.resolve(base, str(g, 'file', 'gate')) } : null,
  };
}
