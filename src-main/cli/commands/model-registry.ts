/** `hilum model register | record-metrics | list | show`: the model registry (the `model` group is shared with other model commands). */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { HilumError } from '../../../src-core/errors';
import { authorize } from '../../governance/authorize';
import { getLock } from '../../governance/lockModel';
import {
  getModel,
  listModels,
  recordModelMetrics,
  registerModel,
  MODEL_WIDE,
  modelMetricsHash,
  signedRecordHash,
} from '../../governance/modelRegistry';
import { signaturesWithStatus } from '../../governance/signatures';
import { gateEvaluationHistory } from '../../governance/gateEvaluation';
import { resolveReleasePolicy } from '../../governance/releasePolicy';
import { hashBundleOnDisk } from '../../governance/verifyLockedBundle';
import { recordEvaluationMetrics } from '../../governance/recordEvaluationMetrics';
import { action } from '../context';
import { formatTable, printResult } from '../output';
import { signIn, withSession, type SessionOptions } from './governanceSession';

export function register(program: Command): void {
  const model = program.commands.find((c) => c.name() === 'model') ?? program.command('model').description('model utilities');
  withSession(model.command('register').description('register a model bundle as a draft (its hash is computed from the bundle manifest)'))
    .requiredOption('--name <name>', 'model name')
    .requiredOption('--model-version <version>', "model version (--version is the CLI's own)")
    .requiredOption('--bundle <dir>', 'bundle directory (manifest.json)')
    .option(
      '--predecessor <modelId>',
      'the model this version replaces (default: the latest locked version of the name; change control applies)',
    )
    .option('--release-policy <id>', 'the release policy its lock is judged by (default: the installation default)')
    .action(
      action(
        async (
          ctx,
          opts: SessionOptions & { name: string; modelVersion: string; bundle: string; predecessor?: string; releasePolicy?: string },
        ) => {
          const { user } = await signIn(ctx, opts);
          const bundlePath = path.resolve(opts.bundle);
          const row = registerModel(ctx.store(), user, {
            name: opts.name,
            version: opts.modelVersion,
            bundlePath,
            bundleHash: hashBundleOnDisk(bundlePath),
            predecessorId: opts.predecessor ?? null,
            releasePolicyId: opts.releasePolicy ?? null,
          });
          printResult(row, ctx, (r) =>
            formatTable([
              ['model id', r.id],
              ['name', `${r.name} ${r.version}`],
              ['bundle hash', r.bundleHash],
              ['status', r.status],
            ]),
          );
        },
      ),
    );
  withSession(
    model.command('record-metrics').description('store a metrics / documentation JSON for a draft model (e.g. the `hilum metrics` report)'),
  )
    .requiredOption('--model <id>', 'model id')
    .option('--kind <kind>', 'evaluation | ood | thresholds | training | data | intendedUse | limitations | pairedTests | ...')
    .option('--dataset <name>', 'dataset / split the document is about (omit for model-wide documents)', MODEL_WIDE)
    .option('--file <json>', 'the JSON document')
    .option(
      '--from-evaluation <id>',
      'instead of --file: a stored `hilum eval` run of this bundle (kind evaluation; dataset defaults to its split)',
    )
    .action(
      action(
        async (ctx, opts: SessionOptions & { model: string; kind?: string; dataset: string; file?: string; fromEvaluation?: string }) => {
          if (opts.fromEvaluation !== undefined) {
            const id = Number(opts.fromEvaluation);
            if (!Number.isInteger(id) || id < 1)
              throw new HilumError('INVALID_ARGUMENT', `--from-evaluation must be an evaluation id, got "${opts.fromEvaluation}"`, {});
            const { user } = await signIn(ctx, opts);
            const row = recordEvaluationMetrics(ctx.store(), user, opts.model, id, opts.dataset === MODEL_WIDE ? undefined : opts.dataset);
            printResult(
              { id: row.id, modelId: row.modelId, dataset: row.dataset, kind: row.kind, sha256: row.sha256 },
              ctx,
              (r) => `stored evaluation #${id} as ${r.kind} for ${r.dataset} (sha256 ${r.sha256})`,
            );
            return;
          }
          if (!opts.kind || !opts.file) throw new HilumError('INVALID_ARGUMENT', 'give --kind and --file, or --from-evaluation <id>', {});
          const kind = opts.kind;
          const file = opts.file;
          let json: unknown;
          try {
            json = JSON.parse(fs.readFileSync(file, 'utf8'));
          } catch (error) {
            throw new HilumError('INVALID_ARGUMENT', `${file}: not a readable JSON file (${(error as Error).message})`, { file });
          }
          const { user } = await signIn(ctx, opts);
          const row = recordModelMetrics(ctx.store(), user, opts.model, kind, json, opts.dataset);
          printResult(
            { id: row.id, modelId: row.modelId, dataset: row.dataset, kind: row.kind, sha256: row.sha256 },
            ctx,
            (r) => `stored ${r.kind} for ${r.dataset} (sha256 ${r.sha256})`,
          );
        },
      ),
    );
  model
    .command('list')
    .description('list registered models')
    .action(
      action(async (ctx) => {
        printResult(
          listModels(ctx.store()),
          ctx,
          (rows) =>
            rows.map((r) => `${r.id}  ${r.name} ${r.version}  ${r.status}  ${r.bundleHash.slice(0, 16)}...`).join('\n') || 'no models',
        );
      }),
    );
  withSession(model.command('show').description('a model with its signatures, latest gate evaluation and lock'))
    .requiredOption('--model <id>', 'model id')
    .action(
      action(async (ctx, opts: SessionOptions & { model: string }) => {
        const { user } = await signIn(ctx, opts);
        authorize(ctx.store(), user, 'model.view');
        const store = ctx.store();
        const m = getModel(store, opts.model);
        const metricsHash = modelMetricsHash(store, m.id);
        const history = gateEvaluationHistory(store, m.id);
        const policy = resolveReleasePolicy(store, m);
        const result = {
          model: m,
          metricsHash,
          recordHash: signedRecordHash(m, metricsHash),
          releasePolicy: policy ? { id: policy.id, name: policy.name, gateSpecId: policy.gateSpecId } : null,
          signatures: signaturesWithStatus(store, m.id),
          gateHistory: history.map((g) => ({
            id: g.id,
            name: g.gatesName,
            gateSpecId: g.gateSpecId,
            passed: g.passed,
            at: g.evaluatedAt,
            by: g.evaluatedBy,
          })),
          lock: getLock(store, m.id),
        };
        printResult(result, ctx, (r) =>
          [
            formatTable([
              ['model', `${r.model.name} ${r.model.version} (${r.model.id})`],
              ['status', r.model.status],
              ['bundle hash', r.model.bundleHash],
              ['record hash', r.recordHash],
              ['release policy', r.releasePolicy ? `${r.releasePolicy.name} (gate spec ${r.releasePolicy.gateSpecId})` : 'none'],
              ['lock', r.lock ? `locked by ${r.lock.lockedBy} at ${r.lock.lockedAt}` : 'not locked'],
            ]),
            'gate history (oldest first):',
            ...(r.gateHistory.length
              ? r.gateHistory.map(
                  (g) => `  ${g.at}  ${g.name} (spec ${g.gateSpecId ?? 'unregistered'})  ${g.passed ? 'passed' : 'FAILED'}  by ${g.by}`,
                )
              : ['  not evaluated']),
            'signatures:',
            ...(r.signatures.length
              ? r.signatures.map(
                  (s) =>
                    `  ${s.printedName} (${s.role}) ${s.meaning} at ${s.signedAt}${s.current ? ' (current)' : ` (SUPERSEDED: ${s.supersededBecause})`}`,
                )
              : ['  none']),
          ].join('\n'),
        );
      }),
    );
}
