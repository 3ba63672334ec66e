/**
 * The model card PDF (pdfkit): every section comes from stored records; a section with nothing
 * stored says "Not evaluated" / "Not recorded" instead of showing a number. Text stays extractable
 * (standard fonts, no text in images) so reviewers and tests can search it.
 */
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import type { ModelCardData } from './collectModelCardData';
import { drawReliabilityDiagram, type ReliabilityPoint } from './drawReliabilityDiagram';
import { drawTable } from './drawTable';
import { describeDocument, formatEstimate, pdfSafe } from './pdfText';
import { renderSummaryPage } from './renderSummaryPage';
import { heading, mono, NOT_EVALUATED, para, sub } from './cardText';
import { subgroupAppendix, subgroupSection, type SubgroupReport } from './renderSubgroupSections';
import { shippedCalibration, shippedDecisions } from './renderDecisionSections';
import { augmentationSection, dataSection, labelSection, pretrainingSection, recipeSection } from './renderLineageSections';

type Doc = PDFKit.PDFDocument;
type Json = Record<string, unknown>;

function modelWide(data: ModelCardData, kind: string): unknown {
  return data.metrics[kind]?.['*'];
}

/** A free-text section recorded for the model as a model-wide document of `kind` (e.g. intended use); says how to record it when absent. */
function narrative(doc: Doc, title: string, value: unknown, kind: string): void {
  heading(doc, title);
  if (value === undefined)
    return para(
      doc,
      `Not recorded: no "${kind}" document was recorded for this model (\`hilum model record-metrics --kind ${kind} --dataset '*'\`).`,
    );
  for (const line of describeDocument(value)) para(doc, line);
}

/** Stored evaluation documents by dataset: the metrics part (`hilum eval` nests it under `metrics`; a bare `hilum metrics` report is accepted too). */
function evaluations(data: ModelCardData): Array<[string, Json]> {
  return Object.entries(data.metrics.evaluation ?? {}).map(([k, v]) => {
    const doc = v as Json;
    return [k, typeof doc.metrics === 'object' && doc.metrics !== null ? (doc.metrics as Json) : doc];
  });
}

function evaluationEnvelopes(data: ModelCardData): Array<[string, Json]> {
  return Object.entries(data.metrics.evaluation ?? {}).map(([k, v]) => [k, v as Json]);
}

export async function renderModelCard(data: ModelCardData, outFile: string): Promise<{ file: string; pages: number }> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    bufferPages: true,
    info: { Title: `Model card: ${data.model.name} ${data.model.version}`, Author: 'Hilum', Subject: `bundle ${data.model.bundleHash}` },
  });
  const stream = fs.createWriteStream(outFile);
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', () => resolve());
    stream.on('error', reject);
    doc.on('error', reject);
  });
  doc.pipe(stream);

  renderSummaryPage(doc, data);
  doc.addPage();
  identity(doc, data);
  narrative(doc, '2. Intended use', modelWide(data, 'intendedUse'), 'intendedUse');
  const recordedDocs = { data: modelWide(data, 'data'), training: modelWide(data, 'training') };
  dataSection(doc, data.lineage, recordedDocs);
  pretrainingSection(doc, data.lineage, recordedDocs);
  labelSection(doc, data.lineage, recordedDocs);
  augmentationSection(doc, data.lineage, recordedDocs);
  recipeSection(doc, data.lineage, recordedDocs);
  calibration(doc, data);
  selective(doc, data);
  validation(doc, data);
  subgroupSection(doc, subgroupReports(data));
  ood(doc, data);
  thresholds(doc, data);
  gates(doc, data);
  narrative(doc, '15. Limitations', modelWide(data, 'limitations'), 'limitations');
  changeControl(doc, data);
  signatures(doc, data);
  subgroupAppendix(doc, subgroupReports(data));

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc
      .font('Helvetica')
      .fontSize(7)
      .fillColor('#666666')
      .text(
        `${pdfSafe(data.model.name)} ${pdfSafe(data.model.version)} - bundle ${data.model.bundleHash.slice(0, 16)}... - page ${i + 1} of ${range.count}`,
        50,
        doc.page.height - 35,
        { lineBreak: false },
      );
  }
  doc.end();
  await done;
  return { file: outFile, pages: range.count };
}

function identity(doc: Doc, data: ModelCardData): void {
  const m = data.model;
  doc
    .font('Helvetica-Bold')
    .fontSize(18)
    .text(pdfSafe(`Model card: ${m.name} ${m.version}`));
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor('#444444')
    .text(`Generated ${data.generatedAt} (UTC) by Hilum. Status: ${m.status.toUpperCase()}.`)
    .fillColor('black');
  heading(doc, '1. Identity and integrity');
  para(doc, `Model id: ${m.id}`);
  para(doc, `Registered by ${m.createdBy} at ${m.createdAt}`);
  para(doc, `Bundle path: ${m.bundlePath}`);
  mono(doc, 'Bundle hash (SHA-256)', m.bundleHash);
  mono(doc, 'Metrics hash (SHA-256)', data.metricsHash);
  mono(doc, 'Signed record hash (SHA-256)', data.recordHash);
  mono(doc, `Audit head (seq ${data.auditHead.seq})`, data.auditHead.hash);
  mono(doc, 'Audit signing key fingerprint', data.keyFingerprint ?? 'not recorded');
  if (data.lock)
    para(
      doc,
      `Locked by ${data.lock.lockedBy} at ${data.lock.lockedAt}; locked bundle hash ${data.lock.bundleHash === m.bundleHash ? 'matches' : 'DIFFERS FROM'} the registered one.`,
    );
  else para(doc, 'Not locked.');
  para(
    doc,
    data.predecessor
      ? `Predecessor: ${data.predecessor.name} ${data.predecessor.version} (${data.predecessor.id}, ${data.predecessor.status})`
      : 'Predecessor: none (first version).',
  );
  sub(doc, 'Stored records this card is built from');
  if (data.metricsRecorded.length === 0) para(doc, 'None: no metrics or documents are stored for this model.');
  else
    drawTable(
      doc,
      [
        { header: 'Kind', width: 75 },
        { header: 'Dataset', width: 70 },
        { header: 'SHA-256', width: 190 },
        { header: 'Recorded by / at (UTC)', width: 160 },
      ],
      data.metricsRecorded.map((r) => [
        r.kind,
        r.dataset === '*' ? '(model-wide)' : r.dataset,
        r.sha256,
        `${r.recordedBy} ${r.recordedAt}`,
      ]),
      7,
    );
}

function calibration(doc: Doc, data: ModelCardData): void {
  heading(doc, '8. Calibration');
  shippedCalibration(doc, data.decisions, evaluationEnvelopes(data));
  const evals = evaluations(data).filter(([, r]) => typeof r.calibration === 'object');
  if (evals.length > 0) sub(doc, 'Calibration of the evaluated predictions');
  if (evals.length === 0)
    return para(doc, 'Reliability and ECE of the evaluated predictions: not evaluated (no stored evaluation has them).');
  for (const [dataset, report] of evals) {
    const cal = report.calibration as Json;
    sub(doc, `Dataset: ${dataset}`);
    const macro = (cal.macroEce as Json | undefined)?.equalWidth;
    para(doc, `Macro ECE (${String(cal.bins ?? '?')} equal-width bins): ${formatEstimate(macro)}`);
    const ts = (cal.temperatureScaling as Json | undefined)?.perLabel as Record<string, Json> | undefined;
    if (ts) {
      if (typeof (cal.temperatureScaling as Json).note === 'string')
        para(doc, `Temperature scaling: ${(cal.temperatureScaling as Json).note as string}`);
      drawTable(
        doc,
        [
          { header: 'Label', width: 140 },
          { header: 'Temperature', width: 100 },
          { header: 'ECE before', width: 120 },
          { header: 'ECE after', width: 120 },
        ],
        Object.entries(ts).map(([label, t]) => [
          label,
          formatEstimate(t.temperature),
          formatEstimate((t.before as Json | undefined)?.ece),
          formatEstimate((t.after as Json | undefined)?.ece),
        ]),
      );
    } else para(doc, 'ECE before/after calibration: not evaluated.');
    const perLabel = (cal.perLabel ?? {}) as Record<string, Json>;
    const diagrams = Object.entries(perLabel)
      .map(([label, c]) => [label, ((c.equalWidth as Json | undefined)?.bins ?? []) as ReliabilityPoint[]] as const)
      .filter(([, b]) => b.length > 0);
    if (diagrams.length === 0) {
      para(doc, 'Reliability diagrams: not evaluated (no stored bins).');
      continue;
    }
    para(
      doc,
      'Reliability diagrams (observed frequency vs mean predicted probability per equal-width bin; dashed: perfect calibration; marker area ~ cases):',
    );
    const size = 100;
    const perRow = 4;
    for (let i = 0; i < diagrams.length; i += perRow) {
      if (doc.y + size + 30 > doc.page.height - doc.page.margins.bottom) doc.addPage();
      const top = doc.y + 14;
      diagrams
        .slice(i, i + perRow)
        .forEach(([label, bins], j) => drawReliabilityDiagram(doc, 60 + j * (size + 25), top, size, pdfSafe(label), bins));
      doc.x = 50;
      doc.y = top + size + 14;
    }
  }
}

function selective(doc: Doc, data: ModelCardData): void {
  heading(doc, '9. Selective prediction');
  const evals = evaluations(data).filter(([, r]) => typeof r.selectivePrediction === 'object');
  if (evals.length === 0) return para(doc, NOT_EVALUATED);
  for (const [dataset, report] of evals) {
    const s = report.selectivePrediction as Json;
    sub(doc, `Dataset: ${dataset}`);
    if (typeof s.reason === 'string') {
      para(doc, `Undefined: ${s.reason}`);
      continue;
    }
    if (typeof s.confidence === 'string') para(doc, `Confidence: ${s.confidence}`);
    para(doc, `AURC: ${formatEstimate(s.aurc, 4)}; risk at full coverage: ${formatEstimate(s.fullCoverageRisk, 4)}`);
    const points = (s.operatingPoints ?? []) as Json[];
    drawTable(
      doc,
      [
        { header: 'Target', width: 120 },
        { header: 'Coverage', width: 90 },
        { header: 'Risk', width: 90 },
        { header: 'Accepted', width: 80 },
        { header: 'Note', width: 115 },
      ],
      points.map((p) => [
        describeDocument(p.target).join(' '),
        formatEstimate(p.coverage),
        formatEstimate(p.risk, 4),
        p.accepted === undefined ? '-' : String(p.accepted),
        typeof p.reason === 'string' ? p.reason : '',
      ]),
    );
  }
}

function validation(doc: Doc, data: ModelCardData): void {
  heading(doc, '10. Validation (internal and external) with 95% CIs');
  const evals = evaluations(data);
  if (evals.length === 0) return para(doc, NOT_EVALUATED);
  if (!evals.some(([d]) => /external/i.test(d))) para(doc, 'External validation: not evaluated (no dataset named "external*" stored).');
  const envelopes = new Map(evaluationEnvelopes(data));
  for (const [dataset, report] of evals) {
    sub(doc, `Dataset: ${dataset} (${String(report.cases ?? '?')} cases)`);
    const env = envelopes.get(dataset)!;
    if (env !== report) {
      const ds = (env.dataset ?? {}) as Json;
      const model = (env.model ?? {}) as Json;
      para(
        doc,
        `Source: ${String(ds.name ?? '?')} split ${String(ds.split ?? '?')}, ${String(ds.images ?? '?')} images of ${String(ds.patients ?? '?')} patients; evaluated model ${String(model.kind ?? '?')} ${String(model.hash ?? '?')}${model.hash === data.model.bundleHash ? ' (this bundle)' : ' (NOT this bundle hash)'}; predictions: ${String(env.predictions ?? '?')}.`,
      );
    }
    const bs = report.bootstrap as Json | undefined;
    if (bs)
      para(
        doc,
        `Bootstrap: ${String(bs.resamples)} resamples, ${String(bs.method)} intervals, resampling ${String(bs.resampling)}, seed ${String(bs.seed)}.`,
      );
    const macro = (report.macro ?? {}) as Json;
    para(doc, `Macro AUROC: ${formatEstimate(macro.auroc)}   Macro AUPRC: ${formatEstimate(macro.auprc)}`);
    const perLabel = (report.perLabel ?? {}) as Record<string, Json>;
    drawTable(
      doc,
      [
        { header: 'Label', width: 120 },
        { header: 'Cases', width: 50 },
        { header: 'Positives', width: 55 },
        { header: 'AUROC [95% CI]', width: 135 },
        { header: 'AUPRC [95% CI]', width: 135 },
      ],
      Object.entries(perLabel).map(([label, r]) => [
        label,
        String(r.cases ?? '-'),
        String(r.positives ?? '-'),
        formatEstimate(r.auroc),
        formatEstimate(r.auprc),
      ]),
    );
  }
  sub(doc, 'Paired tests');
  const paired = data.metrics.pairedTests;
  if (!paired) para(doc, 'Paired tests (e.g. DeLong against the predecessor or a baseline): not evaluated.');
  else for (const [dataset, doc2] of Object.entries(paired)) for (const line of describeDocument(doc2, dataset)) para(doc, line);
}

function subgroupReports(data: ModelCardData): SubgroupReport[] {
  return evaluations(data)
    .filter(([, r]) => typeof r.subgroups === 'object' && r.subgroups !== null)
    .map(([d, r]) => {
      const overall = ((r.macro as Json | undefined)?.auroc as Json | undefined)?.value;
      return [d, r.subgroups as Json, typeof overall === 'number' ? overall : null];
    });
}

function ood(doc: Doc, data: ModelCardData): void {
  heading(doc, '12. Out-of-distribution detection');
  let shown = false;
  for (const [dataset, env] of evaluationEnvelopes(data)) {
    const sets = ((env.ood as Json | undefined)?.sets ?? []) as Json[];
    if (sets.length === 0) continue;
    shown = true;
    sub(doc, `In-distribution set: ${dataset}`);
    const rows: string[][] = [];
    for (const set of sets) {
      for (const [detector, r] of Object.entries((set.detectors ?? {}) as Record<string, Json>)) {
        rows.push([
          String(set.name),
          `${String(set.source ?? '-')} (${String(set.cases ?? '?')} cases)`,
          detector,
          typeof r.reason === 'string' && r.auroc === undefined ? `not computed: ${r.reason}` : formatEstimate(r.auroc),
          formatEstimate(r.fprAt95Tpr),
        ]);
      }
    }
    drawTable(
      doc,
      [
        { header: 'OOD set', width: 50 },
        { header: 'Source', width: 145 },
        { header: 'Detector', width: 70 },
        { header: 'AUROC [95% CI]', width: 115 },
        { header: 'FPR at 95% TPR [95% CI]', width: 115 },
      ],
      rows,
    );
  }
  for (const [dataset, value] of Object.entries(data.metrics.ood ?? {})) {
    shown = true;
    sub(doc, `Stored OOD document: ${dataset}`);
    for (const line of describeDocument(value)) para(doc, line);
  }
  if (!shown) para(doc, NOT_EVALUATED);
}

function thresholds(doc: Doc, data: ModelCardData): void {
  heading(doc, '13. Decision thresholds, abstention and OOD policy');
  shippedDecisions(doc, data.decisions);
  const t = data.metrics.thresholds;
  if (!t) return;
  sub(doc, 'Recorded thresholds document');
  for (const [dataset, value] of Object.entries(t))
    for (const line of describeDocument(value, dataset === '*' ? '' : dataset)) para(doc, line);
}

function gates(doc: Doc, data: ModelCardData): void {
  heading(doc, '14. Validation gates (full history, failures included)');
  if (data.gateHistory.length === 0) return para(doc, 'Not evaluated: no gate evaluation stored.');
  for (const g of data.gateHistory) {
    const approved = data.gateSpec && g.gateSpecId === data.gateSpec.id ? " (the release policy's approved spec)" : '';
    sub(doc, `${g.evaluatedAt}: "${g.gatesName}"${approved} by ${g.evaluatedBy}: ${g.passed ? 'PASSED' : 'FAILED'}`);
    mono(doc, 'Gate spec hash', g.gatesHash);
    drawTable(
      doc,
      [
        { header: 'Gate', width: 130 },
        { header: 'Condition', width: 170 },
        { header: 'Result', width: 195 },
      ],
      g.results.map((r) => [
        r.id,
        `${r.metric} ${r.op} ${r.threshold}${r.kind !== 'evaluation' ? ` (${r.kind})` : ''}`,
        `${r.passed ? 'PASS' : 'FAIL'}: ${r.reason}`,
      ]),
    );
  }
}

function changeControl(doc: Doc, data: ModelCardData): void {
  heading(doc, '16. Change control');
  const cr = data.changeRequest;
  if (!cr) return para(doc, data.predecessor ? 'No change request recorded.' : 'Not applicable: first version.');
  para(doc, `Change request ${cr.id} by ${cr.createdBy} at ${cr.createdAt}`);
  para(doc, `Reason: ${cr.reason}`);
  para(doc, `Risk assessment: ${cr.riskAssessment}`);
  para(doc, `What changed: ${cr.whatChanged}`);
  const diff = JSON.parse(cr.diffJson) as Array<{ section: string; path: string; before: unknown; after: unknown }>;
  const shown = diff.slice(0, 40);
  drawTable(
    doc,
    [
      { header: 'Section', width: 70 },
      { header: 'Path', width: 195 },
      { header: 'Before', width: 115 },
      { header: 'After', width: 115 },
    ],
    shown.map((d) => [d.section, d.path, JSON.stringify(d.before)?.slice(0, 60) ?? '', JSON.stringify(d.after)?.slice(0, 60) ?? '']),
  );
  if (diff.length > shown.length) para(doc, `... and ${diff.length - shown.length} more changes (full diff in the change request record).`);
}

function signatures(doc: Doc, data: ModelCardData): void {
  heading(doc, '17. Electronic signatures');
  if (data.signatures.length === 0) return para(doc, 'No signatures.');
  para(
    doc,
    'Each signature was made with the signer re-entering their password after seeing its statement of intent; it binds the model record hash (identity, bundle hash, metrics hash), the latest gate evaluation and the bundle hash. A later evaluation or change supersedes it: it stays here, marked, and no longer counts.',
  );
  drawTable(
    doc,
    [
      { header: 'Printed name', width: 100 },
      { header: 'Role', width: 50 },
      { header: 'Meaning', width: 55 },
      { header: 'Signed at (UTC)', width: 110 },
      { header: 'Status', width: 180 },
    ],
    data.signatures.map((s) => [
      s.printedName,
      s.role,
      s.meaning,
      s.signedAt,
      s.current ? 'current' : `superseded: ${s.supersededBecause ?? ''}`,
    ]),
    7,
  );
  for (const s of data.signatures) {
    sub(doc, `${s.printedName} (${s.role}), ${s.meaning}, ${s.signedAt}`);
    para(doc, `Statement: ${s.statement ?? 'not recorded (signed before statements were stored)'}`);
    mono(doc, 'Record hash', s.recordHash);
    if (s.comment) para(doc, `Comment: ${s.comment}`);
  }
}
