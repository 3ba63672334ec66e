/**
 * Runs axe-core inside the page (injected through the DevTools protocol, so the app's CSP stays as shipped)
 * and returns the serious and critical violations, each with a few of its elements.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** The findings as one readable line each, so a failing test shows which rule and which elements. */
export async function seriousAxeReport(page: Page): Promise<string[]> {
  return (await seriousAxeViolations(page)).map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.targets.join(' | ')}`);
}

export async function seriousAxeViolations(page: Page): Promise<AxeFinding[]> {
  await page.evaluate(`${axeSource};undefined`);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            context: Document,
            options: object,
          ): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact ?? '',
        help: v.help,
        targets: v.nodes.slice(0, 5).map((n) => n.target.map(String).join(' ')),
      }));
  });
}

/** Buttons and links whose accessible names repeat on the page (a screen-reader user could not tell them apart). */
export async function repeatedControlNames(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const seen = new Map<string, number>();
    for (const element of Array.from(document.querySelectorAll('button, a[href]'))) {
      if ((element as HTMLElement).closest('[hidden], dialog:not([open])')) continue;
      const name = (element.getAttribute('aria-label') ?? element.textContent ?? '').replace(/\s+/g, ' ').trim();
      seen.set(name, (seen.get(name) ?? 0) + 1);
    }
    return [...seen].filter(([, n]) => n > 1).map(([name, n]) => `${n}× "${name}"`);
  });
}
