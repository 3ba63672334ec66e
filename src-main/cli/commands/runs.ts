/** `hilum runs list | show`: stored training runs with their lineage, status and the bundles made from them. */
import { describeTrainingEngine } from '../../../src-core/model/resolveTrainingEngine';
import type { Command } from 'commander';
import { eq } from 'drizzle-orm';
import { getRunRecord, listRunRecords, type RunRecord } from '../../runs/runRecords';
import { runBundles } from '../../store/schema/runs';
import { action } from '../context';
import { formatTable, printResult } from '../output';

function summary(r: RunRecord) {
  const result = r.resultJson
    ? (JSON.parse(r.resultJson) as { epochsRun?: number; bestMacroAuroc?: number | null; selectBy?: string; bestMetric?: number | null })
    : null;
  return {
    run: r.id,
    status: r.status,
    dataset: r.datasetName,
    createdAt: r.createdAt,
    finishedAt: r.finishedAt,
    backend: r.backend,
    epochs: result?.epochsRun ?? null,
    bestValMacroAuroc: result?.bestMacroAuroc ?? null,
    selectBy: result?.selectBy ?? null,
    bestValMetric: result?.bestMetric ?? null,
    runDir: r.runDir,
  };
}

export function register(program: Command): void {
  const runs = program.command('runs').description('training runs stored by `hilum train --dataset`');
  runs
    .command('list')
    .description('list runs, newest first')
    .option('--dataset <name>', 'only runs on this dataset')
    .action(
      action(async (ctx, o: { dataset?: string }) => {
        const rows = listRunRecords(ctx.store(), o.dataset).map(summary);
        printResult(
          rows,
          ctx,
          (v) =>
            v
              .map(
                (r) =>
                  `${r.run}  ${r.status.padEnd(9)}  ${r.dataset}  epochs ${r.epochs ?? '-'}  val macro-AUROC ${r.bestValMacroAuroc?.toFixed(4) ?? '-'}`,
              )
              .join('\n') || 'no runs',
        );
      }),
    );
  runs
    .command('show')
    .description('one run: lineage (dataset content hash, split seed, config hash, code version, backend), config, result, bundles')
    .argument('<run>', 'run id')
    .action(
      action(async (ctx, id: string) => {
        const store = ctx.store();
        const r = getRunRecord(store, id);
        const bundles = store.db.select().from(runBundles).where(eq(runBundles.runId, id)).all();
        const shown = {
          ...summary(r),
          lineage: {
            datasetContentHash: r.datasetContentHash,
            splitSeed: r.splitSeed,
            configHash: r.configHash,
            codeVersion: r.codeVersion,
            backend: r.backend,
          },
          preprocessing: JSON.parse(r.preprocessingJson) as unknown,
          config: JSON.parse(r.configJson) as unknown,
          result: r.resultJson ? (JSON.parse(r.resultJson) as unknown) : null,
          error: r.errorCode ? { code: r.errorCode, message: r.errorMessage } : null,
          bundles: bundles.map((b) => ({
            hash: b.bundleHash,
            dir: b.bundleDir,
            weights: b.weights,
            modelId: b.modelId,
            createdAt: b.createdAt,
          })),
        };
        printResult(shown, ctx, (v) =>
          formatTable([
            ['run', `${v.run} (${v.status})`],
            ['dataset', `${v.dataset}, content ${v.lineage.datasetContentHash}`],
            ['split seed', String(v.lineage.splitSeed ?? '-')],
            ['config hash', v.lineage.configHash],
            ['code version', v.lineage.codeVersion],
            ['gradients', v.result ? describeTrainingEngine(v.result as { backend?: string; engine?: string }) : '-'],
            ['run directory', v.runDir],
            ['epochs', String(v.epochs ?? '-')],
            ['best val macro-AUROC', v.bestValMacroAuroc?.toFixed(4) ?? '-'],
            ...(v.error ? [['error', `${v.error.code}: ${v.error.message}`] as [string, string]] : []),
            ...v.bundles.map((b): [string, string] => [
              'bundle',
              `${b.hash.slice(0, 16)}… ${b.weights} ${b.dir}${b.modelId ? ` (model ${b.modelId})` : ''}`,
            ]),
          ]),
        );
      }),
    );
}
