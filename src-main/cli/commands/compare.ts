/** `hilum compare --model A --model B --dataset X`: paired comparison of two models (or a model and a baseline's predictions CSV) on the same images (see src-main/evaluation/compareModels.ts). */
import fs from 'node:fs';
import type { Command } from 'commander';
import { HilumError } from '../../../src-core/errors';
import { MIN_RESAMPLES } from '../../../src-core/metrics/report/computeMetricsReport';
import { compareModels } from '../../evaluation/compareModels';
import type { EvalSplit } from '../../evaluation/loadEvaluationSet';
import { cliActor } from '../../runs/cliActor';
import { action } from '../context';
import { formatTable, jsonReplacer, printResult } from '../output';

interface CompareOptions {
  model: string[];
  dataset: string;
  split: string;
  external?: boolean;
  resamples: string;
  seed: string;
  out?: string;
}

interface Paired {
  difference: { value: number | null; ci95?: [number | null, number | null] };
  pValue: number | null;
}

export function register(program: Command): void {
  program
    .command('compare')
    .description(
      'paired comparison on the same images: DeLong and patient-clustered paired bootstrap of the AUROC difference, per label and macro; stored',
    )
    .requiredOption(
      '--model <ref>',
      'bundle, run id or directory, a predictions CSV keyed by image, or bundles joined by commas (an ensemble: mean of their calibrated logits); give twice: A then B',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .requiredOption('--dataset <name>', 'stored dataset')
    .option('--split <split>', 'test | val | train | all', 'test')
    .option('--external', 'the dataset is an external test set: compare on all of it')
    .option('--resamples <n>', `bootstrap resamples (≥ ${MIN_RESAMPLES})`, '2000')
    .option('--seed <n>', 'bootstrap seed', '1')
    .option('--out <file>', 'also write the result as JSON (e.g. for `hilum model record-metrics --kind pairedTests`)')
    .action(
      action(async (ctx, o: CompareOptions) => {
        if (o.model.length !== 2)
          throw new HilumError('INVALID_ARGUMENT', `give --model exactly twice (A and B), got ${o.model.length}`, {});
        if (!['train', 'val', 'test', 'all'].includes(o.split))
          throw new HilumError('INVALID_ARGUMENT', `--split must be train, val, test or all, got "${o.split}"`, {});
        const resamples = Number(o.resamples);
        if (!Number.isInteger(resamples) || resamples < MIN_RESAMPLES)
          throw new HilumError('INVALID_ARGUMENT', `--resamples must be an integer ≥ ${MIN_RESAMPLES}, got "${o.resamples}"`, {});
        const r = await compareModels(ctx.store(), ctx.host(), {
          models: [o.model[0]!, o.model[1]!],
          dataset: o.dataset,
          split: o.split as EvalSplit,
          external: Boolean(o.external),
          resamples,
          seed: Number(o.seed),
          actor: cliActor(),
          onStep: ctx.json ? undefined : (m) => process.stderr.write(`${m}\n`),
        });
        if (o.out) fs.writeFileSync(o.out, `${JSON.stringify(r, jsonReplacer, 2)}\n`);
        printResult(r, ctx, (v) => {
          const fmt = (p: Paired) =>
            `${p.difference.value?.toFixed(4) ?? 'n/a'} [${p.difference.ci95?.[0]?.toFixed(4) ?? '?'}, ${p.difference.ci95?.[1]?.toFixed(4) ?? '?'}], p ${p.pValue?.toFixed(4) ?? 'n/a'}`;
          const rows: Array<[string, string]> = [
            ['A', `${v.a.kind} ${v.a.ref}`],
            ['B', `${v.b.kind} ${v.b.ref}`],
            ['on', `${v.dataset.name} ${v.dataset.split}: ${v.dataset.images} images, ${v.dataset.patients} patients`],
          ];
          for (const [label, c] of Object.entries(v.perLabel)) {
            const d = c.delong as { difference?: number; pValue?: number; reason?: string };
            rows.push([
              `${label} ΔAUROC`,
              `bootstrap ${fmt(c.pairedBootstrap)}; DeLong ${d.reason ?? `${d.difference!.toFixed(4)}, p ${d.pValue!.toFixed(4)}`}`,
            ]);
          }
          if ('pairedBootstrap' in v.macro) rows.push(['macro ΔAUROC', `bootstrap ${fmt(v.macro.pairedBootstrap!)}`]);
          rows.push(['stored', `comparison #${v.comparison}`]);
          return formatTable(rows);
        });
      }),
    );
}
