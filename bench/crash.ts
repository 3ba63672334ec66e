/**
 * `npm run bench -- crash [kills=200]`: kill -9 a child appending audit events at random moments
 * (0–250 ms after its first acknowledgement), N times on one data dir; after each kill check
 * `PRAGMA integrity_check`, the hash chain and that every acknowledged seq is stored.
 * Then the append cost per event with a signed head per transaction (every append its own
 * IMMEDIATE transaction: chain, state claims, head re-verified and re-signed), against a reference
 * measured interleaved in the same run: a bare INSERT of a row of the same size in its own
 * IMMEDIATE transaction on a store with the same settings (WAL, synchronous=FULL). Medians of 3.
 */
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { createRng } from '../src-core/random/createRng';
import { appendAuditEvent } from '../src-main/governance/auditTrail';
import { openStore, type Store } from '../src-main/store/openStore';
import { runCrashTrials } from '../test/main/governance/crashHarness';
import { medianOf } from './medianOf';

function msPerEvent(n: number, write: (i: number) => void): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) write(i);
  return Number(process.hrtime.bigint() - start) / 1e6 / n;
}

/** Signed-head appends vs bare IMMEDIATE inserts, interleaved, 3 rounds: medians in ms per event. */
function appendCost(store: Store, n: number): { signed: number; bare: number } {
  store.sqlite.exec('CREATE TABLE IF NOT EXISTS bench_bare (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)');
  const insert = store.sqlite.prepare('INSERT INTO bench_bare (payload) VALUES (?)');
  const bareTx = store.sqlite.transaction((i: number) => insert.run(JSON.stringify({ i, pad: 'x'.repeat(400) })));
  const signed: number[] = [];
  const bare: number[] = [];
  for (let round = 0; round < 3; round++) {
    signed.push(
      msPerEvent(n, (i) =>
        appendAuditEvent(store, { actor: 'bench', action: 'inference', recordType: 'model', recordId: 'm', payload: { i, round } }),
      ),
    );
    bare.push(msPerEvent(n, (i) => bareTx.immediate(i)));
  }
  return { signed: medianOf(signed), bare: medianOf(bare) };
}

export default async function run(args: string[]): Promise<void> {
  const kills = Number(args[0] ?? 200);
  // The signing key is created on first use in the configuration folder: a throwaway one here.
  process.env.HILUM_CONFIG_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-bench-crash-config-'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hilum-bench-crash-'));
  const rng = createRng(7);
  const started = Date.now();
  const trials = await runCrashTrials(
    dataDir,
    kills,
    () => rng.nextFloat(),
    (t) => {
      if (t.trial % 20 === 0) process.stderr.write(`  ${t.trial}/${kills} kills, head seq ${t.persistedHeadSeq}\n`);
    },
  );
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
  for (let i = 0; i < refN; i++)
    appendAuditEvent(store, { actor: 'bench', action: 'inference', recordType: 'model', recordId: 'm', payload: { i } });
  const refS = Number(process.hrtime.bigint() - refStart) / 1e9;
  const cost = appendCost(store, 200);
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
    ['append cost per event, signed head per transaction (median of 3 x 200)', `${cost.signed.toFixed(3)} ms (goal <= 10 ms)`],
    ['bare IMMEDIATE insert per event, same store (median of 3 x 200)', `${cost.bare.toFixed(3)} ms`],
    [
      'load average (1, 5, 15 min)',
      os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(', '),
    ],
    ['CPUs', String(os.cpus().length)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
  console.log(
    `ratio: lost/acknowledged = ${lost}/${acknowledged}; append rate under kills / reference = ${(acknowledged / Math.max(killWindowS, 1e-9) / (refN / refS)).toFixed(2)}; signed append / bare insert = ${(cost.signed / cost.bare).toFixed(2)}`,
  );
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(refDir, { recursive: true, force: true });
  if (lost > 0 || integrityFailures > 0 || chainFailures > 0) process.exitCode = 1;
}
