// The evaluation pages in a real Chromium against the dev host, over a real `hilum eval` evaluation (vit-micro on 40
// NIH test images, pediatric near-OOD; realEvaluation.ts) and a `hilum metrics` one without per-image outputs:
// Validation (forest plots, ROC/PR with bootstrap bands, reliability before/after scaling, confident errors, paired
// comparison), Fairness (subgroup forest plot with the overall line), OOD (a histogram per detector, Mahalanobis and
// ODIN included, with the operating and 95 %-TPR thresholds) and the review package with a real training lineage
// (trainedBundleModel.ts). Every page: axe finds no serious violation, the charts drew pixels, keyboard reaches the
// controls; screenshots under test-output/e2e/{engineer,qa}/ and evaluation/ (and /tmp/notes/screens-s3/ when present).
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
import { trainedBundleModel } from '../main/app/trainedBundleModel';
import { syntheticEvaluationTables } from '../main/app/syntheticEvaluationTables';
import { repeatedControlNames, seriousAxeReport } from './axeCheck';
import { pixelStats } from './pixelStats';
import { goTo, openAppPage, signIn } from './signIn';
import { buildApp, rendererDir, seededUsers } from './startTestApp';

const output = path.join(repoRoot, 'test-output/e2e/evaluation');
const notesDir = '/tmp/notes/screens-s3';

/** Per-role screenshots (issue 14's Must show) go under test-output/e2e/<role>/, the rest under evaluation/. */
async function shot(page: Page, name: string, role?: 'engineer' | 'qa'): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  const file = role ? path.join(repoRoot, 'test-output/e2e', role, `${name}.png`) : path.join(output, `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
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
  let trained: Awaited<ReturnType<typeof trainedBundleModel>>;
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
    await recordRealEvaluation(store, services.host(), engineer, { odin: true });
    trained = await trainedBundleModel(store, services.host(), engineer, 'cxr-trained');
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
    // The gallery shows the cached images; a thumbnail opens the case's original PNG in the viewer, in a dialog that passes axe.
    const thumb = page.locator('.gallery .thumb canvas').first();
    await thumb.waitFor();
    expect(pixelStats(await thumb.screenshot()).distinct).toBeGreaterThan(5);
    await page.locator('.gallery .thumb').first().click();
    const viewer = 'dialog[open] [aria-label="Radiograph viewer"]';
    await page.waitForSelector(`${viewer}[data-status="ready"]`, { timeout: 60_000 });
    await page.waitForTimeout(300);
    expect(pixelStats(await page.locator(viewer).screenshot()).distinct).toBeGreaterThan(5);
    expect(await page.locator('dialog[open]').textContent()).toContain('The original file (PNG), in the viewer.');
    expect(await page.locator('dialog[open] .viewer .status').textContent()).toMatch(/64×64 px \(full resolution\), MONOCHROME2/);
    expect(await seriousAxeReport(page)).toEqual([]);
    await page.screenshot({ path: path.join(repoRoot, 'test-output/e2e/engineer/evaluation-case-viewer.png') });
    await page.keyboard.press('Escape');
    await page.waitForSelector('dialog[open]', { state: 'detached' });
    // The dataset folder moved away since import: the dialog says the original is gone and shows the cached input, labelled.
    const store = services.store();
    const root = (store.sqlite.prepare("SELECT root_path AS root FROM datasets WHERE name = 'nih'").get() as { root: string }).root;
    store.sqlite.prepare("UPDATE datasets SET root_path = ? WHERE name = 'nih'").run(path.join(dataDir, 'moved-away'));
    try {
      await page.locator('.gallery .thumb').first().click();
      await page.waitForSelector('dialog[open] canvas.large');
      expect(pixelStats(await page.locator('dialog[open] canvas.large').screenshot()).distinct).toBeGreaterThan(5);
      const dialog = (await page.locator('dialog[open]').textContent()) ?? '';
      expect(dialog).toMatch(/The original file cannot be opened: the original file .* is gone/);
      expect(dialog).toContain('Cached model input (32 × 32 px, as the model saw it), shown enlarged; not the original file.');
      expect(await seriousAxeReport(page)).toEqual([]);
      await page.screenshot({ path: path.join(output, 'validation-case-dialog.png') });
      await page.screenshot({ path: path.join(repoRoot, 'test-output/e2e/engineer/evaluation-case-gone.png') });
    } finally {
      store.sqlite.prepare("UPDATE datasets SET root_path = ? WHERE name = 'nih'").run(root);
    }
    await page.keyboard.press('Escape');
    await page.waitForSelector('dialog[open]', { state: 'detached' });
    expect(text).not.toMatch(/\d\.\d{6,}/);
    await pageIsAccessible(page);
    await shot(page, 'evaluation-validation', 'engineer');
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

  it('OOD: a histogram per detector (Mahalanobis and ODIN included) with the operating and 95 %-TPR lines, and detection with intervals', async () => {
    await goTo(page, 'ood');
    await pick(page, '#evaluation-select', 'cxr-micro-eval 1.0.0 on nih-test');
    for (const detector of ['energy', 'maxProbability', 'maxLogit', 'mahalanobis', 'odin'])
      await chartDrew(page, `OOD histogram ${detector}`);
    await chartDrew(page, 'OOD AUROC by set and detector');
    await pageIsAccessible(page);
    // Each chart's text summary (what a screen reader gets): AUROC, and the fraction each threshold flags per set.
    const summary = async (detector: string) =>
      (await page.locator(`[data-chart="OOD histogram ${detector}"] + figcaption`).textContent()) ?? '';
    expect(await summary('mahalanobis')).toMatch(
      /OOD AUROC on near 0\.\d+ \[.*operating threshold \(.+\) flags [\d.]+ % of in-distribution, [\d.]+ % of near; 95 % TPR on near/,
    );
    expect(await summary('odin')).toContain('The model has no operating threshold for this detector.');
    expect(await page.locator('main').textContent()).toContain("the model's operating threshold, from the bundle's ood.json");
    await shot(page, 'evaluation-ood', 'engineer');
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
    // A model registered from a bundle folder has no training run in the store: the page says so.
    expect(text).toContain('No training lineage: no training run in this store built this bundle');
    await shot(page, 'evaluation-review-package', 'qa');
  });

  it('Review package (QA): the training lineage of a bundle built from a run, with its parent run', async () => {
    await pick(page, '#review-model', 'cxr-trained 1.0.0');
    await page.waitForSelector('#lineage-heading + dl');
    await pageIsAccessible(page);
    const lineage = (await page.locator('section[aria-labelledby="evidence-heading"]').textContent()) ?? '';
    expect(lineage).toContain(trained.childRun);
    expect(lineage).toContain(trained.parentRun);
    for (const fact of [
      'Dataset content hash when trained',
      'Split seed',
      'Config hash',
      'Code version',
      'Backend',
      'Parent run (pretraining)',
    ])
      expect(lineage).toContain(fact);
    expect(lineage).toMatch(/Split seed\s*7/);
    expect(lineage).toContain('unchanged since training');
    expect(await page.locator('section[aria-labelledby="evidence-heading"] table tbody tr').count()).toBe(3);
    await shot(page, 'evaluation-review-lineage', 'qa');
    expect(consoleErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
