// Every relative link in README.md and docs/*.md names a file that exists (docs/BUNDLE_FORMAT.md once pointed at a
// MODEL_FORMAT.md that was never written). Web links and in-page anchors are not checked.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/paths';

const docs = [
  'README.md',
  ...fs
    .readdirSync(path.join(repoRoot, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

function relativeLinks(markdown: string): string[] {
  const targets = [...markdown.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]!);
  return targets.filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t) && !t.startsWith('#')).map((t) => decodeURIComponent(t.split('#')[0]!));
}

describe('documentation links', () => {
  it('README.md and docs/*.md link only to files that exist', () => {
    expect(docs).toContain('docs/BUNDLE_FORMAT.md');
    const dead: string[] = [];
    let checked = 0;
    for (const doc of docs) {
      const text = fs.readFileSync(path.join(repoRoot, doc), 'utf8');
      for (const target of relativeLinks(text)) {
        checked++;
        if (!fs.existsSync(path.resolve(path.dirname(path.join(repoRoot, doc)), target))) dead.push(`${doc} → ${target}`);
      }
    }
    expect(checked).toBeGreaterThan(5);
    expect(dead).toEqual([]);
  });

  it('finds a dead link when there is one', () => {
    expect(relativeLinks('see [the format](MODEL_FORMAT.md) and [web](https://x.org) and [here](#top)')).toEqual(['MODEL_FORMAT.md']);
  });
});
