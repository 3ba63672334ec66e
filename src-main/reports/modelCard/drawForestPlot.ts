/**
 * The card's forest plot, drawn with pdfkit vector paths from the shared forest-plot model
 * (src-core/charts/forestPlotModel: the same rows, whiskers, axis and flags the app's echarts plot draws).
 * Rows with no estimate say why instead of showing a point; labels are cut to their column.
 */
import { forestX, smallGroupCases, type ForestPlotModel } from '../../../src-core/charts/forestPlotModel';
import { subgroupForestModel, type SubgroupGapLike, type SubgroupGroupLike } from '../../../src-core/charts/subgroupForestModel';
import { pdfSafe } from './pdfText';

export { smallGroupCases };

const rowHeight = 11;
const labelWidth = 130;
const plotWidth = 200;
const gapBeforePlot = 8;
const flagText: Record<string, string> = { 'small group': 'SMALL', 'undefined resamples': 'undef. resamples', 'gap over limit': 'GAP' };

function fit(doc: PDFKit.PDFDocument, text: string, width: number): string {
  let t = pdfSafe(text);
  if (doc.widthOfString(t) <= width) return t;
  while (t.length > 1 && doc.widthOfString(`${t}...`) > width) t = t.slice(0, -1);
  return `${t}...`;
}

/** One group of a stored subgroup table (`{ attribute, group, cases, value, ci95, reason?, undefinedResamples? }`). */
export function forestRowOfStoredGroup(g: Record<string, unknown>): SubgroupGroupLike {
  const ci = Array.isArray(g.ci95) && typeof g.ci95[0] === 'number' && typeof g.ci95[1] === 'number' ? g.ci95 : null;
  return {
    attribute: String(g.attribute),
    group: String(g.group),
    cases: typeof g.cases === 'number' ? g.cases : null,
    value: typeof g.value === 'number' ? g.value : null,
    lower: ci ? (ci[0] as number) : null,
    upper: ci ? (ci[1] as number) : null,
    reason: typeof g.reason === 'string' ? g.reason : null,
    ...(typeof g.undefinedResamples === 'number' ? { undefinedResamples: g.undefinedResamples } : {}),
  };
}

/** One gap of a stored subgroup table (`{ attribute, best, worst, value, ci95 }`). */
export function forestGapOfStoredGap(g: Record<string, unknown>): SubgroupGapLike {
  return { attribute: String(g.attribute), worst: String(g.worst), value: typeof g.value === 'number' ? g.value : null };
}

/**
 * A stored subgroup section (`{ groups, gaps }` of a metrics report) as the shared forest model, as the app builds it
 * from the fairness channel: the overall estimate is the reference line (macro AUROC only).
 */
export function storedSubgroupForestModel(
  metric: string,
  section: { groups?: Array<Record<string, unknown>>; gaps?: Array<Record<string, unknown>> },
  overall: number | null,
  gapLimit: number | null = null,
): ForestPlotModel {
  return subgroupForestModel({
    title: metric,
    metric,
    groups: (section.groups ?? []).map(forestRowOfStoredGroup),
    gaps: (section.gaps ?? []).map(forestGapOfStoredGap),
    overall,
    gapLimit,
  });
}

/** Draws `title` and the plot together (a page break never separates them). */
export function drawForestPlot(doc: PDFKit.PDFDocument, title: string, model: ForestPlotModel): void {
  const left = doc.page.margins.left;
  const bottom = doc.page.height - doc.page.margins.bottom;
  const height = model.rows.length * rowHeight + 26 + 14;
  if (doc.y + height > bottom) doc.addPage();
  doc.font('Helvetica').fontSize(9).fillColor('black').text(pdfSafe(title), left, doc.y);
  const top = doc.y + 2;
  const x0 = left + labelWidth + gapBeforePlot;
  const sx = forestX(model, x0, plotWidth);
  doc.font('Helvetica').fontSize(7).fillColor('black');
  model.rows.forEach((r, i) => {
    const y = top + i * rowHeight;
    const mid = y + rowHeight / 2;
    doc.fillColor('black').text(fit(doc, r.label, labelWidth), left, y + 2, { lineBreak: false });
    if (r.value === null || r.whisker === null) {
      const why = r.value === null ? `undefined${r.reason && r.reason !== 'undefined' ? `: ${r.reason}` : ''}` : 'no CI';
      doc.fillColor('#666666').text(fit(doc, why, plotWidth), x0, y + 2, { lineBreak: false });
    } else {
      doc.lineWidth(0.8).strokeColor('#333333').moveTo(sx(r.whisker.lower), mid).lineTo(sx(r.whisker.upper), mid).stroke();
      doc.rect(sx(r.value) - 2, mid - 2, 4, 4).fill(r.flags.includes('gap over limit') ? '#b00020' : '#1f4e9c');
    }
    const flags = r.flags.map((f) => (f === 'undefined resamples' ? `${r.undefinedResamples} ${flagText[f]}` : flagText[f])).join(', ');
    doc.fillColor('black').text(`n=${r.cases ?? '?'}`, x0 + plotWidth + 8, y + 2, { lineBreak: false });
    if (flags)
      doc
        .fillColor('#b00020')
        .text(fit(doc, flags, doc.page.width - doc.page.margins.right - (x0 + plotWidth + 48)), x0 + plotWidth + 48, y + 2, {
          lineBreak: false,
        });
  });
  const axisY = top + model.rows.length * rowHeight + 3;
  if (model.reference) {
    const x = sx(model.reference.value);
    doc.lineWidth(0.5).strokeColor('#666666').dash(2, { space: 2 }).moveTo(x, top).lineTo(x, axisY).stroke().undash();
  }
  doc
    .lineWidth(0.5)
    .strokeColor('#888888')
    .moveTo(x0, axisY)
    .lineTo(x0 + plotWidth, axisY)
    .stroke();
  doc.fillColor('#444444').fontSize(6);
  for (const v of model.ticks) {
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
