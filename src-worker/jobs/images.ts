/** Handlers for the viewer jobs (contracts in src-core/contracts/jobs/images.ts): decode for display, read study headers. */
import { loadViewerImage } from '../dicom/loadViewerImage';
import { readStudyHeader } from '../dicom/readStudyHeader';
import type { JobHandlerTable } from './JobHandler';

export const imagesHandlers: JobHandlerTable = {
  'images.viewerPixels': async ({ file, studyId, maxDimension }) => {
    const { values, ...rest } = await loadViewerImage(file, maxDimension);
    // Encoded here, not in main: the channel answers base64 and main only forwards it.
    return { studyId, ...rest, pixelsBase64: Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64') };
  },
  'images.studyHeaders': async ({ files }, ctx) => {
    const headers = [];
    for (const file of files) {
      ctx.signal.throwIfAborted();
      headers.push(readStudyHeader(file));
    }
    return { headers };
  },
};
