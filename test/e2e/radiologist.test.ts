// The radiologist's day in Chromium, with a restart in the middle: review as a job (cancel, progress), the
// study list (columns, sort, filter, N for the next study), the viewer (overlays, full resolution, saliency
// overlay with legend and opacity), the keyboard help, a half-done reading; then the app's services and dev
// host stop and start again on the same SQLite data dir, and the session, worklist, review result and draft
// are all still there; the reading contradicts the model, a second radiologist adjudicates, and the final
// reading exports as an expert-label CSV.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths';
import { repeatedControlNames, seriousAxeReport } from './axeCheck';
import { pixelStats } from './pixelStats';
import { openAppPage, signIn, signOut } from './signIn';
import { buildApp, secondRadiologist, seededUsers, startTestApp, type TestApp } from './startTestApp';

const screenshots = path.join(repoRoot, 'test-output/e2e/radiologist');
const shot = (name: string) => path.join(screenshots, `${name}.png`);
const chest = 'fo-dicom/CR-MONO1-10-chest';
const row = (name: string) => `tr[data-worklist-name="${name}"]`;

async function runReview(page: Page): Promise<void> {
  const model = await page.locator('#review-model option:has-text("micro 1")').getAttribute('value');
  await page.selectOption('#review-model', model!);
  await page.click('button:has-text("Run review")');
}

/** A screenshot of the window with `selector` scrolled into view (a full-page shot would smear the sticky header). */
async function capture(page: Page, name: string, selector?: string): Promise<void> {
  if (selector) await page.locator(selector).first().scrollIntoViewIfNeeded();
  else await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: shot(name) });
}

/** The text of every cell of one column, top to bottom, as shown. */
async function column(page: Page, index: number): Promise<string[]> {
  return page.locator(`table.worklist tbody tr td:nth-child(${index})`).allTextContents();
}

describe('radiologist in Chromium, across a restart', () => {
  let app: TestApp;
  let page: Page;
  const consoleErrors: string[] = [];
  let contrary: { label: string; value: string };

  beforeAll(async () => {
    buildApp();
    fs.mkdirSync(screenshots, { recursive: true });
    app = await startTestApp();
    page = await openAppPage(app.browser, app.host.url, consoleErrors);
    // A reading-room screen: tall enough for the list and the viewer.
    await page.setViewportSize({ width: 1440, height: 1000 });
    // The build, the phantoms and the locked model's seeding take minutes on a loaded shared machine (a bound on a hang).
  }, 300_000);
  afterAll(async () => {
    await app?.close();
  });

  it('runs the review as a job: Cancel stops it (not shown as an error), a second run shows progress and fills the list', async () => {
    await signIn(page, 'radiologist');
    await page.waitForSelector('main[data-page="worklist"]');
    await page.waitForSelector('text=No review has run yet');
    await runReview(page);
    const job = page.locator('section[aria-label="Review progress"]');
    await job.waitFor();
    await page.click('button:has-text("Cancel review")');
    await page.waitForSelector('section[aria-label="Review progress"][data-job-status="cancelled"]');
    expect(await job.locator('[role="alert"]').count()).toBe(0);
    expect(await page.locator('text=No review has run yet').count()).toBe(1);
    await runReview(page);
    await page.waitForSelector('section[aria-label="Review progress"][data-job-status="succeeded"]', { timeout: 120_000 });
    expect(await job.locator('progress').getAttribute('value')).toBe('1');
    await page.waitForSelector(row(chest));
    expect(await page.locator('header .model-in-view').textContent()).toContain('micro 1');
    await capture(page, 'review-done');
  });

  it('lists every study with its columns: non-chest studies are OOD and not scored, broken files unreadable, priority first', async () => {
    const headers = await page.locator('table.worklist thead th').allTextContents();
    expect(headers.map((h) => h.replace(/[▲▼]/g, '').trim())).toEqual([
      'Priority',
      'Patient',
      'Study date',
      'Study',
      'Modality / view',
      'Model findings',
      'Reason',
      'Status',
    ]);
    const ct = page.locator(row('fo-dicom/D_CLUNIE_CT1_RLE_FRAGS.dcm'));
    expect(await ct.locator('td.findings').textContent()).toContain('not scored');
    expect(await ct.locator('td:nth-child(7)').textContent()).toContain('not chest');
    expect(await page.locator(row('fo-dicom/GH626.dcm')).locator('td:nth-child(7)').textContent()).toContain('unreadable');
    const chestRow = page.locator(row(chest));
    expect(await chestRow.locator('td:nth-child(5)').textContent()).toBe('CR PA');
    expect(await chestRow.locator('td.findings span').count()).toBe(3);
    // Default order: priority ascending, and each row says why.
    const priorities = (await column(page, 1)).map((t) => Number(t.match(/P(\d)/)![1]));
    expect(priorities).toEqual([...priorities].sort());
    expect(await chestRow.locator('td.priority small').textContent()).toMatch(/abstained|positive|distribution|negative/);
    // Sort by study date (a column click), then filter to unscored studies.
    await page.click('table.worklist th button.sort:text-is("Study")');
    const names = await column(page, 4);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    await page.selectOption('#worklist-reason', 'not chest');
    expect((await column(page, 6)).every((t) => t.includes('not scored'))).toBe(true);
    await page.selectOption('#worklist-reason', 'any');
    await page.click('table.worklist th button.sort:text-is("Priority")');
    expect(await page.locator('main [role="alert"]').count()).toBe(0);
  });

  it('opens the next study to read with N, with overlays, full resolution on F, and saliency over the image', async () => {
    await page.locator('main h2#worklist-heading').click();
    await page.keyboard.press('n');
    const first = await page.locator('table.worklist tbody tr[aria-current="true"]').getAttribute('data-worklist-name');
    expect(first).toBeTruthy();
    await page.waitForSelector('[aria-label="Radiograph viewer"][data-status="ready"]', { timeout: 60_000 });
    // Open the large chest radiograph (downsampled for display), then ask for the full resolution.
    await page.click(`button[aria-label="Open pydicom-data/RG1_J2KI.dcm"]`);
    await page.waitForSelector('[aria-label="Radiograph viewer"][data-status="ready"]', { timeout: 60_000 });
    expect(await page.locator('.viewer .status').textContent()).toContain('display ×1/2');
    expect(await page.locator('[data-overlay="view"]').textContent()).toContain('CR');
    await page.locator('[aria-label="Radiograph viewer"]').focus();
    await page.keyboard.press('f');
    await page.waitForSelector('[aria-label="Radiograph viewer"][data-full-resolution="true"][data-status="ready"]', { timeout: 90_000 });
    expect(await page.locator('.viewer .status').textContent()).toContain('1841×1955 px (full resolution)');
    const viewer = page.locator('[aria-label="Radiograph viewer"]');
    const plain = pixelStats(await page.locator('.stage').screenshot());
    // S: occlusion saliency for the model's top finding, computed as a job (progress shown), then drawn.
    await page.keyboard.press('s');
    await page.locator('.legend').waitFor();
    const top = await page.inputValue('#saliency-finding');
    expect(await page.locator('.legend [data-legend="finding"]').textContent()).toMatch(
      new RegExp(`${top}\\s+[\\d.]+ % · Occlusion \\(this finding\\)`),
    );
    const heatOf = async (finding: string, method: string) => {
      const canvas = page.locator(`canvas.heat[data-finding="${finding}"][data-method="${method}"]`);
      await canvas.waitFor({ timeout: 60_000 });
      return canvas.evaluate((c: HTMLCanvasElement) => c.toDataURL());
    };
    const topHeat = await heatOf(top, 'occlusion');
    expect(await page.locator('.legend').textContent()).toMatch(/calibrated-logit drop|no region lowers/);
    const heat = pixelStats(await page.locator('.stage').screenshot());
    // The heat map tints the radiograph: red dominates where the grey image had equal channels.
    expect(heat.mean).not.toBe(plain.mean);
    const box = (await page.locator('canvas.heat').boundingBox())!;
    const stage = (await viewer.boundingBox())!;
    expect(box.height).toBeGreaterThan(stage.height * 0.5);
    await capture(page, 'viewer-saliency', '.viewer');
    // Another finding: its own map (another job), named in the legend.
    const options = await page.locator('#saliency-finding option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));
    const other = options.at(-1)!;
    expect(other).not.toBe(top);
    await page.selectOption('#saliency-finding', other);
    const otherHeat = await heatOf(other, 'occlusion');
    expect(otherHeat).not.toBe(topHeat);
    expect(await page.locator('.legend [data-legend="finding"]').textContent()).toContain(other);
    await capture(page, 'viewer-saliency-other-finding', '.viewer');
    // M: attention rollout, one map for all findings, says so.
    await viewer.focus();
    await page.keyboard.press('m');
    await heatOf(other, 'attention');
    expect(await page.locator('.legend').textContent()).toContain('the same map for every finding');
    await capture(page, 'viewer-saliency-attention', '.viewer');
    // Back to the top finding: cached on disk, drawn at once without a job.
    await page.selectOption('#saliency-method', 'occlusion');
    await page.selectOption('#saliency-finding', top);
    expect(await heatOf(top, 'occlusion')).toBe(topHeat);
    await viewer.focus();
    for (let k = 0; k < 6; k++) await page.keyboard.press('[');
    expect(await page.inputValue('#saliency-opacity')).toBe('0');
    await page.keyboard.press(']');
    expect(Number(await page.inputValue('#saliency-opacity'))).toBeCloseTo(0.1, 5);
  });

  it('lists every key in the help overlay (?), and the page passes axe with the table, viewer and overlay open', async () => {
    await page.locator('main h2#worklist-heading').click();
    await page.keyboard.press('?');
    const help = page.locator('dialog[open]');
    await help.waitFor();
    const text = await help.textContent();
    for (const key of ['N', 'J / K', '?', '1 – 4', 'F', 'S', 'G', 'M', '[ / ]']) expect(text).toContain(key);
    await page.screenshot({ path: shot('keyboard-help') });
    expect(await seriousAxeReport(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.waitForSelector('dialog[open]', { state: 'detached' });
    expect(await seriousAxeReport(page)).toEqual([]);
    expect(await repeatedControlNames(page)).toEqual([]);
  });

  it('keeps a half-done reading as a draft (stored as it is typed)', async () => {
    await page.click(`button[aria-label="Open ${chest}"]`);
    await page.waitForSelector('section[aria-labelledby="outputs-heading"] tbody tr');
    const decisions = await page
      .locator('section[aria-labelledby="outputs-heading"] tbody tr')
      .evaluateAll((rows) => rows.map((r) => [r.children[0]!.textContent!, r.children[3]!.textContent!] as const));
    // A label the model decided (not abstained): read the other way, it contradicts the model.
    const decided = decisions.find(([, d]) => d === 'positive' || d === 'negative') ?? decisions[0]!;
    contrary = { label: decided[0], value: decided[1] === 'positive' ? 'negative' : 'positive' };
    await page.selectOption(`#reading-${contrary.label}`, contrary.value);
    await page.fill('#adjudication-comment', 'half done before the restart');
    await page.waitForSelector('.draft:has-text("Draft saved")');
    await page.waitForFunction(
      (name) => document.querySelector(`tr[data-worklist-name="${name}"]`)?.getAttribute('data-read-state') === 'draft',
      chest,
      { polling: 500 },
    );
    await capture(page, 'draft-before-restart', 'section[aria-labelledby="reading-heading"]');
  });

  it('after a restart on the same data dir: still signed in, same worklist and review, and the draft is back', async () => {
    const before = await column(page, 4);
    // Quitting the app closes its window; the new launch opens a new one (with a new launch token).
    await page.goto('about:blank');
    await app.restart();
    await page.goto(app.host.url);
    await page.waitForSelector('main[data-page="worklist"]');
    expect(await page.locator('header .who').textContent()).toContain('Rita Radiologist');
    await page.waitForSelector(row(chest));
    expect(await column(page, 4)).toEqual(before);
    expect(await page.locator(row(chest)).getAttribute('data-read-state')).toBe('draft');
    expect(await page.locator('p.summary').textContent()).toMatch(/\d+ studies reviewed: \d+ scored/);
    await page.click(`button[aria-label="Open ${chest}"]`);
    await page.waitForSelector(`#reading-${contrary.label}`);
    expect(await page.inputValue(`#reading-${contrary.label}`)).toBe(contrary.value);
    expect(await page.inputValue('#adjudication-comment')).toBe('half done before the restart');
    // The viewer works on the restarted services too (a fresh worker pool decodes the image).
    await page.waitForSelector('[aria-label="Radiograph viewer"][data-status="ready"]', { timeout: 90_000 });
    await capture(page, 'after-restart', 'section[aria-labelledby="reading-heading"]');
  });

  it('a reading that contradicts the model goes to adjudication; a second radiologist resolves it; the export has the final reading', async () => {
    await page.fill('#reading-password', seededUsers.radiologist.password);
    await page.click('button:has-text("Save reading")');
    await page.waitForSelector('[data-adjudication][data-case="open"]');
    await page.waitForSelector('section.case[data-case-status="open"]');
    expect(await page.locator('section.case').textContent()).toContain(`${contrary.label}: model`);
    await page.waitForFunction(
      (name) => document.querySelector(`tr[data-worklist-name="${name}"]`)?.getAttribute('data-read-state') === 'disagreement',
      chest,
    );
    await capture(page, 'disagreement', 'section.case');
    await signOut(page);
    await page.fill('#sign-in-user', secondRadiologist.user);
    await page.fill('#sign-in-password', secondRadiologist.password);
    await page.click('main[data-page="sign-in"] button[type="submit"]');
    await page.waitForSelector(`.who[data-user="${secondRadiologist.user}"]`);
    await page.click(`button[aria-label="Open ${chest}"]`);
    await page.waitForSelector('h2#reading-heading:has-text("Adjudicate")');
    // The first reading is shown on open.
    expect(await page.locator('section[data-prior-readings="1"]').textContent()).toContain('Rita Radiologist');
    await page.selectOption(`#reading-${contrary.label}`, contrary.value === 'positive' ? 'negative' : 'positive');
    await page.fill('#reading-password', secondRadiologist.password);
    await page.click('button:has-text("Save reading")');
    await page.waitForSelector('[data-adjudication][data-case="resolved"]');
    await page.waitForFunction(
      (name) => document.querySelector(`tr[data-worklist-name="${name}"]`)?.getAttribute('data-read-state') === 'adjudicated',
      chest,
    );
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button:has-text("Export readings (CSV)")')]);
    const csv = fs
      .readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\n');
    expect(csv[0]!.startsWith(`image,`)).toBe(true);
    expect(csv).toHaveLength(2);
    expect(csv[1]!.startsWith(`${chest},`)).toBe(true);
    expect(csv[1]).toContain(`,${secondRadiologist.user},`);
    expect(await page.locator('[data-exported-rows="1"]').textContent()).toContain('hilum dataset import');
    await capture(page, 'adjudicated', '[data-exported-rows]');
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
