import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../../../src-core/random/createRng';
import { verifyAuditTrail } from '../../../src-main/governance';
import { openStore } from '../../../src-main/store/openStore';
import { runConcurrentChildren, runCrashTrials } from './crashHarness';
import { tempDir, removeTempDirs } from './governanceFixtures';

afterAll(removeTempDirs);

describe('audit trail crash safety', () => {
  it('survives kill -9 at random moments: integrity ok, chain verifies, no acknowledged event lost', async () => {
    const rng = createRng(20261125);
    const trials = await runCrashTrials(tempDir('crash'), 8, () => rng.nextFloat());
    expect(trials).toHaveLength(8);
    expect(trials.reduce((s, t) => s + t.acknowledged, 0)).toBeGreaterThan(8);
    for (const t of trials) {
      expect(t.integrity, `trial ${t.trial}`).toBe('ok');
      expect(t.chainOk, `trial ${t.trial}: ${t.firstBad}`).toBe(true);
      expect(t.lost, `trial ${t.trial}`).toBe(0);
      expect(t.persistedHeadSeq).toBeGreaterThanOrEqual(t.lastAcknowledgedSeq);
    }
  });

  it('two processes appending at once never fork the chain (IMMEDIATE transactions)', async () => {
    const dir = tempDir('concurrent');
    // Create and migrate the store first: concurrent first-open migration is openStore's concern, not the audit trail's.
    openStore({ dataDir: dir }).close();
    // Kill timers start only once both writers have committed, so both were live and contending for
    // the write lock during the window. (They need not interleave: SQLite's busy handler is not fair,
    // one writer can hold the lock for the whole window while the other waits.)
    const [a, b] = await runConcurrentChildren(dir, 2, 1000);
    const store = openStore({ dataDir: dir });
    try {
      const v = verifyAuditTrail(store);
      expect(v.ok, v.firstBad?.message).toBe(true);
      const acked = [...a!, ...b!];
      expect(a!.length).toBeGreaterThan(0);
      expect(b!.length).toBeGreaterThan(0);
      expect(new Set(acked).size).toBe(acked.length); // no seq handed to both writers
      expect(v.headSeq).toBeGreaterThanOrEqual(Math.max(...acked));
    } finally {
      store.close();
    }
  });
});
