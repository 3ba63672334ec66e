/**
 * The worklist rows of a stored review: header, the model's findings, the reasons a study is on the
 * list, priority, and the read state from the stored readings, cases and drafts (so a restart changes
 * nothing the reader sees).
 */
import type { ResponseOf } from '../../../src-core/contracts/bridge';
import { listCases } from '../../adjudication/adjudicationCases';
import { finalReadingOf } from '../../adjudication/finalReadingOf';
import { listAdjudications } from '../../adjudication/listAdjudications';
import { studyStatesOf } from '../../adjudication/worklistStudyStates';
import type { Store } from '../../store/openStore';
import { prioritise } from './prioritise';
import type { ReviewedStudy, StoredReview } from './StoredReview';

type Item = ResponseOf<'worklist.list'>['items'][number];

export function findingsOf(study: ReviewedStudy): Item['findings'] {
  if (!study.entry) return [];
  return Object.entries(study.entry.labels)
    .map(([label, v]) => ({ label, probability: v.probability, threshold: v.threshold, positive: v.decision === 'positive' }))
    .sort((a, b) => b.probability - a.probability);
}

export function worklistRows(store: Store, review: StoredReview, username: string): Item[] {
  const readings = listAdjudications(store).filter((r) => r.bundleHash === review.bundleHash);
  const cases = listCases(store);
  const states = studyStatesOf(store, review.bundleHash);
  return review.studies.map((study) => {
    const sha = study.entry?.inputSha256;
    const mine = readings.filter((r) => r.inputSha256 === sha);
    const ids = new Set(mine.map((r) => r.id));
    const latestCase = sha ? (cases.find((c) => c.readingIds.some((id) => ids.has(id))) ?? null) : null;
    const studyStates = states.filter((s) => s.studyId === study.studyId);
    const { state } = finalReadingOf(
      mine,
      latestCase,
      studyStates.some((s) => s.draftLabelsJson !== null),
    );
    const findings = findingsOf(study);
    const abstained = study.entry?.abstained ?? false;
    const oodFlagged = study.entry?.ood.flagged ?? false;
    const reasons: Item['reasons'] = [];
    if (abstained) reasons.push('abstained');
    if (oodFlagged || study.kind === 'not-chest') reasons.push('ood');
    if (study.kind === 'not-chest') reasons.push('not chest');
    if (study.kind === 'unreadable') reasons.push('unreadable');
    if (state === 'disagreement') reasons.push('disagreement');
    const { priority, reason } = prioritise({
      kind: study.kind,
      abstained,
      oodFlagged,
      positives: findings.filter((f) => f.positive).map((f) => f.label),
    });
    return {
      studyId: study.studyId,
      name: study.name,
      header: study.header,
      kind: study.kind,
      reasons,
      findings,
      oodScore: study.entry?.ood.score ?? null,
      // An open disagreement goes to the top whatever the model said: a reader is waiting on it.
      priority: state === 'disagreement' ? 1 : priority,
      priorityReason: state === 'disagreement' ? 'Readings disagree: waiting for adjudication' : reason,
      readState: state,
      openedByMe: studyStates.some((s) => s.username === username),
      reviewedAt: study.entry?.utc ?? review.at,
      error: study.error,
    };
  });
}
