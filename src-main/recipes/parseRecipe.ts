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
import { parseDocument } from '../../src-core/validate';
import type { WeightsChoice } from '../bundle/bundleRun';
import { type RecipeFile, recipeSchema } from './recipeSchema';

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
  const raw = readRecipeFile(file);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new HilumError('CONFIG_INVALID', `${file}: (top level) must be a mapping`, { file, field: '(top level)' });
  for (const s of settings) applySetting(raw as Obj, s);
  return resolveRecipe(parseDocument(recipeSchema, raw, { code: 'CONFIG_INVALID', file }), file);
}

function readRecipeFile(file: string): unknown {
  try {
    return parseYaml(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new HilumError('CONFIG_INVALID', `${file}: cannot read the recipe (${(error as Error).message})`, { file });
  }
}

/** After the schema: paths resolved against the recipe's folder, defaults that depend on other fields, rules that need a parser. */
function resolveRecipe(r: RecipeFile, file: string): Recipe {
  const base = path.dirname(path.resolve(file));
  const fail = (field: string, reason: string): never => {
    throw new HilumError('CONFIG_INVALID', `${file}: ${field} ${reason}`, { file, field });
  };
  const d = r.dataset;
  if (d.perClassLimit != null && d.format !== 'folders') fail('dataset.perClassLimit', 'applies only to the folders format');
  parseThresholdRule(r.bundle.threshold, `${file}: bundle.threshold`);
  parseAbstentionRule(r.bundle.abstain, `${file}: bundle.abstain`);
  const [train, val, test] = r.split.fractions;
  return {
    file: path.resolve(file),
    name: r.name,
    dataset: {
      name: d.name,
      path: path.resolve(base, d.path),
      format: d.format,
      size: d.size,
      aspect: d.aspect,
      limit: d.limit ?? undefined,
      perClassLimit: d.perClassLimit ?? undefined,
      ...(d.patientNamespace ? { patientNamespace: d.patientNamespace } : {}),
      ...(d.siteName ? { siteName: d.siteName } : {}),
      formatOptions: d.formatOptions,
    },
    split: { seed: r.split.seed, fractions: { train, val, test } },
    pretrain: r.pretrain ?? null,
    train: r.train,
    bundle: {
      weights: r.bundle.weights,
      threshold: r.bundle.threshold,
      abstain: r.bundle.abstain,
      oodQuantile: r.bundle.oodQuantile,
      ...(r.bundle.prior ? { prior: r.bundle.prior } : {}),
      ...(r.bundle.priorFrom ? { priorFrom: r.bundle.priorFrom } : {}),
    },
    evaluate: Object.fromEntries(
      Object.entries(r.evaluate).map(([key, e]) => [
        key,
        {
          dataset: e.dataset ?? d.name,
          split: e.split,
          external: e.external,
          resamples: e.resamples,
          seed: e.seed,
          ...(e.oodNear ? { oodNear: e.oodNear } : {}),
          ...(e.oodFar ? { oodFar: path.resolve(base, e.oodFar) } : {}),
        },
      ]),
    ),
    gate: r.gate ? { file: path.resolve(base, r.gate.file) } : null,
  };
}
