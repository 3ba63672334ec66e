/**
 * Writes a human-readable CSV copy of the audit trail (one row per event, RFC 4180 quoting), and
 * last the signed head it was exported at (a witness). Cells a spreadsheet would run as a formula
 * (starting with = + - @, tab or CR) get a leading apostrophe (OWASP "CSV injection").
 */
import fs from 'node:fs';
import { asc } from 'drizzle-orm';
import type { Store } from '../store/openStore';
import { auditEvents } from '../store/schema';
import { signedAuditHead, type SignedAuditHead } from './auditTrail';

const columns = [
  'seq',
  'at',
  'actor',
  'action',
  'recordType',
  'recordId',
  'beforeHash',
  'afterHash',
  'payloadJson',
  'prevHash',
  'hash',
] as const;

export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function exportAuditTrail(store: Store, outFile: string): { events: number; file: string; signedHead: SignedAuditHead | null } {
  const rows = store.db.select().from(auditEvents).orderBy(asc(auditEvents.seq)).all();
  const head = signedAuditHead(store);
  const lines = [columns.join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(row[c])).join(','));
  lines.push(
    [
      'signed-head',
      head ? `seq ${head.seq}` : 'none',
      head?.hash ?? '',
      head ? `key ${head.keyFingerprint}` : '',
      head?.at ?? '',
      head?.signature ?? '',
    ]
      .map(csvCell)
      .join(','),
  );
  fs.writeFileSync(outFile, `${lines.join('\n')}\n`);
  return { events: rows.length, file: outFile, signedHead: head };
}
