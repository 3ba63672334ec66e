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
      actor: s.optional(s.string({ maxLength: 200 })),
      action: s.optional(s.string({ maxLength: 200 })),
      since: s.optional(s.string({ maxLength: 40 })),
      until: s.optional(s.string({ maxLength: 40 })),
      limit: s.number({ integer: true, min: 1, max: 1000 }),
      beforeSeq: s.optional(s.number({ integer: true })),
    }),
    s.object({ events: s.array(auditEvent) }),
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
    }),
  ),
} as const;
