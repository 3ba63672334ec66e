/** `hilum audit verify | head | export`: check the chain, signed head, witnesses and governance state (exit 1 naming the bad record); print the signed head; write a readable copy. */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { HilumError } from '../../../src-core/errors';
import { authorize } from '../../governance/authorize';
import { appendAuditEvent, signedAuditHead, type SignedAuditHead } from '../../governance/auditTrail';
import { exportAuditTrail } from '../../governance/exportAuditTrail';
import { verifyAuditTrail } from '../../governance/verifyAuditTrail';
import { exitCodes } from '../exitCodes';
import { action } from '../context';
import { formatTable, printResult } from '../output';
import { signIn, withSession, type SessionOptions } from './governanceSession';

const collect = (v: string, prev: string[] = []) => [...prev, v];

function readWitness(file: string): { source: string; head: Pick<SignedAuditHead, 'seq' | 'hash'> } {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new HilumError(
      'INVALID_ARGUMENT',
      `${file}: not a readable witness (the JSON \`hilum audit head --json\` printed): ${(error as Error).message}`,
      { file },
    );
  }
  const head = raw as { seq?: unknown; hash?: unknown };
  if (!Number.isInteger(head.seq) || typeof head.hash !== 'string' || !/^[0-9a-f]{64}$/.test(head.hash)) {
    throw new HilumError('INVALID_ARGUMENT', `${file}: a witness needs an integer seq and a 64-hex hash`, { file });
  }
  return { source: path.basename(file), head: { seq: head.seq as number, hash: head.hash } };
}

export function register(program: Command): void {
  const audit = program.command('audit').description('the append-only, hash-chained audit trail');
  audit
    .command('verify')
    .description(
      'replay the chain, check the signed head (pinned keys only), witnesses and governance tables; exit 1 naming the bad record',
    )
    .option(
      '--trusted-key <fingerprint>',
      'a pinned signing key fingerprint (repeatable; the locally configured key is always trusted)',
      collect,
    )
    .option('--witness <file>', 'a head printed earlier by `hilum audit head --json` that the chain must extend (repeatable)', collect)
    .action(
      action(async (ctx, opts: { trustedKey?: string[]; witness?: string[] }) => {
        const v = verifyAuditTrail(ctx.store(), { trustedKeys: opts.trustedKey ?? [], witnesses: (opts.witness ?? []).map(readWitness) });
        printResult(v, ctx, (r) =>
          r.ok
            ? formatTable([
                ['audit trail', 'OK'],
                ['events', String(r.eventsChecked)],
                ['head', `seq ${r.headSeq} ${r.headHash}`],
                [
                  'signed head',
                  r.signedHead ? `seq ${r.signedHead.seq}, key ${r.signedHead.keyFingerprint} (trusted)` : 'none (empty trail)',
                ],
                ['witnesses', String(r.witnessesChecked)],
                ['governance tables', 'match the audited state'],
              ])
            : [
                `audit trail BROKEN: ${r.firstBad!.record}: ${r.firstBad!.message}`,
                ...r.problems.slice(1, 20).map((p) => `  also: ${p.record}: ${p.message}`),
              ].join('\n'),
        );
        return v.ok ? exitCodes.ok : exitCodes.failure;
      }),
    );
  audit
    .command('head')
    .description('print the current signed head (seq, hash, key fingerprint, signature): keep it as a witness')
    .action(
      action(async (ctx) => {
        const head = signedAuditHead(ctx.store());
        if (!head) throw new HilumError('NOT_FOUND', 'the audit trail has no signed head yet (no event was written)', {});
        printResult(head, ctx, (h) =>
          formatTable([
            ['seq', String(h.seq)],
            ['hash', h.hash],
            ['signed at (UTC)', h.at],
            ['key fingerprint', h.keyFingerprint],
          ]),
        );
      }),
    );
  withSession(audit.command('export').description('write a human-readable CSV copy of the audit trail (ends with the signed head)'))
    .requiredOption('--out <file>', 'output CSV file')
    .action(
      action(async (ctx, opts: SessionOptions & { out: string }) => {
        const { user } = await signIn(ctx, opts);
        authorize(ctx.store(), user, 'audit.export');
        const result = exportAuditTrail(ctx.store(), path.resolve(opts.out));
        // No file name in the append-only trail: a path may carry identifying text.
        appendAuditEvent(ctx.store(), {
          actor: user.username,
          action: 'audit.export',
          recordType: 'audit',
          recordId: 'audit_events',
          payload: { events: result.events, headSeq: result.signedHead?.seq ?? 0 },
        });
        printResult(
          result,
          ctx,
          (r) =>
            `wrote ${r.events} events to ${r.file}; signed head seq ${r.signedHead?.seq ?? 0}, key ${r.signedHead?.keyFingerprint ?? 'none'}`,
        );
      }),
    );
}
