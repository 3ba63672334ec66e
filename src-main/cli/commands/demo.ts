/** `hilum demo`: the end-to-end recipe on freshly generated synthetic phantoms (see src-main/demo/runDemo.ts). */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { repoSharedDicomDir } from '../../demo/repoSharedDicomDir';
import { assertDemoOptions, runDemo, type DemoSummary } from '../../demo/runDemo';
import { action } from '../context';
import { printResult } from '../output';

export function register(program: Command): void {
  program
    .command('demo')
    .description('end-to-end demo on SYNTHETIC phantoms: ingest → MAE pretraining → training → calibration → evaluation with CIs → subgroups → OOD → bundle → predict')
    .option('--seed <n>', 'random seed', '7')
    .option('--images <n>', 'internal phantom images (the external site gets a third as many)', '480')
    .option('--size <px>', 'model input size (multiple of 8)', '64')
    .option('--pretrain-epochs <n>', 'MAE pretraining epochs', '3')
    .option('--epochs <n>', 'fine-tuning epochs', '16')
    .option('--resamples <n>', 'bootstrap resamples for confidence intervals', '1000')
    .option('--far-ood <dir>', 'folder of non-chest DICOMs for far-OOD evaluation (default: ../shared/data/dicom when present)')
    .action(
      action(async (ctx, opts: { seed: string; images: string; size: string; pretrainEpochs: string; epochs: string; resamples: string; farOod?: string }) => {
        const options = { images: Number(opts.images), imageSize: Number(opts.size) };
        assertDemoOptions(options);
        const farOodDir = opts.farOod ?? repoSharedDicomDir();
        const log = (step: string, detail: string) => {
          if (!ctx.json) process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${step.padEnd(9)} ${detail}\n`);
        };
        const summary = await runDemo({
          store: ctx.store(), host: ctx.host(), seed: Number(opts.seed), ...options,
          pretrainEpochs: Number(opts.pretrainEpochs), trainEpochs: Number(opts.epochs), bootstrapResamples: Number(opts.resamples),
          farOodDir: farOodDir && fs.existsSync(farOodDir) ? farOodDir : null, onStep: log,
        });
        const summaryFile = path.join(summary.workDir, 'demo-summary.json');
        fs.writeFileSync(summaryFile, `${JSON.stringify(summary, null, 2)}\n`);
        printResult(summary, ctx, (s) => humanSummary(s, summaryFile));
      }),
    );
}

function humanSummary(s: DemoSummary, summaryFile: string): string {
  const lines = [
    'Hilum demo (SYNTHETIC phantoms — not clinical data)',
    `data directory   ${s.dataDir}`,
    `bundle           ${s.bundle}`,
    `bundle hash      ${s.bundleHash}`,
    ...Object.entries(s.artefacts).map(([k, v]) => `${k.padEnd(16)} ${v}`),
    `full figures     ${summaryFile}`,
    `timings (ms)     ${JSON.stringify(s.durationsMs)}`,
  ];
  return lines.join('\n');
}
