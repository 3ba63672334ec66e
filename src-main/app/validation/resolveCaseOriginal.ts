/**
 * Where an evaluated case's original file is: the dataset's root and the image's recorded source path. The error
 * gallery opens it in the viewer when it is still there and is DICOM, PNG or JPEG, and otherwise says why not. The
 * format is told by the extension here; the worker decodes by content (a mislabelled file fails there, in words).
 */
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { bug, HilumError } from '../../../src-core/errors';
import type { ResponseOf } from '../../../src-core/contracts/bridge';
import type { Store } from '../../store/openStore';
import { datasetImages, datasets } from '../../store/schema';
import { assertScoredImages } from './assertScoredImages';

type CaseOriginal = ResponseOf<'validation.caseOriginal'> & { absolute: string };

const formats: Record<string, 'dicom' | 'png' | 'jpeg'> = {
  '.dcm': 'dicom',
  '.dicom': 'dicom',
  '': 'dicom',
  '.png': 'png',
  '.jpg': 'jpeg',
  '.jpeg': 'jpeg',
};

/** The viewer names a case by an opaque id, as it names a review study; parseCaseStudyId reads it back. */
export const caseStudyId = (evaluationId: string, imageId: number) => `case-${imageId}-${evaluationId}`;

export function parseCaseStudyId(studyId: string): { evaluationId: string; imageId: number } {
  const match = /^case-(\d+)-(.+)$/.exec(studyId);
  if (!match) throw new HilumError('INVALID_ARGUMENT', `${studyId} is not an evaluated case's id`, { studyId });
  return { imageId: Number(match[1]), evaluationId: match[2]! };
}

export function resolveCaseOriginal(store: Store, recorded: { id: string; modelId: string; json: string }, imageId: number): CaseOriginal {
  assertScoredImages(store, recorded, [imageId]);
  const row = store.db
    .select({ root: datasets.rootPath, file: datasetImages.sourcePath })
    .from(datasetImages)
    .innerJoin(datasets, eq(datasets.id, datasetImages.datasetId))
    .where(eq(datasetImages.id, imageId))
    .get();
  if (!row) throw bug(`evaluation ${recorded.id} scored image ${imageId}, which has no dataset_images row`);
  const root = path.resolve(row.root);
  const absolute = path.resolve(root, row.file);
  const base = { file: row.file, absolute, studyId: null, format: null };
  if (path.relative(root, absolute).startsWith('..'))
    return { ...base, reason: `the recorded path ${row.file} leads outside the dataset root ${root}` };
  const format = formats[path.extname(absolute).toLowerCase()];
  if (!format) return { ...base, reason: `${row.file} is neither DICOM, PNG nor JPEG, which the viewer reads` };
  if (!fs.statSync(absolute, { throwIfNoEntry: false })?.isFile())
    return { ...base, reason: `the original file ${absolute} is gone (moved or deleted since the dataset was imported)` };
  return { ...base, studyId: caseStudyId(recorded.id, imageId), format, reason: null };
}
