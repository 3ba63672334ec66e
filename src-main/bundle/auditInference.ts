/** One audit row per inference (input hash, bundle hash, outputs, UTC time): the callback predictFiles takes. */
import { appendAuditEvent } from '../governance/auditTrail';
import type { Store } from '../store/openStore';
import type { InferenceRecord } from './predictFiles';

export function auditInference(store: Store, actor: string): (record: InferenceRecord) => void {
  return (record) => {
    appendAuditEvent(store, { actor, action: 'model.inference', recordType: 'inference', recordId: record.inputSha256, payload: record });
  };
}
