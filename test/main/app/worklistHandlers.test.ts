// worklist.*: a locked vit-micro bundle (the bundle tests' fixture maker) reviews the shared DICOM folder as a
// cancellable job; every study is a row (non-chest studies as OOD, not scored; broken files unreadable) in
// priority order; drafts, readings and disagreement cases are stored rows that survive a restart; final
// readings export as a CSV that the dataset importer reads back.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { dispatch, type HandlerTable, type ResponseOf } from '../../../src-core/contracts/bridge';
import type { AppCallContext } from '../../../src-main/app/AppServices';
import { imagesHandlers } from '../../../src-main/app/handlers/imagesHandlers';
import { worklistHandlers } from '../../../src-main/app/handlers/worklistHandlers';
import { auditEvents } from '../../../src-main/store/schema/governance';
import { createAppServices } from '../../../src-main/app/createAppServices';
import { registerModel } from '../../../src-main/governance/modelRegistry';
import { createFirstAdmin, createUser } from '../../../src-main/governance/userAccounts';
import { makeMicroBundle } from '../bundle/makeMicroBundle';
import { importDatasetIntoStore } from '../../../src-main/datasets/importDatasetIntoStore';
import { formatOptionsFromCli } from '../../../src-main/datasets/formatOptionsFromCli';
import { lockedMicroModel } from './lockedMicroModel';
import { contextOfUser } from './session/signedInContext';
import { repoRoot, sharedDataDir } from '../../helpers/paths';

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
const second = contextOfUser('rex', 'radiologist');
const passwords = { rita: 'radiologist password 1', rex: 'radiologist password 2' };
let lockedId = '';
let draftId = '';

async function call<T>(channel: string, payload: unknown, as: AppCallContext = ctx): Promise<T> {
  const envelope = await dispatch(handlers, channel, payload, as);
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
  createUser(store, admin, { username: 'rita', fullName: 'Rita Radiologist', role: 'radiologist', password: passwords.rita });
  createUser(store, admin, { username: 'rex', fullName: 'Rex Radiologist', role: 'radiologist', password: passwords.rex });
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

type List = ResponseOf<'worklist.list'>;

/** Runs the `hilum` bin entry on this test's data dir and returns its one JSON document. */
function hilum(args: string[], stdin = ''): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn('node', [path.join(repoRoot, 'bin/hilum.mjs'), '--json', '--data-dir', path.join(root, 'data'), ...args], {
      cwd: repoRoot,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(stdout)) : reject(new Error(`hilum ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`)),
    );
    child.stdin.end(stdin);
  });
}
type Study = ResponseOf<'worklist.study'>;

/** Waits for a tracked job to end (polling the registry, as the renderer polls jobs.events) and returns its status. */
async function settled(jobId: string, using = services): Promise<string> {
  for (;;) {
    const { status } = using.jobs.events(jobId, -1);
    if (status !== 'running') return status;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const byName = (list: List, name: string) => list.items.find((i) => i.name === name)!;

describe('worklist channels', () => {
  it('has no worklist before a review', async () => {
    expect(await call('worklist.list', {})).toEqual({ review: null, items: [] });
  });

  it('refuses to review with a model that is not locked, before any job starts', async () => {
    expect(await dispatch(handlers, 'worklist.review', { modelId: draftId }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'MODEL_NOT_LOCKED' },
    });
  });

  it('stops a review on cancel: the job ends cancelled and no worklist appears', async () => {
    const { jobId } = await call<ResponseOf<'worklist.review'>>('worklist.review', { modelId: lockedId });
    expect(services.jobs.cancel(jobId)).toBe(true);
    expect(await settled(jobId)).toBe('cancelled');
    expect((await call<List>('worklist.list', {})).review).toBeNull();
  }, 120_000);

  it('reviews as a job: every study is a row, non-chest studies OOD and not scored, broken files unreadable, in priority order', async () => {
    const started = await call<ResponseOf<'worklist.review'>>('worklist.review', { modelId: lockedId });
    expect((await call<List>('worklist.list', {})).review?.runningJobId ?? started.jobId).toBe(started.jobId);
    expect(await settled(started.jobId)).toBe('succeeded');
    const events = services.jobs.events(started.jobId, -1).events;
    expect(events.at(-1)?.fraction).toBe(1);
    const list = await call<List>('worklist.list', {});
    expect(list.review).toMatchObject({ modelId: lockedId, runningJobId: null });
    const { studies } = await call<{ studies: unknown[] }>('images.studies', {});
    expect(list.items).toHaveLength(studies.length);
    // CT, MR, US and mammography are not chest radiographs: OOD, not scored, no model output.
    for (const name of ['fo-dicom/D_CLUNIE_CT1_RLE_FRAGS.dcm', 'orthanc-tests/1.2.840.10008.1.2.4.51.dcm', 'fo-dicom/GH133.dcm']) {
      expect(byName(list, name)).toMatchObject({ kind: 'not-chest', reasons: ['ood', 'not chest'], findings: [], priority: 3 });
    }
    // A file the model cannot decode (no pixel data) and one whose header is unusable are rows too, with the reason.
    expect(byName(list, 'fo-dicom/GH626.dcm')).toMatchObject({
      kind: 'unreadable',
      reasons: ['unreadable'],
      error: { code: 'DICOM_NO_PIXEL_DATA' },
    });
    expect(byName(list, 'pydicom/meta_missing_tsyntax.dcm')).toMatchObject({ kind: 'unreadable', error: { code: 'DICOM_BAD_GEOMETRY' } });
    const chest = byName(list, 'fo-dicom/CR-MONO1-10-chest');
    expect(chest).toMatchObject({ kind: 'scored', header: { modality: 'CR', view: 'PA', bodyPart: 'CHEST' }, readState: 'unread' });
    expect(chest.findings.length).toBeGreaterThan(0);
    // Only scored studies were inferred, and each inference row names the reader who started the review.
    const scored = list.items.filter((i) => i.kind === 'scored').length;
    const audited = services.store().db.select().from(auditEvents).where(eq(auditEvents.action, 'model.inference')).all();
    expect(audited).toHaveLength(scored);
    expect(new Set(audited.map((row) => row.actor))).toEqual(new Set(['rita']));
    // Abstentions and positive calls are priority 1, confident negatives 4.
    for (const item of list.items.filter((i) => i.kind === 'scored'))
      expect(item.priority).toBe(
        item.reasons.includes('abstained') || item.findings.some((f) => f.positive) ? 1 : item.reasons.includes('ood') ? 2 : 4,
      );
  }, 180_000);

  it('serves saliency per finding: occlusion as a job, cached on disk per (bundle, study, finding); attention from the review', async () => {
    type Saliency = ResponseOf<'images.saliency'>;
    const list = await call<List>('worklist.list', {});
    const chest = byName(list, 'fo-dicom/CR-MONO1-10-chest');
    const attention = await call<Saliency>('images.saliency', { studyId: chest.studyId, method: 'attention' });
    expect(attention).toMatchObject({ method: 'attention', jobId: null, aspect: expect.stringMatching(/pad|stretch/) });
    expect(attention.map!.values).toHaveLength(attention.map!.grid ** 2);
    expect(Math.max(...attention.map!.values)).toBeCloseTo(1, 3);
    // Occlusion, no finding named: the model's top finding, computed by a tracked job the viewer polls.
    const first = await call<Saliency>('images.saliency', { studyId: chest.studyId });
    const top = first.findings[0]!;
    expect(first).toMatchObject({ method: 'occlusion', finding: top.label, probability: top.probability, map: null });
    expect(first.findings.map((f) => f.probability)).toEqual([...first.findings.map((f) => f.probability)].sort((a, b) => b - a));
    // Asking again while it runs joins the same job.
    expect((await call<Saliency>('images.saliency', { studyId: chest.studyId })).jobId).toBe(first.jobId);
    const settle = async (jobId: string) => {
      while (services.jobs.events(jobId, 0).status === 'running') await new Promise((r) => setTimeout(r, 100));
      return services.jobs.events(jobId, 0);
    };
    expect((await settle(first.jobId!)).status).toBe('succeeded');
    const ready = await call<Saliency>('images.saliency', { studyId: chest.studyId, finding: top.label });
    expect(ready.jobId).toBeNull();
    expect(ready.map!.values).toHaveLength(ready.map!.grid ** 2);
    expect(Math.max(...ready.map!.values)).toBe(ready.map!.peak > 0 ? 1 : 0);
    const cacheDir = path.join(root, 'data', 'saliency', list.review!.bundleHash);
    const cached = fs.readdirSync(cacheDir, { recursive: true }).map(String);
    expect(cached.filter((f) => f.endsWith('.json'))).toEqual([expect.stringMatching(new RegExp(`occlusion-${top.label}\\.json$`))]);
    // Another finding: another job and another map.
    const other = first.findings.at(-1)!.label;
    const next = await call<Saliency>('images.saliency', { studyId: chest.studyId, finding: other });
    expect(next.finding).toBe(other);
    expect((await settle(next.jobId!)).status).toBe('succeeded');
    const otherMap = (await call<Saliency>('images.saliency', { studyId: chest.studyId, finding: other })).map!;
    expect(otherMap.values).not.toEqual(ready.map!.values);
    // A restart answers from the disk cache at once.
    const again = createAppServices({
      version: '0.0.0-test',
      dataDir: path.join(root, 'data'),
      reviewDirs: [path.join(sharedDataDir, 'dicom')],
    });
    const reopened = await dispatch(handlersOf(again), 'images.saliency', { studyId: chest.studyId, finding: top.label }, ctx);
    expect(reopened).toMatchObject({ ok: true, value: { jobId: null, map: ready.map } });
    await again.close();
    expect(await dispatch(handlers, 'images.saliency', { studyId: chest.studyId, finding: 'Fracture' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('"Fracture"') },
    });
    const ct = byName(list, 'fo-dicom/D_CLUNIE_CT1_RLE_FRAGS.dcm');
    expect(await dispatch(handlers, 'images.saliency', { studyId: ct.studyId }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
    expect(await dispatch(handlers, 'worklist.study', { studyId: 'nope' }, ctx)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  }, 120_000);

  it('keeps a draft, routes a reading that contradicts the model to adjudication, and a second reader resolves it', async () => {
    const chest = byName(await call<List>('worklist.list', {}), 'fo-dicom/CR-MONO1-10-chest');
    const opened = await call<Study>('worklist.study', { studyId: chest.studyId });
    expect(opened.draft).toBeNull();
    const label = opened.labels[0]!;
    const contrary = label.decision === 'positive' ? 'negative' : 'positive';
    await call('worklist.saveDraft', { studyId: chest.studyId, labels: { [label.label]: 'uncertain' }, comment: 'half done' });
    expect((await call<Study>('worklist.study', { studyId: chest.studyId })).draft).toMatchObject({
      labels: { [label.label]: 'uncertain' },
      comment: 'half done',
    });
    expect(byName(await call<List>('worklist.list', {}), 'fo-dicom/CR-MONO1-10-chest')).toMatchObject({
      readState: 'draft',
      openedByMe: true,
    });
    // A reading by someone other than the signed-in reader is refused.
    expect(
      await dispatch(
        handlers,
        'worklist.adjudicate',
        { studyId: chest.studyId, user: 'rex', password: passwords.rex, labels: { [label.label]: 'negative' }, comment: '' },
        ctx,
      ),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const labels = Object.fromEntries(opened.labels.map((l) => [l.label, l.decision === 'abstain' ? 'uncertain' : l.decision]));
    labels[label.label] = label.decision === 'abstain' ? 'positive' : contrary;
    const first = await call<ResponseOf<'worklist.adjudicate'>>('worklist.adjudicate', {
      studyId: chest.studyId,
      user: 'rita',
      password: passwords.rita,
      labels,
      comment: 'first read',
    });
    // An abstaining model makes no call, so only a contradicted decision opens a model case.
    if (label.decision !== 'abstain')
      expect(first.case).toMatchObject({
        reason: 'model',
        status: 'open',
        disagreements: [{ label: label.label, firstFrom: 'model', secondFrom: 'rita' }],
      });
    const afterFirst = await call<Study>('worklist.study', { studyId: chest.studyId });
    expect(afterFirst.draft).toBeNull();
    expect(afterFirst.readings.map((r) => r.reader.username)).toEqual(['rita']);
    // A second reader who contradicts the first: a reader case (or, when the first opened a model case, its resolution).
    const flipped = { ...labels, [label.label]: labels[label.label] === 'positive' ? 'negative' : 'positive' };
    const secondRead = await call<ResponseOf<'worklist.adjudicate'>>(
      'worklist.adjudicate',
      { studyId: chest.studyId, user: 'rex', password: passwords.rex, labels: flipped, comment: 'second read' },
      second,
    );
    if (first.case)
      expect(secondRead.case).toMatchObject({
        caseId: first.case.caseId,
        status: 'resolved',
        resolvedBy: 'rex',
        finalLabelSetId: secondRead.reading.expertLabelSetId,
      });
    else expect(secondRead.case).toMatchObject({ reason: 'reader', status: 'open' });
    const cases = await call<ResponseOf<'worklist.cases'>>('worklist.cases', {});
    expect(cases.cases.length).toBeGreaterThan(0);
    expect(services.store().db.select().from(auditEvents).where(eq(auditEvents.action, 'disagreement.open')).all()).toHaveLength(1);
  });

  it('exports final readings as a dataset label CSV that the importer reads back', async () => {
    const list = await call<List>('worklist.list', {});
    const chest = byName(list, 'fo-dicom/CR-MONO1-10-chest');
    const exported = await call<ResponseOf<'worklist.exportReadings'>>('worklist.exportReadings', {});
    if (chest.readState === 'disagreement') {
      expect(exported).toMatchObject({ rows: 0, openCases: 1 });
      return;
    }
    expect(chest.readState).toBe('adjudicated');
    expect(exported).toMatchObject({ rows: 1, openCases: 0 });
    const [header, row] = exported.csv.trim().split('\n');
    expect(header!.split(',').slice(0, 1 + exported.labels.length)).toEqual(['image', ...exported.labels]);
    expect(row!.startsWith('fo-dicom/CR-MONO1-10-chest,')).toBe(true);
    const csvFile = path.join(root, exported.fileName);
    fs.writeFileSync(csvFile, exported.csv);
    const imported = await importDatasetIntoStore(services.store(), {
      name: 'expert-labels',
      format: 'csv',
      root: path.join(sharedDataDir, 'dicom'),
      size: 32,
      formatOptions: formatOptionsFromCli('csv', { csv: csvFile, imageColumn: 'image', labelColumns: exported.labels.join(',') }),
      jobs: services.host(),
    });
    expect(imported).toMatchObject({ imported: 1, quarantined: 0, labelNames: exported.labels });
    // The same from the CLI: `hilum readings export`, then the import command it prints, through the bin entry.
    const out = path.join(root, 'cli-expert-labels.csv');
    const cli = await hilum(
      ['readings', 'export', '--as', 'rita', '--password-stdin', '--review-dir', path.join(sharedDataDir, 'dicom'), '--out', out],
      `${passwords.rita}\n`,
    );
    expect(cli).toMatchObject({ rows: 1, openCases: 0, labels: exported.labels });
    expect(fs.readFileSync(out, 'utf8')).toBe(exported.csv);
    const cliImport = await hilum([...(cli.importArgs as string[]), '--name', 'cli-expert-labels', '--size', '32']);
    expect(cliImport).toMatchObject({ imported: 1, quarantined: 0, labelNames: exported.labels });
  }, 180_000);

  it('keeps the review, read states, readings and drafts across a restart (all in SQLite)', async () => {
    const before = await call<List>('worklist.list', {});
    const other = before.items.find((i) => i.kind === 'scored' && i.readState === 'unread')!;
    await call('worklist.study', { studyId: other.studyId });
    await call('worklist.saveDraft', { studyId: other.studyId, labels: {}, comment: 'left for later' });
    const restarted = createAppServices({
      version: '0.0.0-test',
      dataDir: path.join(root, 'data'),
      reviewDirs: [path.join(sharedDataDir, 'dicom')],
    });
    try {
      const again = handlersOf(restarted);
      const after = await dispatch(again, 'worklist.list', {}, ctx);
      const expected = (await call<List>('worklist.list', {})).items;
      expect(after).toMatchObject({ ok: true, value: { review: { bundleHash: before.review!.bundleHash }, items: expected } });
      expect(expected.find((i) => i.studyId === other.studyId)).toMatchObject({ readState: 'draft', openedByMe: true });
      const study = await dispatch(again, 'worklist.study', { studyId: other.studyId }, ctx);
      expect(study).toMatchObject({ ok: true, value: { draft: { comment: 'left for later' } } });
    } finally {
      await restarted.close();
    }
  });
});

describe('worklist review of bad input', () => {
  it('lists a non-DICOM file and a truncated DICOM as unreadable rows, with the reason, and still scores the good file', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-bad-review-'));
    const chestFile = path.join(sharedDataDir, 'dicom', 'fo-dicom', 'CR-MONO1-10-chest');
    fs.copyFileSync(chestFile, path.join(folder, 'chest.dcm'));
    fs.writeFileSync(path.join(folder, 'report.pdf'), '%PDF-1.4 not an image at all\n');
    fs.writeFileSync(path.join(folder, 'truncated.dcm'), fs.readFileSync(chestFile).subarray(0, 4000));
    const bad = createAppServices({ version: '0.0.0-test', dataDir: path.join(root, 'data'), reviewDirs: [folder] });
    try {
      const table = handlersOf(bad);
      const started = await dispatch(table, 'worklist.review', { modelId: lockedId }, ctx);
      if (!started.ok) throw new Error(started.error.message);
      expect(await settled((started.value as { jobId: string }).jobId, bad)).toBe('succeeded');
      const list = await dispatch(table, 'worklist.list', {}, ctx);
      if (!list.ok) throw new Error(list.error.message);
      const items = (list.value as List).items;
      expect(items.map((i) => [i.name, i.kind])).toEqual([
        ['chest.dcm', 'scored'],
        ['report.pdf', 'unreadable'],
        ['truncated.dcm', 'unreadable'],
      ]);
      for (const item of items.filter((i) => i.kind === 'unreadable')) {
        expect(item.error?.code).toMatch(/^DICOM_/);
        expect(item.priorityReason).toContain('could not be read');
      }
    } finally {
      await bad.close();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  }, 120_000);
});
