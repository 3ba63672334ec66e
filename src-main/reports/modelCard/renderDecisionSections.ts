/**
 * Card text for what the bundle serves: the calibration fitted on validation and its effect on each
 * evaluated set (before/after, not refitted on the test set), and the thresholds, abstention bands
 * and OOD thresholds shipped in the bundle.
 */
import { mono, para, sub } from './cardText';
import { drawTable } from './drawTable';
import { describeDocument, formatEstimate } from './pdfText';
import type { BundleDecisions } from './readBundleDecisions';

type Doc = PDFKit.PDFDocument;
type Json = Record<string, unknown>;

function unreadable(doc: Doc, decisions: BundleDecisions): boolean {
  if (decisions.problem === null) return false;
  para(doc, `The bundle's decision files cannot be shown: ${decisions.problem}`);
  return true;
}

/** Section 8, first part: the calibration the bundle ships and how it changed each evaluated set. */
export function shippedCalibration(doc: Doc, decisions: BundleDecisions, envelopes: Array<[string, Json]>): void {
  sub(doc, 'Calibration shipped in the bundle (fitted on the validation split)');
  if (unreadable(doc, decisions)) return;
  const c = decisions.calibration;
  if (!c) para(doc, 'Not recorded: the bundle has no calibration.json.');
  else {
    para(doc, `Method: ${String(c.method ?? 'not stated')}.`);
    const rest = Object.fromEntries(Object.entries(c).filter(([k]) => k !== 'method' && k !== 'temperatures'));
    for (const line of describeDocument(rest)) para(doc, line);
  }
  for (const [dataset, env] of envelopes) {
    const cal = env.calibration as Json | undefined;
    if (!cal) continue;
    if (typeof cal.reason === 'string') {
      para(doc, `${dataset}: before/after not evaluated: ${cal.reason}`);
      continue;
    }
    const perLabel = (cal.testSet ?? {}) as Record<string, Json>;
    para(doc, `${dataset}: the validation-fitted temperatures applied to this set (not refitted on it), before -> after:`);
    const metric = (r: Json, when: string, m: string) => formatEstimate((r[when] as Json | undefined)?.[m], 3);
    drawTable(
      doc,
      [
        { header: 'Label', width: 105 },
        { header: 'Temperature', width: 70 },
        { header: 'ECE before -> after', width: 110 },
        { header: 'Brier before -> after', width: 110 },
        { header: 'NLL before -> after', width: 100 },
      ],
      Object.entries(perLabel).map(([label, r]) => [
        label,
        formatEstimate(r.temperature),
        `${metric(r, 'before', 'ece')} -> ${metric(r, 'after', 'ece')}`,
        `${metric(r, 'before', 'brier')} -> ${metric(r, 'after', 'brier')}`,
        `${metric(r, 'before', 'nll')} -> ${metric(r, 'after', 'nll')}`,
      ]),
      7,
    );
  }
}

/** Section 13: the thresholds, abstention bands and OOD thresholds serving will apply. */
export function shippedDecisions(doc: Doc, decisions: BundleDecisions): void {
  sub(doc, 'Shipped in the bundle (what serving applies)');
  if (unreadable(doc, decisions)) return;
  const t = decisions.thresholds;
  const thresholds = (t?.thresholds ?? {}) as Record<string, unknown>;
  const bands = ((decisions.abstention?.bands ?? {}) as Record<string, Json>) ?? {};
  if (!t) para(doc, 'Not recorded: the bundle has no thresholds.json.');
  else {
    if (typeof t.selectedBy === 'string') para(doc, `Thresholds selected by ${t.selectedBy}.`);
    drawTable(
      doc,
      [
        { header: 'Label', width: 150 },
        { header: 'Threshold', width: 100 },
        { header: 'Abstention band (lower, upper)', width: 245 },
      ],
      Object.entries(thresholds).map(([label, v]) => [
        label,
        formatEstimate(v, 4),
        bands[label] ? `${formatEstimate(bands[label].lower, 4)}, ${formatEstimate(bands[label].upper, 4)}` : 'no band',
      ]),
      7,
    );
  }
  const a = decisions.abstention;
  para(
    doc,
    a
      ? `Abstention policy: ${describeDocument(Object.fromEntries(Object.entries(a).filter(([k]) => k !== 'bands'))).join('; ') || 'bands only'}.`
      : 'Abstention policy: not recorded (no abstention.json in the bundle).',
  );
  const o = decisions.ood;
  if (!o) para(doc, 'OOD detection: not recorded (no ood.json in the bundle).');
  else {
    para(doc, `OOD detection: primary detector ${String(o.primary ?? 'not stated')}; thresholds:`);
    for (const [detector, threshold] of Object.entries(o.thresholds)) mono(doc, `  ${detector}`, formatEstimate(threshold, 4));
  }
}
