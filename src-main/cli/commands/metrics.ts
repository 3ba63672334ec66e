/** `hilum metrics`: AUROC/AUPRC/calibration/thresholds/selective/subgroup metrics with bootstrap CIs from CSV files. */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseCsv, type CsvTable } from '../../../src-core/csv/parseCsv';
import { HilumError } from '../../../src-core/errors';
import { computeMetricsReport, MIN_RESAMPLES } from '../../../src-core/metrics/report/computeMetricsReport';
import { action } from '../context';
import { formatTable, printResult } from '../output';

interface MetricsOptions {
  predictions: string;
  labels: string;
  groups?: string;
  logits?: boolean;
  resamples: string;
  seed: string;
  clusterColumn?: string;
  threshold: string;
  bins: string;
}

export function register(program: Command): void {
  program
    .command('metrics')
    .description('evaluation metrics with bootstrap CIs from a predictions CSV and a labels CSV (joined by image id)')
    .requiredOption('--predictions <file>', 'CSV: image id, then one column per label (probabilities, or logits with --logits)')
    .requiredOption('--labels <file>', 'CSV: image id, then one column per label (1, 0; blank or -1 = unknown)')
    .option('--groups <file>', 'CSV: image id, then one column per subgroup attribute (sex, age, view, site, ...)')
    .option('--logits', 'prediction values are logits')
    .option('--resamples <n>', `bootstrap resamples (≥ ${MIN_RESAMPLES})`, String(MIN_RESAMPLES))
    .option('--seed <n>', 'bootstrap seed', '1')
    .option('--cluster-column <name>', 'groups column with the patient id: resample patients, not images')
    .option('--threshold <p>', 'decision threshold on probabilities for operating-point metrics', '0.5')
    .option('--bins <n>', 'calibration bins', '15')
    .action(
      action(async (ctx, options: MetricsOptions) => {
        const report = computeMetricsReport({
          predictions: readTable(options.predictions),
          labels: readTable(options.labels),
          groups: options.groups === undefined ? undefined : readTable(options.groups),
          logits: Boolean(options.logits),
          bootstrap: { resamples: integerOption('--resamples', options.resamples), seed: integerOption('--seed', options.seed) },
          clusters: options.clusterColumn,
          threshold: numberOption('--threshold', options.threshold),
          calibrationBins: integerOption('--bins', options.bins),
        });
        printResult(report, ctx, humanSummary);
      }),
    );
}

function readTable(file: string): CsvTable {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new HilumError(
      'IO_ERROR',
      `${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      { file },
      { cause: error },
    );
  }
  return parseCsv(text, file);
}

function integerOption(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new HilumError('INVALID_ARGUMENT', `${name} must be an integer, got '${value}'`);
  return n;
}

function numberOption(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new HilumError('INVALID_ARGUMENT', `${name} must be a number, got '${value}'`);
  return n;
}

type Report = ReturnType<typeof computeMetricsReport>;

function humanSummary(report: Report): string {
  const fmt = (e: { value: number | null; ci95?: [number | null, number | null]; reason?: string }): string => {
    if (e.value === null) return `undefined (${e.reason ?? 'no reason given'})`;
    const ci = e.ci95 && e.ci95[0] !== null && e.ci95[1] !== null ? ` [${e.ci95[0].toFixed(3)}, ${e.ci95[1].toFixed(3)}]` : '';
    return `${e.value.toFixed(3)}${ci}`;
  };
  const rows: Array<[string, string]> = [
    ['cases', String(report.cases)],
    ['bootstrap', `${report.bootstrap.resamples} resamples of ${report.bootstrap.resampling}, seed ${report.bootstrap.seed}`],
    ['macro AUROC', fmt(report.macro.auroc)],
    ['macro AUPRC', fmt(report.macro.auprc)],
    ['micro AUROC', fmt(report.micro.auroc)],
  ];
  for (const name of report.labels) {
    const m = report.perLabel[name]!;
    rows.push([name, `AUROC ${fmt(m.auroc)}  AUPRC ${fmt(m.auprc)}  Brier ${fmt(m.brier)}  ECE ${fmt(m.ece)}`]);
  }
  return `${formatTable(rows)}\n(95% percentile bootstrap CIs; --json for calibration, thresholds, selective prediction and subgroups)`;
}
