/** images.* handlers: review-folder studies (headers cached) and their decoded pixels, both read in the worker pool. */
import type { HandlerTable } from '../../../src-core/contracts/bridge';
import type { AppCallContext, AppServices } from '../AppServices';
import { StudyHeaderCache } from '../images/StudyHeaderCache';

type Names = 'images.studies' | 'images.pixels';

export function imagesHandlers(services: AppServices): Pick<HandlerTable<AppCallContext>, Names> {
  const headers = new StudyHeaderCache();
  return {
    'images.studies': async () => {
      const studies = services.studies.list();
      const read = await headers.headersOf(
        studies.map((study) => study.file),
        services.host(),
      );
      return {
        studies: studies.map((study, i) => {
          const { modality, rows, columns, error } = read[i]!;
          return { studyId: study.studyId, name: study.name, modality, rows, columns, error };
        }),
      };
    },
    'images.pixels': async ({ studyId, fullResolution }) => {
      const study = services.studies.resolve(studyId);
      // Full resolution on demand only: a 3000-px image is 36 MB of Float32 as base64, too much for every open.
      return services.host().run('images.viewerPixels', { file: study.file, studyId, ...(fullResolution ? { maxDimension: 8192 } : {}) });
    },
  };
}
