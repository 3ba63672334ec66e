/** Model governance channels: gates, signatures (password re-entry), lock, change requests with diffs, PDF export. */
import { s } from '../../validate';
import { defineChannel } from './defineChannel';
import { empty, id } from './common';

export const signatureMeanings = ['authored', 'reviewed', 'approved', 'rejected'] as const;

export const modelListItem = s.object({
  id,
  name: s.string(),
  version: s.string(),
  bundleHash: s.string(),
  status: s.string(),
  createdBy: s.string(),
  createdAt: s.string(),
});

export const gateResult = s.object({
  id: s.string(),
  description: s.string(),
  metric: s.string(),
  op: s.string(),
  threshold: s.number(),
  observed: s.nullable(s.number()),
  passed: s.boolean(),
  reason: s.string(),
});

export const signature = s.object({
  printedName: s.string(),
  role: s.string(),
  meaning: s.string(),
  signedAt: s.string(),
  bundleHash: s.string(),
  comment: s.nullable(s.string()),
  /** The statement of intent the signer saw and signed (null for signatures made before statements were stored). */
  statement: s.nullable(s.string()),
  /** Whether it still counts for a lock; otherwise why it was superseded (a later gate evaluation, another bundle...). */
  current: s.boolean(),
  supersededBecause: s.nullable(s.string()),
});

export const changeRequest = s.object({
  id,
  reason: s.string(),
  riskAssessment: s.string(),
  whatChanged: s.string(),
  createdBy: s.string(),
  createdAt: s.string(),
  /** Before/after as JSON text, so any value type can be shown side by side. */
  diff: s.array(s.object({ section: s.string(), path: s.string(), before: s.string(), after: s.string() })),
});

const credentials = { user: s.string({ minLength: 1, maxLength: 200 }), password: s.string({ minLength: 1, maxLength: 1024 }) };

export const modelsChannels = {
  'models.list': defineChannel(
    'Registered models with their status (draft, locked, retired)',
    empty,
    s.object({ models: s.array(modelListItem) }),
  ),
  'models.detail': defineChannel(
    'Latest gate evaluation and the full gate history, signatures (current and superseded), change request and lock of one model',
    s.object({ modelId: id }),
    s.object({
      model: modelListItem,
      gates: s.nullable(
        s.object({ name: s.string(), passed: s.boolean(), evaluatedAt: s.string(), evaluatedBy: s.string(), results: s.array(gateResult) }),
      ),
      /** Every gate evaluation, oldest first, failures included; `approvedSpec`: evaluated under the release policy's approved spec. */
      gateHistory: s.array(
        s.object({
          id: s.string(),
          name: s.string(),
          gatesHash: s.string(),
          approvedSpec: s.boolean(),
          passed: s.boolean(),
          evaluatedAt: s.string(),
          evaluatedBy: s.string(),
          results: s.array(gateResult),
        }),
      ),
      signatures: s.array(signature),
      changeRequest: s.nullable(changeRequest),
      lock: s.nullable(s.object({ lockedBy: s.string(), lockedAt: s.string(), bundleHash: s.string() })),
    }),
  ),
  'models.sign': defineChannel(
    'Signs the model record (the user re-enters the password)',
    s.object({ modelId: id, ...credentials, meaning: s.enumOf(signatureMeanings), comment: s.optional(s.string({ maxLength: 2000 })) }),
    signature,
  ),
  'models.signatureStatement': defineChannel(
    'The statement of intent and the exact record a signature with this meaning would bind, shown before the password is asked',
    s.object({ modelId: id, meaning: s.enumOf(signatureMeanings) }),
    s.object({
      statement: s.string(),
      modelId: id,
      name: s.string(),
      version: s.string(),
      bundleHash: s.string(),
      gateEvaluationId: s.nullable(s.string()),
    }),
  ),
  'models.lock': defineChannel(
    'Locks the model (requires passing gates and the required signatures)',
    s.object({ modelId: id, ...credentials }),
    s.object({ lockedBy: s.string(), lockedAt: s.string(), bundleHash: s.string() }),
  ),
  'models.exportPdf': defineChannel(
    'Renders the model card PDF (a copy stays in the data directory) and returns its bytes for download',
    s.object({ modelId: id }),
    s.object({ fileName: s.string(), pages: s.number(), pdfBase64: s.string() }),
  ),
} as const;
