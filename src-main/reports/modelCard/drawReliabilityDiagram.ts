/**
 * One reliability diagram drawn with pdfkit vector paths from the stored bins (mean predicted
 * probability vs observed frequency, marker area ~ count): exact, scalable, and no rasteriser or
 * SVG converter in the dependency chain. The diagonal is perfect calibration.
 */
import type PDFDocument from 'pdfkit';

export interface ReliabilityPoint {
  meanConfidence: number;
  observedFrequency: number;
  count: number;
}

export function drawReliabilityDiagram(
  doc: PDFKit.PDFDocument | InstanceType<typeof PDFDocument>,
  x: number,
  y: number,
  size: number,
  title: string,
  bins: ReliabilityPoint[],
): void {
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
  const used = bins.filter((b) => b.count > 0 && Number.isFinite(b.meanConfidence) && Number.isFinite(b.observedFrequency));
  const maxCount = Math.max(1, ...used.map((b) => b.count));
  if (used.length > 1) {
    doc.strokeColor('#1f5fa8').lineWidth(1);
    used.forEach((b, i) =>
      i === 0 ? doc.moveTo(px(b.meanConfidence), py(b.observedFrequency)) : doc.lineTo(px(b.meanConfidence), py(b.observedFrequency)),
    );
    doc.stroke();
  }
  for (const b of used)
    doc
      .fillColor('#1f5fa8')
      .circle(px(b.meanConfidence), py(b.observedFrequency), 1 + 2.5 * Math.sqrt(b.count / maxCount))
      .fill();
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
