/** A simple ruled table for the card: header row, fixed column widths, wraps cells and breaks pages between rows. */
import { pdfSafe } from './pdfText';

export interface TableColumn {
  header: string;
  width: number;
}

export function drawTable(doc: PDFKit.PDFDocument, columns: TableColumn[], rows: string[][], fontSize = 8): void {
  const left = doc.page.margins.left;
  const bottom = doc.page.height - doc.page.margins.bottom;
  const pad = 2;
  const rowHeight = (cells: string[], font: string) => {
    doc.font(font).fontSize(fontSize);
    return Math.max(...cells.map((c, i) => doc.heightOfString(pdfSafe(c), { width: columns[i]!.width - 2 * pad }))) + 2 * pad;
  };
  const drawRow = (cells: string[], font: string) => {
    const h = rowHeight(cells, font);
    if (doc.y + h > bottom) doc.addPage();
    const top = doc.y;
    let x = left;
    doc.font(font).fontSize(fontSize).fillColor('black');
    cells.forEach((c, i) => {
      doc.text(pdfSafe(c), x + pad, top + pad, { width: columns[i]!.width - 2 * pad });
      x += columns[i]!.width;
    });
    doc
      .lineWidth(0.3)
      .strokeColor('#bbbbbb')
      .moveTo(left, top + h)
      .lineTo(x, top + h)
      .stroke();
    doc.x = left;
    doc.y = top + h;
  };
  drawRow(
    columns.map((c) => c.header),
    'Helvetica-Bold',
  );
  for (const r of rows) drawRow(r, 'Helvetica');
  doc.moveDown(0.5);
}
