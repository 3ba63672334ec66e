/** `hilum eval`: evaluate a bundle, training run or checkpoint on a dataset split through ONNX Runtime; stores outputs and writes a report directory with plots. */
import path from 'node:path';
import type { Command } from 'commander';
import { evaluationCalibrationSchema } from '../../../src-core/contracts/evaluationReport';
import { HilumError } from '../../../src-core/errors';
import { MIN_RESAMPLES } from '../../../src-core/metrics/report/computeMetricsReport';
import { runEvaluation } from '../../evaluation/runEvaluation';
import type { EvalSplit } from '../../evaluation/loadEvaluationSet';
import { action } from '../context';
import { signIn } from './governanceSession';
import { formatTable, printResult } from '../output';

interface EvalOptions {
  model: string[];
  config?: string;
  dataset: string;
  split: string;
  external?: boolean;
  report?: string;
  resamples: string;
  seed: string;
  oodNear?: string;
  oodFar?: string;
  odin?: boolean | string;
  odinTemperature: string;
  tta?: boolean;
  as?: string;
  passwordStdin?: boolean;
}

const SPLITS = ['train', 'val', 'test', 'all'];

export function register(program: Command): void {
  program
    .command('eval')
    .description(
      'evaluate a model (bundle, training run, or checkpoint + --config) on a dataset split with ONNX Runtime: metrics with CIs, calibration, subgroups, OOD; stores outputs; writes report.json and SVG plots',
    )
    .requiredOption(
      '--model <path>',
      'bundle directory, training run id or directory, or .safetensors checkpoint (with --config); repeat it (or join bundles by commas) to evaluate an ensemble of bundles (mean of their calibrated logits)',
      (v: string, prev: string[] = []) => [
        ...prev,
        ...v
          .split(',')
          .map((r) => r.trim())
          .filter((r) => r !== ''),
      ],
    )
    .option('--config <file>', 'model config (YAML/JSON training config or model section) for a checkpoint')
    .requiredOption('--dataset <name>', 'stored dataset')
    .option('--split <split>', 'test | val | train | all (all: a dataset without a split)', 'test')
    .option('--external', 'the dataset is an external test set: evaluate all of it')
    .option('--report <dir>', 'report directory (report.json, plots/*.svg); default <data dir>/reports/eval-<time>')
    .option('--resamples <n>', `bootstrap resamples (≥ ${MIN_RESAMPLES})`, String(MIN_RESAMPLES))
    .option('--seed <n>', 'bootstrap seed', '1')
    .option('--ood-near <dataset>', 'stored dataset used whole as near-OOD')
    .option('--ood-far <dir>', 'folder of non-chest DICOMs used as far-OOD')
    .option('--odin [epsilon]', 'also score ODIN (tfjs input gradients); ε defaults to a choice on the validation split')
    .option('--odin-temperature <T>', 'ODIN temperature', '1000')
    .option(
      '--tta',
      'test-time augmentation as `hilum predict --tta` serves it (logits averaged over rotations ±5° and scalings 0.95 / 1.05)',
    )
    .option('--as <user>', 'audit the evaluation as this signed-in user (authenticates); the operating-system user otherwise')
    .option('--password-stdin', 'with --as: read the password from stdin instead of prompting')
    .action(
      action(async (ctx, o: EvalOptions) => {
        if (!SPLITS.includes(o.split))
          throw new HilumError('INVALID_ARGUMENT', `--split must be one of ${SPLITS.join(', ')}, got "${o.split}"`);
        const resamples = Number(o.resamples);
        const seed = Number(o.seed);
        if (!Number.isInteger(resamples) || resamples < MIN_RESAMPLES)
          throw new HilumError('INVALID_ARGUMENT', `--resamples must be an integer ≥ ${MIN_RESAMPLES}, got "${o.resamples}"`);
        if (!Number.isInteger(seed)) throw new HilumError('INVALID_ARGUMENT', `--seed must be an integer, got "${o.seed}"`);
        const odinT = Number(o.odinTemperature);
        const odinEps = typeof o.odin === 'string' ? Number(o.odin) : 'auto';
        if (!(odinT > 0) || (typeof odinEps === 'number' && !(odinEps >= 0)))
          throw new HilumError(
            'INVALID_ARGUMENT',
            `--odin ε must be ≥ 0 and --odin-temperature > 0 (got ${String(o.odin)}, ${o.odinTemperature})`,
          );
        const reportDir = o.report ?? path.join(ctx.dataDir, 'reports', `eval-${new Date().toISOString().replace(/[-:.]/g, '')}`);
        const actor = o.as ? (await signIn(ctx, { as: o.as, passwordStdin: o.passwordStdin })).user.username : undefined;
        const result = await runEvaluation(ctx.store(), ctx.host(), {
          ...(actor ? { actor } : {}),
          model: o.model.length === 1 ? o.model[0]! : o.model,
          ...(o.config ? { configFile: o.config } : {}),
          dataset: o.dataset,
          split: o.split as EvalSplit,
          external: Boolean(o.external),
          reportDir,
          resamples,
          seed,
          ...(o.oodNear ? { oodNear: o.oodNear } : {}),
          ...(o.oodFar ? { oodFar: o.oodFar } : {}),
          ...(o.odin ? { odin: { temperature: odinT, epsilon: odinEps } } : {}),
          ...(o.tta ? { tta: true } : {}),
          onStep: ctx.json ? undefined : (step: string, detail: string) => process.stderr.write(`[${step}] ${detail}\n`),
        });
        printResult(
          { evaluationId: result.evaluationId, reportDir: result.reportDir, files: result.files, report: result.report },
          ctx,
          (r) => {
            const macro = (
              r.report.metrics as { macro: { auroc: { value: number | null; ci95?: [number | null, number | null]; reason?: string } } }
            ).macro.auroc;
            const ci =
              macro.ci95 && macro.ci95[0] !== null && macro.ci95[1] !== null
                ? `95% CI ${macro.ci95[0].toFixed(3)}–${macro.ci95[1].toFixed(3)}`
                : `no CI: ${macro.reason ?? 'undefined'}`;
            const rows: Array<[string, string]> = [
              ['evaluation', `#${r.evaluationId}`],
              ['model', `${r.report.model.kind} ${r.report.model.hash.slice(0, 16)}…`],
              [
                'dataset',
                `${r.report.dataset.name} ${r.report.dataset.split} (${r.report.dataset.images} images, ${r.report.dataset.patients} patients)`,
              ],
              ['macro AUROC', macro.value === null ? 'undefined' : `${macro.value.toFixed(3)} (${ci})`],
            ];
            for (const set of r.report.ood.sets) {
              for (const [d, e] of Object.entries(set.detectors)) {
                if (e && 'auroc' in e)
                  rows.push([
                    `OOD ${set.name} ${d}`,
                    `AUROC ${e.auroc.value.toFixed(3)} (${e.auroc.ci95[0].toFixed(3)}–${e.auroc.ci95[1].toFixed(3)}), FPR@95%TPR ${e.fprAt95Tpr.value.toFixed(3)}`,
                  ]);
              }
            }
            const points = r.report.operatingPoints;
            if ('perLabel' in points) {
              const e = (x: { value: number | null; ci95?: [number | null, number | null] } | undefined) =>
                x?.value == null
                  ? 'n/a'
                  : `${x.value.toFixed(3)}${x.ci95 && x.ci95[0] !== null && x.ci95[1] !== null ? ` [${x.ci95[0].toFixed(3)}, ${x.ci95[1].toFixed(3)}]` : ''}`;
              for (const [label, p] of Object.entries(points.perLabel)) {
                rows.push([
                  `${label} @ ${p.threshold.toFixed(3)} raw`,
                  `sens ${e(p.raw.sensitivity)}, spec ${e(p.raw.specificity)}, PPV ${e(p.raw.ppv)}, NPV ${e(p.raw.npv)}`,
                ]);
                rows.push([
                  `${label} as served`,
                  `sens ${e(p.served.sensitivity)}, spec ${e(p.served.specificity)}, coverage ${e(p.served.coverage)}`,
                ]);
              }
            } else rows.push(['as served', points.reason]);
            rows.push(...calibrationRows(r.report.calibration));
            rows.push(['report', `${r.reportDir} (${r.files.length} files)`]);
            return formatTable(rows);
          },
        );
      }),
    );
}

type Scores = { ece: number | null; brier: number | null } | { undefined: string };

/** ECE / Brier per label at the test set's prevalence and, for a bundle with a prior shift, at the deployment prevalence. */
function calibrationRows(calibration: unknown): Array<[string, string]> {
  // The JSON form (NaN → null) is what the schema describes, as for report.json.
  const parsed = evaluationCalibrationSchema
    .optional()
    .parse(calibration === undefined ? undefined : JSON.parse(JSON.stringify(calibration)));
  if (!parsed || !('testSet' in parsed)) return [];
  const f = (s: Scores | undefined, key: 'ece' | 'brier') => {
    if (!s || 'undefined' in s) return 'n/a';
    const v = s[key];
    return v === null ? 'n/a' : v.toFixed(3);
  };
  const testSet = parsed.testSet;
  const rows: Array<[string, string]> = [];
  for (const [label, c] of Object.entries(testSet)) {
    const shift = c.afterPriorShift ? `, after prior shift ${f(c.afterPriorShift, 'ece')}` : '';
    const prevalence = typeof c.testSetPrevalence === 'number' ? ` (test prevalence ${c.testSetPrevalence.toFixed(3)})` : '';
    rows.push([`${label} ECE${prevalence}`, `before ${f(c.before, 'ece')}, after temperature ${f(c.after, 'ece')}${shift}`]);
    const d = c.atDeploymentPrevalence;
    if (d)
      rows.push([
        `${label} at deployment prevalence ${d.prevalence}`,
        `ECE temperature only ${f(d.afterTemperature, 'ece')}, after prior shift ${f(d.afterPriorShift, 'ece')}; ` +
          `Brier ${f(d.afterTemperature, 'brier')} → ${f(d.afterPriorShift, 'brier')}`,
      ]);
  }
  return rows;
}
