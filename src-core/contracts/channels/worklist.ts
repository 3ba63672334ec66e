/**
 * Worklist channels: the locked model is run over the review folders as a job (`worklist.review`); every
 * reviewed study is a worklist row (header, findings, reasons, priority, read state); a radiologist's
 * reading is stored as expert labels, a disagreement opens an adjudication case, and final readings
 * export as a dataset label file.
 */
import { s } from '../../validate';
import { defineChannel } from './defineChannel';
import { empty, id } from './common';

export const labelDecision = s.object({
  label: s.string(),
  probability: s.number({ min: 0, max: 1 }),
  threshold: s.number(),
  decision: s.string(),
  abstainReasons: s.array(s.string()),
});

const finding = s.object({ label: s.string(), probability: s.number({ min: 0, max: 1 }), threshold: s.number(), positive: s.boolean() });

/** What the DICOM header says about the study (the patient as an installation pseudonym, never the raw ID). */
export const studyHeaderInfo = s.object({
  patient: s.nullable(s.string()),
  /** YYYY-MM-DD from the header's StudyDate, or null. */
  studyDate: s.nullable(s.string()),
  modality: s.nullable(s.string()),
  view: s.nullable(s.string()),
  bodyPart: s.nullable(s.string()),
});

export const worklistReason = s.enumOf(['abstained', 'ood', 'not chest', 'unreadable', 'disagreement'] as const);
export const readState = s.enumOf(['unread', 'draft', 'read', 'disagreement', 'adjudicated'] as const);

export const worklistItem = s.object({
  studyId: id,
  name: s.string(),
  header: studyHeaderInfo,
  /** scored: the model predicted it; not-chest: not a chest radiograph, so not scored (OOD); unreadable: the file failed. */
  kind: s.enumOf(['scored', 'not-chest', 'unreadable'] as const),
  reasons: s.array(worklistReason),
  /** Every label's probability, highest first (empty when not scored). */
  findings: s.array(finding),
  oodScore: s.nullable(s.number()),
  /** 1 (read first) to 4; `priorityReason` says why. */
  priority: s.number({ integer: true, min: 1, max: 4 }),
  priorityReason: s.string(),
  readState,
  /** Whether the signed-in reader has opened the study (stored, so it survives a restart). */
  openedByMe: s.boolean(),
  reviewedAt: s.string(),
  /** Why a file could not be read or scored. */
  error: s.nullable(s.object({ code: s.string(), message: s.string() })),
});

export const expertLabelValue = s.enumOf(['positive', 'negative', 'uncertain'] as const);

/** A stored reading: bound to the image bytes and to the bundle the case was predicted with. */
export const expertLabelSet = s.object({
  expertLabelSetId: id,
  studyId: id,
  inputSha256: s.string(),
  bundleHash: s.string(),
  reader: s.object({ username: s.string(), printedName: s.string(), role: s.string() }),
  adjudicatedAt: s.string(),
  labels: s.record(expertLabelValue),
  comment: s.string(),
});

/** A disagreement routed to adjudication: a reading against the model's decision, or two readings against each other. */
export const adjudicationCase = s.object({
  caseId: id,
  studyId: id,
  reason: s.enumOf(['model', 'reader'] as const),
  status: s.enumOf(['open', 'resolved'] as const),
  /** Per label, the two contradicting values and where each came from ("model" or a reader's user name). */
  disagreements: s.array(
    s.object({ label: s.string(), first: s.string(), firstFrom: s.string(), second: s.string(), secondFrom: s.string() }),
  ),
  readingIds: s.array(s.string()),
  openedAt: s.string(),
  resolvedAt: s.nullable(s.string()),
  resolvedBy: s.nullable(s.string()),
  finalLabelSetId: s.nullable(s.string()),
});

const readingDraft = s.object({ labels: s.record(expertLabelValue), comment: s.string(), updatedAt: s.string() });

export const worklistChannels = {
  'worklist.review': defineChannel(
    'Runs a locked model over the review folders (one audit row per inference) and builds the worklist',
    s.object({ modelId: id }),
    // The review is a job: its progress and cancel go through jobs.events / jobs.cancel; its result is the worklist.
    s.object({ jobId: id, modelId: id, bundleHash: s.string(), studies: s.number({ integer: true, min: 0 }) }),
  ),
  'worklist.list': defineChannel(
    'Every study of the latest review with header, model findings, reasons, priority and read state (stored state)',
    empty,
    s.object({
      review: s.nullable(
        s.object({
          modelId: s.string(),
          bundleHash: s.string(),
          at: s.string(),
          /** The review job still running (progress/cancel by id), or null. */
          runningJobId: s.nullable(s.string()),
        }),
      ),
      items: s.array(worklistItem),
    }),
  ),
  'worklist.study': defineChannel(
    'One reviewed study: header, per-label outputs and OOD verdict, every stored reading, the open case, and your draft (opening it is recorded)',
    s.object({ studyId: id }),
    s.object({
      studyId: id,
      name: s.string(),
      header: studyHeaderInfo,
      kind: s.enumOf(['scored', 'not-chest', 'unreadable'] as const),
      /** Why the model did not score it (not a chest radiograph, or the file failed), or null. */
      notScored: s.nullable(s.string()),
      abstained: s.boolean(),
      ood: s.nullable(s.object({ score: s.number(), flagged: s.boolean(), reasons: s.array(s.string()) })),
      labels: s.array(labelDecision),
      readings: s.array(expertLabelSet),
      case: s.nullable(adjudicationCase),
      draft: s.nullable(readingDraft),
    }),
  ),
  'worklist.saveDraft': defineChannel(
    "Stores the signed-in reader's half-done reading of a study (no password: it is not a signed reading)",
    s.object({ studyId: id, labels: s.record(expertLabelValue), comment: s.string({ maxLength: 4000 }) }),
    readingDraft,
  ),
  'worklist.adjudicate': defineChannel(
    'Stores a radiologist reading of a reviewed study as expert labels (the reader re-enters the password; role radiologist or admin)',
    s.object({
      studyId: id,
      user: s.string({ minLength: 1, maxLength: 200 }),
      password: s.string({ minLength: 1, maxLength: 1024 }),
      labels: s.record(expertLabelValue),
      comment: s.string({ maxLength: 4000 }),
    }),
    // The reading, and the adjudication case it opened (a disagreement) or resolved, if any.
    s.object({ reading: expertLabelSet, case: s.nullable(adjudicationCase) }),
  ),
  'worklist.cases': defineChannel(
    'Adjudication cases (disagreements between a reading and the model, or between readers), open first',
    empty,
    s.object({ cases: s.array(adjudicationCase) }),
  ),
  'worklist.exportReadings': defineChannel(
    'Final readings as expert labels: a CSV in the dataset label format (hilum dataset import --format csv), studies with an open case left out',
    empty,
    s.object({
      fileName: s.string(),
      csv: s.string(),
      rows: s.number({ integer: true, min: 0 }),
      labels: s.array(s.string()),
      openCases: s.number({ integer: true, min: 0 }),
      /** The command that imports the file back, with the review folder as the dataset root. */
      importCommand: s.string(),
    }),
  ),
} as const;
