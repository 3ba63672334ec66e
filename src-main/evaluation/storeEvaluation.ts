/** Writes one evaluation row and its per-image raw logits and features in a single transaction. */
import { appendAuditEvent } from '../governance/auditTrail';
import { cliActor } from '../runs/cliActor';
import type { Store } from '../store/openStore';
import { evaluationOutputs, evaluations } from '../store/schema/evaluation';
import type { ModelOutputs } from '../../src-core/model/modelOutputs';
import type { EvalModel } from './resolveEvalModel';

export interface StoredOutputs {
  role: string;
  imageIds: number[] | null;
  sources: string[] | null;
  outputs: ModelOutputs;
}

export interface StoreEvaluationInput {
  model: EvalModel;
  dataset: string;
  split: string;
  labelNames: string[];
  report: unknown;
  reportDir: string | null;
  outputs: StoredOutputs[];
  /** The audit actor (the signed-in user in the app); the operating-system user by default. */
  actor?: string;
}

export function storeEvaluation(store: Store, input: StoreEvaluationInput): number {
  const main = input.outputs[0]!;
  return store.db.transaction((tx) => {
    const row = tx
      .insert(evaluations)
      .values({
        modelKind: input.model.kind,
        modelRef: input.model.ref,
        modelHash: input.model.hash,
        datasetName: input.dataset,
        split: input.split,
        imageCount: main.outputs.n,
        labelNamesJson: JSON.stringify(input.labelNames),
        featureWidth: main.outputs.width,
        reportJson: JSON.stringify(input.report),
        reportDir: input.reportDir,
        createdAt: new Date().toISOString(),
      })
      .returning()
      .get();
    // The stored row (report included) is the record; the per-image outputs are derived from the model and the images.
    appendAuditEvent(store, {
      actor: input.actor ?? cliActor(),
      action: 'evaluation.stored',
      recordType: 'evaluation',
      recordId: String(row.id),
      after: row,
      payload: { modelHash: row.modelHash, datasetName: row.datasetName, split: row.split, images: row.imageCount },
    });
    for (const set of input.outputs) {
      const { n, width, logitColumns, features } = set.outputs;
      for (let i = 0; i < n; i++) {
        tx.insert(evaluationOutputs)
          .values({
            evaluationId: row.id,
            imageId: set.imageIds?.[i] ?? null,
            role: set.role,
            source: set.sources?.[i] ?? null,
            logitsJson: JSON.stringify(logitColumns.map((c) => c[i]!)),
            features: Buffer.from(Float32Array.from(features.subarray(i * width, (i + 1) * width)).buffer),
          })
          .run();
      }
    }
    return row.id;
  });
}
