/** Kill -9 a child that appends audit events at random moments, then check integrity, the chain, and that no acknowledged event was lost. Used by the crash test and `npm run bench -- crash`. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { verifyAuditTrail } from '../../../src-main/governance/verifyAuditTrail';
import { openStore } from '../../../src-main/store/openStore';

const childScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'auditWriterChild.ts');

export interface CrashTrial {
  trial: number;
  killAfterMs: number;
  acknowledged: number;
  lastAcknowledgedSeq: number;
  persistedHeadSeq: number;
  lost: number;
  integrity: string;
  chainOk: boolean;
  firstBad: string | null;
}

/**
 * Runs one child until its first acknowledgement, then SIGKILLs it `killAfterMs` later (or when
 * `startKillTimer` is given, when that promise resolves); resolves with the seqs it acknowledged.
 */
export function runChild(dataDir: string, killAfterMs: number, startKillTimer?: Promise<void>, onFirstAck?: () => void): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', childScript, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let armed = false;
    const seqs: number[] = [];
    let buffered = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) if (line) seqs.push(Number(line));
      if (!armed && seqs.length > 0) {
        armed = true;
        onFirstAck?.();
        void (startKillTimer ?? Promise.resolve()).then(() => (timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs)));
      }
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`writer exited by itself (code ${code}): ${stderr.slice(-2000)}`));
      else resolve(seqs);
    });
  });
}

export async function runCrashTrials(
  dataDir: string,
  kills: number,
  random: () => number,
  onTrial?: (t: CrashTrial) => void,
): Promise<CrashTrial[]> {
  const trials: CrashTrial[] = [];
  for (let trial = 1; trial <= kills; trial++) {
    const killAfterMs = Math.floor(random() * 250);
    const acked = await runChild(dataDir, killAfterMs);
    const store = openStore({ dataDir });
    try {
      const integrity = String(store.sqlite.pragma('integrity_check', { simple: true }));
      const present = new Set((store.sqlite.prepare('SELECT seq FROM audit_events').all() as Array<{ seq: number }>).map((r) => r.seq));
      const verification = verifyAuditTrail(store);
      const t: CrashTrial = {
        trial,
        killAfterMs,
        acknowledged: acked.length,
        lastAcknowledgedSeq: acked[acked.length - 1] ?? 0,
        persistedHeadSeq: verification.headSeq,
        lost: acked.filter((s) => !present.has(s)).length,
        integrity,
        chainOk: verification.ok,
        firstBad: verification.firstBad?.message ?? null,
      };
      trials.push(t);
      onTrial?.(t);
    } finally {
      store.close();
    }
  }
  return trials;
}

/** Several writers on one store at once: the kill timers start only when every writer has committed at least once, so they overlap. */
export async function runConcurrentChildren(dataDir: string, writers: number, killAfterMs: number): Promise<number[][]> {
  let acked = 0;
  let release!: () => void;
  const allStarted = new Promise<void>((r) => (release = r));
  return Promise.all(
    Array.from({ length: writers }, () =>
      runChild(dataDir, killAfterMs, allStarted, () => {
        if (++acked === writers) release();
      }),
    ),
  );
}
