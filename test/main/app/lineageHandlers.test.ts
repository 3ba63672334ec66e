// models.lineage through the guarded handler table on a real store: two real vit-micro runs on imported Kermany
// radiographs, the second initialised from the first's weights (its parent run), bundled by bundleRun and registered
// as `hilum bundle --run` does (trainedBundleModel.ts); QA reads the lineage. Checked against the run rows and the
// dataset's own hash.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch, type ResponseOf } from '../../../src-core/contracts/bridge';
import { createAppHandlers } from '../../../src-main/app/createAppHandlers';
import { createAppServices } from '../../../src-main/app/createAppServices';
import { datasetContentHash } from '../../../src-main/datasets/datasetContentHash';
import { registerModel } from '../../../src-main/governance/modelRegistry';
import { getRunRecord } from '../../../src-main/runs/runRecords';
import type { SessionCallContext } from '../../../src-main/app/session/SessionCallContext';
import { createTeam, passwords } from '../governance/governanceFixtures';
import { signedInContext } from './session/signedInContext';
import { lineageSplitSeed, trainedBundleModel } from './trainedBundleModel';

type Lineage = ResponseOf<'models.lineage'>;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-app-lineage-'));
const services = createAppServices({ version: '0.0.0-test', dataDir });
const handlers = createAppHandlers(services);
let ctx: SessionCallContext;
let parentId = '';
let childId = '';
let modelId = '';
let folderModelId = '';

async function lineageOf(id: string): Promise<Lineage> {
  const envelope = await dispatch(handlers, 'models.lineage', { modelId: id }, ctx);
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as Lineage;
}

beforeAll(async () => {
  const store = services.store();
  const team = createTeam(store);
  const trained = await trainedBundleModel(store, services.host(), team.eng, 'lineage');
  ({ modelId, parentRun: parentId, childRun: childId } = trained);
  folderModelId = registerModel(store, team.eng, { name: 'from-folder', version: '1', bundlePath: '/b', bundleHash: 'f'.repeat(64) }).id;
  ctx = await signedInContext(handlers, 'qa', passwords.qa);
}, 400_000);

afterAll(async () => {
  await services.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('models.lineage', () => {
  it('gives the training run, its dataset and splits, and the parent run its weights came from', async () => {
    const l = await lineageOf(modelId);
    const run = getRunRecord(services.store(), childId);
    expect(l.reason).toBeNull();
    expect(l.run).toMatchObject({
      id: childId,
      status: 'succeeded',
      configHash: run.configHash,
      codeVersion: run.codeVersion,
      backend: run.backend,
      datasetName: 'kermany',
      datasetContentHash: run.datasetContentHash,
      splitSeed: lineageSplitSeed,
      epochs: 1,
    });
    expect(l.run!.backend).not.toBeNull();
    const model = JSON.parse(run.configJson).model;
    expect(l.run!.architecture).toBe(`ViT ${model.imageSize} px, patch ${model.patchSize}, width ${model.width}, depth ${model.depth}`);
    expect(l.bundleWeights).toBe('last');
    expect(l.dataset).toMatchObject({
      name: 'kermany',
      splitSeed: lineageSplitSeed,
      contentHashNow: datasetContentHash(services.store(), 'kermany'),
      unchangedSinceTraining: true,
    });
    expect(l.dataset!.splits.map((s) => s.split)).toEqual(['test', 'train', 'val']);
    expect(l.dataset!.splits.reduce((a, s) => a + s.images, 0)).toBe(40);
    expect(l.pretraining).toMatchObject({ linearProbe: false, run: { id: parentId, status: 'succeeded' } });
    expect(l.pretraining!.initWeights).toContain(parentId);
  });

  it('says why a model registered from a bundle folder has no lineage, and names an unknown model', async () => {
    const l = await lineageOf(folderModelId);
    expect(l).toMatchObject({ run: null, dataset: null, pretraining: null });
    expect(l.reason).toContain('no training run in this store built this bundle');
    expect(await dispatch(handlers, 'models.lineage', { modelId: 'nope' }, ctx)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
