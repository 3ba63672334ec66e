/**
 * `npm run bench -- crash [kills=200]`: kill -9 a child appending audit events at random moments
 * (0–250 ms after its first acknowledgement), N times on one data dir; after each kill check
 * `PRAGMA integrity_check`, the hash chain and that every acknowledged seq is stored.
 * Reference measured in the same run: in-process append rate without kills.
 */
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { createRng } from '../src-core/random/createRng';
import { appendAuditEvent } from '../src-main/governance/auditTrail';
import { openStore } from '../src-main/store/openStore';
import { runCrashTrials } from '../test/main/governance/crashHarness';

export default async function run(args: string[]): Promise<void> {
  const kills = Number(args[0] ?? 200);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-bench-crash-'));
  const rng = createRng(7);
  const started = Date.now();
  const trials = await runCrashTrials(dataDir, kills, () => rng.nextFloat(), (t) => {
    if (t.trial % 20 === 0) process.stderr.write(`  ${t.trial}/${kills} kills, head seq ${t.persistedHeadSeq}\n`);
  });
  const wallS = (Date.now() - started) / 1000;
  const acknowledged = trials.reduce((s, t) => s + t.acknowledged, 0);
  const lost = trials.reduce((s, t) => s + t.lost, 0);
  const integrityFailures = trials.filter((t) => t.integrity !== 'ok').length;
  const chainFailures = trials.filter((t) => !t.chainOk).length;
  const head = trials[trials.length - 1]?.persistedHeadSeq ?? 0;
  const unacknowledgedButStored = head - acknowledged;
  const killWindowS = trials.reduce((s, t) => s + t.killAfterMs, 0) / 1000;

  // Reference: plain appends in this process (same disk, same synchronous=FULL), no kills.
  const refDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-bench-crash-ref-'));
  const store = openStore({ dataDir: refDir });
  const refStart = process.hrtime.bigint();
  const refN = 500;
  for (let i = 0; i < refN; i++) appendAuditEvent(store, { actor: 'bench', action: 'inference', recordType: 'model', recordId: 'm', payload: { i } });
  const refS = Number(process.hrtime.bigint() - refStart) / 1e9;
  store.close();

  const rows: Array<[string, string]> = [
    ['kills (SIGKILL)', String(trials.length)],
    ['acknowledged events', String(acknowledged)],
    ['acknowledged events lost', String(lost)],
    ['stored but not acknowledged (in flight at kill)', String(unacknowledgedButStored)],
    ['integrity_check failures', String(integrityFailures)],
    ['chain verification failures', String(chainFailures)],
    ['final head seq', String(head)],
    ['wall time', `${wallS.toFixed(1)} s`],
    ['append rate under kills (acked / kill windows)', `${(acknowledged / Math.max(killWindowS, 1e-9)).toFixed(0)} events/s`],
    ['reference append rate, in-process, no kills', `${(refN / refS).toFixed(0)} events/s`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
  console.log(`ratio: lost/acknowledged = ${lost}/${acknowledged}; append rate under kills / reference = ${((acknowledged / Math.max(killWindowS, 1e-9)) / (refN / refS)).toFixed(2)}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(refDir, { recursive: true, force: true });
  if (lost > 0 || integrityFailures > 0 || chainFailures > 0) process.exitCode = 1;
}
