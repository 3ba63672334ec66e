import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auditHashInput, GENESIS_HASH, verifyAuditChain, type AuditRow } from '../../../src-core/governance';

const sha = (t: string) => createHash('sha256').update(t).digest('hex');

function chain(n: number): AuditRow[] {
  const rows: AuditRow[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const u = {
      seq,
      at: `2026-01-01T00:00:0${seq % 10}.000Z`,
      actor: 'ann',
      action: 'model.register',
      recordType: 'model',
      recordId: `m${seq}`,
      beforeHash: null,
      afterHash: sha(`r${seq}`),
      payloadJson: `{"i":${seq}}`,
      prevHash: prev,
    };
    const row = { ...u, hash: sha(auditHashInput(u)) };
    rows.push(row);
    prev = row.hash;
  }
  return rows;
}

describe('verifyAuditChain', () => {
  it('accepts an intact chain and reports its head', () => {
    const rows = chain(6);
    const v = verifyAuditChain(rows, [{ seq: 6, hash: rows[5]!.hash, source: 'file', signatureValid: true }], sha);
    expect(v).toMatchObject({ ok: true, eventsChecked: 6, headSeq: 6, headHash: rows[5]!.hash, checkpointSeq: 6, firstBad: null });
  });
  it('names an edited record', () => {
    const rows = chain(6);
    rows[2] = { ...rows[2]!, payloadJson: '{"i":4}' };
    expect(verifyAuditChain(rows, [], sha).firstBad).toMatchObject({ kind: 'hash_mismatch', seq: 3 });
  });
  it('names the gap left by a deleted record', () => {
    const rows = chain(6);
    rows.splice(3, 1);
    expect(verifyAuditChain(rows, [], sha).firstBad).toMatchObject({ kind: 'seq_gap', seq: 5 });
  });
  it('detects a truncated tail only through a checkpoint', () => {
    const rows = chain(6);
    const cp = { seq: 6, hash: rows[5]!.hash, source: 'table#1', signatureValid: true };
    const cut = rows.slice(0, 4);
    expect(verifyAuditChain(cut, [], sha).ok).toBe(true);
    expect(verifyAuditChain(cut, [cp], sha).firstBad).toMatchObject({ kind: 'truncated', seq: 5 });
  });
  it('rejects a checkpoint whose signature failed or whose hash differs', () => {
    const rows = chain(3);
    expect(verifyAuditChain(rows, [{ seq: 3, hash: rows[2]!.hash, source: 'file', signatureValid: false }], sha).firstBad?.kind).toBe(
      'checkpoint_signature',
    );
    expect(verifyAuditChain(rows, [{ seq: 2, hash: rows[2]!.hash, source: 'file', signatureValid: true }], sha).firstBad).toMatchObject({
      kind: 'checkpoint_mismatch',
      seq: 2,
    });
  });
  it('names events after the signed head (mustBeHead) as appended outside the services, and reports why a claim is invalid', () => {
    const rows = chain(5);
    const head = { seq: 3, hash: rows[2]!.hash, source: 'the signed head', signatureValid: true, mustBeHead: true };
    expect(verifyAuditChain(rows, [head], sha).firstBad).toMatchObject({
      kind: 'unsigned_tail',
      seq: 4,
      message: expect.stringMatching(/4\.\.5 come after the signed head/),
    });
    expect(verifyAuditChain(rows.slice(0, 3), [head], sha).ok).toBe(true);
    expect(
      verifyAuditChain(
        rows,
        [
          {
            ...head,
            seq: 5,
            hash: rows[4]!.hash,
            signatureValid: false,
            invalidReason: 'signed by key abc, which is not a trusted (pinned) key',
          },
        ],
        sha,
      ).firstBad,
    ).toMatchObject({
      kind: 'checkpoint_signature',
      message: 'the signed head for seq 5: signed by key abc, which is not a trusted (pinned) key',
    });
  });
});
