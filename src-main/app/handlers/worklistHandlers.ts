/**
 * worklist.* handlers and images.saliency: a review runs as a tracked, cancellable job (headers, then the
 * locked model's verified bundle over the chest radiographs, auditing every inference by the reader);
 * its stored result is the worklist, and readings, drafts, opened studies and adjudication cases are
 * stored rows, so nothing the reader would miss lives in memory.
 */
import path from 'node:path';
import type { HandlerTable } from '../../../src-core/contracts/bridge';
import { HilumError } from '../../../src-core/errors';
import { currentCase, listCases, routeReading } from '../../adjudication/adjudicationCases';
import { exportExpertLabels } from '../../adjudication/exportExpertLabels';
import { listAdjudications, type Adjudication } from '../../adjudication/listAdjudications';
import { recordAdjudication } from '../../adjudication/recordAdjudication';
import { markStudyOpened, readingDraftOf, saveReadingDraft } from '../../adjudication/worklistStudyStates';
import { getModel } from '../../governance/modelRegistry';
import { assertServableModel } from '../../governance/assertServableModel';
import type { AppCallContext, AppServices } from '../AppServices';
import { runWorklistReview } from '../images/runWorklistReview';
import { StudySaliency } from '../images/StudySaliency';
import { readStoredReview, type ReviewedStudy, type StoredReview } from '../images/StoredReview';
import { worklistRows } from '../images/worklistRows';
import { signedInUser } from '../session/SessionCallContext';

type Names =
  | 'worklist.review'
  | 'worklist.list'
  | 'worklist.study'
  | 'worklist.saveDraft'
  | 'worklist.adjudicate'
  | 'worklist.cases'
  | 'worklist.exportReadings'
  | 'images.saliency';

const toReading = ({ id, reader, ...rest }: Adjudication) => ({
  ...rest,
  expertLabelSetId: id,
  reader: { username: reader.username, printedName: reader.printedName, role: reader.role },
});

export function worklistHandlers(services: AppServices): Pick<HandlerTable<AppCallContext>, Names> {
  let latest: StoredReview | null | undefined;
  let runningJobId: string | null = null;
  const saliency = new StudySaliency(services);
  // The latest review is read from job_runs once (a restart finds the earlier session's), then kept current.
  const current = (): StoredReview | null =>
    latest === undefined ? (latest = readStoredReview(services.jobs.latestResult('worklist.review'))) : latest;
  const reviewed = (studyId: string): ReviewedStudy & { review: StoredReview } => {
    const review = current();
    const study = review?.studies.find((s) => s.studyId === studyId);
    if (!review || !study) throw new HilumError('NOT_FOUND', `Study ${studyId} is not in the latest worklist review`, { studyId });
    return { ...study, review };
  };
  const scored = (studyId: string) => {
    const study = reviewed(studyId);
    if (!study.entry)
      throw new HilumError('INVALID_ARGUMENT', `Study ${study.name} was not scored by the model: ${study.notScored}`, { studyId });
    return { ...study, entry: study.entry, key: { studyId, bundleHash: study.entry.bundleHash, inputSha256: study.entry.inputSha256 } };
  };

  return {
    'worklist.review': ({ modelId }, ctx) => {
      // Every inference row names the reader who started the review, not the app.
      const reader = signedInUser(ctx).username;
      const model = getModel(services.store(), modelId);
      // Checked before the job starts, so a model that is not locked is refused at once, in words.
      const { bundleHash } = assertServableModel(services.store(), modelId);
      const studies = services.studies.list().length;
      const { id, outcome } = services.jobs.track(
        'worklist.review',
        (onProgress, signal) =>
          runWorklistReview(services, { modelId, bundlePath: model.bundlePath, bundleHash, reader }, onProgress, signal),
        { modelId },
        { cancellable: true },
      );
      runningJobId = id;
      void outcome.then((done) => {
        if (runningJobId === id) runningJobId = null;
        if (done.status === 'succeeded') latest = done.value as StoredReview;
      });
      return { jobId: id, modelId, bundleHash, studies };
    },

    'worklist.list': (_payload, ctx) => {
      const review = current();
      return {
        review: review && { modelId: review.modelId, bundleHash: review.bundleHash, at: review.at, runningJobId },
        items: review ? worklistRows(services.store(), review, signedInUser(ctx).username) : [],
      };
    },

    'worklist.study': ({ studyId }, ctx) => {
      const study = reviewed(studyId);
      const entry = study.entry;
      const key = entry && { studyId, bundleHash: entry.bundleHash, inputSha256: entry.inputSha256 };
      const username = signedInUser(ctx).username;
      if (key) markStudyOpened(services.store(), key, username);
      const readings = key
        ? listAdjudications(services.store(), { inputSha256: key.inputSha256 }).filter((r) => r.bundleHash === key.bundleHash)
        : [];
      const latestCase = key ? currentCase(services.store(), key) : null;
      return {
        studyId,
        name: study.name,
        header: study.header,
        kind: study.kind,
        notScored: study.notScored,
        abstained: entry?.abstained ?? false,
        ood: entry && { score: entry.ood.score, flagged: entry.ood.flagged, reasons: entry.ood.reasons },
        labels: Object.entries(entry?.labels ?? {}).map(([label, v]) => ({
          label,
          probability: v.probability,
          threshold: v.threshold,
          decision: String(v.decision),
          abstainReasons: v.abstainReasons,
        })),
        readings: readings.map(toReading),
        case: latestCase,
        draft: key ? readingDraftOf(services.store(), key, username) : null,
      };
    },

    'worklist.saveDraft': ({ studyId, labels, comment }, ctx) => {
      const { key } = scored(studyId);
      const saved = saveReadingDraft(services.store(), key, signedInUser(ctx).username, { labels, comment });
      return saved!;
    },

    'worklist.adjudicate': ({ studyId, user, password, labels, comment }, ctx) => {
      const { entry, key } = scored(studyId);
      // The reading is signed by the signed-in reader only (the password re-entry authenticates that person).
      const signedIn = signedInUser(ctx).username;
      if (user !== signedIn)
        throw new HilumError('FORBIDDEN', `A reading is signed by the signed-in reader (${signedIn}), not by ${user}`, { user });
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
      const decisions = Object.fromEntries(Object.entries(entry.labels).map(([label, v]) => [label, String(v.decision)]));
      const routed = routeReading(services.store(), stored, decisions);
      saveReadingDraft(services.store(), key, signedIn, null);
      return { reading: toReading(stored), case: routed };
    },

    'worklist.cases': () => ({ cases: listCases(services.store()) }),

    'worklist.exportReadings': () => {
      const review = current();
      const root = services.studies.roots[0];
      if (!review || !root)
        throw new HilumError('NOT_FOUND', 'There is no worklist review (or no review folder) to export readings from', {});
      const fileName = `expert-labels-${review.bundleHash.slice(0, 12)}.csv`;
      const studies = review.studies.flatMap((s) =>
        s.entry ? [{ file: s.file, inputSha256: s.entry.inputSha256, bundleHash: s.entry.bundleHash }] : [],
      );
      const out = exportExpertLabels(services.store(), root, studies, fileName);
      const quoted = out.importArgs.map((a) => (/^[\w./,:=-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`));
      return {
        fileName,
        csv: out.csv,
        rows: out.rows,
        labels: out.labels,
        openCases: out.openCases,
        importCommand: `hilum ${quoted.join(' ')} --name <dataset name>  # with ${fileName} saved in ${path.resolve(root)}`,
      };
    },

    'images.saliency': ({ studyId, finding, method }) => {
      const { entry, review, file } = scored(studyId);
      return saliency.answer({ studyId, file, entry, review, finding, method });
    },
  };
}
