/**
 * Runs a recipe as a pipeline of content-addressed stages: import → split → (pretrain) → train → bundle →
 * evaluate → gate. Each stage's key is the SHA-256 of its inputs and its upstream keys; a stage whose key
 * and output are unchanged is skipped (cached), and a training run that was killed resumes from its
 * checkpoint. The state lives in <data dir>/recipes/<name>/state.json; every stage's lineage is in the
 * store (datasets, training_runs, run_bundles, evaluations) and the gate result is audited.
 */
import fs from 'node:fs';
import path from 'node:path';
import { canonicalJson } from '../../src-core/bundle/canonicalJson';
import { parseAbstentionRule, parseThresholdRule } from '../../src-core/bundle/parseDecisionRules';
import { evaluateGates } from '../../src-core/governance';
import { HilumError } from '../../src-core/errors';
import { bundleRun } from '../bundle/bundleRun';
import { verifyBundle } from '../bundle/loadBundle';
import { sha256Hex } from '../governance/sha256Hex';
import { datasetContentHash } from '../datasets/datasetContentHash';
import { importDatasetIntoStore } from '../datasets/importDatasetIntoStore';
import { loadSplitRecords } from '../datasets/loadSplitRecords';
import { splitDataset } from '../datasets/splitDataset';
import { runEvaluation } from '../evaluation/runEvaluation';
import { appendAuditEvent } from '../governance/auditTrail';
import { loadGatesFile } from '../governance/gateEvaluation';
import { getRunRecord } from '../runs/runRecords';
import { resumeRun, trainFromDataset, type JobRunner } from '../runs/trainFromDataset';
import type { Store } from '../store/openStore';
import { folderSubsetLabels } from './folderSubsetLabels';
import type { Recipe } from './parseRecipe';

interface StageState {
  key: string;
  [k: string]: unknown;
}
type State = Record<string, StageState>;

export interface RecipeRunOptions {
  actor: string;
  onStep?: (stage: string, message: string) => void;
}

const keyOf = (...parts: unknown[]): string => sha256Hex(canonicalJson(parts));

interface Context {
  store: Store;
  host: JobRunner;
  recipe: Recipe;
  options: RecipeRunOptions;
  dir: string;
  state: State;
  stages: Record<string, { cached: boolean; key: string }>;
  step: (stage: string, message: string) => void;
  save: () => void;
  /** True (and reported) when the stage's key is unchanged and its output still valid. */
  cachedIf: (stage: string, key: string, stillValid: () => boolean) => boolean;
}

function openContext(store: Store, host: JobRunner, recipe: Recipe, options: RecipeRunOptions): Context & { stateFile: string } {
  const step = options.onStep ?? (() => {});
  const dir = path.join(store.dataDir, 'recipes', recipe.name);
  fs.mkdirSync(dir, { recursive: true });
  const stateFile = path.join(dir, 'state.json');
  const state: State = fs.existsSync(stateFile) ? (JSON.parse(fs.readFileSync(stateFile, 'utf8')) as State) : {};
  const stages: Context['stages'] = {};
  return {
    store,
    host,
    recipe,
    options,
    dir,
    state,
    stages,
    step,
    stateFile,
    save: () => fs.writeFileSync(stateFile, `${JSON.stringify(state, null, 1)}\n`),
    cachedIf: (stage, key, stillValid) => {
      const hit = state[stage]?.key === key && stillValid();
      stages[stage] = { cached: hit, key };
      if (hit) step(stage, `unchanged (key ${key.slice(0, 12)}…): cached`);
      return hit;
    },
  };
}

export async function runRecipe(store: Store, host: JobRunner, recipe: Recipe, options: RecipeRunOptions) {
  const ctx = openContext(store, host, recipe, options);
  const { state, stages, stateFile } = ctx;
  const d = recipe.dataset;
  const splitKey = await importAndSplit(ctx);
  const contentHash = datasetContentHash(store, d.name);
  const initWeights = await pretrainStage(ctx, splitKey, contentHash);
  const { trainKey, runId } = await trainStage(ctx, splitKey, contentHash, initWeights);
  const bundle = await bundleStage(ctx, trainKey, runId);
  const reports = await evaluateStage(ctx, bundle.hash, contentHash);
  const gate = gateStage(ctx, bundle.hash, reports);
  return {
    recipe: recipe.name,
    file: recipe.file,
    dataset: d.name,
    datasetContentHash: contentHash,
    run: runId,
    bundle: bundle.dir,
    hash: bundle.hash,
    stages,
    evaluations: Object.fromEntries(
      Object.entries(recipe.evaluate).map(([n]) => [
        n,
        { evaluationId: state[`evaluate.${n}`]!.evaluationId, reportDir: state[`evaluate.${n}`]!.reportDir, report: reports[n] },
      ]),
    ),
    gate,
    stateFile,
  };
}

async function importAndSplit(ctx: Context): Promise<string> {
  const { store, recipe, dir, state, step, save, cachedIf } = ctx;
  const d = recipe.dataset;
  // import
  const importKey = keyOf('import', d);
  const existing = store.sqlite.prepare('SELECT status FROM datasets WHERE name = ?').get(d.name) as { status: string } | undefined;
  if (!cachedIf('import', importKey, () => existing?.status === 'ready')) {
    if (existing)
      throw new HilumError(
        'CONFLICT',
        `${recipe.file}: dataset "${d.name}" already exists but was not imported by this recipe as it now reads (remove it with \`hilum dataset remove ${d.name}\`, or rename dataset.name)`,
        { dataset: d.name },
      );
    const subset = d.perClassLimit
      ? folderSubsetLabels(
          d.path,
          d.perClassLimit,
          path.join(dir, `labels-${importKey.slice(0, 12)}.csv`),
          d.formatOptions.folders as { normalClass?: string; patientPattern?: string } | undefined,
        )
      : null;
    const report = await importDatasetIntoStore(store, {
      name: d.name,
      format: subset ? 'csv' : d.format,
      root: d.path,
      formatOptions: subset ? { mapping: subset.mapping } : d.formatOptions,
      size: d.size,
      aspect: d.aspect,
      ...(d.limit ? { limit: d.limit } : {}),
      ...(d.patientNamespace ? { patientNamespace: d.patientNamespace } : {}),
      ...(d.siteName ? { siteName: d.siteName } : {}),
      actor: ctx.options.actor,
    });
    state.import = { key: importKey, imported: report.imported, quarantined: report.quarantined };
    save();
    step('import', `${report.imported} images (${report.quarantined} quarantined) into "${d.name}"`);
  }

  // split
  const splitKey = keyOf('split', importKey, recipe.split);
  const row = store.sqlite
    .prepare('SELECT split_seed AS seed, split_fractions_json AS fractions FROM datasets WHERE name = ?')
    .get(d.name) as { seed: number | null; fractions: string | null };
  const sameSplit =
    row.seed === recipe.split.seed &&
    row.fractions !== null &&
    canonicalJson(JSON.parse(row.fractions)) === canonicalJson(recipe.split.fractions);
  if (!cachedIf('split', splitKey, () => sameSplit)) {
    const split = splitDataset(store, {
      name: d.name,
      seed: recipe.split.seed,
      fractions: recipe.split.fractions,
      actor: ctx.options.actor,
    });
    state.split = { key: splitKey, images: split.images };
    save();
    step('split', `patient-disjoint: ${JSON.stringify(split.images)}`);
  }
  return splitKey;
}

async function pretrainStage(ctx: Context, splitKey: string, contentHash: string): Promise<string | undefined> {
  const { store, host, recipe, dir, state, step, save, cachedIf } = ctx;
  const d = recipe.dataset;
  // pretrain (optional): MAE on the training split's images, standardised as training will be
  let initWeights: string | undefined;
  if (recipe.pretrain) {
    // Other stored datasets whose every image joins the unlabelled MAE pool (never this dataset's val/test images).
    const { extraDatasets, ...pretrainSettings } = recipe.pretrain as { extraDatasets?: unknown } & Record<string, unknown>;
    const extras = Array.isArray(extraDatasets) ? extraDatasets.map(String) : [];
    if (extras.includes(d.name))
      throw new HilumError(
        'CONFIG_INVALID',
        `${recipe.file}: pretrain.extraDatasets must not name the recipe's own dataset (its validation and test images would leak into pretraining)`,
        { file: recipe.file, field: 'pretrain.extraDatasets' },
      );
    const pretrainKey = keyOf(
      'pretrain',
      splitKey,
      contentHash,
      pretrainSettings,
      recipe.train.model ?? null,
      extras.map((e) => datasetContentHash(store, e)),
    );
    const outDir = path.join(dir, `pretrain-${pretrainKey.slice(0, 12)}`);
    const encoder = path.join(outDir, 'encoder.safetensors');
    if (!cachedIf('pretrain', pretrainKey, () => fs.existsSync(String(state.pretrain?.encoderWeights ?? '')))) {
      const train = loadSplitRecords(store, d.name, 'train');
      const model = {
        ...((recipe.train.model as object | undefined) ?? {}),
        numClasses: train.labelNames.length,
        imageSize: (recipe.train.model as { imageSize?: number } | undefined)?.imageSize ?? d.size,
      };
      // The normalisation is fitted on this dataset's training split first (as fine-tuning will fit it), then applied to the pool.
      const prepared = await host.run('arrays.prepare', {
        cacheDir: path.join(store.dataDir, 'cache'),
        imageSize: model.imageSize,
        normalization: null,
        sets: [{ name: 'train', cacheKeys: train.cacheKeys, outDir: path.join(outDir, 'fit') }],
      });
      const pool = [...train.cacheKeys, ...extras.flatMap((e) => loadSplitRecords(store, e, null).cacheKeys)];
      await host.run('arrays.prepare', {
        cacheDir: path.join(store.dataDir, 'cache'),
        imageSize: model.imageSize,
        normalization: prepared.normalization,
        sets: [{ name: 'pool', cacheKeys: pool, outDir: path.join(outDir, 'data') }],
      });
      step(
        'pretrain',
        `MAE on ${pool.length} unlabelled images (${train.cacheKeys.length} from the training split${extras.length ? `, the rest from ${extras.join(', ')}` : ''})`,
      );
      const r = await host.run(
        'model.pretrain',
        {
          config: { ...pretrainSettings, model, data: { source: 'npy', trainDir: path.join(outDir, 'data') }, outDir },
          configFile: recipe.file,
        },
        { onProgress: (p) => p.message && p.data?.type !== 'step' && step('pretrain', p.message) },
      );
      state.pretrain = { key: pretrainKey, encoderWeights: r.encoderWeights, epochs: r.epochsRun };
      save();
    }
    initWeights = String(state.pretrain!.encoderWeights ?? encoder);
  }

  return initWeights;
}

async function trainStage(
  ctx: Context,
  splitKey: string,
  contentHash: string,
  initWeights: string | undefined,
): Promise<{ trainKey: string; runId: string }> {
  const { store, host, recipe, options, state, step, save, cachedIf } = ctx;
  const d = recipe.dataset;
  // train (resumes a run this recipe started and that did not finish)
  const trainConfig = { ...recipe.train, ...(initWeights ? { initWeights } : {}) };
  const trainKey = keyOf('train', splitKey, contentHash, trainConfig);
  const runDone = () => typeof state.train?.run === 'string' && getRunRecord(store, state.train.run).status === 'succeeded';
  if (!cachedIf('train', trainKey, runDone)) {
    const onProgress = (p: { message?: string; data?: Record<string, unknown> }) =>
      p.message && p.data?.type !== 'step' && step('train', p.message);
    const previous = state.train?.key === trainKey && typeof state.train.run === 'string' ? state.train.run : null;
    const trained = previous
      ? (step('train', `resuming run ${previous}`), await resumeRun(store, host, previous, { actor: options.actor, onProgress }))
      : await trainFromDataset(store, host, {
          dataset: d.name,
          config: trainConfig,
          configFile: recipe.file,
          actor: options.actor,
          onProgress,
          onRunCreated: (run) => ((state.train = { key: trainKey, run }), save()),
        });
    state.train = { key: trainKey, run: trained.run };
    save();
  }
  const runId = String(state.train!.run);

  return { trainKey, runId };
}

async function bundleStage(ctx: Context, trainKey: string, runId: string): Promise<{ dir: string; hash: string }> {
  const { store, host, recipe, options, state, step, save, cachedIf } = ctx;
  // bundle
  const bundleKey = keyOf('bundle', trainKey, runId, recipe.bundle);
  if (
    !cachedIf(
      'bundle',
      bundleKey,
      () =>
        typeof state.bundle?.dir === 'string' &&
        fs.existsSync(state.bundle.dir) &&
        verifyBundle(state.bundle.dir).bundleHash === state.bundle.hash,
    )
  ) {
    const b = await bundleRun(store, host, {
      runId,
      weights: recipe.bundle.weights,
      threshold: parseThresholdRule(recipe.bundle.threshold),
      abstention: parseAbstentionRule(recipe.bundle.abstain),
      oodQuantile: recipe.bundle.oodQuantile,
      actor: options.actor,
      onProgress: (m) => step('bundle', m),
      ...(recipe.bundle.prior ? { priorShift: { method: 'known' as const, target: recipe.bundle.prior } } : {}),
      ...(recipe.bundle.priorFrom
        ? {
            priorShift: {
              method: 'em' as const,
              dataset: recipe.bundle.priorFrom.split(':')[0]!,
              split: recipe.bundle.priorFrom.split(':')[1] ?? null,
            },
          }
        : {}),
    });
    state.bundle = { key: bundleKey, dir: b.bundle, hash: b.hash, parityMaxAbsDiff: b.parityMaxAbsDiff };
    save();
  }
  const bundle = { dir: String(state.bundle!.dir), hash: String(state.bundle!.hash) };

  return bundle;
}

async function evaluateStage(ctx: Context, bundleHash: string, contentHash: string): Promise<Record<string, unknown>> {
  const { store, host, recipe, dir, state, step, save, cachedIf } = ctx;
  const d = recipe.dataset;
  // evaluate
  const reports: Record<string, unknown> = {};
  for (const [name, e] of Object.entries(recipe.evaluate)) {
    const stage = `evaluate.${name}`;
    const key = keyOf('evaluate', bundleHash, e, e.dataset === d.name ? contentHash : datasetContentHash(store, e.dataset));
    const stored = () =>
      typeof state[stage]?.evaluationId === 'number' &&
      store.sqlite.prepare('SELECT 1 FROM evaluations WHERE id = ?').get(state[stage]!.evaluationId) !== undefined;
    if (!cachedIf(stage, key, stored)) {
      const r = await runEvaluation(store, host, {
        model: String(state.bundle!.dir),
        ...e,
        reportDir: path.join(dir, `report-${name}-${key.slice(0, 12)}`),
        actor: ctx.options.actor,
        onStep: (s, m) => step(stage, `${s}: ${m}`),
      });
      state[stage] = { key, evaluationId: r.evaluationId, reportDir: r.reportDir };
      save();
    }
    const json = (
      store.sqlite.prepare('SELECT report_json AS json FROM evaluations WHERE id = ?').get(state[stage]!.evaluationId) as { json: string }
    ).json;
    reports[name] = JSON.parse(json);
  }

  return reports;
}

function gateStage(ctx: Context, bundleHash: string, reports: Record<string, unknown>): unknown {
  const { store, recipe, options, state, save, cachedIf } = ctx;
  // gate: the gates file on this recipe's own evaluations (named as in `evaluate`), stored in the state and audited
  let gate: unknown = null;
  if (recipe.gate) {
    const spec = loadGatesFile(recipe.gate.file);
    const key = keyOf(
      'gate',
      spec,
      Object.keys(recipe.evaluate).map((n) => state[`evaluate.${n}`]!.key),
    );
    if (!cachedIf('gate', key, () => state.gate?.result !== undefined)) {
      const result = evaluateGates(spec, { evaluation: reports as Record<string, unknown> });
      appendAuditEvent(store, {
        actor: options.actor,
        action: 'recipe.gate',
        recordType: 'bundle',
        recordId: bundleHash,
        payload: { recipe: recipe.name, gates: spec.name, passed: result.passed },
      });
      state.gate = { key, result: JSON.parse(JSON.stringify(result)) as unknown };
      save();
    }
    gate = state.gate!.result;
  }
  return gate;
}
