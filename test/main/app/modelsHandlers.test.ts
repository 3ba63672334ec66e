// models.* through dispatch over the real governance service: list, sign with password, refused lock, detail.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../src-core/contracts/bridge';
import { createAppHandlers } from '../../../src-main/app/createAppHandlers';
import { createAppServices } from '../../../src-main/app/createAppServices';
import { evaluateModelGates, loadGatesFile } from '../../../src-main/governance/gateEvaluation';
import { recordModelMetrics, registerModel } from '../../../src-main/governance/modelRegistry';
import { authenticate } from '../../../src-main/governance/userAccounts';
import { repoRoot } from '../../helpers/paths';
import { evaluationFor } from '../governance/governanceFixtures';
import { createFirstAdmin, createUser } from '../../../src-main/governance/userAccounts';
import type { SessionCallContext } from '../../../src-main/app/session/SessionCallContext';
import { signedInContext } from './session/signedInContext';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-app-models-'));
const services = createAppServices({ version: '0.0.0-test', dataDir });
const handlers = createAppHandlers(services);
let ctx: SessionCallContext;
let qaCtx: SessionCallContext;
let modelId = '';

beforeAll(async () => {
  const admin = createFirstAdmin(services.store(), { username: 'root', fullName: 'Root Admin', password: 'admin password 123' });
  const engineer = createUser(services.store(), admin, {
    username: 'ada',
    fullName: 'Ada Engineer',
    role: 'engineer',
    password: 'correct horse battery staple',
  });
  createUser(services.store(), admin, { username: 'quinn', fullName: 'Quinn QA', role: 'qa', password: 'qa password 12345' });
  modelId = registerModel(services.store(), engineer, {
    name: 'cxr-vit',
    version: '1.0.0',
    bundlePath: '/bundles/cxr-vit',
    bundleHash: 'a'.repeat(64),
  }).id;
  ctx = await signedInContext(handlers, 'ada', 'correct horse battery staple', 'electron');
  qaCtx = await signedInContext(handlers, 'quinn', 'qa password 12345', 'electron');
});
afterAll(async () => {
  await services.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('models channels', () => {
  it('lists registered models', async () => {
    expect(await dispatch(handlers, 'models.list', {}, ctx)).toMatchObject({
      ok: true,
      value: { models: [{ id: modelId, name: 'cxr-vit', version: '1.0.0', status: 'draft' }] },
    });
  });

  it('refuses a signature with a wrong password and records one with the right password', async () => {
    const wrong = await dispatch(handlers, 'models.sign', { modelId, user: 'ada', password: 'nope', meaning: 'authored' }, ctx);
    expect(wrong).toMatchObject({ ok: false, error: { code: 'AUTH_FAILED' } });
    const signed = await dispatch(
      handlers,
      'models.sign',
      { modelId, user: 'ada', password: 'correct horse battery staple', meaning: 'authored', comment: 'trained it' },
      ctx,
    );
    expect(signed).toMatchObject({
      ok: true,
      value: { printedName: 'Ada Engineer', meaning: 'authored', bundleHash: 'a'.repeat(64), comment: 'trained it' },
    });
  });

  it('refuses a lock by the author (role) and by QA without gates and approvals, and shows the detail', async () => {
    // The channel itself is QA's: the author is refused before the governance rule is asked.
    const byAuthor = await dispatch(handlers, 'models.lock', { modelId, user: 'ada', password: 'correct horse battery staple' }, ctx);
    expect(byAuthor).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const byQa = await dispatch(handlers, 'models.lock', { modelId, user: 'quinn', password: 'qa password 12345' }, qaCtx);
    expect(byQa).toMatchObject({ ok: false, error: { code: 'LOCK_REFUSED' } });
    const detail = await dispatch(handlers, 'models.detail', { modelId }, ctx);
    expect(detail).toMatchObject({
      ok: true,
      value: { model: { status: 'draft' }, gates: null, changeRequest: null, lock: null, signatures: [{ meaning: 'authored' }] },
    });
  });

  it('shows a stored gate evaluation in the detail (contract fields only)', async () => {
    const store = services.store();
    const engineer = authenticate(store, 'ada', 'correct horse battery staple');
    const gated = registerModel(store, engineer, {
      name: 'cxr-vit-gated',
      version: '2.0.0',
      bundlePath: '/bundles/gated',
      bundleHash: 'c'.repeat(64),
    });
    recordModelMetrics(store, engineer, gated.id, 'evaluation', evaluationFor('evaluation-strong.json', gated.bundleHash), 'external');
    evaluateModelGates(
      store,
      authenticate(store, 'quinn', 'qa password 12345'),
      gated.id,
      loadGatesFile(path.join(repoRoot, 'resources/gates/research-minimal.json')),
    );
    const detail = await dispatch(handlers, 'models.detail', { modelId: gated.id }, ctx);
    expect(detail).toMatchObject({ ok: true, value: { gates: { name: 'research-minimal', passed: true, evaluatedBy: 'quinn' } } });
    const results = (detail as { value: { gates: { results: Array<Record<string, unknown>> } } }).value.gates.results;
    expect(results.map((r) => [r.id, r.passed])).toEqual([
      ['external-macro-auroc-lower95', true],
      ['external-ece', true],
    ]);
    expect(Object.keys(results[0]!).sort()).toEqual(['description', 'id', 'metric', 'observed', 'op', 'passed', 'reason', 'threshold']);
  });

  it("signs only as the signed-in user: another user's name and password are refused", async () => {
    const asOther = await dispatch(
      handlers,
      'models.sign',
      { modelId, user: 'quinn', password: 'qa password 12345', meaning: 'reviewed' },
      ctx,
    );
    expect(asOther).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { signedIn: 'ada', user: 'quinn' } } });
  });

  it('returns the model card PDF bytes for download, not a server path', async () => {
    const answer = await dispatch(handlers, 'models.exportPdf', { modelId }, qaCtx);
    expect(answer).toMatchObject({ ok: true, value: { fileName: `model-card-${modelId}.pdf` } });
    const { pdfBase64, pages } = (answer as { value: { pdfBase64: string; pages: number } }).value;
    expect(pages).toBeGreaterThan(0);
    expect(Buffer.from(pdfBase64, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(JSON.stringify(answer)).not.toContain(dataDir);
  });

  it('rejects a meaning outside the contract', async () => {
    const bad = await dispatch(handlers, 'models.sign', { modelId, user: 'ada', password: 'x', meaning: 'whatever' }, ctx);
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });
});
