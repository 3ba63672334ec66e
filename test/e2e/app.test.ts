// End to end in a real Chromium against the loopback dev host, as each of the app's users: the engineer
// views, validates and signs (import, split and train are in engineer.test.ts); the radiologist reviews, reads and saves a reading; QA signs with the
// statement of intent, locks in a confirmed step, audits and downloads the model card. Every page of every
// role is checked with axe-core and photographed under test-output/e2e/<role>/; no console errors.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pages as allPages, pagesFor } from '../../src-renderer/lib/pages';
import { repoRoot } from '../helpers/paths';
import { repeatedControlNames, seriousAxeReport } from './axeCheck';
import { downloadOrRefusal } from './pageChecks';
import { pixelDifference, pixelStats } from './pixelStats';
import { goTo, openAppPage, signIn, signOut } from './signIn';
import { buildApp, gatedModel, seededUsers, startTestApp, type SeededRole } from './startTestApp';

const output = path.join(repoRoot, 'test-output/e2e');
const shot = (role: SeededRole, name: string) => path.join(output, role, `${name}.png`);

/** Opens every page the role has, checks it with axe and for repeated control names, photographs it; returns the findings by page. */
async function visitEveryPage(page: Page, role: SeededRole): Promise<Record<string, unknown>> {
  const found: Record<string, unknown> = {};
  for (const { id } of pagesFor(role)) {
    await goTo(page, id);
    await page.waitForLoadState('networkidle');
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
    const violations = [...(await seriousAxeReport(page)), ...(await repeatedControlNames(page)).map((n) => `repeated control name ${n}`)];
    if (violations.length) found[id] = violations;
    await page.screenshot({ path: shot(role, `page-${id}`) });
  }
  return found;
}

/** The whole page: scrolled to the top first, so the sticky header and navigation sit where a user sees them. */
async function fullShot(page: Page, file: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: file, fullPage: true });
}

/** Fails with every finding spelled out (an assertion diff would cut them short). */
function noFindings(findings: Record<string, unknown> | string[]): void {
  if (Object.keys(findings).length) throw new Error(`accessibility findings:\n${JSON.stringify(findings, null, 2)}`);
}

async function apiCall(page: Page, channel: string, payload: unknown): Promise<{ ok: boolean; error?: { code: string; message: string } }> {
  return page.evaluate(
    async ([c, p]) => {
      const response = await fetch(`/api/${c}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(p),
      });
      return response.json();
    },
    [channel, payload] as const,
  );
}

describe('app in Chromium through the dev host, per role', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    buildApp();
    for (const role of ['engineer', 'radiologist', 'qa'] as const) fs.mkdirSync(path.join(output, role), { recursive: true });
    app = await startTestApp();
    page = await openAppPage(app.browser, app.host.url, consoleErrors);
    await page.waitForSelector('main[data-page="sign-in"]');
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

  it('takes the key out of the address bar and asks who is there; the sign-in screen passes axe', async () => {
    expect(page.url()).not.toContain(app.host.token);
    noFindings(await seriousAxeReport(page));
    await page.screenshot({ path: path.join(output, 'sign-in.png') });
  });

  it('engineer: every page opens with its title, passes axe, navigates by keyboard, and a stored evaluation without OOD says so', async () => {
    await signIn(page, 'engineer');
    await page.waitForSelector('main[data-page="datasets"]');
    expect(await page.locator('nav a').count()).toBe(pagesFor('engineer').length);
    noFindings(await visitEveryPage(page, 'engineer'));
    expect(await page.title()).toBe(`${allPages.find((p) => p.id === 'system')!.title} — Hilum`);
    // Keyboard: Enter on a navigation link opens the page and moves focus into it.
    await page.focus('nav a[href="#/runs"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('main[data-page="runs"]');
    await page.waitForFunction(() => document.activeElement?.tagName === 'MAIN');
    await goTo(page, 'ood');
    const evaluation = await page.locator('#evaluation-select option:has-text("cxr-vit-e2e")').getAttribute('value');
    await page.selectOption('#evaluation-select', evaluation!);
    await page.waitForSelector('main p:has-text("no OOD section")');
    expect(await page.locator('header .model-in-view').textContent()).toContain('cxr-vit-e2e 1.0.0');
  });

  it('engineer: renders a real chest radiograph with cornerstone3D (icons, presets, keyboard) and is refused a reading', async () => {
    await goTo(page, 'worklist');
    const study = page.locator('button[data-study-name="fo-dicom/CR-MONO1-10-chest"]');
    await study.click();
    await page.waitForSelector('[aria-label="Radiograph viewer"][data-status="ready"]', { timeout: 60_000 });
    await page.waitForSelector('[data-chart="Pixel value histogram"] canvas');
    await page.waitForTimeout(300);
    const viewer = page.locator('[aria-label="Radiograph viewer"]');
    const first = await viewer.screenshot();
    const stats = pixelStats(first);
    expect(stats.width).toBeGreaterThan(300);
    expect(stats.distinct).toBeGreaterThan(50);
    expect(stats.std).toBeGreaterThan(10);
    const status = await page.locator('.viewer .status').textContent();
    expect(status).toContain('440×440');
    expect(status).toContain('MONOCHROME1');
    // The zoom buttons are drawn icons with names, not font glyphs.
    expect(await page.locator('button[aria-label="Zoom in (+)"] svg path').count()).toBe(1);

    await page.click('button:has-text("Invert")');
    await page.waitForTimeout(200);
    const inverted = pixelStats(await viewer.screenshot());
    expect(Math.abs(inverted.mean - stats.mean)).toBeGreaterThan(10);
    await viewer.focus();
    await page.keyboard.press('r');
    await page.waitForTimeout(200);
    expect(pixelDifference(await viewer.screenshot(), first)).toBeLessThan(0.01);
    await page.keyboard.press('3');
    await page.waitForTimeout(200);
    expect(await page.inputValue('#wl-width')).toBe(String(Math.round(Number(status!.match(/window -?\d+\/(\d+)/)![1]) / 2)));
    await page.keyboard.press('1');
    await page.click('button[aria-label="Zoom in (+)"]');
    await page.keyboard.press('+');
    await page.waitForTimeout(200);
    expect(pixelDifference(await viewer.screenshot(), first)).toBeGreaterThan(0.2);
    await page.screenshot({ path: shot('engineer', 'viewer') });
    // A file without pixel data says so in words (it used to show "BUG — the image loader did not record the image it loaded").
    await page.click('button[data-study-name="orthanc-tests/Issue56-NoPixelData.dcm"]');
    await page.waitForSelector('[aria-label="Radiograph viewer"][data-status="failed"]');
    const noPixels = page.locator('.viewer [role="alert"]');
    expect(await noPixels.getAttribute('data-error-code')).toBe('DICOM_NO_PIXEL_DATA');
    expect(await noPixels.textContent()).toContain('The DICOM data set has no pixel data');
    const refused = await apiCall(page, 'worklist.adjudicate', {
      studyId: 'x',
      user: seededUsers.engineer.user,
      password: seededUsers.engineer.password,
      labels: { Effusion: 'positive' },
      comment: '',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('engineer: shows a stored evaluation (CIs in brackets, thresholds as probabilities, chart summaries) and the subgroup forest plot', async () => {
    await goTo(page, 'validation');
    const evaluation = await page.locator('#evaluation-select option:has-text("cxr-vit-e2e 1.0.0 on synthetic")').getAttribute('value');
    await page.selectOption('#evaluation-select', evaluation!);
    for (const chart of ['AUROC per label', 'Reliability Effusion', 'Coverage–risk']) {
      const element = page.locator(`[data-chart="${chart}"]`);
      await element.locator('canvas').waitFor();
      await page.waitForTimeout(150);
      expect(pixelStats(await element.screenshot()).distinct).toBeGreaterThan(5);
    }
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('120 cases');
    expect(text).toMatch(/macro AUROC 0\.\d{3} \[0\.\d{3}, 0\.\d{3}\]/);
    expect(text).not.toMatch(/\d\.\d{6,}/);
    const thresholds = (await page.locator('main td[title^="stored as"]').allTextContents()).map(Number);
    expect(thresholds.length).toBeGreaterThan(0);
    expect(thresholds.every((t) => t >= 0 && t <= 1)).toBe(true);
    await fullShot(page, shot('engineer', 'validation'));
    await goTo(page, 'fairness');
    await page.selectOption('#evaluation-select', evaluation!);
    const forest = page.locator('[data-chart="Subgroup macro AUROC forest plot"]');
    await forest.locator('canvas').waitFor();
    await page.waitForTimeout(150);
    expect(pixelStats(await forest.screenshot()).distinct).toBeGreaterThan(5);
    await fullShot(page, shot('engineer', 'fairness'));
  });

  it('engineer: signs as the signed-in user in the dialog (statement and exact record shown, password re-entered)', async () => {
    await goTo(page, 'models');
    for (const name of ['cxr-vit-e2e', gatedModel.name]) {
      await page.click(`tr:has-text("${name}") button:has-text("Open")`);
      await page.waitForSelector(`#model-heading:has-text("${name}")`);
      await page.click('button:has-text("Sign…")');
      const dialog = page.locator('dialog[open]');
      await dialog.waitFor();
      await page.selectOption('#sign-meaning', 'authored');
      await dialog.locator('[data-statement]:has-text("I am the author")').waitFor();
      const bundleHash = name === 'cxr-vit-e2e' ? 'b'.repeat(64) : 'c'.repeat(64);
      expect(await dialog.locator('[data-signed-record]').textContent()).toContain(bundleHash);
      expect(await dialog.locator('[data-statement]').textContent()).toContain(bundleHash);
      if (name === 'cxr-vit-e2e') {
        noFindings(await seriousAxeReport(page));
        await page.screenshot({ path: shot('engineer', 'signature-dialog') });
        await page.fill('#sign-password', 'wrong password');
        await dialog.locator('button:has-text("Sign")').last().click();
        await dialog.locator('[role="alert"][data-error-code="AUTH_FAILED"]').waitFor();
        expect(await page.inputValue('#sign-password')).toBe('');
      }
      await page.fill('#sign-password', seededUsers.engineer.password);
      await dialog.locator('button:has-text("Sign")').last().click();
      await page.waitForSelector('dialog[open]', { state: 'detached' }).catch(() => undefined);
      await page.locator('ul.signatures li:has-text("Erin Engineer (engineer)")').waitFor();
    }
    await fullShot(page, shot('engineer', 'models-signed'));
    await signOut(page);
  });

  it('radiologist: pages pass axe; reviews the DICOM folder with the locked model; worklist, outputs, saliency, a stored reading', async () => {
    await signIn(page, 'radiologist');
    await page.waitForSelector('main[data-page="worklist"]');
    noFindings(await visitEveryPage(page, 'radiologist'));
    await goTo(page, 'worklist');
    const model = await page.locator('#review-model option:has-text("micro 1")').getAttribute('value');
    await page.selectOption('#review-model', model!);
    await page.click('button:has-text("Run review")');
    // The review is a job: progress until it succeeds, then every study is a row.
    await page.waitForSelector('section[aria-label="Review progress"][data-job-status="succeeded"]', { timeout: 90_000 });
    await page.waitForSelector('p[role="status"]:has-text("studies reviewed")');
    expect(await page.locator('header .model-in-view').textContent()).toContain('micro 1');
    // A CT is not a chest radiograph: out of distribution and not scored.
    const ct = page.locator('tr[data-worklist-name="fo-dicom/D_CLUNIE_CT1_RLE_FRAGS.dcm"]');
    expect(await ct.textContent()).toMatch(/not scored.*ood.*not chest/);
    await page.click('button[aria-label="Open pydicom-data/RG1_J2KI.dcm"]');
    await page.waitForSelector('[aria-label="Radiograph viewer"][data-status="ready"]', { timeout: 60_000 });
    await page.waitForSelector('text=flagged out-of-distribution');
    expect(await page.locator('section[aria-labelledby="outputs-heading"] tbody tr').count()).toBeGreaterThan(0);
    await page.click('button:has-text("Saliency")');
    await page.locator('canvas.heat').waitFor();
    expect(pixelStats(await page.locator('.stage').screenshot()).distinct).toBeGreaterThan(5);
    noFindings(await seriousAxeReport(page));
    await fullShot(page, shot('radiologist', 'worklist-review'));
    await page.selectOption('#reading-Effusion', 'positive');
    await page.selectOption('#reading-Pneumothorax', 'uncertain');
    await page.fill('#adjudication-comment', 'e2e reading');
    await page.fill('#reading-password', seededUsers.radiologist.password);
    await page.click('button:has-text("Save reading")');
    const saved = page.locator('[data-adjudication]');
    await saved.waitFor();
    const savedText = await saved.textContent();
    expect(savedText).toContain('read by Rita Radiologist (rita, radiologist)');
    expect(await saved.locator('li').allTextContents()).toEqual(['Effusion: positive', 'Pneumothorax: uncertain']);
    expect(savedText).toContain('Comment: e2e reading');
    expect(await page.inputValue('#reading-password')).toBe('');
    // The worklist shows the stored reading (from the store, not from the page's memory); the model abstained, so nothing contradicts it.
    await page.waitForSelector('tr[data-worklist-name="pydicom-data/RG1_J2KI.dcm"][data-read-state="read"]');
    await fullShot(page, shot('radiologist', 'worklist-reading'));
    await signOut(page);
  });

  it('QA: pages pass axe; a lock without passing gates is refused in the lock dialog', async () => {
    await signIn(page, 'qa');
    await page.waitForSelector('main[data-page="models"]');
    noFindings(await visitEveryPage(page, 'qa'));
    await goTo(page, 'models');
    await page.click('tr:has-text("cxr-vit-e2e") button:has-text("Open")');
    await page.waitForSelector('#model-heading:has-text("cxr-vit-e2e 1.0.0 — draft")');
    await page.click('button:has-text("Lock model…")');
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    // Lock is its own confirmed step: nothing happens until the box is ticked and the password entered.
    expect(await dialog.locator('button:has-text("Lock model")').isDisabled()).toBe(true);
    await dialog.locator('input[type="checkbox"]').check();
    await page.fill('#lock-password', seededUsers.qa.password);
    await dialog.locator('button:has-text("Lock model")').click();
    await dialog.locator('[role="alert"][data-error-code="LOCK_REFUSED"]').waitFor();
    expect(await dialog.locator('[role="alert"]').textContent()).toContain('The model cannot be locked in its current state');
    await page.screenshot({ path: shot('qa', 'lock-refused') });
    await dialog.locator('button:has-text("Cancel")').click();
  });

  it('QA: approves the gated model in the signature dialog, locks it in a confirmed step, and downloads its model card PDF', async () => {
    const row = page.locator(`tr:has-text("${gatedModel.name}")`);
    await row.locator('button:has-text("Open")').click();
    const title = `${gatedModel.name} ${gatedModel.version}`;
    await page.waitForSelector(`#model-heading:has-text("${title} — draft")`);
    await page.waitForSelector('p:has-text("research-minimal: all passed")');
    expect(await page.locator('header .model-in-view').textContent()).toContain(title);
    await page.click('button:has-text("Sign…")');
    const dialog = page.locator('dialog[open]');
    await page.selectOption('#sign-meaning', 'approved');
    await dialog.locator('[data-statement]:has-text("I approve this model record for release")').waitFor();
    expect(await dialog.textContent()).toContain('Signing as Quinn QA (quinn, qa)');
    await page.screenshot({ path: shot('qa', 'signature-dialog') });
    await page.fill('#sign-password', seededUsers.qa.password);
    await dialog.locator('button:has-text("Sign")').last().click();
    await page.locator('ul.signatures li:has-text("Quinn QA (qa)")').waitFor();
    await page.click('button:has-text("Lock model…")');
    await page.locator('dialog[open] input[type="checkbox"]').check();
    await page.fill('#lock-password', seededUsers.qa.password);
    await page.locator('dialog[open] button:has-text("Lock model")').click();
    await page.waitForSelector(`#model-heading:has-text("${title} — locked")`);
    await page.waitForSelector(`p:has-text("Locked by ${seededUsers.qa.user} at")`);
    await row.locator('[data-status="locked"]').waitFor();
    expect(await page.locator('[role="alert"]').count()).toBe(0);
    await fullShot(page, shot('qa', 'models-locked'));

    // Either the download comes or the page shows why not (then the test fails with that sentence).
    const download = await downloadOrRefusal(
      page,
      'button:has-text("Download model card (PDF)")',
      page.locator('main [role="alert"]').first(),
    );
    expect(download.suggestedFilename()).toBe(`model-card-${app.gatedModelId}.pdf`);
    const bytes = fs.readFileSync((await download.path())!);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(await page.locator('main').textContent()).not.toContain('/reports/');
  });

  it('QA: audit trail with the real chain state, partial filters, total count, a refused invalid date, the payload, and CSV export', async () => {
    await goTo(page, 'audit');
    const chain = page.locator('p[data-chain]');
    await chain.waitFor();
    expect(await chain.getAttribute('data-chain')).toBe('intact');
    // The signed head the chain was checked against (governance's Ed25519-signed audit head).
    expect(Number(await page.locator('p[data-signed-head]').getAttribute('data-signed-head'))).toBeGreaterThan(0);
    expect(await chain.textContent()).toMatch(
      /events checked; head at event \d+;\s+(signed checkpoint covers events up to|no signed checkpoint yet)/,
    );
    await page.fill('#audit-action', 'lock');
    await page.click('main button:has-text("Filter")');
    await page.waitForFunction((modelId) => {
      const rows = Array.from(document.querySelectorAll('table.events tbody tr'));
      return rows.length > 0 && rows.every((r) => r.textContent?.includes('lock')) && rows.some((r) => r.textContent?.includes(modelId));
    }, app.gatedModelId);
    const lockRows = (await page.locator('table.events tbody tr').allTextContents()).filter(
      (text) => text.includes(app.gatedModelId) && text.includes('model.lock'),
    );
    expect(lockRows).toHaveLength(1);
    expect(lockRows[0]).toContain(seededUsers.qa.user);
    const total = Number(await page.locator('p.count').getAttribute('data-total'));
    expect(total).toBe(await page.locator('table.events tbody tr').count());
    // The reading is attributed to the radiologist who was signed in.
    await page.fill('#audit-action', 'adjudication');
    await page.click('main button:has-text("Filter")');
    await page.waitForFunction(() => {
      const rows = Array.from(document.querySelectorAll('table.events tbody tr'));
      return rows.length === 1 && rows[0]!.textContent!.includes('rita');
    });
    await page.click('table.events tbody tr button[aria-label^="Details of event"]');
    const detail = page.locator('[data-event-detail] pre.payload');
    await detail.waitFor();
    expect(await detail.textContent()).toContain('"labels"');
    await fullShot(page, shot('qa', 'audit-detail'));
    await page.fill('#audit-action', '');
    await page.fill('#audit-since', '2026-02-30');
    await page.click('main button:has-text("Filter")');
    const invalid = page.locator('[role="alert"][data-error-code="INVALID_ARGUMENT"]');
    await invalid.waitFor();
    expect(await invalid.textContent()).toContain('"2026-02-30" is not a valid start date');
    expect(await page.locator('table.events').count()).toBe(0);
    await page.fill('#audit-since', '');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button:has-text("Export the whole trail (CSV)")')]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\n')[0]).toMatch(/^seq,at,actor,action/);
    expect(csv).toContain('session.signIn');
    await fullShot(page, shot('qa', 'audit'));
  });

  it('logged no console errors', () => {
    expect(consoleErrors.join('\n')).toBe('');
  });
});
