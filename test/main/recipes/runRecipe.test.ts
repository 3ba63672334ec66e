// Recipe files as a pipeline: the shipped Kermany recipe with a tiny --set override runs every stage
// on real radiographs; a second run skips every stage (content-addressed cache); changing one field reruns
// only what depends on it; a training run that failed part-way is resumed, not restarted; a bad field
// is refused naming the file and the field.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HilumError } from '../../../src-core/errors';
import { parseRecipe } from '../../../src-main/recipes/parseRecipe';
import { runRecipe } from '../../../src-main/recipes/runRecipe';
import { getRunRecord } from '../../../src-main/runs/runRecords';
import { openStore } from '../../../src-main/store/openStore';
import { WorkerHost } from '../../../src-main/worker/WorkerHost';
import { repoRoot, sharedDataDir } from '../../helpers/paths';

const recipeFile = path.join(repoRoot, 'recipes', 'pneumonia-kermany.yaml');
const tiny = [
  'dataset.perClassLimit=30',
  'dataset.size=32',
  'train.model.imageSize=32',
  'train.epochs=2',
  'train.swaEpochs=0',
  'evaluate.internal-test.resamples=1000',
  'evaluate.internal-test.oodFar=null',
];
const host = new WorkerHost();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-recipe-'));
const store = openStore({ dataDir });
afterAll(async () => {
  await host.close();
  store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('runRecipe', () => {
  it.skipIf(!fs.existsSync(path.join(sharedDataDir, 'kermany-pediatric-224px')))(
    'runs, caches, reruns what changed and resumes a failed training run',
    async () => {
      // First attempt: training fails after the run was stored (as a kill would leave it).
      let failTrain = true;
      const flaky = {
        run: ((job: string, params: never, options: never) => {
          if (job === 'model.train' && failTrain) {
            failTrain = false;
            return Promise.reject(new HilumError('WORKER_EXITED', 'simulated kill during training'));
          }
          return host.run(job as never, params, options);
        }) as WorkerHost['run'],
      };
      const recipe = parseRecipe(recipeFile, tiny);
      await expect(runRecipe(store, flaky, recipe, { actor: 'test' })).rejects.toMatchObject({ code: 'WORKER_EXITED' });
      const state = JSON.parse(fs.readFileSync(path.join(dataDir, 'recipes', 'pneumonia-kermany', 'state.json'), 'utf8'));
      const failedRun = state.train.run as string;
      expect(getRunRecord(store, failedRun).status).toBe('failed');

      const steps: string[] = [];
      const first = await runRecipe(store, host, recipe, { actor: 'test', onStep: (stage, m) => steps.push(`${stage}: ${m}`) });
      expect(first.run).toBe(failedRun);
      expect(steps).toContain(`train: resuming run ${failedRun}`);
      expect(getRunRecord(store, failedRun).status).toBe('succeeded');
      expect(first.stages.import!.cached).toBe(true);
      expect(first.stages.bundle!.cached).toBe(false);
      expect(first.evaluations['internal-test']!.report).toHaveProperty('operatingPoints');
      expect(typeof (first.gate as { passed: boolean }).passed).toBe('boolean');

      const again = await runRecipe(store, host, parseRecipe(recipeFile, tiny), { actor: 'test' });
      expect(Object.values(again.stages).every((s) => s.cached)).toBe(true);
      expect(again.hash).toBe(first.hash);

      const changed = await runRecipe(store, host, parseRecipe(recipeFile, [...tiny, 'bundle.threshold=max-f1']), { actor: 'test' });
      expect(changed.stages.train!.cached).toBe(true);
      expect(changed.stages.bundle!.cached).toBe(false);
      expect(changed.hash).not.toBe(first.hash);
    },
    240_000,
  );

  it.skipIf(!fs.existsSync(path.join(sharedDataDir, 'nih-cxr14-subset-64px')))(
    'pretrains MAE on the training split plus other datasets, and fine-tunes from that encoder',
    async () => {
      const nih = path.join(repoRoot, 'recipes', 'nih-cxr14.yaml');
      const small = [
        'dataset.limit=80',
        'dataset.size=32',
        'train.model.imageSize=32',
        'train.epochs=1',
        'pretrain.epochs=1',
        'pretrain.batchSize=16',
        'pretrain.microBatch=16',
        'evaluate.internal-test.resamples=1000',
        'evaluate.internal-test.oodFar=null',
      ];
      const steps: string[] = [];
      const r = await runRecipe(store, host, parseRecipe(nih, [...small, 'pretrain.extraDatasets=[kermany-pediatric]']), {
        actor: 'test',
        onStep: (stage, m) => steps.push(`${stage}: ${m}`),
      });
      expect(r.stages.pretrain!.cached).toBe(false);
      const trainSplit = store.sqlite
        .prepare(
          "SELECT count(*) AS n FROM dataset_images i JOIN datasets d ON d.id = i.dataset_id WHERE d.name = 'nih-cxr14-subset' AND i.split = 'train'",
        )
        .get() as { n: number };
      const kermany = store.sqlite
        .prepare("SELECT count(*) AS n FROM dataset_images i JOIN datasets d ON d.id = i.dataset_id WHERE d.name = 'kermany-pediatric'")
        .get() as { n: number };
      expect(steps).toContain(
        `pretrain: MAE on ${trainSplit.n + kermany.n} unlabelled images (${trainSplit.n} from the training split, the rest from kermany-pediatric)`,
      );
      const config = JSON.parse(getRunRecord(store, r.run).configJson) as { initWeights?: string };
      expect(config.initWeights).toMatch(/encoder\.safetensors$/);
      expect(fs.existsSync(config.initWeights!)).toBe(true);
      await expect(
        runRecipe(store, host, parseRecipe(nih, [...small, 'pretrain.extraDatasets=[nih-cxr14-subset]']), { actor: 'test' }),
      ).rejects.toThrow(/must not name the recipe's own dataset/);
    },
    240_000,
  );

  it('refuses a bad field naming the file and the field', () => {
    expect(() => parseRecipe(recipeFile, ['bundle.weights=newest'])).toThrow(
      /pneumonia-kermany.yaml: bundle.weights: expected best, last, ema or swa, got string/,
    );
    expect(() => parseRecipe(recipeFile, ['bundle.abstain=sometimes'])).toThrow(/bundle.abstain: unknown abstention rule/);
    expect(() => parseRecipe(recipeFile, ['stages=1'])).toThrow(/stages: unexpected field/);
    expect(() => parseRecipe(recipeFile, ['dataset.size=4'])).toThrow(/dataset.size: expected an integer ≥ 8, got 4/);
  });
});
