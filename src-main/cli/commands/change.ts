/** `hilum change create | revalidate-thresholds | diff`: change control for a new version of a locked model. */
import type { Command } from 'commander';
import { createChangeRequest, computeModelDiff, revalidateThresholds } from '../../governance/changeControl';
import { getModel } from '../../governance/modelRegistry';
import { HilumError } from '../../../src-core/errors';
import type { DiffEntry } from '../../../src-core/governance';
import { action } from '../context';
import { printResult } from '../output';
import { signIn, withSession, type SessionOptions } from './governanceSession';

const showDiff = (diff: DiffEntry[]) =>
  diff.map((d) => `  [${d.section}] ${d.path}: ${JSON.stringify(d.before)} -> ${JSON.stringify(d.after)}`).join('\n') || '  no differences';

export function register(program: Command): void {
  const change = program.command('change').description('change control for new versions of locked models');
  withSession(change.command('create').description('open a change request for a draft model registered with --predecessor'))
    .requiredOption('--model <id>', 'the new version')
    .requiredOption('--reason <text>', 'why the change is made')
    .requiredOption('--risk <text>', 'risk assessment')
    .requiredOption('--what <text>', 'what changed (data, config, thresholds, ...)')
    .action(
      action(async (ctx, opts: SessionOptions & { model: string; reason: string; risk: string; what: string }) => {
        const { user } = await signIn(ctx, opts);
        const cr = createChangeRequest(ctx.store(), user, {
          modelId: opts.model,
          reason: opts.reason,
          riskAssessment: opts.risk,
          whatChanged: opts.what,
        });
        printResult(cr, ctx, (r) => `change request ${r.id} (predecessor ${r.predecessorId})\n${showDiff(r.diff)}`);
      }),
    );
  withSession(
    change
      .command('revalidate-thresholds')
      .description("record that the thresholds of a new version were re-validated (required when they equal the predecessor's)"),
  )
    .requiredOption('--model <id>', 'model id')
    .requiredOption('--note <text>', 'what was checked, on which data')
    .action(
      action(async (ctx, opts: SessionOptions & { model: string; note: string }) => {
        const { user } = await signIn(ctx, opts);
        printResult(
          revalidateThresholds(ctx.store(), user, opts.model, opts.note),
          ctx,
          (r) => `thresholds ${r.thresholdsHash} re-validated by ${r.revalidatedBy} at ${r.revalidatedAt}`,
        );
      }),
    );
  change
    .command('diff')
    .description('differences between a model and its predecessor (bundle, data, config, metrics, thresholds)')
    .requiredOption('--model <id>', 'model id')
    .action(
      action(async (ctx, opts: { model: string }) => {
        const m = getModel(ctx.store(), opts.model);
        if (!m.predecessorId)
          throw new HilumError('INVALID_ARGUMENT', `model ${m.name} ${m.version} has no predecessor`, { modelId: m.id });
        printResult(computeModelDiff(ctx.store(), m.predecessorId, m.id), ctx, showDiff);
      }),
    );
}
