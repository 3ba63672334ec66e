/**
 * One reliability diagram drawn with pdfkit vector paths from the shared reliability model
 * (src-core/charts/reliabilityModel: the same points and marker sizes the app's echarts diagram draws):
 * exact, scalable, and no rasteriser or SVG converter in the dependency chain. The diagonal is perfect calibration.
 */
import type PDFDocument from 'pdfkit';
import { reliabilityModel, type ReliabilityBinLike, type ReliabilityModel } from '../../../src-core/charts/reliabilityModel';

export type ReliabilityPoint = ReliabilityBinLike;

const seriesColours = ['#1f5fa8', '#c2410c'];

export function drawReliabilityDiagram(
  doc: PDFKit.PDFDocument | InstanceType<typeof PDFDocument>,
  x: number,
  y: number,
  size: number,
  title: string,
  bins: ReliabilityPoint[] | ReliabilityModel,
): void {
  const model = Array.isArray(bins) ? reliabilityModel(title, [{ name: 'before scaling', bins, ece: null }]) : bins;
  const px = (p: number) => x + p * size;
  const py = (p: number) => y + size - p * size;
  doc.save();
  doc.lineWidth(0.5).strokeColor('#999999').rect(x, y, size, size).stroke();
  for (const t of [0.25, 0.5, 0.75]) {
    doc
      .strokeColor('#e5e5e5')
      .moveTo(px(t), y)
      .lineTo(px(t), y + size)
      .stroke();
    doc
      .moveTo(x, py(t))
      .lineTo(x + size, py(t))
      .stroke();
  }
  doc.strokeColor('#888888').dash(2, { space: 2 }).moveTo(px(0), py(0)).lineTo(px(1), py(1)).stroke().undash();
  model.series.forEach((s, k) => {
    const colour = seriesColours[k % seriesColours.length]!;
    if (s.points.length > 1) {
      doc.strokeColor(colour).lineWidth(1);
      s.points.forEach((p, i) => (i === 0 ? doc.moveTo(px(p.x), py(p.y)) : doc.lineTo(px(p.x), py(p.y))));
      doc.stroke();
    }
    for (const p of s.points)
      doc
        .fillColor(colour)
        .circle(px(p.x), py(p.y), 1 + 2.5 * p.size)
        .fill();
  });
  doc.fillColor('black').font('Helvetica').fontSize(6);
  doc.text('0', x - 6, y + size + 1, { lineBreak: false });
  doc.text('1', x - 6, y - 2, { lineBreak: false });
  doc.text('1', x + size - 2, y + size + 2, { lineBreak: false });
  doc.text('predicted', x + size / 2 - 12, y + size + 2, { lineBreak: false });
  doc
    .fontSize(7)
    .font('Helvetica-Bold')
    .text(title, x, y - 10, { width: size, lineBreak: false });
  doc.restore();
}
