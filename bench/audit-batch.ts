/**
 * `npm run bench -- audit-batch [events=100] [rounds=5]`: the audit cost of one serving run's
 * inference rows, appended one transaction and one signed head per event (`appendAuditEvent` in a
 * loop, as `hilum predict` did) vs all in one transaction under one signed head (`appendAuditEvents`,
 * as it does now). Same store, same payloads (an inference row's size), interleaved rounds; medians
 * of ms per event, their ratio, and the load average around the run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appendAuditEvent, appendAuditEvents, type AuditEventInput } from '../src-main/governance/auditTrail';
import { verifyAuditTrail } from '../src-main/governance/verifyAuditTrail';
import { openStore } from '../src-main/store/openStore';
import { HilumError } from '../src-core/errors';
import { medianOf } from './medianOf';

function inferenceEvent(i: number, round: number): AuditEventInput {
  // What auditServedInferences writes for a 14-label bundle: hashes, time and one probability per label.
  const outputs = Object.fromEntries(Array.from({ length: 14 }, (_, l) => [`label${l}`, { p: (i * 7 + l) / 1000, positive: false }]));
  return {
    actor: 'bench',
    action: 'model.inference',
    recordType: 'inference',
    recordId: `${round}-${i}`.padEnd(64, '0'),
    payload: { inputSha256: 'a'.repeat(64), bundleHash: 'b'.repeat(64), utc: new Date().toISOString(), outputs, locked: true },
  };
}

function msPerEvent(n: number, append: () => void): number {
  const start = process.hrtime.bigint();
  append();
  return Number(process.hrtime.bigint() - start) / 1e6 / n;
}

export default async function run(args: string[]): Promise<void> {
  const n = Number(args[0] ?? 100);
  const rounds = Number(args[1] ?? 5);
  process.env.HILUM_CONFIG_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-bench-audit-config-'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-bench-audit-'));
  const store = openStore({ dataDir });
  const loadBefore = os.loadavg();
  const single: number[] = [];
  const batched: number[] = [];
  try {
    appendAuditEvent(store, inferenceEvent(0, -1)); // key set-up and first head outside the timing
    for (let round = 0; round < rounds; round++) {
      single.push(msPerEvent(n, () => Array.from({ length: n }, (_, i) => appendAuditEvent(store, inferenceEvent(i, round)))));
      batched.push(
        msPerEvent(n, () =>
          appendAuditEvents(
            store,
            Array.from({ length: n }, (_, i) => inferenceEvent(i, round)),
          ),
        ),
      );
    }
    const verified = verifyAuditTrail(store);
    if (!verified.ok)
      throw new HilumError('AUDIT_CHAIN_BROKEN', `audit trail does not verify after the bench: ${verified.problems[0]?.message}`);
  } finally {
    store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const loadAfter = os.loadavg();
  const s = medianOf(single);
  const b = medianOf(batched);
  console.log(`| ${n} inference rows per run, ${rounds} interleaved rounds | ms per event (median) | rounds |`);
  console.log('|---|---|---|');
  console.log(`| one transaction + signed head per event | ${s.toFixed(3)} | ${single.map((x) => x.toFixed(2)).join(', ')} |`);
  console.log(`| one transaction + one signed head per run | ${b.toFixed(3)} | ${batched.map((x) => x.toFixed(2)).join(', ')} |`);
  console.log(
    `load average before: ${loadBefore.map((x) => x.toFixed(2)).join(' / ')}; after: ${loadAfter.map((x) => x.toFixed(2)).join(' / ')}`,
  );
  console.log(`ratio: per-event / batched = ${(s / b).toFixed(1)}`);
}
