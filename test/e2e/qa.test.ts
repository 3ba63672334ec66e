// QA's sign-off in Chromium, in the order a reviewer works: the review package of a draft model (identity, gate
// history, the author's signature, the model's audit trail), the signature dialog (statement of intent and the exact
// record: model id and bundle SHA-256), the lock as a separate confirmed step, then the package again (locked, both
// signatures current) and its model card PDF, downloaded and read back with pdftotext. Axe on every state;
// screenshots under test-output/e2e/qa/.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths';
import { downloadOrRefusal, pageIsAccessible } from './pageChecks';
import { goTo, openAppPage, signIn, signOut } from './signIn';
import { buildApp, gatedModel, seededUsers, startTestApp, type TestApp } from './startTestApp';

const screenshots = path.join(repoRoot, 'test-output/e2e/qa');
const shot = (name: string) => path.join(screenshots, `${name}.png`);
const title = `${gatedModel.name} ${gatedModel.version}`;
/** Text as a reader sees it: the template's line breaks and indentation folded into single spaces. */
const words = (text: string | null) => (text ?? '').replace(/\s+/g, ' ');

/** Opens the gated model's review package and waits for its trail (the last section to load). */
async function openPackage(page: Page, status: string): Promise<void> {
  await goTo(page, 'review');
  const value = await page.locator(`#review-model option:has-text("${title} (${status})")`).getAttribute('value');
  await page.selectOption('#review-model', value!);
  await page.waitForSelector('section[aria-labelledby="trail-heading"] tbody tr');
}

/** The Models page's detail of the gated model. */
async function openModel(page: Page, status: string): Promise<void> {
  await goTo(page, 'models');
  await page.click(`tr:has-text("${gatedModel.name}") button:has-text("Open")`);
  await page.waitForSelector(`#model-heading:has-text("${title} — ${status}")`);
}

describe('QA sign-off in Chromium: review package → signature → lock → PDF', () => {
  let app: TestApp;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    buildApp();
    fs.mkdirSync(screenshots, { recursive: true });
    app = await startTestApp();
    page = await openAppPage(app.browser, app.host.url, consoleErrors);
    await page.setViewportSize({ width: 1280, height: 1000 });
    // The build and the locked model's seeding take minutes on a loaded shared machine (a bound on a hang).
  }, 300_000);
  afterAll(async () => {
    await app?.close();
  });

  it('the engineer signs as author first (the release policy asks for an author before QA approves)', async () => {
    await signIn(page, 'engineer');
    await openModel(page, 'draft');
    await page.click('button:has-text("Sign…")');
    await page.selectOption('#sign-meaning', 'authored');
    await page.locator('dialog[open] [data-statement]:has-text("I am the author")').waitFor();
    await page.fill('#sign-password', seededUsers.engineer.password);
    await page.locator('dialog[open] button:has-text("Sign")').last().click();
    await page.locator('ul.signatures li:has-text("Erin Engineer (engineer)")').waitFor();
    await signOut(page);
  });

  it('review package: identity, the passing gate evaluation, the author signature and the model audit trail', async () => {
    await signIn(page, 'qa');
    await openPackage(page, 'draft');
    const identity = words(await page.locator('section[aria-labelledby="identity-heading"]').textContent());
    expect(identity).toContain('c'.repeat(64));
    expect(identity).toContain('Lock not locked');
    const gates = page.locator('section[aria-labelledby="gates-heading"] tbody tr');
    expect(await gates.count()).toBe(1);
    expect(await gates.first().locator('[data-status]').getAttribute('data-status')).toBe('pass');
    const signatures = await page.locator('section[aria-labelledby="signatures-heading"] tbody tr').allTextContents();
    expect(signatures).toHaveLength(1);
    expect(signatures[0]).toMatch(/Erin Engineer \(engineer\).*authored.*current/);
    const trail = await page.locator('section[aria-labelledby="trail-heading"] tbody tr').allTextContents();
    // The model's own record and the events about it recorded under other records: its gate evaluation and the signature.
    expect(trail.some((row) => row.includes('model.register') && row.includes(app.gatedModelId))).toBe(true);
    expect(trail.some((row) => row.includes('gate.passed') && row.includes('gate_evaluation:'))).toBe(true);
    expect(trail.some((row) => row.includes('sign.authored') && row.includes('signature:'))).toBe(true);
    await pageIsAccessible(page);
    await page.screenshot({ path: shot('review-package-draft') });
  });

  it('signature dialog: the statement of intent and the exact record (model id, bundle SHA-256, gate evaluation)', async () => {
    await openModel(page, 'draft');
    await page.click('button:has-text("Sign…")');
    const dialog = page.locator('dialog[open]');
    await page.selectOption('#sign-meaning', 'approved');
    const statement = dialog.locator('[data-statement]:has-text("I approve this model record for release")');
    await statement.waitFor();
    const record = (await dialog.locator('[data-signed-record]').textContent()) ?? '';
    expect(record).toContain(title);
    expect(record).toContain(app.gatedModelId);
    expect(record).toContain('c'.repeat(64));
    expect(record).not.toContain('none yet');
    expect(await statement.textContent()).toContain('c'.repeat(64));
    expect(await dialog.textContent()).toContain('Signing as Quinn QA (quinn, qa)');
    await pageIsAccessible(page);
    await page.screenshot({ path: shot('signature-statement') });
    await page.fill('#sign-password', seededUsers.qa.password);
    await dialog.locator('button:has-text("Sign")').last().click();
    await page.locator('ul.signatures li:has-text("Quinn QA (qa)")').waitFor();
    // Signing does not lock: the model is still a draft until the separate lock step.
    await page.waitForSelector(`#model-heading:has-text("${title} — draft")`);
  });

  it('lock is a separate, confirmed step: refused until ticked and the password entered, then the model is locked', async () => {
    await page.click('button:has-text("Lock model…")');
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    const lock = dialog.locator('button:has-text("Lock model")');
    expect(await lock.isDisabled()).toBe(true);
    await dialog.locator('input[type="checkbox"]').check();
    expect(await lock.isDisabled()).toBe(true);
    await page.fill('#lock-password', seededUsers.qa.password);
    expect(await lock.isDisabled()).toBe(false);
    await pageIsAccessible(page);
    await page.screenshot({ path: shot('lock-confirm') });
    await lock.click();
    await page.waitForSelector(`#model-heading:has-text("${title} — locked")`);
    await page.waitForSelector(`p:has-text("Locked by ${seededUsers.qa.user} at")`);
  });

  it('the package shows the lock and both signatures current; its model card PDF downloads, opens and names the model', async () => {
    await openPackage(page, 'locked');
    expect(words(await page.locator('section[aria-labelledby="identity-heading"]').textContent())).toMatch(
      /Lock quinn, .*\(bundle c{16}…\)/,
    );
    const signatures = await page.locator('section[aria-labelledby="signatures-heading"] tbody tr').allTextContents();
    expect(signatures).toHaveLength(2);
    expect(signatures.every((row) => row.includes('current'))).toBe(true);
    expect((await page.locator('section[aria-labelledby="trail-heading"] tbody tr').allTextContents()).join('\n')).toContain('model.lock');
    await pageIsAccessible(page);
    await page.screenshot({ path: shot('review-package-locked'), fullPage: true });
    const download = await downloadOrRefusal(
      page,
      'section[aria-labelledby="identity-heading"] button:has-text("Download model card (PDF)")',
      page.locator('section[aria-labelledby="identity-heading"] [role="alert"]'),
    );
    expect(download.suggestedFilename()).toBe(`model-card-${app.gatedModelId}.pdf`);
    const file = path.join(screenshots, 'model-card.pdf');
    await download.saveAs(file);
    expect(fs.readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The PDF opens in a real reader (poppler) and its text names the model it certifies.
    const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text.status, text.stderr).toBe(0);
    expect(words(text.stdout)).toContain(gatedModel.name);
    expect(words(text.stdout)).toContain(app.gatedModelId);
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
