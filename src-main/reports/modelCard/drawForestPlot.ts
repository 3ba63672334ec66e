/**
 * A forest plot for the card, drawn with pdfkit vector paths: one row per subgroup (label, point
 * estimate with its 95% CI as a line, case count), a shared axis, and a flag on small groups and
 * on groups whose bootstrap had undefined resamples. Rows with no estimate say why instead of
 * showing a point. Labels are cut to their column so no text runs into the plot.
 */
import { pdfSafe } from './pdfText';

export interface ForestRow {
  label: string;
  cases: number | null;
  value: number | null;
  ci95: [number, number] | null;
  /** Shown instead of a point when there is no value. */
  reason?: string;
  undefinedResamples?: number;
}

/** Groups below this many cases are flagged: their intervals are wide and a gap may be noise. */
export const smallGroupCases = 50;

const rowHeight = 11;
const labelWidth = 130;
const plotWidth = 200;
const gapBeforePlot = 8;

function fit(doc: PDFKit.PDFDocument, text: string, width: number): string {
  let t = pdfSafe(text);
  if (doc.widthOfString(t) <= width) return t;
  while (t.length > 1 && doc.widthOfString(`${t}...`) > width) t = t.slice(0, -1);
  return `${t}...`;
}

function axisRange(rows: ForestRow[]): [number, number] {
  const xs = rows.flatMap((r) => (r.ci95 ? r.ci95 : r.value !== null ? [r.value] : []));
  if (xs.length === 0) return [0, 1];
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const pad = Math.max(0.01, (hi - lo) * 0.1);
  return [Math.max(0, lo - pad), Math.min(1, hi + pad)];
}

/** Draws `title` and the plot together (a page break never separates them). */
export function drawForestPlot(doc: PDFKit.PDFDocument, title: string, rows: ForestRow[]): void {
  const left = doc.page.margins.left;
  const bottom = doc.page.height - doc.page.margins.bottom;
  const height = rows.length * rowHeight + 26 + 14;
  if (doc.y + height > bottom) doc.addPage();
  doc.font('Helvetica').fontSize(9).fillColor('black').text(pdfSafe(title), left, doc.y);
  const top = doc.y + 2;
  const x0 = left + labelWidth + gapBeforePlot;
  const [lo, hi] = axisRange(rows);
  const sx = (v: number) => x0 + ((v - lo) / (hi - lo || 1)) * plotWidth;
  doc.font('Helvetica').fontSize(7).fillColor('black');
  rows.forEach((r, i) => {
    const y = top + i * rowHeight;
    const mid = y + rowHeight / 2;
    doc.fillColor('black').text(fit(doc, r.label, labelWidth), left, y + 2, { lineBreak: false });
    if (r.value === null || r.ci95 === null) {
      doc.fillColor('#666666').text(fit(doc, `undefined${r.reason ? `: ${r.reason}` : ''}`, plotWidth), x0, y + 2, { lineBreak: false });
    } else {
      doc.lineWidth(0.8).strokeColor('#333333').moveTo(sx(r.ci95[0]), mid).lineTo(sx(r.ci95[1]), mid).stroke();
      doc.rect(sx(r.value) - 2, mid - 2, 4, 4).fill('#1f4e9c');
    }
    const flags = [
      r.cases !== null && r.cases < smallGroupCases ? 'SMALL' : '',
      r.undefinedResamples ? `${r.undefinedResamples} undef. resamples` : '',
    ]
      .filter(Boolean)
      .join(', ');
    doc.fillColor('black').text(`n=${r.cases ?? '?'}`, x0 + plotWidth + 8, y + 2, { lineBreak: false });
    if (flags)
      doc
        .fillColor('#b00020')
        .text(fit(doc, flags, doc.page.width - doc.page.margins.right - (x0 + plotWidth + 48)), x0 + plotWidth + 48, y + 2, {
          lineBreak: false,
        });
  });
  const axisY = top + rows.length * rowHeight + 3;
  doc
    .lineWidth(0.5)
    .strokeColor('#888888')
    .moveTo(x0, axisY)
    .lineTo(x0 + plotWidth, axisY)
    .stroke();
  doc.fillColor('#444444').fontSize(6);
  for (let k = 0; k <= 4; k++) {
    const v = lo + ((hi - lo) * k) / 4;
    doc
      .moveTo(sx(v), axisY)
      .lineTo(sx(v), axisY + 2)
      .stroke();
    const label = v.toFixed(3);
    doc.text(label, sx(v) - doc.widthOfString(label) / 2, axisY + 4, { lineBreak: false });
  }
  doc.fillColor('black').font('Helvetica').fontSize(9);
  doc.x = left;
  doc.y = axisY + 16;
}
