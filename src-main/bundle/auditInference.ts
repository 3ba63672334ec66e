/** One audit row per inference (input hash, bundle hash, outputs, UTC time; no file name): the callback predictFiles takes. */
import { appendAuditEvent } from '../governance/auditTrail';
import type { Store } from '../store/openStore';
import type { InferenceRecord } from './predictFiles';

export function auditInference(store: Store, actor: string): (record: InferenceRecord) => void {
  return (record) => {
    // Never the file name or path (it may carry a patient's name or ID): the input's SHA-256 identifies the file.
    const { input: _path, ...withoutPath } = record;
    appendAuditEvent(store, {
      actor,
      action: 'model.inference',
      recordType: 'inference',
      recordId: record.inputSha256,
      payload: withoutPath,
    });
  };
}
