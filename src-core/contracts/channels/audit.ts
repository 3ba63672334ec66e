/** Audit channels: browse the append-only event trail with filters, and verify its hash chain. */
import { s } from '../../validate';
import { defineChannel } from './defineChannel';
import { empty } from './common';

export const auditEvent = s.object({
  seq: s.number({ integer: true }),
  at: s.string(),
  actor: s.string(),
  action: s.string(),
  subject: s.string(),
  details: s.record(s.unknown()),
  hash: s.string(),
});

export const auditChannels = {
  'audit.events': defineChannel(
    'Audit events, newest first, filtered',
    s.object({
      /** Actor, action and subject match anywhere in the text, case-insensitively. */
      actor: s.optional(s.string({ maxLength: 200 })),
      action: s.optional(s.string({ maxLength: 200 })),
      subject: s.optional(s.string({ maxLength: 200 })),
      /**
       * A model id: only the events about that model — its own record, and events whose payload names it
       * (`modelId`: signatures, metrics, locks) or its bundle (`bundleHash`: bundle, gate evaluations, inferences).
       */
      model: s.optional(s.string({ maxLength: 200 })),
      /** ISO-8601 dates or times; `until` as a bare date includes that whole day (UTC). An invalid date is refused. */
      since: s.optional(s.string({ maxLength: 40 })),
      until: s.optional(s.string({ maxLength: 40 })),
      limit: s.number({ integer: true, min: 1, max: 1000 }),
      beforeSeq: s.optional(s.number({ integer: true })),
      /** Rows to skip (paging); with `limit`, one page of the filtered trail. */
      offset: s.optional(s.number({ integer: true, min: 0 })),
    }),
    s.object({ events: s.array(auditEvent), total: s.number({ integer: true }) }),
  ),
  'audit.verify': defineChannel(
    'Recomputes the audit hash chain',
    empty,
    s.object({
      ok: s.boolean(),
      checked: s.number(),
      headSeq: s.number(),
      /** The highest event vouched for by a valid signed checkpoint (0 when none). */
      checkpointSeq: s.number(),
      firstBrokenSeq: s.nullable(s.number()),
      problems: s.array(s.string()),
      /** The signed head of the chain as stored (null before the first event): what the verification was checked against. */
      signedHead: s.nullable(s.object({ seq: s.number({ integer: true }), hash: s.string(), at: s.string(), keyFingerprint: s.string() })),
    }),
  ),
  'audit.export': defineChannel(
    'The whole audit trail as CSV (one row per event), for download',
    empty,
    s.object({ fileName: s.string(), events: s.number({ integer: true }), csv: s.string() }),
  ),
} as const;
