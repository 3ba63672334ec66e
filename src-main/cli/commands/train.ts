/**
 * `hilum train --config <file>` and `hilum pretrain --config <file>` (JSON or YAML). The CLI runs the jobs
 * in-process through the same handlers the worker host uses (Ctrl-C cancels and keeps the checkpoint); the
 * app and `hilum demo` run them in a worker through the host.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import type { JobContext, JobProgress } from '../../../src-core/contracts/jobs/protocol';
import { HilumError } from '../../../src-core/errors';
import { runPretrainJob } from '../../../src-worker/jobs/pretrain';
import { runTrainJob } from '../../../src-worker/jobs/train';
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
    throw new HilumError('CONFIG_INVALID', `${file}: not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'} (${(e as Error).message})`, { file });
  }
}

/** A job context for in-process runs: Ctrl-C cancels (checkpoints are kept), progress lines go to stderr. */
export function inProcessJobContext(json: boolean): { ctx: JobContext; done(): void } {
  const controller = new AbortController();
  const onSigint = (): void => controller.abort(new HilumError('CANCELLED', 'Interrupted; the last checkpoint is kept and the run resumes from it'));
  process.once('SIGINT', onSigint);
  const progress = (p: JobProgress): void => {
    if (!json && p.message && (p.data?.type !== 'step' || process.stderr.isTTY || Number(p.data?.step) % 10 === 0)) process.stderr.write(`${p.message}\n`);
  };
  return { ctx: { id: 'cli', signal: controller.signal, progress }, done: () => process.off('SIGINT', onSigint) };
}

export function register(program: Command): void {
  program
    .command('train')
    .description('fine-tune a ViT (or train its head on frozen features) from a JSON / YAML config; resumes from the run directory')
    .requiredOption('--config <file>', 'training config (JSON or YAML)')
    .option('--no-resume', 'ignore checkpoints already in the run directory')
    .action(
      action(async (ctx, opts: { config: string; resume: boolean }) => {
        const run = inProcessJobContext(ctx.json);
        try {
          const r = await runTrainJob({ config: readConfigFile(opts.config), configFile: opts.config, resume: opts.resume }, run.ctx);
          printResult(r, ctx, (v) => formatTable([
            ['run directory', v.outDir], ['backend', v.backend], ['epochs', String(v.epochsRun)],
            ['best epoch', v.bestEpoch === null ? '-' : String(v.bestEpoch + 1)], ['best val macro-AUROC', v.bestMacroAuroc?.toFixed(4) ?? '-'],
            ['best weights', v.bestWeights ?? '-'], ['last weights', v.lastWeights], ['SWA weights', v.swaWeights ?? '-'],
          ]));
        } finally {
          run.done();
        }
      }),
    );
  program
    .command('pretrain')
    .description('MAE pretraining on unlabelled images from a JSON / YAML config; writes encoder.safetensors')
    .requiredOption('--config <file>', 'pretraining config (JSON or YAML)')
    .action(
      action(async (ctx, opts: { config: string }) => {
        const run = inProcessJobContext(ctx.json);
        try {
          const r = await runPretrainJob({ config: readConfigFile(opts.config), configFile: opts.config }, run.ctx);
          printResult(r, ctx, (v) => formatTable([['run directory', v.outDir], ['backend', v.backend], ['epochs', String(v.epochsRun)], ['encoder weights', v.encoderWeights]]));
        } finally {
          run.done();
        }
      }),
    );
}
