/** The role check every governance action goes through: a denial is audited (committed on its own), then thrown as FORBIDDEN. */
import { can, requirePermission, type Action } from '../../src-core/governance';
import type { Store } from '../store/openStore';
import { appendAuditEvent } from './auditTrail';

export function authorize(store: Store, user: { username: string; role: Parameters<typeof can>[0] }, action: Action): void {
  if (can(user.role, action)) return;
  // Outside any transaction here, so the record of the attempt survives the throw below.
  if (!store.sqlite.inTransaction) {
    appendAuditEvent(store, {
      actor: user.username,
      action: 'permission.denied',
      recordType: 'action',
      recordId: action,
      payload: { role: user.role, action },
    });
  }
  requirePermission(user, action);
}
