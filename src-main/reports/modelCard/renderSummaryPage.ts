/**
 * Page 1 of the model card, the page QA signs: identity, intended use, the release policy's
 * approved gate spec with each gate's pass/fail and the evaluation history, signatures (current
 * and superseded), bundle hash, the signed audit head and key fingerprint, and a SYNTHETIC banner
 * when any stored record mentions synthetic data. Long lists are cut to fit one page, saying so;
 * the full lists are in sections 14 and 17.
 */
import type { ModelCardData } from './collectModelCardData';
import { drawTable } from './drawTable';
import { describeDocument, pdfSafe } from './pdfText';

type Doc = PDFKit.PDFDocument;

const maxGates = 8;
const maxHistory = 6;
const maxSignatures = 6;

function line(doc: Doc, label: string, value: string, mono = false): void {
  doc
    .font('Helvetica-Bold')
    .fontSize(8)
    .fillColor('black')
    .text(pdfSafe(`${label}: `), { continued: true });
  doc
    .font(mono ? 'Courier' : 'Helvetica')
    .fontSize(mono ? 7 : 8)
    .text(pdfSafe(value));
}

function title(doc: Doc, text: string): void {
  doc.moveDown(0.4).font('Helvetica-Bold').fontSize(10).fillColor('#1a1a1a').text(pdfSafe(text)).fillColor('black');
  doc.moveDown(0.1);
}

function banner(doc: Doc, data: ModelCardData): void {
  if (data.syntheticIn.length === 0) return;
  const x = doc.page.margins.left;
  const width = doc.page.width - x - doc.page.margins.right;
  const text = pdfSafe(
    `SYNTHETIC DATA - not for clinical use. Records naming synthetic data: ${data.syntheticIn.slice(0, 4).join('; ')}${data.syntheticIn.length > 4 ? ` and ${data.syntheticIn.length - 4} more` : ''}`,
  );
  doc.font('Helvetica-Bold').fontSize(9);
  const height = doc.heightOfString(text, { width: width - 12 }) + 10;
  const top = doc.y;
  doc.rect(x, top, width, height).fill('#b00020');
  doc.fillColor('white').text(text, x + 6, top + 5, { width: width - 12 });
  doc.fillColor('black');
  doc.x = x;
  doc.y = top + height + 6;
}

function releaseCriteria(doc: Doc, data: ModelCardData): void {
  title(doc, 'Release criteria (approved gate spec) and gate history');
  const spec = data.gateSpec;
  if (!data.releasePolicy || !spec) {
    line(
      doc,
      'Release policy',
      'none: no policy was fixed at registration and the installation has no default; this model cannot be locked',
    );
  } else {
    line(doc, 'Release policy', `${data.releasePolicy.name} (${data.releasePolicy.id})`);
    line(
      doc,
      'Gate spec',
      `${spec.name} v${spec.version}, ${spec.approval ? `approved by ${spec.approval.printedName} at ${spec.approval.signedAt}` : 'NOT APPROVED'}`,
    );
  }
  const underSpec = spec ? [...data.gateHistory].reverse().find((g) => g.gateSpecId === spec.id) : undefined;
  if (!underSpec) line(doc, 'Gates', spec ? `not evaluated under ${spec.name} v${spec.version}` : 'not evaluated');
  else {
    line(
      doc,
      'Latest evaluation under the approved spec',
      `${underSpec.passed ? 'PASSED' : 'FAILED'} at ${underSpec.evaluatedAt} by ${underSpec.evaluatedBy}`,
    );
    drawTable(
      doc,
      [
        { header: 'Gate', width: 140 },
        { header: 'Condition', width: 175 },
        { header: 'Result', width: 180 },
      ],
      underSpec.results
        .slice(0, maxGates)
        .map((r) => [
          r.id,
          `${r.metric} ${r.op} ${r.threshold}`,
          `${r.passed ? 'PASS' : 'FAIL'}${r.observed === null ? '' : ` (${r.observed.toFixed(3)})`}`,
        ]),
      7,
    );
    if (underSpec.results.length > maxGates)
      doc
        .font('Helvetica')
        .fontSize(7)
        .text(`... ${underSpec.results.length - maxGates} more gates in section 14.`);
  }
  const history = data.gateHistory.slice(-maxHistory);
  doc
    .font('Helvetica-Bold')
    .fontSize(8)
    .text(
      `Gate history (${data.gateHistory.length} evaluation${data.gateHistory.length === 1 ? '' : 's'}, failures included${data.gateHistory.length > maxHistory ? `; latest ${maxHistory} shown, all in section 14` : ''}):`,
    );
  if (history.length === 0) doc.font('Helvetica').fontSize(8).text('none');
  else
    drawTable(
      doc,
      [
        { header: 'Evaluated at (UTC)', width: 110 },
        { header: 'Gate spec', width: 110 },
        { header: 'Result', width: 50 },
        { header: 'Failed gates', width: 225 },
      ],
      history.map((g) => [
        g.evaluatedAt,
        `${g.gatesName}${spec && g.gateSpecId === spec.id ? ' (approved)' : ''}`,
        g.passed ? 'PASSED' : 'FAILED',
        g.results
          .filter((r) => !r.passed)
          .map((r) => r.id)
          .join(', ') || '-',
      ]),
      7,
    );
}

function signatureSummary(doc: Doc, data: ModelCardData): void {
  title(doc, 'Signatures (current and superseded)');
  if (data.signatures.length === 0) return void doc.font('Helvetica').fontSize(8).text('No signatures.');
  const shown = data.signatures.slice(-maxSignatures);
  drawTable(
    doc,
    [
      { header: 'Printed name', width: 95 },
      { header: 'Role', width: 45 },
      { header: 'Meaning', width: 50 },
      { header: 'Signed at (UTC)', width: 105 },
      { header: 'Status', width: 200 },
    ],
    shown.map((s) => [s.printedName, s.role, s.meaning, s.signedAt, s.current ? 'current' : `SUPERSEDED: ${s.supersededBecause ?? ''}`]),
    7,
  );
  if (data.signatures.length > shown.length)
    doc
      .font('Helvetica')
      .fontSize(7)
      .text(`... ${data.signatures.length - shown.length} earlier signatures in section 17 (with each statement of intent).`);
}

export function renderSummaryPage(doc: Doc, data: ModelCardData): void {
  const m = data.model;
  banner(doc, data);
  doc
    .font('Helvetica-Bold')
    .fontSize(16)
    .text(pdfSafe(`Model card: ${m.name} ${m.version}`));
  doc
    .font('Helvetica')
    .fontSize(8)
    .fillColor('#444444')
    .text(`Summary page. Generated ${data.generatedAt} (UTC) by Hilum. Status: ${m.status.toUpperCase()}.`)
    .fillColor('black');
  title(doc, 'Identity');
  line(doc, 'Model id', m.id);
  line(doc, 'Registered by', `${m.createdBy} at ${m.createdAt}`);
  line(doc, 'Bundle SHA-256', m.bundleHash, true);
  line(doc, 'Signed record hash', data.recordHash, true);
  line(doc, 'Lock', data.lock ? `locked by ${data.lock.lockedBy} at ${data.lock.lockedAt}` : 'not locked');
  title(doc, 'Intended use');
  const use = data.metrics.intendedUse?.['*'];
  const useLines = use === undefined ? ['Not recorded: no intendedUse document was recorded for this model.'] : describeDocument(use);
  doc
    .font('Helvetica')
    .fontSize(8)
    .text(pdfSafe(useLines.slice(0, 3).join(' ').slice(0, 400)));
  releaseCriteria(doc, data);
  signatureSummary(doc, data);
  title(doc, 'Tamper evidence');
  const head = data.signedHead;
  line(doc, 'Signed audit head', head ? `seq ${head.seq}, signed ${head.at}` : 'none');
  if (head) line(doc, 'Head hash', head.hash, true);
  line(doc, 'Signing key fingerprint', data.keyFingerprint ?? head?.keyFingerprint ?? 'not recorded', true);
  doc
    .font('Helvetica')
    .fontSize(7)
    .fillColor('#444444')
    .text(
      'Keep the head above as a witness: `hilum audit verify --trusted-key <fingerprint> --witness <head.json>` proves the trail still extends it.',
    )
    .fillColor('black');
}
