// End to end in a real Chromium against the loopback dev host: every page opens, errors of missing
// services are shown, a real DICOM is rendered by cornerstone3D (pixel check), no console errors.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths';
import { pixelDifference, pixelStats } from './pixelStats';
import { buildApp, gatedModel, seededUsers, startTestApp } from './startTestApp';

const screenshots = path.join(repoRoot, 'test-output/e2e');

/** Opens a page from the navigation and waits until it replaced the previous one (no stale elements). */
async function goTo(page: Page, id: string): Promise<void> {
  await page.click(`nav a[href="#/${id}"]`);
  await page.waitForSelector(`main[data-page="${id}"]`);
}
const pages = ['datasets', 'runs', 'validation', 'fairness', 'ood', 'worklist', 'models', 'audit', 'system'] as const;

describe('app in Chromium through the dev host', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    buildApp();
    fs.mkdirSync(screenshots, { recursive: true });
    app = await startTestApp();
    page = await app.browser.newPage();
    // The machine is shared: waits are generous (they bound a hang, they are not timing assertions).
    page.setDefaultTimeout(60_000);
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));
    await page.goto(app.host.url);
    await page.waitForSelector('main[data-page="datasets"]');
  });

  afterAll(async () => {
    await app?.close();
  });

  it('built a renderer bundle with no Node imports', () => {
    const assets = path.join(repoRoot, 'out/renderer/assets');
    const scripts = fs.readdirSync(assets).filter((f) => f.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const file of scripts) {
      const code = fs.readFileSync(path.join(assets, file), 'utf8');
      expect(code).not.toMatch(/\b(from|import)\s*\(?\s*["']node:/);
      expect(code).not.toMatch(/\brequire\(\s*["'](node:)?(fs|path|child_process|worker_threads|crypto|os)["']\s*\)/);
    }
  });

  it('takes the token out of the address bar', () => {
    expect(page.url()).not.toContain(app.host.token);
    expect(page.url()).toMatch(/#\/datasets$/);
  });

  it('opens every page, navigates by keyboard, and says when a stored evaluation has no OOD section', async () => {
    for (const id of pages) {
      await page.click(`nav a[href="#/${id}"]`);
      await page.waitForSelector(`main[data-page="${id}"]`);
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: path.join(screenshots, `page-${id}.png`) });
    }
    // Keyboard: Enter on a navigation link opens the page and moves focus into it.
    await page.focus('nav a[href="#/runs"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('main[data-page="runs"]');
    await page.waitForFunction(() => document.activeElement?.tagName === 'MAIN');
    await goTo(page, 'ood');
    const evaluation = await page.locator('#evaluation-select option:has-text("cxr-vit-e2e")').getAttribute('value');
    await page.selectOption('#evaluation-select', evaluation!);
    await page.waitForSelector('main p:has-text("no OOD section")');
  });

  it('imports the synthetic phantom dataset (csv format with its mapping file) with progress, splits it and plots its label prevalence', async () => {
    await goTo(page, 'datasets');
    await page.fill('#ds-name', 'phantoms-e2e');
    await page.selectOption('#ds-format', 'csv');
    await page.fill('#ds-source', app.phantoms.dir);
    await page.fill('#ds-labels', app.phantoms.mappingFile);
    await page.fill('#ds-size', '32');
    await page.click('button:has-text("Import")');
    await page.waitForSelector('section[aria-label="Import progress"] h4:has-text("succeeded")', { timeout: 60_000 });
    await page.click('tr:has-text("phantoms-e2e") button:has-text("Show")');
    await page.fill('#split-seed', '2');
    await page.click('button:has-text("Split by patient")');
    await page.waitForSelector('text=Leakage check: no patient appears in more than one split');
    const chart = page.locator('[data-chart="Label prevalence"]');
    await chart.locator('canvas').waitFor();
    await page.waitForTimeout(200);
    const stats = pixelStats(await chart.screenshot({ path: path.join(screenshots, 'datasets-prevalence.png') }));
    expect(stats.distinct).toBeGreaterThan(5);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain(`${app.phantoms.files.length} images`);
    await page.screenshot({ path: path.join(screenshots, 'datasets-summary.png'), fullPage: true });
  });

  it('trains a small ViT on the imported phantom dataset with live loss and validation curves', async () => {
    await goTo(page, 'runs');
    await page.selectOption('#run-dataset', 'phantoms-e2e');
    await page.selectOption('#run-preset', 'vit-micro');
    await page.fill('#run-epochs', '2');
    await page.fill('#run-batch', '8');
    await page.click('button:has-text("Start")');
    await page.waitForSelector('#curves-heading:has-text("succeeded")', { timeout: 90_000 });
    for (const chart of ['Loss curves', 'Validation metric curves']) {
      const element = page.locator(`[data-chart="${chart}"]`);
      await page.waitForTimeout(150);
      expect(pixelStats(await element.screenshot()).distinct).toBeGreaterThan(5);
    }
    expect(await page.locator('main').textContent()).toContain('val macro-AUROC');
    await page.screenshot({ path: path.join(screenshots, 'runs-curves.png'), fullPage: true });
  });

  it('renders a real chest radiograph with cornerstone3D and its histogram', async () => {
    await goTo(page, 'worklist');
    await page.waitForSelector('section[aria-labelledby="worklist-heading"] p:has-text("No review has run in this session.")');
    const study = page.locator('button[data-study-name="fo-dicom/CR-MONO1-10-chest"]');
    await study.click();
    await page.waitForSelector('[aria-label="Radiograph viewer"][data-status="ready"]', { timeout: 60_000 });
    await page.waitForSelector('[data-chart="Pixel value histogram"] canvas');
    await page.waitForTimeout(300);
    const viewer = page.locator('[aria-label="Radiograph viewer"]');
    const shot = await viewer.screenshot({ path: path.join(screenshots, 'viewer-cr-mono1-chest.png') });
    const stats = pixelStats(shot);
    expect(stats.width).toBeGreaterThan(300);
    expect(stats.distinct).toBeGreaterThan(50);
    expect(stats.std).toBeGreaterThan(10);
    const status = await page.locator('.viewer .status').textContent();
    expect(status).toContain('440×440');
    expect(status).toContain('MONOCHROME1');

    // Invert changes the picture: mean brightness moves to the other side.
    await page.click('button:has-text("Invert")');
    await page.waitForTimeout(200);
    const inverted = pixelStats(await viewer.screenshot({ path: path.join(screenshots, 'viewer-inverted.png') }));
    expect(Math.abs(inverted.mean - stats.mean)).toBeGreaterThan(10);

    // Keyboard: R resets (back to the first picture), + zooms in (a different picture).
    await viewer.focus();
    await page.keyboard.press('r');
    await page.waitForTimeout(200);
    const reset = await viewer.screenshot();
    expect(pixelDifference(reset, shot)).toBeLessThan(0.01);
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await page.waitForTimeout(200);
    const zoomed = await viewer.screenshot({ path: path.join(screenshots, 'viewer-zoomed.png') });
    expect(pixelDifference(zoomed, shot)).toBeGreaterThan(0.2);

    const chart = pixelStats(await page.locator('[data-chart="Pixel value histogram"]').screenshot({ path: path.join(screenshots, 'histogram.png') }));
    expect(chart.distinct).toBeGreaterThan(5);
    await page.screenshot({ path: path.join(screenshots, 'worklist-viewer.png') });
  });

  it('shows a stored evaluation: discrimination with CIs, reliability, coverage–risk, subgroup forest plot', async () => {
    await goTo(page, 'validation');
    const evaluation = await page.locator('#evaluation-select option:has-text("cxr-vit-e2e 1.0.0 on synthetic")').getAttribute('value');
    await page.selectOption('#evaluation-select', evaluation!);
    for (const chart of ['AUROC and AUPRC per label', 'Reliability Effusion', 'Coverage–risk']) {
      const element = page.locator(`[data-chart="${chart}"]`);
      await element.locator('canvas').waitFor();
      await page.waitForTimeout(150);
      expect(pixelStats(await element.screenshot()).distinct).toBeGreaterThan(5);
    }
    expect(await page.locator('main').textContent()).toContain('120 cases');
    await page.screenshot({ path: path.join(screenshots, 'validation.png'), fullPage: true });
    await goTo(page, 'fairness');
    await page.selectOption('#evaluation-select', evaluation!);
    const forest = page.locator('[data-chart="Subgroup macro AUROC forest plot"]');
    await forest.locator('canvas').waitFor();
    await page.waitForTimeout(150);
    expect(pixelStats(await forest.screenshot()).distinct).toBeGreaterThan(5);
    await page.screenshot({ path: path.join(screenshots, 'fairness.png'), fullPage: true });
  });

  it('signs a model with password re-entry, refuses a lock without gates, and verifies the audit chain', async () => {
    await goTo(page, 'models');
    await page.click('tr:has-text("cxr-vit-e2e") button:has-text("Open")');
    await page.waitForSelector('h3:has-text("cxr-vit-e2e 1.0.0 — draft")');
    await page.fill('#sign-user', seededUsers.engineer.user);
    await page.fill('#sign-password', 'wrong password');
    await page.selectOption('#sign-meaning', 'authored');
    await page.click('button:has-text("Sign")');
    await page.waitForSelector('[role="alert"][data-error-code="AUTH_FAILED"]');
    expect(await page.inputValue('#sign-password')).toBe('');
    await page.fill('#sign-password', seededUsers.engineer.password);
    await page.click('button:has-text("Sign")');
    await page.waitForSelector('li:has-text("Erin Engineer (engineer) — authored")');
    await page.fill('#sign-user', seededUsers.qa.user);
    await page.fill('#sign-password', seededUsers.qa.password);
    await page.click('button:has-text("Lock model")');
    await page.waitForSelector('[role="alert"][data-error-code="LOCK_REFUSED"]');
    await page.screenshot({ path: path.join(screenshots, 'models-sign-lock.png'), fullPage: true });

    await goTo(page, 'audit');
    await page.waitForSelector('td:has-text("model.register")');
    await page.click('button:has-text("Verify chain")');
    const verdict = await page.locator('p[role="status"]').textContent();
    expect(verdict).toMatch(/^\s*Chain intact: \d+ events/);
    await page.fill('#audit-action', 'sign.authored');
    await page.click('button:has-text("Filter")');
    await page.waitForFunction(() => {
      const rows = Array.from(document.querySelectorAll('main tbody tr'));
      return rows.length > 0 && rows.every((row) => row.textContent?.includes('sign.authored'));
    });
    expect(await page.locator('main tbody tr').first().textContent()).toContain('erin');
    await page.screenshot({ path: path.join(screenshots, 'audit.png'), fullPage: true });
  });

  it('signs (engineer authored, QA approved) and locks a model whose gates pass, shown as locked and audited', async () => {
    await goTo(page, 'models');
    const row = page.locator(`tr:has-text("${gatedModel.name}")`);
    await row.locator('button:has-text("Open")').click();
    const title = `${gatedModel.name} ${gatedModel.version}`;
    await page.waitForSelector(`h3:has-text("${title} — draft")`);
    await page.waitForSelector('p:has-text("research-minimal: all passed")');
    await page.fill('#sign-user', seededUsers.engineer.user);
    await page.fill('#sign-password', seededUsers.engineer.password);
    await page.selectOption('#sign-meaning', 'authored');
    await page.click('button:has-text("Sign")');
    await page.waitForSelector('li:has-text("Erin Engineer (engineer) — authored")');
    expect(await page.inputValue('#sign-password')).toBe('');
    await page.fill('#sign-user', seededUsers.qa.user);
    await page.fill('#sign-password', seededUsers.qa.password);
    await page.selectOption('#sign-meaning', 'approved');
    await page.click('button:has-text("Sign")');
    await page.waitForSelector('li:has-text("Quinn QA (qa) — approved")');
    // The lock re-authenticates too: the password field was cleared after the signature.
    expect(await page.inputValue('#sign-password')).toBe('');
    await page.fill('#sign-password', seededUsers.qa.password);
    await page.click('button:has-text("Lock model")');
    await page.waitForSelector(`h3:has-text("${title} — locked")`);
    await page.waitForSelector(`p:has-text("Locked by ${seededUsers.qa.user} at")`);
    await row.locator('td:nth-child(4):text-is("locked")').waitFor();
    expect(await page.locator('[role="alert"]').count()).toBe(0);
    await page.screenshot({ path: path.join(screenshots, 'models-locked.png'), fullPage: true });

    await goTo(page, 'audit');
    await page.fill('#audit-action', 'model.lock');
    await page.click('button:has-text("Filter")');
    // One model.lock row for this model (the seeded micro model was locked before the app started).
    await page.waitForFunction((modelId) => {
      const rows = Array.from(document.querySelectorAll('main tbody tr'));
      return rows.length > 0 && rows.every((r) => r.textContent?.includes('model.lock')) && rows.some((r) => r.textContent?.includes(modelId));
    }, app.gatedModelId);
    const lockRows = (await page.locator('main tbody tr').allTextContents()).filter((text) => text.includes(app.gatedModelId));
    expect(lockRows).toHaveLength(1);
    expect(lockRows[0]).toContain(seededUsers.qa.user);
    await page.screenshot({ path: path.join(screenshots, 'audit-model-lock.png'), fullPage: true });
  });

  it('reviews the DICOM folder with the locked model: worklist, outputs, saliency, adjudication', async () => {
    await goTo(page, 'worklist');
    const model = await page.locator('#review-model option:has-text("micro 1")').getAttribute('value');
    await page.selectOption('#review-model', model!);
    await page.click('button:has-text("Run review")');
    await page.waitForSelector('p[role="status"]:has-text("studies reviewed")', { timeout: 90_000 });
    const ct = page.locator('button[data-worklist-name="fo-dicom/D_CLUNIE_CT1_RLE_FRAGS.dcm"]');
    expect(await ct.textContent()).toMatch(/ood/);
    await ct.click();
    await page.waitForSelector('[aria-label="Radiograph viewer"][data-status="ready"]', { timeout: 60_000 });
    await page.waitForSelector('text=flagged out-of-distribution');
    expect(await page.locator('section[aria-labelledby="outputs-heading"] tbody tr').count()).toBeGreaterThan(0);
    await page.click('button:has-text("Saliency")');
    const saliency = page.locator('figure.saliency img');
    await saliency.waitFor();
    expect(pixelStats(await saliency.screenshot()).distinct).toBeGreaterThan(5);
    await page.screenshot({ path: path.join(screenshots, 'worklist-review.png'), fullPage: true });
    // Adjudication: the reading form offers the bundle's labels; an engineer is refused, a radiologist's reading is stored.
    await page.selectOption('#reading-Effusion', 'positive');
    await page.selectOption('#reading-Pneumothorax', 'uncertain');
    await page.fill('#adjudication-comment', 'e2e reading');
    await page.fill('#reading-user', seededUsers.engineer.user);
    await page.fill('#reading-password', seededUsers.engineer.password);
    await page.click('button:has-text("Save reading")');
    await page.waitForSelector('[role="alert"][data-error-code="FORBIDDEN"]');
    expect(await page.inputValue('#reading-password')).toBe('');
    await page.fill('#reading-user', seededUsers.radiologist.user);
    await page.fill('#reading-password', seededUsers.radiologist.password);
    await page.click('button:has-text("Save reading")');
    const saved = page.locator('[data-adjudication]');
    await saved.waitFor();
    const savedText = await saved.textContent();
    expect(savedText).toContain('read by Rita Radiologist (rita, radiologist)');
    expect(await saved.locator('li').allTextContents()).toEqual(['Effusion: positive', 'Pneumothorax: uncertain']);
    expect(savedText).toContain('Comment: e2e reading');
    // The worklist marks the study as adjudicated (from the store, not from the page's memory).
    await page.waitForFunction(() => document.querySelector('button[data-worklist-name="fo-dicom/D_CLUNIE_CT1_RLE_FRAGS.dcm"]')?.textContent?.includes('✓'));
    await page.screenshot({ path: path.join(screenshots, 'worklist-adjudication.png'), fullPage: true });
    await goTo(page, 'audit');
    await page.fill('#audit-action', 'adjudication.record');
    await page.click('button:has-text("Filter")');
    await page.waitForFunction(() => {
      const rows = Array.from(document.querySelectorAll('main tbody tr'));
      return rows.length === 1 && rows[0]!.textContent!.includes('rita');
    });
  });

  it('exports the model card PDF from the Models page', async () => {
    await goTo(page, 'models');
    await page.click('tr:has-text("cxr-vit-e2e") button:has-text("Open")');
    await page.waitForSelector('h3:has-text("cxr-vit-e2e 1.0.0")');
    await page.click('button:has-text("Export PDF")');
    const status = page.locator('p[role="status"]:has-text("Model card written to")');
    await status.waitFor({ timeout: 90_000 });
    const match = /Model card written to (.+\.pdf) \((\d+) pages\)/.exec((await status.textContent()) ?? '');
    expect(match).not.toBeNull();
    const file = match![1]!;
    expect(Number(match![2])).toBeGreaterThan(0);
    const bytes = fs.readFileSync(file);
    expect(bytes.length).toBeGreaterThan(0);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
