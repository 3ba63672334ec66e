/** audit.* handlers over the governance audit trail: filtered browsing (newest first) and chain verification. */
import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import type { HandlerTable } from '../../../src-core/contracts/bridge';
import { verifyAuditTrail } from '../../governance/verifyAuditTrail';
import { auditEvents } from '../../store/schema';
import type { AppCallContext, AppServices } from '../AppServices';

type Names = 'audit.events' | 'audit.verify';

function payloadOf(json: string): Record<string, unknown> {
  try {
    const value = JSON.parse(json) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
  } catch {
    return { unparsedPayload: json };
  }
}

export function auditHandlers(services: AppServices): Pick<HandlerTable<AppCallContext>, Names> {
  return {
    'audit.events': ({ actor, action, since, until, limit, beforeSeq }) => {
      const conditions: SQL[] = [];
      if (actor) conditions.push(eq(auditEvents.actor, actor));
      if (action) conditions.push(eq(auditEvents.action, action));
      // `at` is an ISO-8601 UTC string, so text order is time order.
      if (since) conditions.push(gte(auditEvents.at, since));
      if (until) conditions.push(lte(auditEvents.at, until));
      if (beforeSeq !== undefined) conditions.push(lt(auditEvents.seq, beforeSeq));
      const rows = services.store().db.select().from(auditEvents).where(and(...conditions)).orderBy(desc(auditEvents.seq)).limit(limit).all();
      return {
        events: rows.map((r) => ({ seq: r.seq, at: r.at, actor: r.actor, action: r.action, subject: `${r.recordType}:${r.recordId}`, details: payloadOf(r.payloadJson), hash: r.hash })),
      };
    },
    'audit.verify': () => {
      const result = verifyAuditTrail(services.store());
      return {
        ok: result.ok,
        checked: result.eventsChecked,
        headSeq: result.headSeq,
        checkpointSeq: result.checkpointSeq,
        firstBrokenSeq: result.firstBad?.seq ?? null,
        problems: result.problems.map((p) => p.message),
      };
    },
  };
}
