// The worklist's serving check (assertServableModel): only the locked, approved model is served; a draft,
// a bundle changed on disk, or a locked bundle whose ONNX graph does not match its manifest is refused, in words.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildManifest, canonicalManifestBytes, MANIFEST_FILE } from '../../../src-core/bundle';
import type { GateSpec } from '../../../src-core/governance';
import {
  assertServableModel,
  authenticate,
  createFirstAdmin,
  createUser,
  evaluateModelGates,
  lockModel,
  recordModelMetrics,
  registerModel,
  signModel,
} from '../../../src-main/governance';
import { openStore, type Store } from '../../../src-main/store/openStore';
import { exportOnnx } from '../../../src-worker/onnx/exportOnnx';
import { hashedVitWeights } from '../../fixtures/onnx/hashedVitWeights';
import { lockedMicroModel } from '../app/lockedMicroModel';
import { makeMicroBundle } from '../bundle/makeMicroBundle';
import { removeTempDirs, tempDir } from './governanceFixtures';

const smoke: GateSpec = {
  name: 'smoke',
  gates: [{ id: 'cases', description: 'evaluated on cases', metric: 'external.cases', kind: 'evaluation', op: '>=', value: 1 }],
};
const engineer = { user: 'erin', password: 'engineer password 1' };
const qa = { user: 'quinn', password: 'qa password 12345' };
let store: Store;
let root: string;
let lockedId: string;

/** Rewrites the manifest after `change`, so the bundle is intact but a different one. */
async function rehashed(dir: string, change: (dir: string) => Promise<void>): Promise<{ dir: string; bundleHash: string }> {
  await change(dir);
  const entries = fs
    .readdirSync(dir)
    .filter((f) => f !== MANIFEST_FILE)
    .map((p) => {
      const bytes = fs.readFileSync(path.join(dir, p));
      return { path: p, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
    });
  const manifest = canonicalManifestBytes(buildManifest(entries));
  fs.writeFileSync(path.join(dir, MANIFEST_FILE), manifest);
  return { dir, bundleHash: createHash('sha256').update(manifest).digest('hex') };
}

beforeAll(async () => {
  root = tempDir('servable');
  store = openStore({ dataDir: path.join(root, 'data') });
  const admin = createFirstAdmin(store, { username: 'root', fullName: 'Root Admin', password: 'admin password 123' });
  createUser(store, admin, { username: engineer.user, fullName: 'Erin Engineer', role: 'engineer', password: engineer.password });
  createUser(store, admin, { username: qa.user, fullName: 'Quinn QA', role: 'qa', password: qa.password });
  lockedId = await lockedMicroModel(store, root, engineer, qa, '1', { user: 'root', password: 'admin password 123' });
}, 120_000);
afterAll(() => {
  store.close();
  removeTempDirs();
});

describe('assertServableModel (worklist review)', () => {
  it('serves the locked, approved model', () => {
    expect(assertServableModel(store, lockedId).bundleHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a draft model, saying it is not locked', async () => {
    const draft = await makeMicroBundle(path.join(root, 'draft'), 0.5);
    const author = authenticate(store, engineer.user, engineer.password);
    const id = registerModel(store, author, { name: 'other', version: '1', bundlePath: draft.dir, bundleHash: draft.bundleHash }).id;
    expect(() => assertServableModel(store, id)).toThrowError(
      expect.objectContaining({ code: 'MODEL_NOT_LOCKED', message: expect.stringMatching(/other 1 is draft, not locked/) }),
    );
  });

  it('refuses a locked model whose ONNX graph does not match its manifest', async () => {
    const made = await makeMicroBundle(path.join(root, 'three'), 0.25);
    const bundle = await rehashed(made.dir, async (dir) => {
      const config = { ...made.spec.config, numClasses: 3 };
      fs.writeFileSync(path.join(dir, 'model.onnx'), (await exportOnnx(config, hashedVitWeights(config))).bytes);
    });
    const author = authenticate(store, engineer.user, engineer.password);
    const reviewer = authenticate(store, qa.user, qa.password);
    const m = registerModel(store, author, { name: 'three', version: '1', bundlePath: bundle.dir, bundleHash: bundle.bundleHash });
    recordModelMetrics(store, author, m.id, 'evaluation', { cases: 40 }, 'external');
    evaluateModelGates(store, reviewer, m.id, smoke);
    signModel(store, { modelId: m.id, username: engineer.user, password: engineer.password, meaning: 'authored' });
    signModel(store, { modelId: m.id, username: qa.user, password: qa.password, meaning: 'approved' });
    lockModel(store, reviewer, m.id);
    expect(() => assertServableModel(store, m.id)).toThrowError(expect.objectContaining({ code: 'BUNDLE_MISMATCH' }));
  }, 120_000);

  it('refuses the locked model once its bundle changed on disk', () => {
    const dir = path.join(root, 'bundle-1');
    fs.appendFileSync(path.join(dir, 'thresholds.json'), ' ');
    expect(() => assertServableModel(store, lockedId)).toThrowError(expect.objectContaining({ code: 'BUNDLE_INTEGRITY' }));
  });
});
