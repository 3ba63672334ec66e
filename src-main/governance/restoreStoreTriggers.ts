/**
 * Store-open hook: recreates protective triggers someone dropped, and audits that they were
 * missing. When the trail itself was tampered with (AUDIT_CHAIN_BROKEN) or the signing key is not
 * usable, the triggers are still put back but no event is written: `hilum audit verify` reports it.
 */
import os from 'node:os';
import { HilumError } from '../../src-core/errors';
import type { Store } from '../store/openStore';
import { appendAuditEvent } from './auditTrail';
import { missingTriggers } from './storeTriggers';

export function restoreStoreTriggers(store: Store): string[] {
  const missing = missingTriggers(store);
  if (missing.length === 0) return [];
  try {
    store.sqlite
      .transaction(() => {
        for (const t of missing) store.sqlite.exec(t.sql);
        appendAuditEvent(store, {
          actor: `system:${os.userInfo().username}`,
          action: 'store.triggers.restored',
          recordType: 'store',
          recordId: 'triggers',
          payload: { restored: missing.map((t) => t.name), authenticated: false },
        });
      })
      .immediate();
  } catch (error) {
    // Without a usable trail or key the triggers still go back; verification reports the rest.
    if (!(error instanceof HilumError && ['AUDIT_CHAIN_BROKEN', 'SIGNING_KEY_UNAVAILABLE', 'SIGNING_KEY_UNSAFE'].includes(error.code)))
      throw error;
    store.sqlite
      .transaction(() => {
        for (const t of missing) store.sqlite.exec(t.sql);
      })
      .immediate();
  }
  return missing.map((t) => t.name);
}
