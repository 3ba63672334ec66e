/**
 * worklist.* handlers and images.saliency: a review runs the predict service with a locked model's
 * bundle (verified byte for byte against its lock) over the review-folder studies, auditing every
 * inference; the studies it abstained on or flagged as OOD are the worklist. The review is a tracked
 * job whose result (every study's outputs) is stored in job_runs, so the worklist survives a restart. A radiologist's reading of a reviewed study is stored as expert labels
 * (`recordAdjudication`), bound to the image's SHA-256 and the bundle it was predicted with.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { HandlerTable } from '../../../src-core/contracts/bridge';
import type { JobProgress } from '../../../src-core/contracts/jobs';
import { HilumError } from '../../../src-core/errors';
import { listAdjudications } from '../../adjudication/listAdjudications';
import { recordAdjudication } from '../../adjudication/recordAdjudication';
import { auditInference } from '../../bundle/auditInference';
import { predictFiles, type PredictResultEntry } from '../../bundle/predictFiles';
import { getModel } from '../../governance/modelRegistry';
import { verifyLockedBundle } from '../../governance/verifyLockedBundle';
import type { AppCallContext, AppServices } from '../AppServices';
import { signedInUser } from '../session/SessionCallContext';

type Names = 'worklist.review' | 'worklist.list' | 'worklist.study' | 'worklist.adjudicate' | 'images.saliency';
type Success = Exclude<PredictResultEntry, { error: unknown }>;

interface Review {
  modelId: string;
  bundleHash: string;
  at: string;
  results: Map<string, { name: string; entry: Success }>;
}

/** The review as stored in job_runs.result_json. */
interface StoredReview {
  modelId: string;
  bundleHash: string;
  at: string;
  results: [string, { name: string; entry: Success }][];
  summary: { modelId: string; bundleHash: string; reviewed: number; flagged: number; failed: number };
}

export function worklistHandlers(services: AppServices): Pick<HandlerTable<AppCallContext>, Names> {
  let loaded = false;
  let latest: Review | null = null;
  // The latest review of an earlier session is read back once, on first use.
  const current = (): Review | null => {
    if (!loaded) {
      loaded = true;
      const stored = services.jobs.latestResult('worklist.review') as StoredReview | null;
      if (stored && !latest)
        latest = { modelId: stored.modelId, bundleHash: stored.bundleHash, at: stored.at, results: new Map(stored.results) };
    }
    return latest;
  };
  const reviewed = (studyId: string) => {
    const found = current()?.results.get(studyId);
    if (!found) throw new HilumError('NOT_FOUND', `Study ${studyId} has no result in the latest worklist review`, { studyId });
    return found;
  };

  return {
    'worklist.review': async ({ modelId }, ctx) => {
      // Every inference row names the reader who started the review, not the app.
      const reader = signedInUser(ctx).username;
      const { outcome } = services.jobs.track('worklist.review', (onProgress) => runReview(services, modelId, reader, onProgress), {
        modelId,
      });
      const done = await outcome;
      if (done.status !== 'succeeded') throw new HilumError(done.error.code, done.error.message, done.error.details);
      const stored = done.value as StoredReview;
      loaded = true;
      latest = { modelId: stored.modelId, bundleHash: stored.bundleHash, at: stored.at, results: new Map(stored.results) };
      return stored.summary;
    },

    'worklist.list': () => {
      // A study counts as adjudicated when a reading of the same image bytes with the same bundle is stored.
      const review = current();
      const readings = review
        ? new Set(listAdjudications(services.store()).map((a) => `${a.inputSha256}:${a.bundleHash}`))
        : new Set<string>();
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
        labels: Object.entries(entry.labels).map(([label, v]) => ({
          label,
          probability: v.probability,
          threshold: v.threshold,
          decision: String(v.decision),
          abstainReasons: v.abstainReasons,
        })),
      };
    },

    'worklist.adjudicate': ({ studyId, user, password, labels, comment }) => {
      const { entry } = reviewed(studyId);
      const stored = recordAdjudication(services.store(), {
        studyId,
        inputSha256: entry.inputSha256,
        bundleHash: entry.bundleHash,
        labelNames: Object.keys(entry.labels),
        username: user,
        password,
        labels,
        comment,
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

/** Predicts every review-folder study with the locked model's verified bundle (in the worker pool), auditing each inference. */
async function runReview(
  services: AppServices,
  modelId: string,
  reader: string,
  onProgress: (progress: JobProgress) => void,
): Promise<StoredReview> {
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
    onInference: auditInference(store, reader),
    jobs: services.host(),
    onProgress,
  });
  const results: StoredReview['results'] = [];
  let failed = 0;
  for (const entry of result.results) {
    if ('error' in entry) {
      failed++;
      continue;
    }
    const study = byFile.get(entry.input);
    if (study) results.push([study.studyId, { name: study.name, entry }]);
  }
  const flagged = results.filter(([, { entry }]) => entry.abstained || entry.ood.flagged).length;
  return {
    modelId,
    bundleHash,
    at: new Date().toISOString(),
    results,
    summary: { modelId, bundleHash, reviewed: results.length, flagged, failed },
  };
}
