/** Writes a human-readable CSV copy of the audit trail (one row per event, RFC 4180 quoting). */
import fs from 'node:fs';
import { asc } from 'drizzle-orm';
import type { Store } from '../store/openStore';
import { auditEvents } from '../store/schema';

const columns = ['seq', 'at', 'actor', 'action', 'recordType', 'recordId', 'beforeHash', 'afterHash', 'payloadJson', 'prevHash', 'hash'] as const;

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function exportAuditTrail(store: Store, outFile: string): { events: number; file: string } {
  const rows = store.db.select().from(auditEvents).orderBy(asc(auditEvents.seq)).all();
  const lines = [columns.join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(row[c])).join(','));
  fs.writeFileSync(outFile, `${lines.join('\n')}\n`);
  return { events: rows.length, file: outFile };
}
