/**
 * `hilum lock --model <id>` (what it needs comes from the model's release policy, never from the caller; refusals are audited),
 * `hilum retire --model <id>`, and `hilum policy create | set-default | show` (admins, by e-signature).
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { HilumError } from '../../../src-core/errors';
import { lockModel, lockReceipt, retireModel } from '../../governance/lockModel';
import {
  createReleasePolicy,
  getReleasePolicy,
  parseReleasePolicy,
  policyOf,
  setDefaultReleasePolicy,
  type ReleasePolicy,
} from '../../governance/releasePolicy';
import { readPasswords } from '../../governance/readPasswords';
import { action } from '../context';
import { formatTable, printResult } from '../output';
import { signIn, withSession, type SessionOptions } from './governanceSession';

function loadPolicy(file: string, gateSpecId: string | undefined): ReleasePolicy {
  let raw: unknown;
  try {
    raw = parseYaml(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new HilumError('CONFIG_INVALID', `${file}: cannot read the release policy (${(error as Error).message})`, { file });
  }
  return parseReleasePolicy(gateSpecId ? { ...(raw as object), gateSpecId } : raw, file);
}

export function register(program: Command): void {
  withSession(
    program
      .command('lock')
      .description(
        'lock a model: needs what its release policy requires (approved gate spec passed on the current bundle, current signatures by distinct people)',
      ),
  )
    .requiredOption('--model <id>', 'model id')
    .action(
      action(async (ctx, opts: SessionOptions & { model: string }) => {
        const { user } = await signIn(ctx, opts);
        const receipt = lockReceipt(ctx.store(), lockModel(ctx.store(), user, opts.model));
        printResult(receipt, ctx, (r) =>
          formatTable([
            ['locked', r.lock.modelId],
            ['by', r.lock.lockedBy],
            ['at (UTC)', r.lock.lockedAt],
            ['bundle hash', r.lock.bundleHash],
            ['metrics hash', r.lock.metricsHash],
            ['audit head', r.auditHead ? `seq ${r.auditHead.seq} ${r.auditHead.hash}` : 'none'],
            ['signing key', r.auditHead?.keyFingerprint ?? 'none'],
          ]),
        );
      }),
    );
  withSession(program.command('retire').description('retire a locked model (re-authentication; records a "retired" signature)'))
    .requiredOption('--model <id>', 'model id')
    .requiredOption('--reason <text>', 'why it is retired')
    .action(
      action(async (ctx, opts: SessionOptions & { model: string; reason: string }) => {
        const [password] = await readPasswords([`password for ${opts.as} (retiring)`], Boolean(opts.passwordStdin));
        const m = retireModel(ctx.store(), { modelId: opts.model, username: opts.as, password: password!, reason: opts.reason });
        printResult(m, ctx, (r) => `${r.name} ${r.version} is now ${r.status}`);
      }),
    );

  const policy = program.command('policy').description('release policies: what locking a model requires (admins, by e-signature)');
  withSession(
    policy
      .command('create')
      .description(
        'create a release policy from a YAML/JSON file {gateSpecId, requiredSignatures: [{meaning, roles}], distinctSigners, authorMayApprove}',
      ),
  )
    .requiredOption('--name <name>', 'policy name')
    .requiredOption('--file <policy>', 'policy file')
    .option('--gate-spec <id>', 'the approved gate spec (overrides gateSpecId in the file)')
    .action(
      action(async (ctx, opts: SessionOptions & { name: string; file: string; gateSpec?: string }) => {
        const parsed = loadPolicy(opts.file, opts.gateSpec);
        const [password] = await readPasswords([`password for ${opts.as} (signing the release policy)`], Boolean(opts.passwordStdin));
        const row = createReleasePolicy(ctx.store(), { username: opts.as, password: password!, name: opts.name, policy: parsed });
        printResult(row, ctx, (r) =>
          formatTable([
            ['release policy', r.id],
            ['name', r.name],
            ['gate spec', r.gateSpecId],
            ['hash', r.policyHash],
          ]),
        );
      }),
    );
  withSession(policy.command('set-default').description('make a release policy the installation default (admin e-signature)'))
    .requiredOption('--policy <id>', 'release policy id')
    .action(
      action(async (ctx, opts: SessionOptions & { policy: string }) => {
        const [password] = await readPasswords(
          [`password for ${opts.as} (signing the default release policy)`],
          Boolean(opts.passwordStdin),
        );
        const row = setDefaultReleasePolicy(ctx.store(), { username: opts.as, password: password!, policyId: opts.policy });
        printResult(row, ctx, (r) => `installation default release policy: ${r.name} (${r.id})`);
      }),
    );
  policy
    .command('show')
    .description('a release policy and what it requires')
    .requiredOption('--policy <id>', 'release policy id')
    .action(
      action(async (ctx, opts: { policy: string }) => {
        const row = getReleasePolicy(ctx.store(), opts.policy);
        printResult({ ...row, policy: policyOf(row) }, ctx, (r) =>
          formatTable([
            ['release policy', `${r.name} (${r.id})`],
            ['gate spec', r.policy.gateSpecId],
            ['signatures', r.policy.requiredSignatures.map((s) => `${s.meaning} by ${s.roles.join('/')}`).join('; ')],
            ['distinct signers', String(r.policy.distinctSigners)],
            ['author may approve', String(r.policy.authorMayApprove)],
          ]),
        );
      }),
    );
}
