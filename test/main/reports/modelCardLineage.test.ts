// The model card filled from a real run's lineage: a tiny recipe run (import, patient split, training, bundle,
// evaluation on real Kermany radiographs) registered through `hilum bundle --run`'s service; the PDF's text
// (pdftotext) carries the dataset and split hashes, the config hash, seeds, augmentations, label policy, the
// training curve, calibration before/after, the shipped thresholds, and "Not recorded" only where nothing is.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerBundleDraft } from '../../../src-main/bundle/registerBundleDraft';
import { recordEvaluationMetrics } from '../../../src-main/governance/recordEvaluationMetrics';
import { parseRecipe } from '../../../src-main/recipes/parseRecipe';
import { runRecipe } from '../../../src-main/recipes/runRecipe';
import { collectModelCardData } from '../../../src-main/reports/modelCard/collectModelCardData';
import { renderModelCard } from '../../../src-main/reports/modelCard/renderModelCard';
import { getRunRecord } from '../../../src-main/runs/runRecords';
import { openStore, type Store } from '../../../src-main/store/openStore';
import { WorkerHost } from '../../../src-main/worker/WorkerHost';
import { repoRoot, sharedDataDir } from '../../helpers/paths';
import { createTeam } from '../governance/governanceFixtures';

const kermany = path.join(sharedDataDir, 'kermany-pediatric-224px');
const host = new WorkerHost();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-card-lineage-'));
const configDir = process.env.HILUM_CONFIG_DIR;
let store: Store;
let text = '';
let run: ReturnType<typeof getRunRecord>;

beforeAll(async () => {
  if (!fs.existsSync(kermany)) return;
  process.env.HILUM_CONFIG_DIR = path.join(tmp, 'config');
  store = openStore({ dataDir: path.join(tmp, 'data') });
  const recipe = parseRecipe(path.join(repoRoot, 'recipes', 'pneumonia-kermany.yaml'), [
    'dataset.perClassLimit=24',
    'dataset.size=32',
    'train.model.imageSize=32',
    'train.epochs=2',
    'train.swaEpochs=0',
    'evaluate.internal-test.resamples=1000',
    'evaluate.internal-test.oodFar=null',
  ]);
  const result = await runRecipe(store, host, recipe, { actor: 'test' });
  run = getRunRecord(store, result.run);
  const team = createTeam(store);
  const model = registerBundleDraft(store, team.eng, {
    name: 'kermany',
    version: '1.0.0',
    bundleDir: result.bundle,
    bundleHash: result.hash,
    runId: result.run,
  });
  recordEvaluationMetrics(store, team.eng, model.id, result.evaluations['internal-test']!.evaluationId as number);
  const pdf = path.join(tmp, 'card.pdf');
  await renderModelCard(collectModelCardData(store, model.id), pdf);
  text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
}, 400_000);
afterAll(async () => {
  await host.close();
  store?.close();
  if (configDir === undefined) delete process.env.HILUM_CONFIG_DIR;
  else process.env.HILUM_CONFIG_DIR = configDir;
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe.skipIf(!fs.existsSync(kermany))('model card from a real run', () => {
  it('fills the data, recipe, label, augmentation and curve sections from the run', () => {
    expect(text).toContain(`Dataset content hash when trained: ${run.datasetContentHash}`);
    expect(text).toMatch(/Dataset content hash now: [0-9a-f]{64} \(matches\)/);
    for (const split of ['train', 'val', 'test']) expect(text).toMatch(new RegExp(`\\n${split}\\s+\\d+\\s+\\d+\\s+[0-9a-f]{64}`));
    expect(text).toMatch(/Patient-level split with seed 1 at .*leakage check passed/s);
    expect(text).toContain(`Config hash (SHA-256 of the resolved config): ${run.configHash}`);
    expect(text).toMatch(/epochs 2; batchSize \d+;.*seed 1/s);
    expect(text).toContain('Augment / rotateDeg: 7');
    expect(text).toContain('Targets (uncertain and blank labels) / uncertain: ignore');
    expect(text).toContain('No pretrained weights');
    expect(text).toContain('2 epochs recorded; best epoch');
    expect(text).toMatch(/\n1(?: \(best\))?\s+\d\.\d{4}/);
  });

  it('shows the shipped calibration with before/after, the thresholds and OOD policy, and the validation CIs', () => {
    expect(text).toContain('Calibration shipped in the bundle (fitted on the validation split)');
    expect(text).toMatch(/PNEUMONIA\s+\d\.\d{3}\s+\d\.\d{3} -> \d\.\d{3}/);
    expect(text).toMatch(/Thresholds selected by /);
    expect(text).toMatch(/OOD detection: primary detector \w+/);
    expect(text).toMatch(/Macro AUROC: \d\.\d{3} \[\d\.\d{3}, \d\.\d{3}\]/);
  });

  it('says "Not recorded" only for what no record holds (intended use, limitations)', () => {
    const notRecorded = text.split('\n').filter((l) => /not recorded/i.test(l));
    expect(notRecorded.every((l) => /intendedUse|limitations/.test(l))).toBe(true);
    expect(text).not.toMatch(/placeholder|TODO|lorem/i);
  });
});
