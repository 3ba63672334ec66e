/**
 * worklist.* handlers and images.saliency: a review runs the predict service with a locked model's
 * bundle (verified byte for byte against its lock) over the review-folder studies, auditing every
 * inference; the studies it abstained on or flagged as OOD are the worklist. Results are kept for the
 * app session. A radiologist's reading of a reviewed study is stored as expert labels
 * (`recordAdjudication`), bound to the image's SHA-256 and the bundle it was predicted with.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { HandlerTable } from '../../../src-core/contracts/bridge';
import { HilumError } from '../../../src-core/errors';
import { listAdjudications } from '../../adjudication/listAdjudications';
import { recordAdjudication } from '../../adjudication/recordAdjudication';
import { auditInference } from '../../bundle/auditInference';
import { predictFiles, type PredictResultEntry } from '../../bundle/predictFiles';
import { getModel } from '../../governance/modelRegistry';
import { verifyLockedBundle } from '../../governance/verifyLockedBundle';
import type { AppCallContext, AppServices } from '../AppServices';

type Names = 'worklist.review' | 'worklist.list' | 'worklist.study' | 'worklist.adjudicate' | 'images.saliency';
type Success = Exclude<PredictResultEntry, { error: unknown }>;

interface Review {
  modelId: string;
  bundleHash: string;
  at: string;
  results: Map<string, { name: string; entry: Success }>;
}

export function worklistHandlers(services: AppServices): Pick<HandlerTable<AppCallContext>, Names> {
  let review: Review | null = null;
  const reviewed = (studyId: string) => {
    const found = review?.results.get(studyId);
    if (!found) throw new HilumError('NOT_FOUND', `Study ${studyId} has no result in the latest worklist review`, { studyId });
    return found;
  };

  return {
    'worklist.review': async ({ modelId }) => {
      const store = services.store();
      const model = getModel(store, modelId);
      const { bundleHash } = verifyLockedBundle(store, model.bundlePath);
      const studies = services.studies.list();
      const byFile = new Map(studies.map((s) => [s.file, s]));
      const saliencyDir = path.join(services.dataDir, 'worklist', bundleHash.slice(0, 16));
      fs.mkdirSync(saliencyDir, { recursive: true });
      const result = await predictFiles({
        bundleDirs: [model.bundlePath],
        inputs: studies.map((s) => s.file),
        expectedHash: bundleHash,
        saliencyDir,
        onInference: auditInference(store, 'app.worklist'),
      });
      const results = new Map<string, { name: string; entry: Success }>();
      let failed = 0;
      for (const entry of result.results) {
        if ('error' in entry) {
          failed++;
          continue;
        }
        const study = byFile.get(entry.input);
        if (study) results.set(study.studyId, { name: study.name, entry });
      }
      review = { modelId, bundleHash, at: new Date().toISOString(), results };
      const flagged = [...results.values()].filter(({ entry }) => entry.abstained || entry.ood.flagged).length;
      return { modelId, bundleHash, reviewed: results.size, flagged, failed };
    },

    'worklist.list': () => {
      // A study counts as adjudicated when a reading of the same image bytes with the same bundle is stored.
      const readings = review ? new Set(listAdjudications(services.store()).map((a) => `${a.inputSha256}:${a.bundleHash}`)) : new Set<string>();
      return {
        review: review && { modelId: review.modelId, bundleHash: review.bundleHash, at: review.at },
        items: review
          ? [...review.results].flatMap(([studyId, { name, entry }]) => {
              if (!entry.abstained && !entry.ood.flagged) return [];
              const reason = entry.abstained && entry.ood.flagged ? 'abstained and ood' : entry.abstained ? 'abstained' : 'ood';
              const adjudicated = readings.has(`${entry.inputSha256}:${entry.bundleHash}`);
              return [{ studyId, name, reason: reason as 'abstained' | 'ood' | 'abstained and ood', reviewedAt: entry.utc, adjudicated }];
            })
          : [],
      };
    },

    'worklist.study': ({ studyId }) => {
      const { entry } = reviewed(studyId);
      return {
        studyId,
        abstained: entry.abstained,
        ood: { score: entry.ood.score, flagged: entry.ood.flagged, reasons: entry.ood.reasons },
        labels: Object.entries(entry.labels).map(([label, v]) => ({ label, probability: v.probability, threshold: v.threshold, decision: String(v.decision), abstainReasons: v.abstainReasons })),
      };
    },

    'worklist.adjudicate': ({ studyId, user, password, labels, comment }) => {
      const { entry } = reviewed(studyId);
      const stored = recordAdjudication(services.store(), {
        studyId, inputSha256: entry.inputSha256, bundleHash: entry.bundleHash, labelNames: Object.keys(entry.labels),
        username: user, password, labels, comment,
      });
      const { id, reader, ...rest } = stored;
      return { expertLabelSetId: id, ...rest, reader: { username: reader.username, printedName: reader.printedName, role: reader.role } };
    },

    'images.saliency': ({ studyId }) => {
      const { entry } = reviewed(studyId);
      if (!entry.saliencyFile) throw new HilumError('NOT_FOUND', `The model gave no saliency map for study ${studyId}`, { studyId });
      return { pngBase64: fs.readFileSync(entry.saliencyFile).toString('base64') };
    },
  };
}
