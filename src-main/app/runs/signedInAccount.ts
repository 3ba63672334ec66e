/** The governance account of the signed-in user: the registry and the evaluation record check it (role, id) and audit it. */
import { eq } from 'drizzle-orm';
import { HilumError } from '../../../src-core/errors';
import type { User } from '../../governance/userAccounts';
import type { Store } from '../../store/openStore';
import { users } from '../../store/schema/governance';
import type { AppCallContext } from '../AppServices';
import { signedInUser } from '../session/SessionCallContext';

export function signedInAccount(store: Store, ctx: AppCallContext): User {
  const session = signedInUser(ctx);
  const row = store.db.select().from(users).where(eq(users.id, session.userId)).get();
  if (!row) throw new HilumError('FORBIDDEN', `the signed-in account ${session.username} no longer exists`, { username: session.username });
  return { id: row.id, username: row.username, fullName: row.fullName, role: row.role, createdAt: row.createdAt };
}
