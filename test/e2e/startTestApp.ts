/** Starts the dev host over a fresh data dir with the shared DICOM folder as review folder, and a headless Chromium. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { createAppHandlers } from '../../src-main/app/createAppHandlers';
import { createAppServices } from '../../src-main/app/createAppServices';
import { computeMetricsReport } from '../../src-core/metrics/report/computeMetricsReport';
import { recordModelMetrics, registerModel } from '../../src-main/governance/modelRegistry';
import { lockedMicroModel } from '../main/app/lockedMicroModel';
import { syntheticEvaluationTables } from '../main/app/syntheticEvaluationTables';
import { createFirstAdmin, createUser } from '../../src-main/governance/userAccounts';
import { startDevHost, type DevHost } from '../../src-main/devhost/startDevHost';
import { repoRoot, sharedDataDir } from '../helpers/paths';

export const rendererDir = path.join(repoRoot, 'out/renderer');

/** Builds the app (electron-vite) so the test always runs the current renderer. */
export function buildApp(): void {
  const run = spawnSync('npx', ['electron-vite', 'build'], { cwd: repoRoot, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`electron-vite build failed:\n${run.stdout}\n${run.stderr}`);
}

/** Users of each role, one draft model and one stored evaluation, through the governance service (as the CLI would). */
export const seededUsers = {
  engineer: { user: 'erin', password: 'engineer password 1' },
  qa: { user: 'quinn', password: 'qa password 12345' },
  radiologist: { user: 'rita', password: 'radiologist password 1' },
};

async function seedGovernance(store: ReturnType<ReturnType<typeof createAppServices>['store']>, dir: string): Promise<void> {
  const admin = createFirstAdmin(store, { username: 'root', fullName: 'Root Admin', password: 'admin password 123' });
  const engineer = createUser(store, admin, { username: seededUsers.engineer.user, fullName: 'Erin Engineer', role: 'engineer', password: seededUsers.engineer.password });
  createUser(store, admin, { username: seededUsers.qa.user, fullName: 'Quinn QA', role: 'qa', password: seededUsers.qa.password });
  createUser(store, admin, { username: seededUsers.radiologist.user, fullName: 'Rita Radiologist', role: 'radiologist', password: seededUsers.radiologist.password });
  const model = registerModel(store, engineer, { name: 'cxr-vit-e2e', version: '1.0.0', bundlePath: '/bundles/cxr-vit-e2e', bundleHash: 'b'.repeat(64) });
  // A stored evaluation computed from a made-up table (see syntheticEvaluationTables): exercises the pages, says nothing about a model.
  recordModelMetrics(store, engineer, model.id, 'evaluation', computeMetricsReport({ ...syntheticEvaluationTables(), bootstrap: { resamples: 1000, seed: 1 } }), 'synthetic');
  // A locked vit-micro bundle (hashed weights, real Mahalanobis OOD fit) for the worklist review.
  await lockedMicroModel(store, dir, seededUsers.engineer, seededUsers.qa);
}

export async function startTestApp(): Promise<{ host: DevHost; browser: BrowserContext; close: () => Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-e2e-data-'));
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-e2e-chromium-'));
  const services = createAppServices({ version: '0.0.0-test', dataDir, reviewDirs: [path.join(sharedDataDir, 'dicom')] });
  await seedGovernance(services.store(), dataDir);
  const host = await startDevHost({ handlers: createAppHandlers(services), rendererDir });
  // A fresh profile per run (playwright takes the user-data dir as an argument, not as a flag).
  const browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 800 },
  });
  return {
    host,
    browser,
    close: async () => {
      await browser.close();
      await host.close();
      await services.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
