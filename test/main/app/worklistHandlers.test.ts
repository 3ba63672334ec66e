// worklist.*: a locked vit-micro bundle (the bundle tests' fixture maker) reviews the shared DICOM folder
// through the predict service (in the worker pool); abstained / OOD studies form the worklist; outputs and
// saliency are served; the review is a stored job, so the worklist is still there after a restart.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { dispatch, type HandlerTable } from '../../../src-core/contracts/bridge';
import type { AppCallContext } from '../../../src-main/app/AppServices';
import { imagesHandlers } from '../../../src-main/app/handlers/imagesHandlers';
import { worklistHandlers } from '../../../src-main/app/handlers/worklistHandlers';
import { auditEvents } from '../../../src-main/store/schema/governance';
import { createAppServices } from '../../../src-main/app/createAppServices';
import { registerModel } from '../../../src-main/governance/modelRegistry';
import { createFirstAdmin, createUser } from '../../../src-main/governance/userAccounts';
import { makeMicroBundle } from '../bundle/makeMicroBundle';
import { lockedMicroModel } from './lockedMicroModel';
import { contextOfUser } from './session/signedInContext';
import { sharedDataDir } from '../../helpers/paths';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-app-worklist-'));
const services = createAppServices({
  version: '0.0.0-test',
  dataDir: path.join(root, 'data'),
  reviewDirs: [path.join(sharedDataDir, 'dicom')],
});
// The area handlers themselves: the session guard in front of them is the workbench's and tested there.
const handlersOf = (s: typeof services) => ({ ...imagesHandlers(s), ...worklistHandlers(s) }) as unknown as HandlerTable<AppCallContext>;
const handlers = handlersOf(services);
// The guard in front of these handlers puts the signed-in user in the context; here a radiologist's.
const ctx = contextOfUser('rita', 'radiologist');
let lockedId = '';
let draftId = '';

async function call<T>(channel: string, payload: unknown): Promise<T> {
  const envelope = await dispatch(handlers, channel, payload, ctx);
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as T;
}

beforeAll(async () => {
  const store = services.store();
  const admin = createFirstAdmin(store, { username: 'root', fullName: 'Root Admin', password: 'admin password 123' });
  const engineer = createUser(store, admin, {
    username: 'erin',
    fullName: 'Erin Engineer',
    role: 'engineer',
    password: 'engineer password 1',
  });
  createUser(store, admin, { username: 'quinn', fullName: 'Quinn QA', role: 'qa', password: 'qa password 12345' });
  lockedId = await lockedMicroModel(
    store,
    root,
    { user: 'erin', password: 'engineer password 1' },
    { user: 'quinn', password: 'qa password 12345' },
    '1',
    { user: 'root', password: 'admin password 123' },
  );
  const draft = await makeMicroBundle(path.join(root, 'draft'), 0.5);
  draftId = registerModel(store, engineer, { name: 'micro', version: '2', bundlePath: draft.dir, bundleHash: draft.bundleHash }).id;
}, 120_000);

afterAll(async () => {
  await services.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('worklist channels', () => {
  it('has no worklist before a review', async () => {
    expect(await call('worklist.list', {})).toEqual({ review: null, items: [] });
  });

  it('refuses to review with a model that is not locked', async () => {
    expect(await dispatch(handlers, 'worklist.review', { modelId: draftId }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'MODEL_NOT_LOCKED' },
    });
  });

  it('reviews the folder with the locked model and lists abstained / OOD studies with their outputs', async () => {
    const summary = await call<{ reviewed: number; flagged: number; failed: number }>('worklist.review', { modelId: lockedId });
    const { studies } = await call<{ studies: unknown[] }>('images.studies', {});
    expect(summary.reviewed + summary.failed).toBe(studies.length);
    expect(summary.failed).toBeGreaterThan(0); // the folder holds deliberately broken files
    const { items, review } = await call<{ items: Array<{ studyId: string; name: string; reason: string }>; review: { modelId: string } }>(
      'worklist.list',
      {},
    );
    expect(review.modelId).toBe(lockedId);
    expect(items).toHaveLength(summary.flagged);
    // Non-chest modalities (CT, MR, US, mammography) are far out of distribution for a chest model.
    const ct = items.find((i) => i.name === 'fo-dicom/D_CLUNIE_CT1_RLE_FRAGS.dcm');
    expect(ct?.reason).toMatch(/ood/);
    const study = await call<{ labels: Array<{ probability: number; decision: string }>; ood: { flagged: boolean; reasons: string[] } }>(
      'worklist.study',
      { studyId: ct!.studyId },
    );
    expect(study.ood.flagged).toBe(true);
    expect(study.labels.length).toBeGreaterThan(0);
    for (const l of study.labels) expect(l.probability).toBeGreaterThanOrEqual(0);
    const audited = services.store().db.select().from(auditEvents).where(eq(auditEvents.action, 'model.inference')).all();
    expect(audited).toHaveLength(summary.reviewed);
    // Each inference row names the reader who started the review, not the app.
    expect(new Set(audited.map((row) => row.actor))).toEqual(new Set(['rita']));
  }, 120_000);

  it('serves saliency as a PNG, and names studies without a result', async () => {
    const { items } = await call<{ items: Array<{ studyId: string }> }>('worklist.list', {});
    const answer = await dispatch(handlers, 'images.saliency', { studyId: items[0]!.studyId }, ctx);
    expect(answer.ok).toBe(true);
    if (answer.ok)
      expect(
        Buffer.from((answer.value as { pngBase64: string }).pngBase64, 'base64')
          .subarray(1, 4)
          .toString(),
      ).toBe('PNG');
    expect(await dispatch(handlers, 'worklist.study', { studyId: 'nope' }, ctx)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('keeps the latest review across a restart (stored as a job result in job_runs)', async () => {
    const before = await call<{ items: Array<{ studyId: string; reason: string }>; review: { bundleHash: string } }>('worklist.list', {});
    const restarted = createAppServices({
      version: '0.0.0-test',
      dataDir: path.join(root, 'data'),
      reviewDirs: [path.join(sharedDataDir, 'dicom')],
    });
    try {
      const after = await dispatch(handlersOf(restarted), 'worklist.list', {}, ctx);
      expect(after).toMatchObject({ ok: true, value: { review: { bundleHash: before.review.bundleHash }, items: before.items } });
      const study = await dispatch(handlersOf(restarted), 'worklist.study', { studyId: before.items[0]!.studyId }, ctx);
      expect(study.ok).toBe(true);
    } finally {
      await restarted.close();
    }
  });
});
