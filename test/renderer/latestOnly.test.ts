// Resource drops stale answers: a slower, older request that answers last must not overwrite the newer one.
// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { LatestOnly } from '../../src-renderer/lib/latestOnly';

/** What Resource does with answers, over LatestOnly: apply an answer only if its request is still the latest. */
async function load(requests: LatestOnly, shown: string[], answer: Promise<string>): Promise<void> {
  const current = requests.begin();
  const value = await answer;
  if (current()) shown.push(value);
}

describe('LatestOnly', () => {
  it('applies the newest answer even when an older request answers after it', async () => {
    const requests = new LatestOnly();
    const shown: string[] = [];
    let answerOld!: (v: string) => void;
    const old = load(requests, shown, new Promise<string>((resolve) => (answerOld = resolve)));
    const fresh = load(requests, shown, Promise.resolve('model B'));
    await fresh;
    answerOld('model A');
    await old;
    expect(shown).toEqual(['model B']);
  });

  it('drops every answer in flight after invalidate (the selection changed)', async () => {
    const requests = new LatestOnly();
    const shown: string[] = [];
    const pending = load(requests, shown, Promise.resolve('stale'));
    requests.invalidate();
    await pending;
    expect(shown).toEqual([]);
  });
});
