/** `hilum card --model <id> --out <pdf>`: the model card PDF from stored records. */
import path from 'node:path';
import type { Command } from 'commander';
import { authorize } from '../../governance/authorize';
import { appendAuditEvent } from '../../governance/auditTrail';
import { collectModelCardData } from '../../reports/modelCard/collectModelCardData';
import { renderModelCard } from '../../reports/modelCard/renderModelCard';
import { action } from '../context';
import { printResult } from '../output';
import { signIn, withSession, type SessionOptions } from './governanceSession';

export function register(program: Command): void {
  withSession(
    program
      .command('card')
      .description(
        'export the model card PDF (intended use, data, training, calibration, validation, subgroups, OOD, gates, signatures, hashes)',
      ),
  )
    .requiredOption('--model <id>', 'model id')
    .requiredOption('--out <pdf>', 'output PDF file')
    .action(
      action(async (ctx, opts: SessionOptions & { model: string; out: string }) => {
        const { user } = await signIn(ctx, opts);
        authorize(ctx.store(), user, 'card.export');
        const data = collectModelCardData(ctx.store(), opts.model);
        const result = await renderModelCard(data, path.resolve(opts.out));
        appendAuditEvent(ctx.store(), {
          actor: user.username,
          action: 'card.export',
          recordType: 'model',
          recordId: data.model.id,
          payload: { recordHash: data.recordHash, auditHeadSeq: data.auditHead.seq, pages: result.pages },
        });
        printResult(result, ctx, (r) => `wrote ${r.pages}-page model card to ${r.file}`);
      }),
    );
}
