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

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-app-models-'));
const services = createAppServices({ version: '0.0.0-test', dataDir });
const handlers = createAppHandlers(services);
const ctx = { via: 'electron' as const };
let modelId = '';

beforeAll(() => {
  const admin = createFirstAdmin(services.store(), { username: 'root', fullName: 'Root Admin', password: 'admin password 123' });
  const engineer = createUser(services.store(), admin, { username: 'ada', fullName: 'Ada Engineer', role: 'engineer', password: 'correct horse battery staple' });
  createUser(services.store(), admin, { username: 'quinn', fullName: 'Quinn QA', role: 'qa', password: 'qa password 12345' });
  modelId = registerModel(services.store(), engineer, { name: 'cxr-vit', version: '1.0.0', bundlePath: '/bundles/cxr-vit', bundleHash: 'a'.repeat(64) }).id;
});
afterAll(async () => {
  await services.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('models channels', () => {
  it('lists registered models', async () => {
    expect(await dispatch(handlers, 'models.list', {}, ctx)).toMatchObject({ ok: true, value: { models: [{ id: modelId, name: 'cxr-vit', version: '1.0.0', status: 'draft' }] } });
  });

  it('refuses a signature with a wrong password and records one with the right password', async () => {
    const wrong = await dispatch(handlers, 'models.sign', { modelId, user: 'ada', password: 'nope', meaning: 'authored' }, ctx);
    expect(wrong).toMatchObject({ ok: false, error: { code: 'AUTH_FAILED' } });
    const signed = await dispatch(handlers, 'models.sign', { modelId, user: 'ada', password: 'correct horse battery staple', meaning: 'authored', comment: 'trained it' }, ctx);
    expect(signed).toMatchObject({ ok: true, value: { printedName: 'Ada Engineer', meaning: 'authored', bundleHash: 'a'.repeat(64), comment: 'trained it' } });
  });

  it('refuses a lock by the author (role) and by QA without gates and approvals, and shows the detail', async () => {
    const byAuthor = await dispatch(handlers, 'models.lock', { modelId, user: 'ada', password: 'correct horse battery staple' }, ctx);
    expect(byAuthor).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const byQa = await dispatch(handlers, 'models.lock', { modelId, user: 'quinn', password: 'qa password 12345' }, ctx);
    expect(byQa).toMatchObject({ ok: false, error: { code: 'LOCK_REFUSED' } });
    const detail = await dispatch(handlers, 'models.detail', { modelId }, ctx);
    expect(detail).toMatchObject({ ok: true, value: { model: { status: 'draft' }, gates: null, changeRequest: null, lock: null, signatures: [{ meaning: 'authored' }] } });
  });

  it('shows a stored gate evaluation in the detail (contract fields only)', async () => {
    const store = services.store();
    const engineer = authenticate(store, 'ada', 'correct horse battery staple');
    const gated = registerModel(store, engineer, { name: 'cxr-vit-gated', version: '2.0.0', bundlePath: '/bundles/gated', bundleHash: 'c'.repeat(64) });
    recordModelMetrics(store, engineer, gated.id, 'evaluation', evaluationFor('evaluation-strong.json', gated.bundleHash), 'external');
    evaluateModelGates(store, authenticate(store, 'quinn', 'qa password 12345'), gated.id, loadGatesFile(path.join(repoRoot, 'resources/gates/research-minimal.json')));
    const detail = await dispatch(handlers, 'models.detail', { modelId: gated.id }, ctx);
    expect(detail).toMatchObject({ ok: true, value: { gates: { name: 'research-minimal', passed: true, evaluatedBy: 'quinn' } } });
    const results = (detail as { value: { gates: { results: Array<Record<string, unknown>> } } }).value.gates.results;
    expect(results.map((r) => [r.id, r.passed])).toEqual([['external-macro-auroc-lower95', true], ['external-ece', true]]);
    expect(Object.keys(results[0]!).sort()).toEqual(['description', 'id', 'metric', 'observed', 'op', 'passed', 'reason', 'threshold']);
  });

  it('rejects a meaning outside the contract', async () => {
    const bad = await dispatch(handlers, 'models.sign', { modelId, user: 'ada', password: 'x', meaning: 'whatever' }, ctx);
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });
});
