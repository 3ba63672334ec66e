// The engineer's flow in Chromium, with a restart in the middle: import the synthetic phantom dataset (csv with its
// mapping file) with progress, split it by patient, train a small ViT with live curves; then the app's services and
// dev host stop and start again on the same SQLite data dir, and the session, the dataset with its split, and the
// run with its status and epoch curves are all still there. Then, from that stored run: bundle and register it as a
// draft model (a form error first), evaluate the model on the dataset's test split, and find the model on the Models
// page and its evaluation in the Validation page's picker. Axe on the pages as they come back; screenshots under
// test-output/e2e/engineer/.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths';
import { chartDrew, pageIsAccessible } from './pageChecks';
import { goTo, openAppPage, signIn } from './signIn';
import { buildApp, startTestApp, type TestApp } from './startTestApp';

const screenshots = path.join(repoRoot, 'test-output/e2e/engineer');
const dataset = 'phantoms-e2e';

/** The whole page, scrolled to the top first, so the sticky header sits where a user sees it. */
async function fullShot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
}

describe('engineer in Chromium, across a restart', () => {
  let app: TestApp;
  let page: Page;
  const consoleErrors: string[] = [];
  let runId = '';
  let curvesBefore = '';

  beforeAll(async () => {
    buildApp();
    fs.mkdirSync(screenshots, { recursive: true });
    app = await startTestApp();
    page = await openAppPage(app.browser, app.host.url, consoleErrors);
    // The build, the phantoms and the locked model's seeding take minutes on a loaded shared machine (a bound on a hang).
  }, 300_000);
  afterAll(async () => {
    await app?.close();
  });

  it('imports the synthetic phantom dataset (csv with its mapping file) with progress, splits it and plots its label prevalence', async () => {
    await signIn(page, 'engineer');
    await page.waitForSelector('main[data-page="datasets"]');
    await page.fill('#ds-name', dataset);
    await page.selectOption('#ds-format', 'csv');
    await page.fill('#ds-source', app.phantoms.dir);
    await page.fill('#ds-labels', app.phantoms.mappingFile);
    await page.fill('#ds-size', '32');
    await page.click('main button:has-text("Import")');
    await page.waitForSelector('section[aria-label="Import progress"][data-job-status="succeeded"]', { timeout: 60_000 });
    await page.click(`tr:has-text("${dataset}") button:has-text("Show")`);
    await page.fill('#split-seed', '2');
    await page.click('button:has-text("Split by patient")');
    await page.waitForSelector('text=Leakage check: no patient appears in more than one split');
    await chartDrew(page, 'Label prevalence');
    expect(await page.locator('figcaption:near([data-chart="Label prevalence"])').first().textContent()).toMatch(
      /^Positive images per label, most common first: /,
    );
    expect(await page.locator('main').textContent()).toContain(`${app.phantoms.files.length} images`);
    // Metadata fields by readable names, and no empty quarantine table when nothing was quarantined.
    const fields = await page.locator('h3:has-text("Metadata coverage") + table tbody td:first-child').allTextContents();
    expect(fields).toContain('Age (years)');
    expect(fields).not.toContain('ageYears');
    await page.waitForSelector('text=No file was quarantined.');
    expect(await page.locator('h3:has-text("Quarantine") + table').count()).toBe(0);
    await fullShot(page, 'datasets-summary');
  });

  it('trains a small ViT on the imported dataset with live loss and validation curves at the right step', async () => {
    await goTo(page, 'runs');
    await page.selectOption('#run-dataset', { label: `${dataset} (${app.phantoms.files.length} images)` });
    await page.selectOption('#run-preset', 'vit-micro');
    await page.fill('#run-epochs', '2');
    await page.fill('#run-batch', '8');
    await page.click('main button:has-text("Start")');
    await page.waitForSelector('#curves-heading:has-text("succeeded")', { timeout: 90_000 });
    for (const chart of ['Loss curves', 'Validation metric curves']) await chartDrew(page, chart);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toMatch(/loss \(train\) from [\d.]+ at step \d+ to [\d.]+ at step \d+/);
    // Validation points sit at the step their epoch ended, not at step 0.
    curvesBefore = text.match(/macro AUROC \(val\) from [\d.]+ at step [1-9]\d* to [\d.]+ at step \d+/)![0];
    const row = page.locator('main table tbody tr').first();
    expect(await row.locator('[data-status]').getAttribute('data-status')).toBe('succeeded');
    runId = (await row.locator('button[aria-label^="Curves of run "]').getAttribute('aria-label'))!.replace('Curves of run ', '');
    await pageIsAccessible(page);
    await fullShot(page, 'runs-curves');
  });

  it('after a restart on the same data dir: still signed in; the dataset, its split and the run with its epoch curves are back', async () => {
    // Quitting the app closes its window; the new launch opens a new one (with a new launch token).
    await page.goto('about:blank');
    await app.restart();
    await page.goto(app.host.url);
    await page.waitForSelector('main[data-page="datasets"]');
    expect(await page.locator('header .who').textContent()).toContain('Erin Engineer');
    await page.click(`tr:has-text("${dataset}") button:has-text("Show")`);
    await page.waitForSelector('text=Leakage check: no patient appears in more than one split');
    await goTo(page, 'runs');
    const row = page.locator(`main table tbody tr:has(button[aria-label="Curves of run ${runId}"])`);
    expect(await row.locator('[data-status]').getAttribute('data-status')).toBe('succeeded');
    expect(await row.textContent()).toContain('vit-micro');
    await row.locator('button').click();
    await page.waitForSelector('#curves-heading:has-text("succeeded")');
    await page.waitForSelector('p:has-text("Finished in an earlier session")');
    await chartDrew(page, 'Validation metric curves');
    // The same validation points as before the restart, at the same steps (from the stored result, not recomputed).
    expect(await page.locator('main').textContent()).toContain(curvesBefore);
    await pageIsAccessible(page);
    await fullShot(page, 'runs-after-restart');
  });

  it('bundles the stored run and registers it, evaluates the model on the test split, and finds it on the Models and Validation pages', async () => {
    // The finished run (trained before the restart) offers "Bundle & register" under its curves.
    await goTo(page, 'runs');
    await page.click(`button[aria-label="Curves of run ${runId}"]`);
    await page.waitForSelector('#curves-heading:has-text("succeeded")');
    await page.waitForSelector('#bundle-heading');
    await page.fill('#bundle-threshold', 'sens>=2');
    await page.fill('#bundle-name', 'phantom-micro');
    await page.fill('#bundle-version', '1.0.0');
    await page.click('main button:has-text("Bundle & register")');
    const formError = page.locator('.error-panel:has-text("Bundle & register")');
    await formError.waitFor();
    expect(await formError.getAttribute('data-error-code')).toBe('INVALID_ARGUMENT');
    expect(await formError.textContent()).toContain('Threshold rule');
    await page.fill('#bundle-threshold', 'max-f1');
    await page.click('main button:has-text("Bundle & register")');
    await page.waitForSelector('section[aria-label="Bundle progress"][data-job-status="succeeded"]', { timeout: 180_000 });
    expect(await page.locator('section[aria-label="Bundle progress"]').textContent()).toContain(
      'Registered phantom-micro 1.0.0 as a draft model',
    );
    const link = page.locator('#registered-heading ~ ul a[href^="#/models/"]');
    await link.waitFor();
    expect(await link.textContent()).toBe('phantom-micro 1.0.0');
    const modelId = (await link.getAttribute('href'))!.replace('#/models/', '');
    await pageIsAccessible(page);
    await fullShot(page, 'runs-bundled');

    await page.selectOption('#eval-dataset', dataset);
    await page.selectOption('#eval-split', 'test');
    await page.click('main button:has-text("Evaluate")');
    await page.waitForSelector('section[aria-label="Evaluation progress"][data-job-status="succeeded"]', { timeout: 180_000 });
    expect(await page.locator('section[aria-label="Evaluation progress"]').textContent()).toMatch(
      /Evaluation #\d+ recorded for phantom-micro 1\.0\.0/,
    );
    await pageIsAccessible(page);
    await fullShot(page, 'runs-evaluated');

    // The link opens the registered draft on the Models page.
    await link.click();
    await page.waitForSelector('main[data-page="models"]');
    await page.waitForSelector('#model-heading:has-text("phantom-micro 1.0.0 — draft")');
    expect(await page.locator(`main tr[aria-current="true"]`).textContent()).toContain('phantom-micro');
    expect(modelId).not.toBe('');
    await pageIsAccessible(page);
    await fullShot(page, 'models-registered');

    // The recorded evaluation is offered on the Validation page.
    await goTo(page, 'validation');
    const option = page.locator('#evaluation-select option', { hasText: 'phantom-micro 1.0.0 on test' });
    await option.waitFor({ state: 'attached' });
    await page.selectOption('#evaluation-select', (await option.getAttribute('value'))!);
    await page.waitForSelector('main [data-chart]');
    await pageIsAccessible(page);
    await fullShot(page, 'validation-evaluated');
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
