// The Models page in Chromium shows the whole gate history (a pass, then a failure after the evaluation changed)
// and every signature with its status: the engineer's signature made before the re-evaluation shows as superseded
// with its reason, the one made after as current. Screenshot: test-output/e2e/governance/models-history.png.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppHandlers } from '../../src-main/app/createAppHandlers';
import { createAppServices } from '../../src-main/app/createAppServices';
import { startDevHost, type DevHost } from '../../src-main/devhost/startDevHost';
import { evaluateModelGates, loadGatesFile, recordModelMetrics, registerModel, signModel } from '../../src-main/governance';
import { repoRoot } from '../helpers/paths';
import { approvedReleasePolicy, createTeam, evaluationFor, makeBundle, passwords } from '../main/governance/governanceFixtures';
import { goTo, openAppPage } from './signIn';
import { buildApp } from './startTestApp';

const output = path.join(repoRoot, 'test-output/e2e/governance');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-e2e-models-'));
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-e2e-models-chromium-'));
let services: ReturnType<typeof createAppServices>;
let host: DevHost;
let browser: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  buildApp();
  fs.mkdirSync(output, { recursive: true });
  services = createAppServices({ version: '0.0.0-test', dataDir, reviewDirs: [] });
  const store = services.store();
  const team = createTeam(store);
  const spec = loadGatesFile(path.join(repoRoot, 'resources/gates/research-minimal.json'));
  approvedReleasePolicy(store, team, spec);
  const bundle = makeBundle(path.join(dataDir, 'bundle'), 'models-page');
  const m = registerModel(store, team.eng, { name: 'cxr-history', version: '1.0.0', ...bundle });
  recordModelMetrics(store, team.eng, m.id, 'evaluation', evaluationFor('evaluation-strong.json', m.bundleHash), 'external');
  expect(evaluateModelGates(store, team.qa, m.id, spec).passed).toBe(true);
  signModel(store, { modelId: m.id, username: 'eng', password: passwords.eng, meaning: 'authored' });
  // The evaluation is replaced by a weaker one and the gates are evaluated again: they fail, the signature is superseded.
  recordModelMetrics(store, team.eng, m.id, 'evaluation', evaluationFor('evaluation-weak.json', m.bundleHash), 'external');
  expect(evaluateModelGates(store, team.qa, m.id, spec).passed).toBe(false);
  signModel(store, { modelId: m.id, username: 'eng2', password: passwords.eng2, meaning: 'authored' });
  host = await startDevHost({ handlers: createAppHandlers(services), rendererDir: path.join(repoRoot, 'out/renderer') });
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
  });
  page = await openAppPage(browser, host.url, consoleErrors);
  await page.waitForSelector('main[data-page="sign-in"]');
  await page.fill('#sign-in-user', 'qa');
  await page.fill('#sign-in-password', passwords.qa);
  await page.click('main[data-page="sign-in"] button[type="submit"]');
  await page.waitForSelector('.who[data-user="qa"]');
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await host?.close();
  await services?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(profile, { recursive: true, force: true });
});

describe('Models page: gate history and signature status', () => {
  it('lists every gate evaluation, failures included, and marks the superseded signature', async () => {
    await goTo(page, 'models');
    await page.click('button[aria-label="Open cxr-history 1.0.0"]');
    const history = page.locator('table[aria-label="Gate history"] tbody tr');
    await history.first().waitFor();
    expect(await history.count()).toBe(2);
    const rows = await history.allInnerTexts();
    expect(rows[0]).toMatch(/research-minimal \(approved spec\)/);
    expect(rows[0]).not.toMatch(/latest/);
    expect(rows[1]).toMatch(/\(latest\)/);
    expect(rows[0]).toMatch(/pass/i);
    expect(rows[1]).toMatch(/fail/i);
    expect(rows[1]).toMatch(/external-macro-auroc|auroc/i);
    await expect.poll(() => page.locator('h3:has-text("Gate history (2 evaluations, failures included)")').count()).toBe(1);
    const signatures = await page.locator('ul.signatures li').allInnerTexts();
    expect(signatures).toHaveLength(2);
    const erin = signatures.find((s) => s.includes('Erin Engineer'))!;
    const evan = signatures.find((s) => s.includes('Evan Second'))!;
    expect(erin).toMatch(/superseded/i);
    expect(erin).toMatch(/changed after signing/);
    expect(evan).toMatch(/current/i);
    expect(evan).not.toMatch(/superseded/i);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(output, 'models-history.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
  });
});
