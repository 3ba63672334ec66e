/** Checks the role tests share: a chart drew pixels, a page passes axe with unique control names, a download came (or the page said why not). */
import type { Download, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { repeatedControlNames, seriousAxeReport } from './axeCheck';
import { pixelStats } from './pixelStats';

export async function chartDrew(page: Page, label: string): Promise<void> {
  const chart = page.locator(`[data-chart="${label}"]`);
  await chart.locator('canvas').waitFor();
  // ECharts animates its first frame: a short pause lets the canvas hold the drawn chart (not a timing assertion).
  await page.waitForTimeout(200);
  expect(pixelStats(await chart.screenshot()).distinct, `chart "${label}" drew nothing`).toBeGreaterThan(5);
}

/** No serious or critical axe violation and no two buttons or links with the same accessible name, once nothing is loading. */
export async function pageIsAccessible(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
  const findings = [...(await seriousAxeReport(page)), ...(await repeatedControlNames(page)).map((n) => `repeated control name ${n}`)];
  expect(findings, findings.join('\n')).toEqual([]);
}

/** Clicks `button` and waits for the download; if `refusal` (an alert) appears instead, fails with its sentence. */
export async function downloadOrRefusal(page: Page, button: string, refusal: Locator): Promise<Download> {
  const [download] = await Promise.all([
    Promise.race([
      page.waitForEvent('download', { timeout: 120_000 }),
      refusal.waitFor({ timeout: 120_000 }).then(async () => Promise.reject(new Error(`download refused: ${await refusal.textContent()}`))),
    ]),
    page.click(button),
  ]);
  return download;
}
