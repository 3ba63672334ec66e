/**
 * Image channels for the viewer: the renderer asks for a study by opaque id (never by path) and gets
 * modality-LUT-applied pixels; windowing, zoom and inversion happen in cornerstone3D.
 */
import { s } from '../../validate';
import { defineChannel } from './defineChannel';
import { empty, id } from './common';
import { saliencyMethods } from '../jobs/saliency';

export const studyListItem = s.object({
  studyId: id,
  name: s.string(),
  modality: s.nullable(s.string()),
  rows: s.nullable(s.number()),
  columns: s.nullable(s.number()),
  /** Why the header could not be read (the file is listed so the user sees it, but cannot be opened). */
  error: s.nullable(s.object({ code: s.string(), message: s.string() })),
});

export const viewerImage = s.object({
  studyId: id,
  rows: s.number({ integer: true, min: 1 }),
  columns: s.number({ integer: true, min: 1 }),
  /** Float32 little-endian values after the Modality LUT, base64, row-major (rows × columns). */
  pixelsBase64: s.string(),
  minValue: s.number(),
  maxValue: s.number(),
  windowCenter: s.number(),
  windowWidth: s.number({ min: 0 }),
  /** MONOCHROME1: high values are dark; the viewer starts inverted. */
  photometricInterpretation: s.string(),
  rowPixelSpacing: s.number(),
  columnPixelSpacing: s.number(),
  /** 1 when the image was downsampled for display (the decode is full resolution). */
  downsampleFactor: s.number({ min: 1 }),
  steps: s.array(s.string()),
});

export const imagesChannels = {
  'images.studies': defineChannel('DICOM studies in the configured review folders', empty, s.object({ studies: s.array(studyListItem) })),
  'images.pixels': defineChannel(
    'Decoded pixels of one study for the viewer (downsampled to 1024 px for display unless fullResolution)',
    s.object({ studyId: id, fullResolution: s.optional(s.boolean()) }),
    viewerImage,
  ),
  'images.saliency': defineChannel(
    'Saliency for one study of the latest worklist review and one finding: occlusion sensitivity per finding (computed as a job, ' +
      "cached on disk per bundle, study and finding) or attention rollout (one map for all findings); placed where the model's square input lay",
    s.object({
      studyId: id,
      /** A label name; omitted: the model's top finding for the study (highest calibrated probability). */
      finding: s.optional(s.string()),
      /** Default occlusion. */
      method: s.optional(s.enumOf(saliencyMethods)),
    }),
    s.object({
      method: s.enumOf(saliencyMethods),
      finding: s.string(),
      /** The finding's calibrated probability for the study (from the review). */
      probability: s.number(),
      /** Every finding with its probability, highest first (for the finding selector). */
      findings: s.array(s.object({ label: s.string(), probability: s.number() })),
      /** pad: the longer side fills the square, centred; stretch: the whole image is squeezed into it. */
      aspect: s.enumOf(['pad', 'stretch'] as const),
      /** What the map shows, in words (the legend's text). */
      explains: s.string(),
      /** The job computing the map (poll jobs.events, then ask again); null when the map is here. */
      jobId: s.nullable(s.string()),
      map: s.nullable(
        s.object({
          grid: s.number({ integer: true, min: 1 }),
          /** Row-major grid × grid values in [0, 1] for display (raw values over the peak, negatives at 0). */
          values: s.array(s.number()),
          /** The raw value at the top of the scale: a calibrated-logit drop (occlusion) or 1 (attention). */
          peak: s.number(),
        }),
      ),
    }),
  ),
} as const;
