/**
 * audit.* handlers over the governance audit trail: filtered, paged browsing (newest first) with the
 * total count, chain verification, and a CSV export of the whole trail for download.
 */
import fs from 'node:fs';
import path from 'node:path';
import { and, count, desc, eq, gte, lt, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { HandlerTable } from '../../../src-core/contracts/bridge';
import { HilumError } from '../../../src-core/errors';
import { appendAuditEvent, signedAuditHead } from '../../governance/auditTrail';
import { authorize } from '../../governance/authorize';
import { exportAuditTrail } from '../../governance/exportAuditTrail';
import { verifyAuditTrail } from '../../governance/verifyAuditTrail';
import { auditEvents, models } from '../../store/schema';
import type { AppCallContext, AppServices } from '../AppServices';
import { signedInUser } from '../session/SessionCallContext';

type Names = 'audit.events' | 'audit.verify' | 'audit.export';

function payloadOf(json: string): Record<string, unknown> {
  try {
    const value = JSON.parse(json) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
  } catch {
    return { unparsedPayload: json };
  }
}

const isoDate = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * An ISO-8601 date or date-time as a UTC instant (`at` is stored as ISO UTC text, so text order is
 * time order). A bare `until` date means the end of that day. A date the calendar does not have
 * (2026-02-30) or any other text is refused with a sentence naming the field, never matched as nothing.
 */
export function auditBound(field: 'since' | 'until', text: string): string {
  const match = isoDate.exec(text.trim());
  const bareDate = match !== null && match[4] === undefined;
  const instant = match ? Date.parse(bareDate ? `${text.trim()}T00:00:00Z` : match[7] ? text.trim() : `${text.trim()}Z`) : Number.NaN;
  const calendarOk =
    match !== null && Number.isFinite(instant) && new Date(Date.UTC(+match[1]!, +match[2]! - 1, +match[3]!)).getUTCDate() === +match[3]!;
  if (!calendarOk) {
    throw new HilumError(
      'INVALID_ARGUMENT',
      `"${text}" is not a valid ${field === 'since' ? 'start' : 'end'} date: use YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC).`,
      { field, value: text },
    );
  }
  return new Date(bareDate && field === 'until' ? instant + 86_400_000 : instant).toISOString();
}

/** `%`, `_` and `\` typed by the user are matched literally. */
const contains = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const containsText = (column: SQLWrapper, text: string): SQL => sql`${column} LIKE ${contains(text)} ESCAPE '\\'`;

/**
 * Events about one model: its own record, and every event whose payload names the model (`modelId`) or its
 * bundle (`bundleHash`, or the bundle's own record id): signatures, metrics, gate evaluations, locks, inferences.
 */
function aboutModel(services: AppServices, modelId: string): SQL {
  const found = services.store().db.select({ bundleHash: models.bundleHash }).from(models).where(eq(models.id, modelId)).get();
  if (!found) throw new HilumError('NOT_FOUND', `No model ${modelId}`, { modelId });
  const payload = (field: string) => sql`json_extract(${auditEvents.payloadJson}, ${`$.${field}`})`;
  return or(
    eq(auditEvents.recordId, modelId),
    sql`${payload('modelId')} = ${modelId}`,
    eq(auditEvents.recordId, found.bundleHash),
    sql`${payload('bundleHash')} = ${found.bundleHash}`,
  )!;
}

export function auditHandlers(services: AppServices): Pick<HandlerTable<AppCallContext>, Names> {
  return {
    'audit.events': ({ actor, action, subject, model, since, until, limit, beforeSeq, offset }) => {
      const conditions: SQL[] = [];
      if (model) conditions.push(aboutModel(services, model));
      // SQLite's LIKE is case-insensitive for ASCII, which is what user names and action names are.
      if (actor) conditions.push(containsText(auditEvents.actor, actor));
      if (action) conditions.push(containsText(auditEvents.action, action));
      if (subject) conditions.push(containsText(sql`(${auditEvents.recordType} || ':' || ${auditEvents.recordId})`, subject));
      if (since) conditions.push(gte(auditEvents.at, auditBound('since', since)));
      if (until) conditions.push(lt(auditEvents.at, auditBound('until', until)));
      if (beforeSeq !== undefined) conditions.push(lt(auditEvents.seq, beforeSeq));
      const where = and(...conditions);
      const db = services.store().db;
      const total = db.select({ n: count() }).from(auditEvents).where(where).get()?.n ?? 0;
      const rows = db
        .select()
        .from(auditEvents)
        .where(where)
        .orderBy(desc(auditEvents.seq))
        .limit(limit)
        .offset(offset ?? 0)
        .all();
      return {
        total,
        events: rows.map((r) => ({
          seq: r.seq,
          at: r.at,
          actor: r.actor,
          action: r.action,
          subject: `${r.recordType}:${r.recordId}`,
          details: payloadOf(r.payloadJson),
          hash: r.hash,
        })),
      };
    },
    'audit.verify': () => {
      const result = verifyAuditTrail(services.store());
      const head = signedAuditHead(services.store());
      return {
        ok: result.ok,
        checked: result.eventsChecked,
        headSeq: result.headSeq,
        checkpointSeq: result.checkpointSeq,
        firstBrokenSeq: result.firstBad?.seq ?? null,
        problems: result.problems.map((p) => p.message),
        signedHead: head && { seq: head.seq, hash: head.hash, at: head.at, keyFingerprint: head.keyFingerprint },
      };
    },
    'audit.export': (_request, ctx) => {
      const store = services.store();
      const user = signedInUser(ctx);
      authorize(store, user, 'audit.export');
      // Main picks the file name; a copy stays in the data directory next to the other exports.
      const fileName = `audit-trail-${new Date().toISOString().replace(/[:.]/g, '-')}.csv`;
      const file = path.join(services.dataDir, 'exports', fileName);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const { events, signedHead } = exportAuditTrail(store, file);
      // As `hilum audit export` does: the export is itself audited (no file name: a path may carry identifying text).
      appendAuditEvent(store, {
        actor: user.username,
        action: 'audit.export',
        recordType: 'audit',
        recordId: 'audit_events',
        payload: { events, headSeq: signedHead?.seq ?? 0, via: ctx.via },
      });
      return { fileName, events, csv: fs.readFileSync(file, 'utf8') };
    },
  };
}
