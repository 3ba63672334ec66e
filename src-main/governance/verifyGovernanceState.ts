/**
 * Replays the state claims in the audit chain (the last content hash per table and key) and
 * compares each governance table with it: a row inserted, edited or deleted outside the services
 * is named by table and key.
 */
import type { AuditRow } from '../../src-core/governance';
import type { Store } from '../store/openStore';
import { stateClaimsOf } from './auditTrail';
import { governedTableNames, readTableState, type GovernedTable } from './governedTables';

export interface StateProblem {
  kind: 'row_unaudited' | 'row_edited' | 'row_deleted';
  table: GovernedTable;
  key: string;
  /** The last event vouching for this row (null when none). */
  seq: number | null;
  message: string;
}

export function verifyGovernanceState(store: Store, rows: readonly AuditRow[]): StateProblem[] {
  const implied = new Map<string, { hash: string | null; seq: number }>();
  for (const row of rows) for (const c of stateClaimsOf(row)) implied.set(`${c.table}\u0000${c.key}`, { hash: c.hash, seq: row.seq });
  const problems: StateProblem[] = [];
  for (const table of governedTableNames) {
    const actual = readTableState(store, table);
    for (const [key, hash] of actual) {
      const claim = implied.get(`${table}\u0000${key}`);
      if (!claim || claim.hash === null) {
        problems.push({
          kind: 'row_unaudited',
          table,
          key,
          seq: claim?.seq ?? null,
          message: `${table} ${key}: row has no audit event (inserted outside the services)`,
        });
      } else if (claim.hash !== hash) {
        problems.push({
          kind: 'row_edited',
          table,
          key,
          seq: claim.seq,
          message: `${table} ${key}: row differs from the state audited at seq ${claim.seq} (edited outside the services)`,
        });
      }
    }
    for (const [k, claim] of implied) {
      const [t, key] = k.split('\u0000') as [string, string];
      if (t === table && claim.hash !== null && !actual.has(key)) {
        problems.push({
          kind: 'row_deleted',
          table,
          key,
          seq: claim.seq,
          message: `${table} ${key}: row audited at seq ${claim.seq} is missing (deleted outside the services)`,
        });
      }
    }
  }
  return problems;
}
