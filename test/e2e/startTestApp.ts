/**
 * Starts the dev host over a fresh data dir with the shared DICOM folder as review folder, and a headless Chromium;
 * writes a seeded synthetic phantom dataset (DICOMs, labels.csv, hilum-mapping.json) for the import step.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { createAppHandlers } from '../../src-main/app/createAppHandlers';
import { createAppServices } from '../../src-main/app/createAppServices';
import { computeMetricsReport } from '../../src-core/metrics/report/computeMetricsReport';
import { evaluateModelGates, loadGatesFile } from '../../src-main/governance/gateEvaluation';
import { recordModelMetrics, registerModel } from '../../src-main/governance/modelRegistry';
import { generatePhantomDataset, type PhantomDatasetResult } from '../../tools/phantoms/generatePhantomDataset';
import { evaluationFor } from '../main/governance/governanceFixtures';
import { lockedMicroModel } from '../main/app/lockedMicroModel';
import { syntheticEvaluationTables } from '../main/app/syntheticEvaluationTables';
import { createFirstAdmin, createUser, type User } from '../../src-main/governance/userAccounts';
import { approveGateSpec, gateSpecApproval, registerGateSpec } from '../../src-main/governance/gateSpecs';
import { createReleasePolicy, setDefaultReleasePolicy } from '../../src-main/governance/releasePolicy';
import type { GateSpec } from '../../src-core/governance';
import type { Store } from '../../src-main/store/openStore';
import { startDevHost, type DevHost } from '../../src-main/devhost/startDevHost';
import { repoRoot, sharedDataDir } from '../helpers/paths';

export const rendererDir = path.join(repoRoot, 'out/renderer');

/** Builds the app (electron-vite) so the test always runs the current renderer. */
export function buildApp(): void {
  const run = spawnSync('npx', ['electron-vite', 'build'], { cwd: repoRoot, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`electron-vite build failed:\n${run.stdout}\n${run.stderr}`);
}

/**
 * Users of each role, one draft model with a stored evaluation, one draft model whose latest gate evaluation passes
 * (to be signed and locked through the UI), and a locked vit-micro model, through the governance service (as the CLI would).
 */
export const seededUsers = {
  engineer: { user: 'erin', password: 'engineer password 1', fullName: 'Erin Engineer' },
  qa: { user: 'quinn', password: 'qa password 12345', fullName: 'Quinn QA' },
  radiologist: { user: 'rita', password: 'radiologist password 1', fullName: 'Rita Radiologist' },
  admin: { user: 'root', password: 'admin password 123', fullName: 'Root Admin' },
};
export type SeededRole = keyof typeof seededUsers;
/** A second reader: adjudicates a disagreement the first one's reading opened. */
export const secondRadiologist = { user: 'rex', password: 'radiologist password 2', fullName: 'Rex Radiologist' };

export const gatedModel = { name: 'cxr-vit-gated', version: '2.0.0' };

/** The gates test/main/app/lockedMicroModel.ts evaluates (same spec, so the same registered, approved gate spec). */
const smokeGates: GateSpec = {
  name: 'smoke',
  gates: [{ id: 'cases', description: 'evaluated on cases', metric: 'external.cases', kind: 'evaluation', op: '>=', value: 1 }],
};

/** Registers the gate spec, QA approves it, the admin makes a policy on it (engineer authors, QA approves) the installation default. */
function defaultReleasePolicy(store: Store, engineer: User, spec: GateSpec): void {
  const registered = registerGateSpec(store, engineer, spec);
  if (!gateSpecApproval(store, registered))
    approveGateSpec(store, { specId: registered.id, username: seededUsers.qa.user, password: seededUsers.qa.password });
  const admin = { username: seededUsers.admin.user, password: seededUsers.admin.password };
  const policy = createReleasePolicy(store, {
    ...admin,
    name: `e2e policy for ${spec.name}`,
    policy: {
      gateSpecId: registered.id,
      requiredSignatures: [
        { meaning: 'authored', roles: ['engineer'] },
        { meaning: 'approved', roles: ['qa'] },
      ],
      distinctSigners: true,
      authorMayApprove: false,
    },
  });
  setDefaultReleasePolicy(store, { ...admin, policyId: policy.id });
}

async function seedGovernance(store: Store, dir: string, withModels: boolean): Promise<{ gatedModelId: string }> {
  const admin = createFirstAdmin(store, { username: 'root', fullName: 'Root Admin', password: 'admin password 123' });
  const engineer = createUser(store, admin, {
    username: seededUsers.engineer.user,
    fullName: 'Erin Engineer',
    role: 'engineer',
    password: seededUsers.engineer.password,
  });
  const qa = createUser(store, admin, {
    username: seededUsers.qa.user,
    fullName: 'Quinn QA',
    role: 'qa',
    password: seededUsers.qa.password,
  });
  createUser(store, admin, {
    username: seededUsers.radiologist.user,
    fullName: 'Rita Radiologist',
    role: 'radiologist',
    password: seededUsers.radiologist.password,
  });
  createUser(store, admin, {
    username: secondRadiologist.user,
    fullName: secondRadiologist.fullName,
    role: 'radiologist',
    password: secondRadiologist.password,
  });
  if (!withModels) return { gatedModelId: '' };
  const model = registerModel(store, engineer, {
    name: 'cxr-vit-e2e',
    version: '1.0.0',
    bundlePath: '/bundles/cxr-vit-e2e',
    bundleHash: 'b'.repeat(64),
  });
  // A stored evaluation computed from a made-up table (see syntheticEvaluationTables): exercises the pages, says nothing about a model.
  recordModelMetrics(
    store,
    engineer,
    model.id,
    'evaluation',
    computeMetricsReport({ ...syntheticEvaluationTables(), bootstrap: { resamples: 1000, seed: 1 } }),
    'synthetic',
  );
  // A locked vit-micro bundle (hashed weights, real Mahalanobis OOD fit) for the worklist review, locked under
  // a release policy for the smoke gates lockedMicroModel evaluates; the gated model below is judged by research-minimal.
  defaultReleasePolicy(store, engineer, smokeGates);
  await lockedMicroModel(store, dir, seededUsers.engineer, seededUsers.qa);
  defaultReleasePolicy(store, engineer, loadGatesFile(path.join(repoRoot, 'resources/gates/research-minimal.json')));
  // A model whose stored external evaluation (the governance tests' strong fixture, naming this bundle) passes
  // resources/gates/research-minimal.json; QA evaluated the gates. Signing and locking happen in the UI.
  const gated = registerModel(store, engineer, { ...gatedModel, bundlePath: '/bundles/cxr-vit-gated', bundleHash: 'c'.repeat(64) });
  recordModelMetrics(store, engineer, gated.id, 'evaluation', evaluationFor('evaluation-strong.json', gated.bundleHash), 'external');
  const gates = evaluateModelGates(store, qa, gated.id, loadGatesFile(path.join(repoRoot, 'resources/gates/research-minimal.json')));
  if (!gates.passed) throw new Error('e2e seed: the gated model was expected to pass research-minimal');
  return { gatedModelId: gated.id };
}

export interface TestApp {
  host: DevHost;
  browser: BrowserContext;
  phantoms: PhantomDatasetResult;
  gatedModelId: string;
  /**
   * Stops the dev host and the app services (store and worker pool, as quitting the app does) and starts them
   * again on the same data dir and port; `host` then names the new host (a new launch token, as a new launch has).
   */
  restart: () => Promise<void>;
  close: () => Promise<void>;
}

/**
 * `idleLockMs` shortens the session's idle lock (the idle-lock test); the default is the product's.
 * `models: false` seeds only the accounts (tests of the session alone).
 */
export async function startTestApp(options: { idleLockMs?: number; models?: boolean } = {}): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-e2e-data-'));
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-e2e-chromium-'));
  const phantomDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-e2e-phantoms-'));
  // 48 small phantoms over ~25 patients at four sites (Explicit LE, RLE, JPEG Lossless, JPEG 2000 via DCMTK/GDCM).
  const phantoms = await generatePhantomDataset({ dir: phantomDir, count: 48, seed: 11, size: 64 });
  const servicesOptions = { version: '0.0.0-test', dataDir, reviewDirs: [path.join(sharedDataDir, 'dicom')] };
  let services = createAppServices(servicesOptions);
  const { gatedModelId } = await seedGovernance(services.store(), dataDir, options.models ?? true);
  const handlerOptions = options.idleLockMs ? { session: { idleLockMs: options.idleLockMs } } : {};
  const host = await startDevHost({ handlers: createAppHandlers(services, handlerOptions), rendererDir });
  // A fresh profile per run (playwright takes the user-data dir as an argument, not as a flag).
  const browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 800 },
  });
  const app: TestApp = {
    host,
    browser,
    phantoms,
    gatedModelId,
    restart: async () => {
      const port = app.host.port;
      await app.host.close();
      await services.close();
      services = createAppServices(servicesOptions);
      app.host = await startDevHost({ handlers: createAppHandlers(services, handlerOptions), rendererDir, port });
    },
    close: async () => {
      await browser.close();
      await app.host.close();
      await services.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(userDataDir, { recursive: true, force: true });
      fs.rmSync(phantomDir, { recursive: true, force: true });
    },
  };
  return app;
}
