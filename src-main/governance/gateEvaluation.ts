/**
 * Loads a gates file (YAML or JSON), evaluates it against a model's stored metrics, stores the
 * result (with the registered gate spec it used and the bundle hash) and audits it. Every
 * evaluation is kept: the history, failures included, is what the CLI, app and card show.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { desc, eq, sql } from 'drizzle-orm';
import { parse as parseYaml } from 'yaml';
import { HilumError } from '../../src-core/errors';
import { canonicalJson, evaluateGates, parseGateSpec, type GateEvaluation, type GateSpec } from '../../src-core/governance';
import type { Store } from '../store/openStore';
import { gateEvaluations } from '../store/schema';
import { appendAuditEvent } from './auditTrail';
import { getModel, loadModelMetrics, modelMetricsHash } from './modelRegistry';
import { registerGateSpec } from './gateSpecs';
import { hashCanonical } from './sha256Hex';
import type { User } from './userAccounts';
import { authorize } from './authorize';

export type GateEvaluationRecord = typeof gateEvaluations.$inferSelect;

export function loadGatesFile(file: string): GateSpec {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new HilumError('NOT_FOUND', `${file}: cannot read the gates file (${(error as Error).message})`, { file }, { cause: error });
  }
  let raw: unknown;
  try {
    raw = path.extname(file).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new HilumError(
      'CONFIG_INVALID',
      `${file}: not valid ${path.extname(file) === '.json' ? 'JSON' : 'YAML'} (${(error as Error).message})`,
      { file },
      { cause: error },
    );
  }
  return parseGateSpec(raw, file);
}

export interface StoredGateEvaluation extends GateEvaluation {
  id: string;
  modelId: string;
  metricsHash: string;
  gatesHash: string;
  evaluatedAt: string;
  evaluatedBy: string;
}

/**
 * Evaluates `spec` on the model's stored metrics. The spec is registered first (or found by its
 * content hash), so every evaluation names a controlled gate spec; whether that spec counts for a
 * lock is the release policy's business, not the caller's.
 */
export function evaluateModelGates(
  store: Store,
  by: User,
  modelId: string,
  spec: GateSpec,
): StoredGateEvaluation & { gateSpecId: string; gateSpecVersion: number } {
  authorize(store, by, 'gate.evaluate');
  return store.sqlite
    .transaction(() => {
      const model = getModel(store, modelId);
      const registered = registerGateSpec(store, by, spec);
      const evaluation = evaluateGates(spec, loadModelMetrics(store, model.id));
      const row: GateEvaluationRecord = {
        id: randomUUID(),
        modelId: model.id,
        gatesName: spec.name,
        gatesJson: registered.specJson,
        gatesHash: registered.specHash,
        metricsHash: modelMetricsHash(store, model.id),
        passed: evaluation.passed,
        resultsJson: canonicalJson(evaluation.results),
        evaluatedBy: by.username,
        evaluatedAt: new Date().toISOString(),
        gateSpecId: registered.id,
        bundleHash: model.bundleHash,
      };
      store.db.insert(gateEvaluations).values(row).run();
      appendAuditEvent(store, {
        actor: by.username,
        action: evaluation.passed ? 'gate.passed' : 'gate.failed',
        recordType: 'gate_evaluation',
        recordId: row.id,
        before: null,
        afterHash: gateEvaluationHash(row),
        payload: {
          modelId: model.id,
          gates: spec.name,
          gateSpecId: registered.id,
          gatesHash: row.gatesHash,
          metricsHash: row.metricsHash,
          bundleHash: row.bundleHash,
          passed: evaluation.passed,
          failed: evaluation.results.filter((r) => !r.passed).map((r) => r.id),
        },
        state: [{ table: 'gate_evaluations', key: row.id }],
      });
      return {
        ...evaluation,
        id: row.id,
        modelId: model.id,
        metricsHash: row.metricsHash,
        gatesHash: row.gatesHash,
        evaluatedAt: row.evaluatedAt,
        evaluatedBy: row.evaluatedBy,
        gateSpecId: registered.id,
        gateSpecVersion: registered.version,
      };
    })
    .immediate();
}

/** The hash a signature binds: the whole stored evaluation row (spec, metrics hash, bundle hash, results). */
export function gateEvaluationHash(row: GateEvaluationRecord): string {
  return hashCanonical(row);
}

/** Every evaluation of a model, oldest first (failures included). */
export function gateEvaluationHistory(store: Store, modelId: string): GateEvaluationRecord[] {
  return store.db
    .select()
    .from(gateEvaluations)
    .where(eq(gateEvaluations.modelId, modelId))
    .orderBy(sql`rowid`)
    .all();
}

/** The most recently inserted evaluation (rowid order: immune to equal timestamps). */
export function latestGateEvaluation(store: Store, modelId: string): GateEvaluationRecord | null {
  return (
    store.db
      .select()
      .from(gateEvaluations)
      .where(eq(gateEvaluations.modelId, modelId))
      .orderBy(desc(sql`rowid`))
      .limit(1)
      .get() ?? null
  );
}
