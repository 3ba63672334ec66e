/** Shared by the governance commands: the `--as` / `--password-stdin` options and signing in through them. */
import type { Command } from 'commander';
import { authenticate, type User } from '../../governance/userAccounts';
import { readPasswords } from '../../governance/readPasswords';
import type { CliContext } from '../context';

export interface SessionOptions {
  as: string;
  passwordStdin?: boolean;
}

export function withSession(command: Command): Command {
  return command
    .requiredOption('--as <user>', 'acting user (authenticates with their password)')
    .option('--password-stdin', 'read the password(s) from stdin, one per line, instead of prompting');
}

/** Authenticates `--as`; extra prompts (e.g. a new user's password) are read after the acting user's. */
export async function signIn(ctx: CliContext, opts: SessionOptions, extraPrompts: string[] = []): Promise<{ user: User; extra: string[] }> {
  const [password, ...extra] = await readPasswords([`password for ${opts.as}`, ...extraPrompts], Boolean(opts.passwordStdin));
  return { user: authenticate(ctx.store(), opts.as, password!), extra };
}
