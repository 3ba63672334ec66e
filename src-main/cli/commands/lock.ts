/** `hilum lock --model <id>` and `hilum retire --model <id>`: lock a gated, signed model (refusals are audited); retire a locked one. */
import fs from 'node:fs';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { HilumError } from '../../../src-core/errors';
import { lockModel, retireModel } from '../../governance/lockModel';
import { defaultLockPolicy, parseLockPolicy } from '../../governance/lockPolicy';
import { readPasswords } from '../../governance/readPasswords';
import { action } from '../context';
import { formatTable, printResult } from '../output';
import { signIn, withSession, type SessionOptions } from './governanceSession';

function loadPolicy(file: string | undefined) {
  if (!file) return defaultLockPolicy;
  try {
    return parseLockPolicy(parseYaml(fs.readFileSync(file, 'utf8')), file);
  } catch (error) {
    if (error instanceof HilumError) throw error;
    throw new HilumError('CONFIG_INVALID', `${file}: cannot read the lock policy (${(error as Error).message})`, { file });
  }
}

export function register(program: Command): void {
  withSession(program.command('lock').description('lock a model: needs a passing latest gate evaluation and the required signatures (default: authored by an engineer, approved by QA)'))
    .requiredOption('--model <id>', 'model id')
    .option('--policy <file>', 'lock policy (YAML/JSON: requiredSignatures [{meaning, roles}], distinctSigners)')
    .action(action(async (ctx, opts: SessionOptions & { model: string; policy?: string }) => {
      const policy = loadPolicy(opts.policy);
      const { user } = await signIn(ctx, opts);
      const lock = lockModel(ctx.store(), user, opts.model, policy);
      printResult(lock, ctx, (l) => formatTable([['locked', l.modelId], ['by', l.lockedBy], ['at (UTC)', l.lockedAt], ['bundle hash', l.bundleHash], ['metrics hash', l.metricsHash]]));
    }));
  withSession(program.command('retire').description('retire a locked model (re-authentication; records a "retired" signature)'))
    .requiredOption('--model <id>', 'model id')
    .requiredOption('--reason <text>', 'why it is retired')
    .action(action(async (ctx, opts: SessionOptions & { model: string; reason: string }) => {
      const [password] = await readPasswords([`password for ${opts.as} (retiring)`], Boolean(opts.passwordStdin));
      const m = retireModel(ctx.store(), { modelId: opts.model, username: opts.as, password: password!, reason: opts.reason });
      printResult(m, ctx, (r) => `${r.name} ${r.version} is now ${r.status}`);
    }));
}
