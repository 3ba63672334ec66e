// The evaluation pages in a real Chromium against the dev host, over a real `hilum eval` evaluation (vit-micro on 40
// NIH test images, pediatric near-OOD; realEvaluation.ts) and a `hilum metrics` one without per-image outputs:
// Validation (forest plots, ROC/PR with bootstrap bands, reliability before/after scaling, confident errors, paired
// comparison), Fairness (subgroup forest plot with the overall line) and OOD (score histograms with the threshold).
// Every page: axe finds no serious violation, the charts drew pixels, keyboard reaches the controls; screenshots
// under test-output/e2e/evaluation/ (and /tmp/notes/screens-s3/ when that folder exists).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeMetricsReport } from '../../src-core/metrics/report/computeMetricsReport';
import { createAppHandlers } from '../../src-main/app/createAppHandlers';
import { createAppServices } from '../../src-main/app/createAppServices';
import { startDevHost, type DevHost } from '../../src-main/devhost/startDevHost';
import { recordModelMetrics, registerModel } from '../../src-main/governance/modelRegistry';
import { createFirstAdmin, createUser } from '../../src-main/governance/userAccounts';
import { repoRoot } from '../helpers/paths';
import { recordRealEvaluation } from '../main/app/realEvaluation';
import { syntheticEvaluationTables } from '../main/app/syntheticEvaluationTables';
import { repeatedControlNames, seriousAxeReport } from './axeCheck';
import { pixelStats } from './pixelStats';
import { goTo, openAppPage, signIn } from './signIn';
import { buildApp, rendererDir, seededUsers } from './startTestApp';

const output = path.join(repoRoot, 'test-output/e2e/evaluation');
const notesDir = '/tmp/notes/screens-s3';

async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  const file = path.join(output, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  if (fs.existsSync(notesDir)) fs.copyFileSync(file, path.join(notesDir, `${name}.png`));
}

async function chartDrew(page: Page, label: string): Promise<void> {
  const chart = page.locator(`[data-chart="${label}"]`);
  await chart.locator('canvas').waitFor();
  await page.waitForTimeout(200);
  expect(pixelStats(await chart.screenshot()).distinct, `chart "${label}" drew nothing`).toBeGreaterThan(5);
}

async function pageIsAccessible(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), undefined, { timeout: 180_000 });
  const findings = [...(await seriousAxeReport(page)), ...(await repeatedControlNames(page)).map((n) => `repeated control name ${n}`)];
  expect(findings, findings.join('\n')).toEqual([]);
}

async function pick(page: Page, select: string, text: string): Promise<void> {
  const value = await page.locator(`${select} option:has-text("${text}")`).getAttribute('value');
  await page.selectOption(select, value!);
}

describe('evaluation pages in Chromium', () => {
  let services: ReturnType<typeof createAppServices>;
  let host: DevHost;
  let browser: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-e2e-eval-'));
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-e2e-eval-chromium-'));

  beforeAll(async () => {
    buildApp();
    fs.mkdirSync(output, { recursive: true });
    services = createAppServices({ version: '0.0.0-test', dataDir });
    const store = services.store();
    const admin = createFirstAdmin(store, {
      username: seededUsers.admin.user,
      fullName: 'Root Admin',
      password: seededUsers.admin.password,
    });
    const { engineer: e } = seededUsers;
    const engineer = createUser(store, admin, { username: e.user, fullName: e.fullName, role: 'engineer', password: e.password });
    createUser(store, admin, {
      username: seededUsers.qa.user,
      fullName: seededUsers.qa.fullName,
      role: 'qa',
      password: seededUsers.qa.password,
    });
    await recordRealEvaluation(store, services.host(), engineer);
    const table = registerModel(store, engineer, { name: 'cxr-table', version: '1.0.0', bundlePath: '/b', bundleHash: 'e'.repeat(64) });
    recordModelMetrics(
      store,
      engineer,
      table.id,
      'evaluation',
      computeMetricsReport({ ...syntheticEvaluationTables(), bootstrap: { resamples: 1000, seed: 1 } }),
      'synthetic',
    );
    host = await startDevHost({ handlers: createAppHandlers(services), rendererDir });
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
      viewport: { width: 1280, height: 900 },
    });
    page = await openAppPage(browser, host.url, consoleErrors);
    await signIn(page, 'engineer');
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await services?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(profile, { recursive: true, force: true });
  });

  it('Validation: forest plots, ROC and PR with bands, reliability before and after scaling, confident errors', async () => {
    await goTo(page, 'validation');
    await expect(page.locator('main').textContent()).resolves.toContain('Choose an evaluation');
    await pick(page, '#evaluation-select', 'cxr-micro-eval 1.0.0 on nih-test');
    await pageIsAccessible(page);
    for (const chart of ['AUROC per label', 'AUPRC per label', 'Coverage–risk']) await chartDrew(page, chart);
    // A label with positives and negatives among the 40 test images.
    const labels = await page.locator('#label-select option').allTextContents();
    let drawn = '';
    for (const label of labels) {
      await page.selectOption('#label-select', { label });
      if ((await page.locator(`[data-chart="ROC ${label}"]`).count()) > 0) {
        drawn = label;
        break;
      }
    }
    expect(drawn, 'no label has a ROC curve').not.toBe('');
    for (const chart of [`ROC ${drawn}`, `Precision–recall ${drawn}`, `Reliability ${drawn}`, `Reliability after scaling ${drawn}`])
      await chartDrew(page, chart);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toMatch(/widest 95 % band 0\.\d+/);
    expect(text).toContain('Confident false positives');
    // The gallery shows the cached images; a thumbnail opens the case large, in a dialog that passes axe.
    const thumb = page.locator('.gallery .thumb canvas').first();
    await thumb.waitFor();
    expect(pixelStats(await thumb.screenshot()).distinct).toBeGreaterThan(5);
    await page.locator('.gallery .thumb').first().click();
    await page.waitForSelector('dialog[open] canvas.large');
    expect(pixelStats(await page.locator('dialog[open] canvas.large').screenshot()).distinct).toBeGreaterThan(5);
    expect(await seriousAxeReport(page)).toEqual([]);
    await page.screenshot({ path: path.join(output, 'validation-case-dialog.png') });
    if (fs.existsSync(notesDir))
      fs.copyFileSync(path.join(output, 'validation-case-dialog.png'), path.join(notesDir, 'validation-case-dialog.png'));
    await page.keyboard.press('Escape');
    await page.waitForSelector('dialog[open]', { state: 'detached' });
    expect(text).not.toMatch(/\d\.\d{6,}/);
    await pageIsAccessible(page);
    await shot(page, 'validation-real');
    // Keyboard: the label select and the comparison select are reachable with Tab.
    await page.focus('#evaluation-select');
    const reached: string[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      reached.push(await page.evaluate(() => document.activeElement?.id ?? ''));
    }
    expect(reached).toContain('label-select');
  });

  it('Validation: a `hilum metrics` evaluation says what it lacks; a comparison with it is refused in words', async () => {
    await pick(page, '#compare-select', 'cxr-table 1.0.0 on synthetic');
    await page.waitForSelector('.paired .note');
    expect(await page.locator('.paired .note').textContent()).toContain('no per-image outputs');
    await pick(page, '#evaluation-select', 'cxr-table 1.0.0 on synthetic');
    await page.waitForSelector('[data-chart="AUROC per label"] canvas');
    await pageIsAccessible(page);
    expect(await page.locator('main').textContent()).toContain('holds no per-image outputs');
    await shot(page, 'validation-metrics-only');
  });

  it('Fairness: subgroup forest plot with the overall line, gaps table, full tables on demand', async () => {
    await goTo(page, 'fairness');
    await pick(page, '#evaluation-select', 'cxr-table 1.0.0 on synthetic');
    await chartDrew(page, 'Subgroup macro AUROC forest plot');
    await pageIsAccessible(page);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('Gaps (best − worst group) per attribute');
    expect(text).toMatch(/largest gap/);
    await shot(page, 'fairness');
  });

  it('OOD: score histograms per logit detector with the threshold, and detection with intervals', async () => {
    await goTo(page, 'ood');
    await pick(page, '#evaluation-select', 'cxr-micro-eval 1.0.0 on nih-test');
    for (const detector of ['energy', 'maxLogit', 'maxProbability']) await chartDrew(page, `OOD histogram ${detector}`);
    await chartDrew(page, 'OOD AUROC by set and detector');
    await pageIsAccessible(page);
    expect(await page.locator('main').textContent()).toMatch(/threshold at 95 % TPR \(near\)/);
    await shot(page, 'ood');
  });

  it("Review package (QA): identity, evidence, gate history, signatures, change request and the model's audit trail, top-down", async () => {
    await signIn(page, 'qa');
    await goTo(page, 'review');
    await pageIsAccessible(page);
    await pick(page, '#review-model', 'cxr-micro-eval 1.0.0');
    await page.waitForSelector('#trail-heading');
    await page.waitForSelector('section[aria-labelledby="trail-heading"] table tbody tr');
    await pageIsAccessible(page);
    const text = (await page.locator('main').textContent()) ?? '';
    for (const heading of [
      '1. Identity',
      '2. Evidence',
      '3. Gate spec and gate history',
      '4. Signatures',
      '5. Change request',
      '6. Audit trail of this model',
    ])
      expect(text).toContain(heading);
    expect(text).toContain('nih-test — recorded by erin');
    const actions = await page.locator('section[aria-labelledby="trail-heading"] tbody td:nth-child(4)').allTextContents();
    expect(actions).toContain('model.register');
    await shot(page, 'review-package');
    expect(consoleErrors).toEqual([]);
  });
});
