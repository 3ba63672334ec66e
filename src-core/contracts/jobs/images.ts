/**
 * Viewer jobs: decode one DICOM for the viewer (`images.viewerPixels`, the answer of the
 * `images.pixels` channel) and read the headers of review studies (`images.studyHeaders`).
 * Both run in the worker pool so the app's main process never parses or decodes a file.
 */
import { s } from '../../validate';
import { viewerImage } from '../channels/images';
import { defineJob } from './defineJob';

export const studyHeader = s.object({
  modality: s.nullable(s.string()),
  rows: s.nullable(s.number()),
  columns: s.nullable(s.number()),
  /** Raw PatientID: main pseudonymises it before any answer leaves for the renderer. */
  patientId: s.optional(s.nullable(s.string())),
  /** DICOM DA (YYYYMMDD) as stored. */
  studyDate: s.optional(s.nullable(s.string())),
  viewPosition: s.optional(s.nullable(s.string())),
  bodyPart: s.optional(s.nullable(s.string())),
  /** Why the header could not be read (typed code and message); the other fields are null then. */
  error: s.nullable(s.object({ code: s.string(), message: s.string() })),
});

export const imagesJobs = {
  'images.viewerPixels': defineJob(
    'Decodes one DICOM (stored values → Modality LUT), box-downsampled to at most maxDimension, as the viewer channel answers it',
    s.object({ file: s.string(), studyId: s.string(), maxDimension: s.optional(s.number({ integer: true, min: 16, max: 8192 })) }),
    viewerImage,
  ),
  'images.studyHeaders': defineJob(
    'Modality and size from the headers of several DICOM files (no pixel decode); one entry per file, in order',
    s.object({ files: s.array(s.string()) }),
    s.object({ headers: s.array(studyHeader) }),
  ),
} as const;
