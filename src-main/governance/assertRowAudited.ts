/**
 * For actions that trust one governance row right now (sign-in trusts a user's role and password
 * hash; serving trusts a lock row): the row must be exactly as the audit trail's last state claim
 * for it says. A row edited or inserted behind the services' back is refused, not acted on.
 */
import { desc, like } from 'drizzle-orm';
import { HilumError } from '../../src-core/errors';
import type { Store } from '../store/openStore';
import { auditEvents } from '../store/schema';
import { signingSince, stateClaimsOf } from './auditTrail';
import { claimRow, type GovernedTable } from './governedTables';

/** The content hash the trail last vouched for (undefined when no event claims the row). */
export function lastAuditedHash(store: Store, table: GovernedTable, key: string): string | null | undefined {
  // Keys are UUIDs or fixed names: a LIKE on the payload narrows the scan to events that mention it.
  const rows = store.db
    .select({ payloadJson: auditEvents.payloadJson })
    .from(auditEvents)
    .where(like(auditEvents.payloadJson, `%${key.replace(/[%_]/g, '')}%`))
    .orderBy(desc(auditEvents.seq))
    .all();
  for (const row of rows) {
    const claim = stateClaimsOf(row).find((c) => c.table === table && c.key === key);
    if (claim) return claim.hash;
  }
  return undefined;
}

/**
 * `createdAt`: when the row says it was written. A row from before this installation started
 * signing (an upgraded store) has no claim and is accepted here; `audit verify` still lists it.
 */
export function isRowAudited(store: Store, table: GovernedTable, key: string, createdAt?: string): boolean {
  const now = claimRow(store, table, key).hash;
  if (now === null) return false;
  const last = lastAuditedHash(store, table, key);
  if (last === undefined) {
    const since = signingSince(store);
    return createdAt !== undefined && since !== null && createdAt < since;
  }
  return last === now;
}

export function assertRowAudited(store: Store, table: GovernedTable, key: string, what: string, createdAt?: string): void {
  if (!isRowAudited(store, table, key, createdAt)) {
    throw new HilumError(
      'AUDIT_CHAIN_BROKEN',
      `${what}: ${table} ${key} is not in the state the audit trail records (changed outside Hilum); run \`hilum audit verify\``,
      { table, key },
    );
  }
}
