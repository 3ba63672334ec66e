// Batched audit appends: a batch commits whole under one signed head at its last event (the trail verifies),
// and a batch that fails part-way leaves nothing behind — not even its first events.
import { afterAll, describe, expect, it } from 'vitest';
import { appendAuditEvent, appendAuditEvents, auditHead, signedAuditHead, verifyAuditTrail } from '../../../src-main/governance';
import type { GovernedTable } from '../../../src-main/governance/governedTables';
import { openTempStore, removeTempDirs } from './governanceFixtures';

const store = openTempStore('batch');
afterAll(() => {
  store.close();
  removeTempDirs();
});

const event = (i: number) => ({ actor: 'rad', action: 'model.inference', recordType: 'inference', recordId: `input-${i}`, payload: { i } });

describe('appendAuditEvents', () => {
  it('chains a batch in order and signs the head once, at its last event', () => {
    appendAuditEvent(store, event(0));
    const rows = appendAuditEvents(store, [event(1), event(2), event(3)]);
    expect(rows.map((r) => r.seq)).toEqual([2, 3, 4]);
    expect(rows[1]!.prevHash).toBe(rows[0]!.hash);
    expect(signedAuditHead(store)).toMatchObject({ seq: 4, hash: rows[2]!.hash });
    expect(verifyAuditTrail(store)).toMatchObject({ ok: true, eventsChecked: 4 });
    expect(appendAuditEvents(store, [])).toEqual([]);
  });

  it('commits nothing of a batch that fails part-way', () => {
    const before = auditHead(store);
    const broken = { ...event(5), state: [{ table: 'no_such_table' as GovernedTable, key: 'x' }] };
    expect(() => appendAuditEvents(store, [event(4), broken])).toThrow();
    expect(auditHead(store)).toEqual(before);
    expect(signedAuditHead(store)).toMatchObject({ seq: before.seq, hash: before.hash });
    expect(verifyAuditTrail(store).ok).toBe(true);
  });
});
