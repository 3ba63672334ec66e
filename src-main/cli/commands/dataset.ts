/** `hilum dataset import | split | show`: bring a dataset in, split it without leakage, inspect it. */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_PATIENT_PATTERN, NORMAL_CLASS_NAMES } from '../../../src-core/datasets/folderDefaults';
import { HilumError } from '../../../src-core/errors';
import { importDatasetIntoStore } from '../../datasets/importDatasetIntoStore';
import { formatOptionsFromCli, type ImportCliOptions } from '../../datasets/formatOptionsFromCli';
import { removeDataset } from '../../datasets/removeDataset';
import { showDataset, type DatasetSummary } from '../../datasets/showDataset';
import { splitDataset } from '../../datasets/splitDataset';
import { runPhantomsTool } from '../../demo/runPhantomsTool';
import { action } from '../context';
import { formatTable, printResult } from '../output';
import { createProgress } from '../progress';

export function register(program: Command): void {
  const dataset = program.command('dataset').description('import, split and inspect datasets');

  dataset
    .command('import')
    .description('import a dataset (labels, metadata, pixels into the cache); bad files are quarantined with a reason')
    .argument('<path>', 'dataset root folder')
    .requiredOption('--format <format>', 'nih | chexpert | mimic | folders | csv')
    .requiredOption('--name <name>', 'dataset name in the store')
    .option('--size <n>', 'square image size in pixels', '256')
    .option('--aspect <mode>', 'pad (keep aspect, black borders) | stretch', 'pad')
    .option('--limit <n>', 'import only the first N records (preview)')
    .option('--threads <n>', 'decode in N worker threads of the pool', String(Math.min(4, availableParallelism())))
    .option(
      '--patient-namespace <ns>',
      "keep this dataset's patient IDs apart from other datasets' (default: shared, so equal IDs are treated as the same patient)",
    )
    .option('--csv <file>', 'label file relative to the root (nih, chexpert: comma-separated list; csv: required unless --mapping)')
    .option('--mapping <file>', 'csv: column mapping as JSON or YAML')
    .option('--image-column <col>')
    .option('--image-template <tpl>', 'csv: image path with {column} placeholders')
    .option('--patient-column <col>')
    .option('--study-column <col>')
    .option('--sex-column <col>')
    .option('--age-column <col>')
    .option('--view-column <col>')
    .option('--site-column <col>')
    .option('--modality-column <col>')
    .option('--site-name <name>', 'institution of images whose label file and DICOM header name none')
    .option('--label-columns <cols>', 'csv: comma-separated columns holding 1 / 0 / -1 / blank')
    .option('--label-list-column <col>', 'csv: one column listing positive labels')
    .option('--label-separator <sep>', 'csv: separator of --label-list-column', '|')
    .option('--label-vocabulary <labels>', 'csv: comma-separated labels allowed in --label-list-column')
    .option(
      '--constant-label <name=state>',
      'csv: label with the same state on every row (repeatable)',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option(
      '--patient-pattern <regex>',
      `folders: regex whose first group is the patient key in the file name (default: ${DEFAULT_PATIENT_PATTERN}, Kermany's personN / IM-NNNN)`,
    )
    .option(
      '--normal-class <folder>',
      `folders: class folder whose images are negative for every label (default: the one named ${NORMAL_CLASS_NAMES.join(' / ')})`,
    )
    .option('--labeler <name>', 'mimic: chexpert | negbio', 'chexpert')
    .action(
      action(
        async (
          ctx,
          root: string,
          o: ImportCliOptions & {
            format: string;
            name: string;
            size: string;
            aspect: string;
            limit?: string;
            patientNamespace?: string;
            siteName?: string;
            threads: string;
          },
        ) => {
          const aspect = o.aspect === 'stretch' ? 'stretch' : o.aspect === 'pad' ? 'pad' : null;
          if (!aspect) throw new HilumError('INVALID_ARGUMENT', `--aspect must be pad or stretch, got "${o.aspect}"`);
          const threads = Number(o.threads);
          if (!Number.isInteger(threads) || threads < 1)
            throw new HilumError('INVALID_ARGUMENT', `--threads must be an integer ≥ 1, got "${o.threads}"`);
          const progress = createProgress('import', ctx);
          let report;
          try {
            report = await importDatasetIntoStore(ctx.store(), {
              name: o.name,
              format: o.format,
              root,
              formatOptions: formatOptionsFromCli(o.format, o),
              size: Number(o.size),
              aspect,
              jobs: ctx.host({ size: threads }),
              ...(o.limit ? { limit: Number(o.limit) } : {}),
              ...(o.patientNamespace ? { patientNamespace: o.patientNamespace } : {}),
              ...(o.siteName ? { siteName: o.siteName } : {}),
              // The total is unknown while streaming: report the count only.
              onProgress: (done) => {
                if (done % 100 === 0) progress.update({ message: `${done} files` });
              },
            });
          } finally {
            progress.stop();
          }
          printResult(report, ctx, (r) =>
            formatTable([
              ['dataset', `${r.name} (${r.format})`],
              ['imported', String(r.imported)],
              ['patients', String(r.patients)],
              [
                'quarantined',
                `${r.quarantined}${
                  r.quarantined
                    ? ` (${Object.entries(r.quarantinedByCode)
                        .map(([k, v]) => `${k}: ${v}`)
                        .join(', ')})`
                    : ''
                }`,
              ],
              ['labels', r.labelNames.join(', ')],
              ['cache hits', String(r.cacheHits)],
              ['time', `${(r.durationMs / 1000).toFixed(1)} s`],
            ]),
          );
        },
      ),
    );

  dataset
    .command('split')
    .description('patient-disjoint, label-stratified split; or mark the dataset as the external test set of another')
    .argument('<name>')
    .option('--seed <n>', 'random seed', '1')
    .option('--fractions <train,val,test>', 'fractions of images', '0.7,0.1,0.2')
    .option('--external-of <other>', 'make <name> the external test set of <other> (institution- and patient-disjoint)')
    .action(
      action(async (ctx, name: string, o: { seed: string; fractions: string; externalOf?: string }) => {
        const f = o.fractions.split(',').map(Number);
        if (f.length !== 3 || f.some((x) => !Number.isFinite(x)))
          throw new HilumError('INVALID_ARGUMENT', `--fractions needs three numbers, got "${o.fractions}"`);
        const seed = Number(o.seed);
        if (!Number.isInteger(seed)) throw new HilumError('INVALID_ARGUMENT', `--seed must be an integer, got "${o.seed}"`);
        const result = splitDataset(ctx.store(), {
          name,
          seed,
          fractions: { train: f[0] as number, val: f[1] as number, test: f[2] as number },
          ...(o.externalOf ? { externalOf: o.externalOf } : {}),
        });
        printResult(result, ctx, (r) =>
          formatTable([
            ...Object.keys(r.images).map((s): [string, string] => [s, `${r.images[s]} images, ${r.patients[s]} patients`]),
            ['leakage check', r.leakage.ok ? `ok (${r.leakage.patientsChecked} patients, none shared)` : 'FAILED'],
            ...r.warnings.map((w): [string, string] => ['warning', w]),
          ]),
        );
      }),
    );

  dataset
    .command('phantoms')
    .description(
      'write a seeded synthetic dataset (DICOM phantoms over several sites + labels.csv + hilum-mapping.json), by running the generator in tools/phantoms',
    )
    .argument('<dir>', 'output folder')
    .option('--count <n>', 'number of images', '300')
    .option('--seed <n>', 'random seed', '1')
    .option('--size <n>', 'image size in pixels', '256')
    .option('--no-transcode', 'keep every file Explicit VR Little Endian (no RLE, JPEG-LS, JPEG 2000 or JPEG lossless variants)')
    .action(
      action(async (ctx, dir: string, o: { count: string; seed: string; size: string; transcode: boolean }) => {
        const [count, seed, size] = [Number(o.count), Number(o.seed), Number(o.size)];
        if (![count, seed, size].every(Number.isInteger) || count < 1 || size < 32) {
          throw new HilumError('INVALID_ARGUMENT', '--count, --seed and --size must be integers (count ≥ 1, size ≥ 32)');
        }
        const r = await runPhantomsTool({ dir: path.resolve(dir), count, seed, size, transcode: o.transcode });
        printResult({ ...r, files: r.files.length }, ctx, (v) =>
          formatTable([
            ['folder', v.dir],
            ['images', String(v.files)],
            ['patients', String(v.patients)],
            [
              'transfer syntaxes',
              Object.entries(v.transferSyntaxes)
                .map(([k, n]) => `${k}: ${n}`)
                .join(', '),
            ],
            ['import with', `hilum dataset import --format csv ${v.dir} --mapping ${v.mappingFile} --name <name>`],
            ...v.notes.map((n): [string, string] => ['note', n]),
          ]),
        );
      }),
    );

  dataset
    .command('remove')
    .description('delete a dataset (images, labels, quarantine rows); cached pixels stay for other datasets')
    .argument('<name>')
    .action(
      action(async (ctx, name: string) => {
        printResult(removeDataset(ctx.store(), name), ctx, (r) => `removed ${r.name} (${r.images} images)`);
      }),
    );

  dataset
    .command('show')
    .description('counts, prevalence and patients per split, metadata coverage, quarantined files, leakage check')
    .argument('<name>')
    .action(
      action(async (ctx, name: string) => {
        const summary = showDataset(ctx.store(), name);
        printResult(summary, ctx, humanSummary);
        return summary.leakage.ok ? 0 : 1;
      }),
    );
}

function humanSummary(s: DatasetSummary): string {
  const rows: [string, string][] = [
    ['dataset', `${s.name} (${s.format}, ${s.status})`],
    ['images', `${s.images} from ${s.patients} patients`],
    ['quarantined', String(s.quarantined)],
  ];
  for (const [split, v] of Object.entries(s.splits)) {
    const prev = Object.entries(v.labels)
      .map(([l, c]) => `${l} ${(c.prevalence * 100).toFixed(1)}%`)
      .join(', ');
    rows.push([split, `${v.images} images, ${v.patients} patients; ${prev}`]);
  }
  rows.push([
    'coverage',
    Object.entries(s.metadataCoverage)
      .map(([k, v]) => `${k} ${(v * 100).toFixed(0)}%`)
      .join(', '),
  ]);
  if (s.externalOf) rows.push(['external set of', s.externalOf]);
  if (s.externalSets.length > 0) rows.push(['external sets', s.externalSets.join(', ')]);
  for (const [code, n] of Object.entries(s.quarantine.byCode)) rows.push([`  ${code}`, String(n)]);
  for (const f of s.quarantine.files.slice(0, 10)) rows.push(['  quarantined', `${f.sourcePath}: ${f.code}: ${f.message}`]);
  if (s.quarantined > 10) rows.push(['', `… ${s.quarantined - 10} more (--json lists up to ${s.quarantine.shown})`]);
  rows.push([
    'leakage check',
    s.leakage.ok ? `ok (${s.leakage.patientsChecked} patients)` : `FAILED: ${s.leakage.shared.length} shared patients`,
  ]);
  if (s.duplicateContentAcrossSplits > 0)
    rows.push(['duplicates', `${s.duplicateContentAcrossSplits} byte-identical image(s) in more than one split`]);
  return formatTable(rows);
}
