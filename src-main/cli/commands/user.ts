/** `hilum user create-admin | create | list`: local accounts (first-run admin only on an empty installation). */
import type { Command } from 'commander';
import { HilumError } from '../../../src-core/errors';
import { isRole } from '../../../src-core/governance';
import { readPasswords } from '../../governance/readPasswords';
import { createFirstAdmin, createUser, listUsers, unlockUser, type User } from '../../governance/userAccounts';
import { action } from '../context';
import { formatTable, printResult } from '../output';
import { signIn, withSession, type SessionOptions } from './governanceSession';

const showUser = (u: User) =>
  formatTable([
    ['user', u.username],
    ['name', u.fullName],
    ['role', u.role],
    ['created', u.createdAt],
  ]);

export function register(program: Command): void {
  const user = program.command('user').description('local user accounts and roles (engineer, qa, radiologist, admin)');
  user
    .command('create-admin')
    .description('create the first admin account (only when no user exists); password from a prompt or --password-stdin')
    .requiredOption('--username <name>', 'login name')
    .requiredOption('--name <full name>', 'printed name, as it appears on signatures')
    .option('--password-stdin', 'read the new password from stdin')
    .action(
      action(async (ctx, opts: { username: string; name: string; passwordStdin?: boolean }) => {
        const [password] = await readPasswords([`new password for ${opts.username}`], Boolean(opts.passwordStdin));
        printResult(createFirstAdmin(ctx.store(), { username: opts.username, fullName: opts.name, password: password! }), ctx, showUser);
      }),
    );
  withSession(
    user.command('create').description("create an account (admin only); --password-stdin reads the admin's password, then the new user's"),
  )
    .requiredOption('--username <name>', 'login name')
    .requiredOption('--name <full name>', 'printed name')
    .requiredOption('--role <role>', 'engineer | qa | radiologist | admin')
    .action(
      action(async (ctx, opts: SessionOptions & { username: string; name: string; role: string }) => {
        if (!isRole(opts.role))
          throw new HilumError('INVALID_ARGUMENT', `unknown role "${opts.role}" (engineer, qa, radiologist, admin)`, { role: opts.role });
        const { user: admin, extra } = await signIn(ctx, opts, [`new password for ${opts.username}`]);
        printResult(
          createUser(ctx.store(), admin, { username: opts.username, fullName: opts.name, role: opts.role, password: extra[0]! }),
          ctx,
          showUser,
        );
      }),
    );
  withSession(user.command('list').description('list accounts (admin only)')).action(
    action(async (ctx, opts: SessionOptions) => {
      const { user: admin } = await signIn(ctx, opts);
      printResult(listUsers(ctx.store(), admin), ctx, (users) =>
        users.map((u) => `${u.username.padEnd(16)} ${u.role.padEnd(12)} ${u.fullName}`).join('\n'),
      );
    }),
  );
  withSession(user.command('unlock').description('lift a lockout after repeated failed sign-ins (admin only; audited)'))
    .requiredOption('--username <name>', 'the locked account')
    .action(
      action(async (ctx, opts: SessionOptions & { username: string }) => {
        const { user: admin } = await signIn(ctx, opts);
        unlockUser(ctx.store(), admin, opts.username);
        printResult({ unlocked: opts.username }, ctx, (r) => `${r.unlocked} unlocked`);
      }),
    );
}
