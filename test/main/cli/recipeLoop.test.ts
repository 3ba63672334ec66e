// The recipe end to end through the bin entry on real radiographs (200 Kermany pediatric images, a label
// file naming them): import → split → train --dataset (twice) → bundle --run → eval → compare → register →
// record the evaluation → gate. Each step's JSON output is cross-checked against an independent path:
// the bundle against its manifest, eval's operating point against a recount from the stored outputs,
// compare's AUROC against eval's, the gate's observed value against the stored evaluation.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyBundle } from '../../../src-main/bundle/loadBundle';
import { openStore } from '../../../src-main/store/openStore';
import { sharedDataDir } from '../../helpers/paths';
import { spawnHilum } from '../../helpers/spawnHilum';

const kermany = path.join(sharedDataDir, 'kermany-pediatric-224px', 'train');
const patientPattern = /^(person\d+|(?:NORMAL\d*-)?IM-\d+)/;

const hilum = (dataDir: string, args: string[], stdin = '') => spawnHilum(['--json', '--data-dir', dataDir, ...args], { stdin });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each command prints its own JSON document shape
async function json(dataDir: string, args: string[], stdin = '', expectCode: number[] = [0]): Promise<any> {
  const r = await hilum(dataDir, args, stdin);
  if (!expectCode.includes(r.code)) throw new Error(`hilum ${args.join(' ')} exited ${r.code}: ${r.stderr.slice(-2000)}`);
  return { ...JSON.parse(r.stdout), exitCode: r.code };
}

describe('the recipe through the bin entry on real radiographs', () => {
  it.skipIf(!fs.existsSync(kermany))(
    'imports, splits, trains, bundles, evaluates, compares, registers and gates',
    async () => {
      const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-recipe-loop-'));
      const dataDir = path.join(work, 'data');
      // The label file a hospital would have: 100 normal and 100 pneumonia images, the first of each folder.
      const rows = ['path,patient,PNEUMONIA'];
      for (const [cls, state] of [
        ['NORMAL', 0],
        ['PNEUMONIA', 1],
      ] as const) {
        for (const f of fs.readdirSync(path.join(kermany, cls)).sort().slice(0, 100))
          rows.push(`${cls}/${f},${patientPattern.exec(f)?.[1] ?? f},${state}`);
      }
      fs.writeFileSync(path.join(work, 'labels.csv'), `${rows.join('\n')}\n`);

      const imported = await json(dataDir, [
        'dataset',
        'import',
        kermany,
        '--format',
        'csv',
        '--name',
        'kermany-200',
        '--csv',
        path.join(work, 'labels.csv'),
        '--image-column',
        'path',
        '--patient-column',
        'patient',
        '--label-columns',
        'PNEUMONIA',
        '--size',
        '32',
        '--threads',
        '1',
      ]);
      expect(imported.imported).toBe(200);
      const split = await json(dataDir, ['dataset', 'split', 'kermany-200', '--seed', '3', '--fractions', '0.6,0.2,0.2']);
      expect(split.leakage.ok).toBe(true);

      // Run A: preset and flags only. Run B: a config file with a focal loss and U-Ones (no uncertain labels here, so targets equal).
      const a = await json(dataDir, ['train', '--dataset', 'kermany-200', '--preset', 'vit-micro', '--epochs', '3', '--seed', '1']);
      fs.writeFileSync(
        path.join(work, 'b.yaml'),
        'epochs: 2\nseed: 2\nlr: 0.001\nloss: { name: focal, gamma: 2 }\ntargets: { uncertain: ones, blank: ignore }\n',
      );
      const b = await json(dataDir, ['train', '--dataset', 'kermany-200', '--config', path.join(work, 'b.yaml')]);
      expect(a.status).toBe('succeeded');
      expect(fs.existsSync(path.join(a.runDir, 'run.json'))).toBe(true);
      // One preprocessing definition: what run.json recorded is what the bundle serves.
      const runJson = JSON.parse(fs.readFileSync(path.join(a.runDir, 'run.json'), 'utf8'));
      expect(runJson.config.preprocessing).toEqual(a.preprocessing);
      const listed = await json(dataDir, ['runs', 'show', a.run]);
      expect(listed.lineage).toMatchObject({
        datasetContentHash: a.datasetContentHash,
        splitSeed: 3,
        configHash: a.configHash,
        backend: a.result.backend,
      });

      const bundle = await json(dataDir, ['bundle', '--run', a.run, '--threshold', 'youden', '--abstain', 'coverage>=0.8']);
      expect(verifyBundle(bundle.bundle).bundleHash).toBe(bundle.hash);
      expect(bundle.parityMaxAbsDiff).toBeLessThanOrEqual(1e-4);
      const preprocessing = JSON.parse(fs.readFileSync(path.join(bundle.bundle, 'preprocessing.json'), 'utf8'));
      expect(preprocessing).toEqual(a.preprocessing);

      const evaluation = await json(dataDir, [
        'eval',
        '--model',
        bundle.bundle,
        '--dataset',
        'kermany-200',
        '--report',
        path.join(work, 'report'),
      ]);
      const point = evaluation.report.operatingPoints.perLabel.PNEUMONIA;
      const threshold = JSON.parse(fs.readFileSync(path.join(bundle.bundle, 'thresholds.json'), 'utf8')).thresholds.PNEUMONIA;
      const temperature = JSON.parse(fs.readFileSync(path.join(bundle.bundle, 'calibration.json'), 'utf8')).temperatures.PNEUMONIA;
      expect(point.threshold).toBe(threshold);
      // Recount the raw sensitivity from the stored logits and the bundle's own temperature and threshold.
      const store = openStore({ dataDir });
      try {
        const outputs = store.sqlite
          .prepare(
            `SELECT o.logits_json AS logits, l.state AS state FROM evaluation_outputs o JOIN dataset_labels l ON l.image_id = o.image_id
        WHERE o.evaluation_id = ? AND o.role = 'eval' AND l.label = 'PNEUMONIA'`,
          )
          .all(evaluation.evaluationId) as Array<{ logits: string; state: number }>;
        expect(outputs).toHaveLength(evaluation.report.dataset.images);
        const positives = outputs.filter((o) => o.state === 1);
        const called = positives.filter((o) => 1 / (1 + Math.exp(-JSON.parse(o.logits)[0] / temperature)) >= threshold).length;
        expect(point.raw.sensitivity.value).toBeCloseTo(called / positives.length, 12);
        expect(point.served.coverage.value).toBeLessThanOrEqual(1);
      } finally {
        store.close();
      }

      const compared = await json(dataDir, [
        'compare',
        '--model',
        bundle.bundle,
        '--model',
        b.run,
        '--dataset',
        'kermany-200',
        '--resamples',
        '1000',
      ]);
      expect(compared.perLabel.PNEUMONIA.delong.aurocA).toBeCloseTo(evaluation.report.metrics.perLabel.PNEUMONIA.auroc.value, 6);
      expect(compared.macro.pairedBootstrap.difference.ci95).toHaveLength(2);

      await json(dataDir, ['user', 'create-admin', '--username', 'admin', '--name', 'Test Admin', '--password-stdin'], 'Curie-1867-lab\n');
      await json(
        dataDir,
        ['user', 'create', '--as', 'admin', '--username', 'eng', '--name', 'Test Engineer', '--role', 'engineer', '--password-stdin'],
        'Curie-1867-lab\nNoether-1882-ring\n',
      );
      const model = await json(
        dataDir,
        [
          'model',
          'register',
          '--as',
          'eng',
          '--password-stdin',
          '--name',
          'kermany-vit-micro',
          '--model-version',
          '0.1',
          '--bundle',
          bundle.bundle,
        ],
        'Noether-1882-ring\n',
      );
      expect(model.bundleHash).toBe(bundle.hash);
      await json(
        dataDir,
        [
          'model',
          'record-metrics',
          '--as',
          'eng',
          '--password-stdin',
          '--model',
          model.id,
          '--from-evaluation',
          String(evaluation.evaluationId),
          '--dataset',
          'internal-test',
        ],
        'Noether-1882-ring\n',
      );
      fs.writeFileSync(
        path.join(work, 'gates.json'),
        JSON.stringify({
          name: 'recipe-loop',
          gates: [
            {
              id: 'internal-auroc',
              description: 'internal test macro AUROC',
              metric: 'internal-test.metrics.macro.auroc.value',
              op: '>=',
              value: 0.6,
            },
            {
              id: 'served-sensitivity',
              description: 'served sensitivity at the bundle threshold',
              metric: 'internal-test.operatingPoints.perLabel.PNEUMONIA.served.sensitivity.value',
              op: '>=',
              value: 0.5,
            },
          ],
        }),
      );
      const gate = await json(
        dataDir,
        ['gate', '--as', 'eng', '--password-stdin', '--model', model.id, '--gates', path.join(work, 'gates.json')],
        'Noether-1882-ring\n',
        [0, 3],
      );
      expect(gate.exitCode).toBe(gate.passed ? 0 : 3);
      const observed = Object.fromEntries(gate.results.map((r: { id: string; observed: number }) => [r.id, r.observed]));
      expect(observed['internal-auroc']).toBeCloseTo(evaluation.report.metrics.macro.auroc.value, 12);
      expect(observed['served-sensitivity']).toBeCloseTo(point.served.sensitivity.value, 12);
    },
    600_000,
  );
});
