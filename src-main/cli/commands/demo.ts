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
    .description(
      'end-to-end demo on SYNTHETIC phantoms: ingest → MAE pretraining → training → calibration → evaluation with CIs → subgroups → OOD → bundle → predict',
    )
    .option('--seed <n>', 'random seed', '7')
    .option('--images <n>', 'internal phantom images (the external site gets a third as many)', '1200')
    .option('--size <px>', 'model input size (multiple of 8)', '64')
    .option('--pretrain-epochs <n>', 'MAE pretraining epochs', '3')
    .option('--epochs <n>', 'fine-tuning epochs', '30')
    .option('--resamples <n>', 'bootstrap resamples for confidence intervals', '1000')
    .option('--far-ood <dir>', 'folder of non-chest DICOMs for far-OOD evaluation (default: ../shared/data/dicom when present)')
    .action(
      action(
        async (
          ctx,
          opts: { seed: string; images: string; size: string; pretrainEpochs: string; epochs: string; resamples: string; farOod?: string },
        ) => {
          const options = { images: Number(opts.images), imageSize: Number(opts.size) };
          assertDemoOptions(options);
          const farOodDir = opts.farOod ?? repoSharedDicomDir();
          const log = (step: string, detail: string) => {
            if (!ctx.json) process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${step.padEnd(9)} ${detail}\n`);
          };
          const summary = await runDemo({
            store: ctx.store(),
            host: ctx.host(),
            seed: Number(opts.seed),
            ...options,
            pretrainEpochs: Number(opts.pretrainEpochs),
            trainEpochs: Number(opts.epochs),
            bootstrapResamples: Number(opts.resamples),
            farOodDir: farOodDir && fs.existsSync(farOodDir) ? farOodDir : null,
            onStep: log,
          });
          const summaryFile = path.join(summary.workDir, 'demo-summary.json');
          fs.writeFileSync(summaryFile, `${JSON.stringify(summary, null, 2)}\n`);
          printResult(summary, ctx, (s) => humanSummary(s, summaryFile));
        },
      ),
    );
}

interface Estimate {
  value: number | null;
  ci95?: [number | null, number | null];
}

function estimate(e: Estimate | undefined): string {
  if (!e || e.value === null) return 'n/a';
  const ci =
    e.ci95 && e.ci95[0] !== null && e.ci95[1] !== null ? ` (95% CI ${e.ci95[0].toFixed(3)}–${e.ci95[1].toFixed(3)})` : ' (CI undefined)';
  return `${e.value.toFixed(3)}${ci}`;
}

function meanOf(values: number[]): string {
  const finite = values.filter(Number.isFinite);
  return finite.length ? (finite.reduce((a, b) => a + b, 0) / finite.length).toFixed(3) : 'n/a';
}

/** The figures a reader looks for first; everything else is in the summary JSON and the report folders. */
function keyFigures(s: DemoSummary): string[] {
  const f = s.figures as {
    training: { backend: string; engine: string; epochs: number; bestValidationMacroAuroc: number | null };
    onnxParityMaxAbsLogitDiff: number;
    internalTest: {
      macro: { auroc: Estimate; auprc: Estimate };
      ood: Array<{ name: string; cases: number; detectors: Record<string, { auroc: Estimate }> }>;
    };
    external: {
      macro: { auroc: Estimate; auprc: Estimate };
      calibration: { testSet?: Record<string, { before: { ece?: number }; after: { ece?: number } }> };
    };
    governance: {
      performed: boolean;
      gates?: { passed: boolean; results: Array<{ id: string; passed: boolean }> };
      lock?: { locked: boolean; refusedBecause: string[] };
    };
  };
  const ece = Object.values(f.external.calibration.testSet ?? {});
  const lines = [
    `training         ${f.training.epochs} epochs on ${f.training.engine}; best validation macro-AUROC ${f.training.bestValidationMacroAuroc?.toFixed(3) ?? 'n/a'}`,
    `ONNX parity      max |Δlogit| ${f.onnxParityMaxAbsLogitDiff.toExponential(2)} (gate 1e-4)`,
    `internal test    macro-AUROC ${estimate(f.internalTest.macro.auroc)}, macro-AUPRC ${estimate(f.internalTest.macro.auprc)}`,
    `external site    macro-AUROC ${estimate(f.external.macro.auroc)}, macro-AUPRC ${estimate(f.external.macro.auprc)}`,
    `calibration      external mean per-label ECE ${meanOf(ece.map((c) => c.before.ece ?? Number.NaN))} → ${meanOf(ece.map((c) => c.after.ece ?? Number.NaN))} after temperature scaling`,
  ];
  for (const set of f.internalTest.ood ?? []) {
    lines.push(
      `OOD ${set.name.padEnd(12)} ${set.cases} cases; AUROC ${Object.entries(set.detectors)
        .map(([d, r]) => `${d} ${estimate(r.auroc)}`)
        .join(', ')}`,
    );
  }
  if (f.governance.performed && f.governance.gates) {
    lines.push(`gates            ${f.governance.gates.results.map((g) => `${g.id} ${g.passed ? 'pass' : 'FAIL'}`).join(', ')}`);
    lines.push(
      `lock             ${f.governance.lock?.locked ? 'locked' : `refused (audited): ${f.governance.lock?.refusedBecause.join('; ') || 'no reason recorded'}`}`,
    );
  }
  return lines;
}

function humanSummary(s: DemoSummary, summaryFile: string): string {
  const lines = [
    'Hilum demo (SYNTHETIC phantoms — not clinical data)',
    ...keyFigures(s),
    '',
    `data directory   ${s.dataDir}`,
    `bundle hash      ${s.bundleHash}`,
    ...Object.entries(s.artefacts).map(([k, v]) => `${k.padEnd(16)} ${v}`),
    `all figures      ${summaryFile}`,
    `timings (ms)     ${JSON.stringify(s.durationsMs)}`,
  ];
  return lines.join('\n');
}
