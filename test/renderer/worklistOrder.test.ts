// The worklist's order, filters and keys: priority first (then the highest model score), filters by flag,
// status and text, and N skips what cannot or need not be read.
// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { defaultView, nextToRead, stepRow, visibleRows, type WorklistRow } from '../../src-renderer/components/worklist/worklistOrder';

function row(name: string, over: Partial<WorklistRow> = {}): WorklistRow {
  return {
    studyId: name,
    name,
    header: { patient: null, studyDate: null, modality: 'CR', view: 'PA', bodyPart: 'CHEST' },
    kind: 'scored',
    reasons: [],
    findings: [],
    oodScore: 1,
    priority: 4,
    priorityReason: '',
    readState: 'unread',
    openedByMe: false,
    reviewedAt: '2026-01-01T00:00:00Z',
    error: null,
    ...over,
  };
}
const finding = (probability: number) => ({ label: 'Effusion', probability, threshold: 0.5, positive: probability >= 0.5 });

const rows = [
  row('negative', { findings: [finding(0.1)] }),
  row('ct', {
    kind: 'not-chest',
    priority: 3,
    reasons: ['ood', 'not chest'],
    header: { patient: 'P-1', studyDate: null, modality: 'CT', view: null, bodyPart: null },
  }),
  row('positive-low', { priority: 1, findings: [finding(0.6)] }),
  row('abstained', { priority: 1, reasons: ['abstained'], findings: [finding(0.9)], readState: 'read' }),
  row('ood', { priority: 2, reasons: ['ood'], findings: [finding(0.3)], readState: 'draft' }),
];

describe('worklist order', () => {
  it('sorts by priority, then by the highest model score within a priority', () => {
    expect(visibleRows(rows, defaultView).map((r) => r.name)).toEqual(['abstained', 'positive-low', 'ood', 'ct', 'negative']);
  });

  it('filters by flag, status and text, and sorts by another column both ways', () => {
    expect(visibleRows(rows, { ...defaultView, reason: 'ood' }).map((r) => r.name)).toEqual(['ood', 'ct']);
    expect(visibleRows(rows, { ...defaultView, state: 'to read' }).map((r) => r.name)).toEqual(['positive-low', 'ood', 'negative']);
    expect(visibleRows(rows, { ...defaultView, search: 'p-1' }).map((r) => r.name)).toEqual(['ct']);
    expect(visibleRows(rows, { ...defaultView, sort: 'score', descending: true }).map((r) => r.name)).toEqual([
      'abstained',
      'positive-low',
      'ood',
      'negative',
      'ct',
    ]);
  });

  it('N opens the next study still to read (skipping read and unscored ones, wrapping round); J/K step and stop at the ends', () => {
    const shown = visibleRows(rows, defaultView);
    expect(nextToRead(shown, null)?.name).toBe('positive-low');
    expect(nextToRead(shown, 'positive-low')?.name).toBe('ood');
    expect(nextToRead(shown, 'ood')?.name).toBe('negative');
    expect(nextToRead(shown, 'negative')?.name).toBe('positive-low');
    expect(nextToRead([rows[3]!], null)).toBeNull();
    expect(stepRow(shown, null, 1)?.name).toBe('abstained');
    expect(stepRow(shown, 'negative', 1)?.name).toBe('negative');
    expect(stepRow(shown, 'positive-low', -1)?.name).toBe('abstained');
  });
});
