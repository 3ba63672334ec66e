/**
 * `hilum train --dataset <name>` (from a stored dataset's patient split; see src-main/runs/trainFromDataset),
 * `hilum train --resume <run>`, `hilum train --config <file>` (prepared .npy folders) and `hilum pretrain
 * --config <file>`. Training runs as a worker job; Ctrl-C stops it and the last epoch's checkpoint is kept.
 */
import { describeTrainingEngine } from '../../../src-core/model/resolveTrainingEngine';
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import type { JobProgress } from '../../../src-core/contracts/jobs';
import { HilumError } from '../../../src-core/errors';
import { isVitPresetName, vitPresets } from '../../../src-core/model/vitConfig';
import { cliActor } from '../../runs/cliActor';
import { updateRunStatus } from '../../runs/runRecords';
import { resumeRun, trainFromDataset } from '../../runs/trainFromDataset';
import { action } from '../context';
import { formatTable, printResult } from '../output';

/** Parses a JSON or YAML config file; errors name the file. */
export function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new HilumError('IO_ERROR', `${file}: cannot read the config (${(e as Error).message})`, { file });
  }
  try {
    return /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new HilumError('CONFIG_INVALID', `${file}: not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'} (${(e as Error).message})`, {
      file,
    });
  }
}

/**
 * Progress lines on stderr: every step on a TTY; otherwise at most one step line every few seconds,
 * plus every epoch and every non-step message (logs stay readable when piped).
 */
export function progressPrinter(json: boolean, everyMs = 5000): (p: JobProgress) => void {
  let last = 0;
  return (p) => {
    if (json || !p.message) return;
    const isStep = p.data?.type === 'step';
    if (isStep && !process.stderr.isTTY) {
      if (Date.now() - last < everyMs) return;
      last = Date.now();
    }
    process.stderr.write(`${p.message}\n`);
  };
}

function positiveInt(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new HilumError('INVALID_ARGUMENT', `${option} must be a non-negative integer, got "${value}"`, { option });
  return n;
}

interface TrainOptions {
  dataset?: string;
  config?: string;
  preset?: string;
  imageSize?: string;
  epochs?: string;
  seed?: string;
  resume?: string | boolean;
}

export function register(program: Command): void {
  program
    .command('train')
    .description(
      "train a ViT from a stored dataset's patient split (--dataset), resume a run (--resume <run>), or train from prepared .npy folders (--config only); see docs/CONFIG.md",
    )
    .option('--dataset <name>', 'stored dataset (split with `hilum dataset split` first)')
    .option('--config <file>', "training config, JSON or YAML (docs/CONFIG.md); a run's own run.json is a valid config")
    .option('--preset <name>', `model preset (${Object.keys(vitPresets).join(', ')}); default vit-micro`)
    .option('--image-size <px>', "model input size (default: the config's, else the dataset's cached size)")
    .option('--epochs <n>', 'epochs (overrides the config)')
    .option('--seed <n>', 'seed (overrides the config)')
    .option(
      '--resume [run]',
      "continue a stopped run from its last checkpoint (with --config only: resume from the config's outDir; default on)",
    )
    .option('--no-resume', 'with --config only: ignore checkpoints already in the run directory')
    .action(
      action(async (ctx, o: TrainOptions) => {
        if (o.preset !== undefined && !isVitPresetName(o.preset))
          throw new HilumError('INVALID_ARGUMENT', `--preset must be one of ${Object.keys(vitPresets).join(', ')}, got "${o.preset}"`, {
            preset: o.preset,
          });
        const onProgress = progressPrinter(ctx.json);
        if (typeof o.resume === 'string') {
          const extra = (['dataset', 'config', 'preset', 'imageSize', 'epochs', 'seed'] as const).filter((k) => o[k] !== undefined);
          if (extra.length > 0)
            throw new HilumError(
              'INVALID_ARGUMENT',
              `--resume continues run ${o.resume} exactly as it was configured; it takes no ${extra.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')}`,
              {},
            );
          const r = await resumeRun(ctx.store(), ctx.host(), o.resume, { actor: cliActor(), onProgress });
          printResult(r, ctx, human);
          return;
        }
        if (o.dataset) {
          // Ctrl-C: the worker stops with the process; the last epoch's checkpoint is on disk, and the run is marked cancelled so `runs list` tells the truth.
          let runId: string | null = null;
          const onSigint = () => {
            if (runId)
              updateRunStatus(ctx.store(), runId, cliActor(), {
                status: 'cancelled',
                error: new HilumError('CANCELLED', `Interrupted; resume with \`hilum train --resume ${runId}\``),
              });
            process.exit(130);
          };
          process.once('SIGINT', onSigint);
          try {
            const r = await trainFromDataset(ctx.store(), ctx.host(), {
              dataset: o.dataset,
              ...(o.config ? { config: readConfigFile(o.config), configFile: o.config } : {}),
              preset: o.preset,
              imageSize: positiveInt(o.imageSize, '--image-size'),
              epochs: positiveInt(o.epochs, '--epochs'),
              seed: positiveInt(o.seed, '--seed'),
              actor: cliActor(),
              onProgress,
              onRunCreated: (id) => (runId = id),
            });
            printResult(r, ctx, human);
          } finally {
            process.off('SIGINT', onSigint);
          }
          return;
        }
        if (!o.config)
          throw new HilumError(
            'INVALID_ARGUMENT',
            'give --dataset <name> (a stored dataset), --resume <run>, or --config <file> with prepared .npy folders',
            {},
          );
        const r = await ctx
          .host()
          .run('model.train', { config: readConfigFile(o.config), configFile: o.config, resume: o.resume !== false }, { onProgress });
        printResult(r, ctx, (v) =>
          formatTable([
            ['run directory', v.outDir],
            ['gradients', describeTrainingEngine(v)],
            ['epochs', String(v.epochsRun)],
            ['best epoch', v.bestEpoch === null ? '-' : String(v.bestEpoch + 1)],
            ['best chosen by', v.selectBy ? `validation macro-${v.selectBy.toUpperCase()} ${v.bestMetric?.toFixed(4) ?? '-'}` : '-'],
            ['best val macro-AUROC', v.bestMacroAuroc?.toFixed(4) ?? '-'],
            ['best weights', v.bestWeights ?? '-'],
            ['last weights', v.lastWeights],
            ['SWA weights', v.swaWeights ?? '-'],
          ]),
        );
      }),
    );
  program
    .command('pretrain')
    .description('MAE pretraining on unlabelled images from a JSON / YAML config; writes encoder.safetensors')
    .requiredOption('--config <file>', 'pretraining config (JSON or YAML)')
    .action(
      action(async (ctx, opts: { config: string }) => {
        const r = await ctx
          .host()
          .run(
            'model.pretrain',
            { config: readConfigFile(opts.config), configFile: opts.config },
            { onProgress: progressPrinter(ctx.json) },
          );
        printResult(r, ctx, (v) =>
          formatTable([
            ['run directory', v.outDir],
            ['gradients', describeTrainingEngine(v)],
            ['epochs', String(v.epochsRun)],
            ['encoder weights', v.encoderWeights],
          ]),
        );
      }),
    );
}

function human(r: Awaited<ReturnType<typeof trainFromDataset>>): string {
  const result = r.result as {
    epochsRun?: number;
    bestMacroAuroc?: number | null;
    selectBy?: string;
    bestMetric?: number | null;
    backend?: string;
    engine?: string;
  } | null;
  return formatTable([
    ['run', r.run],
    ['run directory', r.runDir],
    ['status', r.status],
    ['dataset', `${r.dataset} (content ${r.datasetContentHash.slice(0, 16)}…)`],
    ['gradients', result ? describeTrainingEngine(result) : '-'],
    ['epochs', String(result?.epochsRun ?? '-')],
    [
      'best chosen by',
      result?.selectBy ? `validation macro-${result.selectBy.toUpperCase()} ${result.bestMetric?.toFixed(4) ?? '-'}` : '-',
    ],
    ['best val macro-AUROC', result?.bestMacroAuroc?.toFixed(4) ?? '-'],
    [
      'normalisation',
      r.preprocessing ? `(x − ${r.preprocessing.normalization.mean.toFixed(4)}) / ${r.preprocessing.normalization.std.toFixed(4)}` : '-',
    ],
    ['next', `hilum bundle --run ${r.run}`],
  ]);
}
