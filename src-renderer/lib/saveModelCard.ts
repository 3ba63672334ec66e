/** Saves the model card PDF that `models.exportPdf` answered as a download and says so (Models and Review package pages). */
import { base64ToBytes, downloadBytes } from './download';
import { toasts } from './toasts.svelte';

export function saveModelCard(answer: { fileName: string; pdfBase64: string; pages: number }): void {
  downloadBytes(answer.fileName, base64ToBytes(answer.pdfBase64), 'application/pdf');
  toasts.show(`Model card downloaded (${answer.fileName}, ${answer.pages} pages)`);
}
