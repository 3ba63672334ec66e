/** Child process for the crash test: appends audit events forever and prints each seq only after its commit returned. */
import fs from 'node:fs';
import { appendAuditEvent } from '../../../src-main/governance/auditTrail';
import { openStore } from '../../../src-main/store/openStore';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: auditWriterChild <dataDir>');
const store = openStore({ dataDir });
for (let i = 0; ; i++) {
  const row = appendAuditEvent(store, {
    actor: 'crash-test',
    action: 'inference',
    recordType: 'model',
    recordId: 'm',
    payload: { i, pid: process.pid },
  });
  // writeSync: the parent must see the acknowledgement before the next event starts (no stdout buffering).
  fs.writeSync(1, `${row.seq}\n`);
}
