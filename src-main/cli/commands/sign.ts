/** `hilum sign --model <id> --meaning <m>`: an electronic signature; the password is entered again at every signing. */
import type { Command } from 'commander';
import { HilumError } from '../../../src-core/errors';
import { readPasswords } from '../../governance/readPasswords';
import { currentSignatureStatement, signatureMeanings, signModel, type SignatureMeaning } from '../../governance/signatures';
import { action } from '../context';
import { formatTable, printResult } from '../output';
import { withSession, type SessionOptions } from './governanceSession';

export function register(program: Command): void {
  withSession(
    program
      .command('sign')
      .description('sign a model record (authored, reviewed, approved, rejected): binds name, UTC time, meaning and the record hash'),
  )
    .requiredOption('--model <id>', 'model id')
    .requiredOption('--meaning <meaning>', signatureMeanings.join(' | '))
    .option('--comment <text>', 'optional comment stored with the signature')
    .action(
      action(async (ctx, opts: SessionOptions & { model: string; meaning: string; comment?: string }) => {
        if (!(signatureMeanings as readonly string[]).includes(opts.meaning))
          throw new HilumError('INVALID_ARGUMENT', `--meaning must be one of ${signatureMeanings.join(', ')}`, { meaning: opts.meaning });
        // Part 11 §11.50: the signer sees what the signature means before committing to it.
        process.stderr.write(`${currentSignatureStatement(ctx.store(), opts.model, opts.meaning as SignatureMeaning)}\n`);
        const [password] = await readPasswords([`password for ${opts.as} (signing as ${opts.meaning})`], Boolean(opts.passwordStdin));
        const s = signModel(ctx.store(), {
          modelId: opts.model,
          username: opts.as,
          password: password!,
          meaning: opts.meaning as SignatureMeaning,
          comment: opts.comment,
        });
        printResult(s, ctx, (r) =>
          formatTable([
            ['signed by', `${r.printedName} (${r.role})`],
            ['meaning', r.meaning],
            ['time (UTC)', r.signedAt],
            ['record hash', r.recordHash],
            ['bundle hash', r.bundleHash],
            ['metrics hash', r.metricsHash],
            ['gate evaluation', r.gateEvaluationId ?? 'none'],
            ['statement', r.statement ?? ''],
          ]),
        );
      }),
    );
}
