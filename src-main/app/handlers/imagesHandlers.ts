/** images.* handlers: review-folder studies and their decoded pixels for the viewer. */
import type { HandlerTable } from '../../../src-core/contracts/bridge';
import type { AppCallContext, AppServices } from '../AppServices';
import { loadViewerImage } from '../images/loadViewerImage';
import { readStudyHeader } from '../images/readStudyHeader';

type Names = 'images.studies' | 'images.pixels';

export function imagesHandlers(services: AppServices): Pick<HandlerTable<AppCallContext>, Names> {
  return {
    'images.studies': async () => {
      return { studies: services.studies.list().map((study) => ({ studyId: study.studyId, name: study.name, ...readStudyHeader(study.file) })) };
    },
    'images.pixels': async ({ studyId }) => {
      const study = services.studies.resolve(studyId);
      const image = await loadViewerImage(study.file);
      const { values, ...rest } = image;
      return { studyId, ...rest, pixelsBase64: Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64') };
    },
  };
}
