// The sign-in session in Chromium through the dev host: sign in, F5 keeps the user signed in, the session
// cookie is out of reach of page scripts, a radiologist is refused the audit trail (a read), idle lock.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths';
import { seriousAxeReport } from './axeCheck';
import { openAppPage, signIn, signOut } from './signIn';
import { buildApp, seededUsers, startTestApp } from './startTestApp';

const screenshots = path.join(repoRoot, 'test-output/e2e/session');
// Short enough for a test, long enough that a sign-in and one reload finish well inside it.
const idleLockMs = 8_000;

describe('sign-in session in Chromium', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    buildApp();
    fs.mkdirSync(screenshots, { recursive: true });
    app = await startTestApp({ idleLockMs, models: false });
    page = await openAppPage(app.browser, app.host.url, consoleErrors);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('shows the sign-in screen first, refuses a wrong password in words, and takes the key out of the address bar', async () => {
    await page.waitForSelector('main[data-page="sign-in"]');
    expect(page.url()).not.toContain(app.host.token);
    expect(await page.title()).toBe('Sign in — Hilum');
    await page.fill('#sign-in-user', seededUsers.qa.user);
    await page.fill('#sign-in-password', 'not the password');
    await page.click('main[data-page="sign-in"] button[type="submit"]');
    const alert = page.locator('[role="alert"][data-error-code="AUTH_FAILED"]');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('The user name or password is wrong');
    await page.screenshot({ path: path.join(screenshots, 'sign-in-refused.png') });
  });

  it("signs in, lands on the role's home page with the header, and F5 keeps the user signed in", async () => {
    await signIn(page, 'qa');
    await page.waitForSelector('main[data-page="models"]');
    expect(await page.locator('header .who').textContent()).toContain('Quinn QA');
    expect(await page.locator('header .role').textContent()).toBe('qa');
    expect(await page.title()).toBe('Models — Hilum');
    await page.click('nav a[href="#/audit"]');
    await page.waitForSelector('main[data-page="audit"]');
    await page.reload();
    await page.waitForSelector('main[data-page="audit"]');
    expect(await page.locator('header .who').textContent()).toContain('Quinn QA');
    await page.waitForSelector('main tbody tr');
    expect(await page.locator('[role="alert"]').count()).toBe(0);
    // The session and admission cookies are HttpOnly: page scripts see neither.
    expect(await page.evaluate(() => document.cookie)).toBe('');
    const cookies = await app.browser.cookies(`${app.host.origin}/api/session.current`);
    expect(cookies.map((c) => [c.name.replace(/_\d+$/, ''), c.httpOnly, c.sameSite]).sort()).toEqual([
      ['hilum_admit', true, 'Strict'],
      ['hilum_session', true, 'Strict'],
    ]);
    await page.screenshot({ path: path.join(screenshots, 'after-reload.png') });
  });

  it('refuses a radiologist the audit trail: no navigation entry, the route goes home, and the channel answers FORBIDDEN', async () => {
    await signOut(page);
    await signIn(page, 'radiologist');
    await page.waitForSelector('main[data-page="worklist"]');
    expect(await page.locator('nav a[href="#/audit"]').count()).toBe(0);
    await page.goto(`${app.host.origin}/#/audit`);
    await page.waitForSelector('main[data-page="worklist"]');
    const answer = await page.evaluate(async () => {
      const response = await fetch('/api/audit.events', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ limit: 5 }),
      });
      return (await response.json()) as { ok: boolean; error?: { code: string; message: string } };
    });
    expect(answer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(answer.error!.message).toContain('Rita Radiologist (radiologist) may not use audit.events');
    await page.screenshot({ path: path.join(screenshots, 'radiologist-home.png') });
  });

  it('locks after inactivity, survives a reload locked, and only the password unlocks', async () => {
    await page.waitForSelector('main[data-page="locked"]', { timeout: idleLockMs * 4 });
    expect(await page.locator('.lock-note').textContent()).toContain('Rita Radiologist');
    expect(await page.title()).toBe('Locked — Hilum');
    expect(await seriousAxeReport(page)).toEqual([]);
    await page.screenshot({ path: path.join(screenshots, 'locked.png') });
    await page.reload();
    await page.waitForSelector('main[data-page="locked"]');
    await page.fill('#sign-in-password', seededUsers.qa.password);
    await page.click('main[data-page="locked"] button[type="submit"]');
    await page.waitForSelector('[role="alert"][data-error-code="AUTH_FAILED"]');
    await page.fill('#sign-in-password', seededUsers.radiologist.password);
    await page.click('main[data-page="locked"] button[type="submit"]');
    await page.waitForSelector('main[data-page="worklist"]');
  });

  it('logged no console errors', () => {
    expect(consoleErrors.join('\n')).toBe('');
  });
});
