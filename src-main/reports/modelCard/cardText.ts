/** Text primitives shared by the model card's sections: headings, sub-headings, paragraphs and hash lines in the card's fonts. */
import { pdfSafe } from './pdfText';

type Doc = PDFKit.PDFDocument;

/** What a section says when nothing is stored for it (never a number that was not measured). */
export const NOT_EVALUATED = 'Not evaluated: no stored results for this section.';

export function heading(doc: Doc, text: string): void {
  if (doc.y > doc.page.height - doc.page.margins.bottom - 80) doc.addPage();
  doc.moveDown(0.6).font('Helvetica-Bold').fontSize(13).fillColor('#1a1a1a').text(pdfSafe(text));
  doc.moveDown(0.2).font('Helvetica').fontSize(9);
}

export function sub(doc: Doc, text: string): void {
  doc.moveDown(0.3).font('Helvetica-Bold').fontSize(10).text(pdfSafe(text)).font('Helvetica').fontSize(9);
}

export function para(doc: Doc, text: string): void {
  doc.font('Helvetica').fontSize(9).fillColor('black').text(pdfSafe(text));
}

export function mono(doc: Doc, label: string, value: string): void {
  doc
    .font('Helvetica')
    .fontSize(9)
    .text(pdfSafe(`${label}: `), { continued: true })
    .font('Courier')
    .fontSize(8)
    .text(value)
    .font('Helvetica')
    .fontSize(9);
}
