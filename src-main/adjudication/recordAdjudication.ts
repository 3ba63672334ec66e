/**
 * Records a radiologist's reading of a worklist case as expert labels: the reader re-enters the
 * password (as for a signature), must hold the `adjudicate` permission, and every label must be one of
 * the bundle's label names. The row and its audit event are written in one transaction.
 */
import { randomUUID } from 'node:crypto';
import { HilumError } from '../../src-core/errors';
import { canonicalJson } from '../../src-core/governance';
import { appendAuditEvent } from '../governance/auditTrail';
import { authorize } from '../governance/authorize';
import { authenticate } from '../governance/userAccounts';
import type { Store } from '../store/openStore';
import { expertLabelSets } from '../store/schema';
import { toAdjudication, type Adjudication, type ExpertState } from './listAdjudications';

export const expertStates = ['positive', 'negative', 'uncertain'] as const satisfies readonly ExpertState[];

export interface AdjudicationInput {
  studyId: string;
  inputSha256: string;
  bundleHash: string;
  /** The label names of the bundle the case was predicted with. */
  labelNames: readonly string[];
  username: string;
  password: string;
  labels: Record<string, string>;
  comment: string;
}

const sha256Pattern = /^[0-9a-f]{64}$/;

function validateLabels(input: AdjudicationInput): Record<string, ExpertState> {
  const entries = Object.entries(input.labels);
  if (entries.length === 0)
    throw new HilumError('INVALID_ARGUMENT', `adjudication of study ${input.studyId} sets no label`, { studyId: input.studyId });
  const known = new Set(input.labelNames);
  for (const [label, state] of entries) {
    if (!known.has(label)) {
      throw new HilumError('INVALID_ARGUMENT', `label "${label}" is not one of the bundle's labels (${input.labelNames.join(', ')})`, {
        label,
        bundleHash: input.bundleHash,
      });
    }
    if (!(expertStates as readonly string[]).includes(state)) {
      throw new HilumError('INVALID_ARGUMENT', `label "${label}": state "${state}" must be one of ${expertStates.join(', ')}`, {
        label,
        state,
      });
    }
  }
  // Sorted so the stored JSON (and its audit hash) does not depend on the order the form sent.
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) as Record<string, ExpertState>;
}

export function recordAdjudication(store: Store, input: AdjudicationInput): Adjudication {
  for (const [name, value] of [
    ['inputSha256', input.inputSha256],
    ['bundleHash', input.bundleHash],
  ] as const) {
    if (!sha256Pattern.test(value))
      throw new HilumError('INVALID_ARGUMENT', `${name} "${value}" is not a lower-case hex SHA-256`, { [name]: value });
  }
  const labels = validateLabels(input);
  const user = authenticate(store, input.username, input.password);
  authorize(store, user, 'adjudicate');
  const row: typeof expertLabelSets.$inferSelect = {
    id: randomUUID(),
    studyId: input.studyId,
    inputSha256: input.inputSha256,
    bundleHash: input.bundleHash,
    readerUserId: user.id,
    readerUsername: user.username,
    readerPrintedName: user.fullName,
    readerRole: user.role,
    adjudicatedAt: new Date().toISOString(),
    labelsJson: canonicalJson(labels),
    comment: input.comment,
  };
  store.sqlite
    .transaction(() => {
      store.db.insert(expertLabelSets).values(row).run();
      appendAuditEvent(store, {
        actor: user.username,
        action: 'adjudication.record',
        recordType: 'expert_label_set',
        recordId: row.id,
        before: null,
        after: row,
        payload: {
          studyId: row.studyId,
          inputSha256: row.inputSha256,
          bundleHash: row.bundleHash,
          printedName: row.readerPrintedName,
          labels,
        },
      });
    })
    .immediate();
  return toAdjudication(row);
}
