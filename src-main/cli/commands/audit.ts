/** `hilum audit verify | export | checkpoint`: check the hash chain and checkpoints (exit 1 naming the first bad record), write a readable copy, sign a checkpoint now. */
import path from 'node:path';
import type { Command } from 'commander';
import { authorize } from '../../governance/authorize';
import { appendAuditEvent, createAuditCheckpoint } from '../../governance/auditTrail';
import { exportAuditTrail } from '../../governance/exportAuditTrail';
import { verifyAuditTrail } from '../../governance/verifyAuditTrail';
import { exitCodes } from '../exitCodes';
import { action } from '../context';
import { formatTable, printResult } from '../output';
import { signIn, withSession, type SessionOptions } from './governanceSession';

export function register(program: Command): void {
  const audit = program.command('audit').description('the append-only, hash-chained audit trail');
  audit.command('verify').description('walk the chain and the signed checkpoints; exit 1 and name the first bad record on failure')
    .action(action(async (ctx) => {
      const v = verifyAuditTrail(ctx.store());
      printResult(v, ctx, (r) => r.ok
        ? formatTable([['audit trail', 'OK'], ['events', String(r.eventsChecked)], ['head', `seq ${r.headSeq} ${r.headHash}`], ['checkpoint', r.checkpointSeq ? `seq ${r.checkpointSeq} (signature valid)` : 'none yet']])
        : [`audit trail BROKEN: first bad record seq ${r.firstBad!.seq}: ${r.firstBad!.message}`, ...r.problems.slice(1, 10).map((p) => `  also: ${p.message}`)].join('\n'));
      return v.ok ? exitCodes.ok : exitCodes.failure;
    }));
  withSession(audit.command('export').description('write a human-readable CSV copy of the audit trail'))
    .requiredOption('--out <file>', 'output CSV file')
    .action(action(async (ctx, opts: SessionOptions & { out: string }) => {
      const { user } = await signIn(ctx, opts);
      authorize(ctx.store(), user, 'audit.export');
      const out = path.resolve(opts.out);
      const result = exportAuditTrail(ctx.store(), out);
      appendAuditEvent(ctx.store(), { actor: user.username, action: 'audit.export', recordType: 'audit', recordId: 'audit_events', payload: { file: out, events: result.events } });
      printResult(result, ctx, (r) => `wrote ${r.events} events to ${r.file}`);
    }));
  withSession(audit.command('checkpoint').description('sign a checkpoint at the current head with the installation key'))
    .action(action(async (ctx, opts: SessionOptions) => {
      const { user } = await signIn(ctx, opts);
      authorize(ctx.store(), user, 'audit.checkpoint');
      appendAuditEvent(ctx.store(), { actor: user.username, action: 'audit.checkpoint', recordType: 'audit', recordId: 'audit_events', payload: {} });
      const cp = createAuditCheckpoint(ctx.store());
      printResult(cp, ctx, (c) => (c ? `checkpoint at seq ${c.seq} ${c.hash} (key ${c.keyId})` : 'audit trail is empty'));
    }));
}
