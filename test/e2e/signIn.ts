/** Opening the app's page with console errors collected, and signing in and out through its own screens, as a person would. */
import type { BrowserContext, Page } from 'playwright-core';
import { seededUsers, type SeededRole } from './startTestApp';

/** A new tab on the app's URL whose console errors and page errors land in `consoleErrors`. */
export async function openAppPage(browser: BrowserContext, url: string, consoleErrors: string[]): Promise<Page> {
  const page = await browser.newPage();
  // The machine is shared: waits are generous (they bound a hang, they are not timing assertions).
  page.setDefaultTimeout(60_000);
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));
  await page.goto(url);
  return page;
}

export async function signIn(page: Page, role: SeededRole): Promise<void> {
  const { user, password } = seededUsers[role];
  // A test that failed half-way may have left someone signed in: start from the sign-in screen.
  if (await page.locator('header button:has-text("Sign out")').count()) await signOut(page);
  await page.waitForSelector('main[data-page="sign-in"]');
  await page.fill('#sign-in-user', user);
  await page.fill('#sign-in-password', password);
  await page.click('main[data-page="sign-in"] button[type="submit"]');
  await page.waitForSelector(`.who[data-user="${user}"]`);
}

export async function signOut(page: Page): Promise<void> {
  await page.click('header button:has-text("Sign out")');
  await page.waitForSelector('main[data-page="sign-in"]');
}

/** Opens a page from the navigation and waits until it replaced the previous one (no stale elements). */
export async function goTo(page: Page, id: string): Promise<void> {
  await page.click(`nav a[href="#/${id}"]`);
  await page.waitForSelector(`main[data-page="${id}"]`);
}
