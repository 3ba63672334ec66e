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
      return { studies: studies.map((study, i) => ({ studyId: study.studyId, name: study.name, ...read[i]! })) };
    },
    'images.pixels': async ({ studyId }) => {
      const study = services.studies.resolve(studyId);
      return services.host().run('images.viewerPixels', { file: study.file, studyId });
    },
  };
}
